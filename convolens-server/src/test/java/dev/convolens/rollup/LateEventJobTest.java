package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** From ingest to rollup table: a re-run changes nothing, a late event changes exactly its own periods. */
class LateEventJobTest extends ServerTest {
    static final List<String> JOBS = List.of("hourly_message_counts", "daily_conversation_metrics", "monthly_summary");

    @Autowired
    FactsUpdater facts;
    @Autowired
    JdbcTemplate jdbc;

    String event(String type, String conversation, Instant at) {
        return "{\"type\":\"" + type + "\",\"conversationId\":\"" + conversation + "\",\"channel\":\"sms\",\"timestamp\":\"" + at + "\"}";
    }

    List<Map<String, Object>> snapshot(String table, TestTenant t) {
        return jdbc.queryForList("SELECT * FROM " + table + " WHERE tenant_id = ? ORDER BY 1, 2, 3, 4, 5", t.id());
    }

    void runAll(TestTenant t) {
        for (String job : JOBS) assertStatus(http().post("/api/jobs/" + job + "/run?tenantId=" + t.id(), ADMIN_KEY, ""), 200);
    }

    @Test
    void aRerunIsIdenticalAndALateEventChangesOnlyItsPeriods() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant dayA = today.minusDays(4).atTime(9, 0).toInstant(ZoneOffset.UTC);
        Instant dayB = today.minusDays(3).atTime(9, 0).toInstant(ZoneOffset.UTC);
        http().post("/api/events", t.key(), "[" + event("message.received", "a", dayA) + "," + event("message.sent", "a", dayA.plusSeconds(5))
                + "," + event("message.received", "b", dayB) + "]");
        facts.flush();
        runAll(t);
        assertStatus(http().post("/api/jobs/hourly_message_counts/run?tenantId=" + t.id() + "&from=" + today.minusDays(5)
                + "&to=" + today, ADMIN_KEY, ""), 200);
        assertStatus(http().post("/api/jobs/daily_conversation_metrics/run?tenantId=" + t.id() + "&from=" + today.minusDays(5)
                + "&to=" + today, ADMIN_KEY, ""), 200);
        var hourly = snapshot("hourly_message_counts", t);
        var daily = snapshot("daily_conversation_metrics", t);

        runAll(t);
        assertThat(snapshot("hourly_message_counts", t)).isEqualTo(hourly);
        assertThat(snapshot("daily_conversation_metrics", t)).isEqualTo(daily);

        http().post("/api/events", t.key(), "[" + event("message.received", "late", dayA.plusSeconds(600)) + "]");
        facts.flush();
        runAll(t);

        var hourlyAfter = snapshot("hourly_message_counts", t);
        var dailyAfter = snapshot("daily_conversation_metrics", t);
        assertThat(changedPeriods(hourly, hourlyAfter)).containsExactly(dayA.atOffset(ZoneOffset.UTC).toInstant());
        assertThat(changedPeriods(daily, dailyAfter)).containsExactly(today.minusDays(4).atStartOfDay(ZoneOffset.UTC).toInstant());
        long inboundDayA = dailyAfter.stream().filter(r -> instant(r).equals(today.minusDays(4).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .filter(r -> "*".equals(r.get("channel")) && "*".equals(r.get("bot_id")))
                .mapToLong(r -> ((Number) r.get("conversations_started")).longValue()).sum();
        assertThat(inboundDayA).isEqualTo(2);
    }

    static Instant instant(Map<String, Object> row) {
        Object v = row.get("period_start");
        return v instanceof java.time.OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) v).toInstant();
    }

    static java.util.Set<Instant> changedPeriods(List<Map<String, Object>> before, List<Map<String, Object>> after) {
        java.util.Set<Instant> changed = new java.util.TreeSet<>();
        for (Map<String, Object> r : after) if (!before.contains(r)) changed.add(instant(r));
        for (Map<String, Object> r : before) if (!after.contains(r)) changed.add(instant(r));
        return changed;
    }
}
