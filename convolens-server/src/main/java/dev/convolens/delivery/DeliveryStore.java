package dev.convolens.delivery;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.Section;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code report_deliveries} table. Every state change is one conditional statement, so two instances (or a
 * restarted one and a slow one) can never both own an attempt: the claim of a period's copy is an insert that the
 * unique (schedule, period, run) key lets succeed once, and the claim of an attempt is an update that matches only a
 * row nobody owns.
 */
@Repository
public class DeliveryStore {
    private static final String COLUMNS = "id, schedule_id, tenant_id, run_key, period, period_start, period_end, timezone, "
            + "frequency, format, sections, recipients, status, attempts, next_attempt_at, claimed_by, claimed_until, "
            + "last_error, file_path, message_id, created_at, sent_at, trigger_kind";
    /** A row an instance may start an attempt on at :now. */
    private static final String READY = "(status = 'pending' OR (status = 'retrying' AND next_attempt_at <= ?) "
            + "OR (status = 'sending' AND claimed_until < ?))";

    private final JdbcTemplate jdbc;

    DeliveryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the order's (schedule, period, run) once: inserts its row as pending and answers it, or answers empty
     * when the row exists already (claimed before, here or on another instance, by whichever trigger).
     */
    public Optional<Delivery> claim(DeliveryOrder order, String messageDomain, Instant now) {
        String id = UUID.randomUUID().toString();
        try {
            int inserted = jdbc.update("INSERT INTO report_deliveries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, CAST(? AS DATE), "
                    + "CAST(? AS DATE), ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, NULL, NULL, ?, ?, NULL, ?) ON CONFLICT DO NOTHING",
                    id, order.scheduleId(), order.tenantId(), order.runKey(), order.period().key(),
                    order.period().start().toString(), order.period().end().toString(), order.period().zone().getId(),
                    order.frequency(), order.format().wireName(), Section.join(order.sections()),
                    String.join(",", order.recipients()), utc(now), "<" + id + "@" + messageDomain + ">", utc(now),
                    order.trigger());
            return inserted == 1 ? find(id) : Optional.empty();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        } catch (DataAccessException e) {
            // DuckDB reports a concurrent insert of the same key as a conflict rather than skipping it
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("conflict")) return Optional.empty();
            throw e;
        }
    }

    /**
     * Takes the attempt on a ready row for {@code lease}: marks it sending, owned by {@code instance}, one more
     * attempt. Answers the row as claimed, or empty when it was not ready (sent, owned by a live attempt, or waiting
     * for its retry time).
     */
    public Optional<Delivery> startAttempt(String id, String instance, Instant now, Instant claimedUntil) {
        int updated;
        try {
            updated = jdbc.update("UPDATE report_deliveries SET status = 'sending', attempts = attempts + 1, claimed_by = ?, "
                    + "claimed_until = ? WHERE id = ? AND " + READY, instance, utc(claimedUntil), id, utc(now), utc(now));
        } catch (DataAccessException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("conflict")) return Optional.empty();
            throw e;
        }
        return updated == 1 ? find(id) : Optional.empty();
    }

    /** Where the attempt wrote the file (kept under convolens.reports.storage). */
    public void recordFile(String id, String instance, String path) {
        jdbc.update("UPDATE report_deliveries SET file_path = ? WHERE id = ? AND claimed_by = ?", path, id, instance);
    }

    /** The attempt's mail was accepted by the SMTP server. */
    public boolean markSent(String id, String instance, Instant at) {
        return jdbc.update("UPDATE report_deliveries SET status = 'sent', sent_at = ?, last_error = NULL, claimed_until = NULL "
                + "WHERE id = ? AND claimed_by = ? AND status = 'sending'", utc(at), id, instance) == 1;
    }

    /** The attempt failed: try again at {@code retryAt}, or never (status failed) when it is null. */
    public void markFailed(String id, String instance, String error, Instant retryAt) {
        String message = error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
        if (retryAt == null) {
            jdbc.update("UPDATE report_deliveries SET status = 'failed', last_error = ?, claimed_until = NULL "
                    + "WHERE id = ? AND claimed_by = ? AND status = 'sending'", message, id, instance);
        } else {
            jdbc.update("UPDATE report_deliveries SET status = 'retrying', last_error = ?, next_attempt_at = ?, "
                    + "claimed_until = NULL WHERE id = ? AND claimed_by = ? AND status = 'sending'", message, utc(retryAt),
                    id, instance);
        }
    }

    /**
     * Rows an attempt may start on now, oldest first: pending, retrying and due, or sending with a lapsed lease (the
     * instance that owned it is gone). A scheduled delivery waits while its schedule is disabled; a "send now" does not.
     */
    public List<String> ready(Instant now, int limit) {
        return jdbc.queryForList("SELECT d.id FROM report_deliveries d JOIN report_schedules s ON s.id = d.schedule_id "
                + "WHERE (s.enabled OR d.trigger_kind <> 'scheduled') AND " + READY.replace("status", "d.status")
                        .replace("next_attempt_at", "d.next_attempt_at").replace("claimed_until", "d.claimed_until")
                + " ORDER BY d.created_at, d.id LIMIT ?", String.class, utc(now), utc(now), limit);
    }

    /** The (schedule, period) pairs whose delivery was claimed since {@code since}: "schedule|period". */
    public Set<String> periodsClaimedSince(Instant since) {
        return new HashSet<>(jdbc.queryForList("SELECT schedule_id || '|' || period FROM report_deliveries "
                + "WHERE run_key = '" + Delivery.PERIOD + "' AND created_at >= ?", String.class, utc(since)));
    }

    /** Every copy of one (schedule, period), newest first. */
    public List<Delivery> forPeriod(String scheduleId, String period) {
        return jdbc.query("SELECT " + COLUMNS + " FROM report_deliveries WHERE schedule_id = ? AND period = ? "
                + "ORDER BY created_at DESC, id DESC", (rs, i) -> map(rs), scheduleId, period);
    }

    public Optional<Delivery> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM report_deliveries WHERE id = ?", (rs, i) -> map(rs), id).stream().findFirst();
    }

    /** A schedule's deliveries, newest first. */
    public List<Delivery> forSchedule(String scheduleId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM report_deliveries WHERE schedule_id = ? "
                + "ORDER BY created_at DESC, id DESC LIMIT ?", (rs, i) -> map(rs), scheduleId, limit);
    }

    public void deleteForSchedule(String scheduleId) {
        jdbc.update("DELETE FROM report_deliveries WHERE schedule_id = ?", scheduleId);
    }

    private static Delivery map(ResultSet rs) throws SQLException {
        ZoneId zone = ZoneId.of(rs.getString("timezone"));
        ReportPeriod period = new ReportPeriod(LocalDate.parse(rs.getString("period_start")),
                LocalDate.parse(rs.getString("period_end")), zone);
        return new Delivery(rs.getString("id"), rs.getString("schedule_id"), rs.getString("tenant_id"),
                rs.getString("run_key"), rs.getString("trigger_kind"), period, rs.getString("frequency"),
                ReportFormat.parse("format", rs.getString("format"), ReportFormat.PDF),
                Section.parseList("sections", rs.getString("sections")),
                Arrays.stream(rs.getString("recipients").split(",")).filter(s -> !s.isBlank()).toList(),
                rs.getString("status"), rs.getInt("attempts"), instant(rs, "next_attempt_at"), rs.getString("claimed_by"),
                instant(rs, "claimed_until"), rs.getString("last_error"), rs.getString("file_path"),
                rs.getString("message_id"), instant(rs, "created_at"), instant(rs, "sent_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
