package dev.convolens.schedule;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.Section;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code report_schedules} table. */
@Repository
class ScheduleStore {
    private static final String COLUMNS = "id, tenant_id, name, frequency, format, sections, recipients, enabled, timezone, "
            + "hour, active_since, created_at, updated_at";

    private final JdbcTemplate jdbc;

    ScheduleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Schedule s) {
        jdbc.update("INSERT INTO report_schedules (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(), s.tenantId(), s.name(), s.frequency().wireName(), s.format().wireName(), Section.join(s.sections()),
                String.join(",", s.recipients()), s.enabled(), s.timezone().getId(), s.hour(), utc(s.activeSince()),
                utc(s.createdAt()), utc(s.updatedAt()));
    }

    boolean update(Schedule s) {
        return jdbc.update("UPDATE report_schedules SET name = ?, frequency = ?, format = ?, sections = ?, recipients = ?, "
                + "enabled = ?, timezone = ?, hour = ?, active_since = ?, updated_at = ? WHERE id = ? AND tenant_id = ?",
                s.name(), s.frequency().wireName(), s.format().wireName(), Section.join(s.sections()),
                String.join(",", s.recipients()), s.enabled(), s.timezone().getId(), s.hour(), utc(s.activeSince()),
                utc(s.updatedAt()), s.id(), s.tenantId()) == 1;
    }

    boolean delete(String id) {
        return jdbc.update("DELETE FROM report_schedules WHERE id = ?", id) == 1;
    }

    Optional<Schedule> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM report_schedules WHERE id = ?", (rs, i) -> map(rs), id).stream().findFirst();
    }

    List<Schedule> forTenant(String tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM report_schedules WHERE tenant_id = ? ORDER BY created_at, id",
                (rs, i) -> map(rs), tenantId);
    }

    List<Schedule> enabled() {
        return jdbc.query("SELECT " + COLUMNS + " FROM report_schedules WHERE enabled ORDER BY created_at, id", (rs, i) -> map(rs));
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        return new Schedule(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"),
                Frequency.parse(rs.getString("frequency")), ReportFormat.parse("format", rs.getString("format"), ReportFormat.PDF),
                Section.parseList("sections", rs.getString("sections")),
                Arrays.stream(rs.getString("recipients").split(",")).filter(r -> !r.isBlank()).toList(),
                rs.getBoolean("enabled"), ZoneId.of(rs.getString("timezone")), rs.getInt("hour"),
                instant(rs, "active_since"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
