package dev.convolens.rollup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code job_runs} table. */
final class RunLog {
    static final int MAX_ERROR_LENGTH = 4000;

    private final JdbcTemplate jdbc;

    RunLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(JobRun run) {
        String error = run.error() == null || run.error().length() <= MAX_ERROR_LENGTH ? run.error()
                : run.error().substring(0, MAX_ERROR_LENGTH - 1) + "…";
        jdbc.update("INSERT INTO job_runs (id, run_id, job, tenant_id, run_trigger, period_from, period_to, periods, "
                + "failed_periods, rows_written, started_at, duration_ms, outcome, attempts, error) "
                + "VALUES (nextval('job_runs_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.runId(), run.job(), run.tenantId(), run.trigger(), utc(run.from()), utc(run.to()), run.periods(),
                run.failedPeriods(), run.rowsWritten(), utc(run.startedAt()), run.durationMs(), run.outcome(),
                run.attempts(), error);
    }

    /** Newest first; {@code job} and {@code tenantId} filter when not null. */
    List<JobRun> recent(String job, String tenantId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT run_id, job, tenant_id, run_trigger, period_from, period_to, "
                + "periods, failed_periods, rows_written, started_at, duration_ms, outcome, attempts, error "
                + "FROM job_runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (job != null) {
            sql.append(" AND job = ?");
            args.add(job);
        }
        if (tenantId != null) {
            sql.append(" AND tenant_id = ?");
            args.add(tenantId);
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), RunLog::run, args.toArray());
    }

    /** Deletes rows of runs started before the cutoff; answers how many. */
    long deleteBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM job_runs WHERE started_at < ?", utc(cutoff));
    }

    private static JobRun run(ResultSet rs, int row) throws SQLException {
        return new JobRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5),
                instant(rs, 6), rs.getInt(7), rs.getInt(8), rs.getLong(9), instant(rs, 10), rs.getLong(11),
                rs.getString(12), rs.getInt(13), rs.getString(14));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
