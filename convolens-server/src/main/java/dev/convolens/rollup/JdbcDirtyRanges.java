package dev.convolens.rollup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Dirty ranges in the {@code dirty_ranges} table, numbered by a sequence both stores have. */
@Component
class JdbcDirtyRanges implements DirtyRanges {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    JdbcDirtyRanges(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void mark(String tenantId, Instant from, Instant to) {
        jdbc.update("INSERT INTO dirty_ranges (seq, tenant_id, from_ts, to_ts, created_at) "
                + "VALUES (nextval('dirty_ranges_seq'), ?, ?, ?, ?)", tenantId, utc(from), utc(to), utc(clock.instant()));
    }

    @Override
    public List<Range> since(long afterSeq, Instant settledBefore) {
        return jdbc.query("SELECT seq, tenant_id, from_ts, to_ts FROM dirty_ranges WHERE seq > ? AND created_at < ? "
                + "ORDER BY seq", JdbcDirtyRanges::range, afterSeq, utc(settledBefore));
    }

    @Override
    public void forgetThrough(long seq) {
        jdbc.update("DELETE FROM dirty_ranges WHERE seq <= ?", seq);
    }

    private static Range range(ResultSet rs, int row) throws SQLException {
        return new Range(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getObject(4, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
