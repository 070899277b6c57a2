package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class TimezoneChangeTest extends ServerTest {
    @Autowired
    FactsUpdater facts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DirtyRanges dirty;

    List<Instant> dailyRows(TestTenant t) {
        return jdbc.queryForList("SELECT period_start FROM daily_conversation_metrics WHERE tenant_id = ? "
                + "AND channel = '*' AND bot_id = '*' ORDER BY period_start", OffsetDateTime.class, t.id())
                .stream().map(OffsetDateTime::toInstant).toList();
    }

    @Test
    void movingATenantToAnotherZoneRebuildsItsLocalDaysInTheNewCalendar() {
        TestTenant t = newTenant("UTC", "ingest", "read", "admin");
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(5);
        Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        http().post("/api/events", t.key(), "[{\"type\":\"conversation.started\",\"conversationId\":\"z\",\"timestamp\":\""
                + noon + "\"}]");
        facts.flush();
        assertStatus(http().post("/api/jobs/daily_conversation_metrics/run?tenantId=" + t.id() + "&from=" + day + "&to="
                + day.plusDays(1), ADMIN_KEY, ""), 200);
        assertThat(dailyRows(t)).containsExactly(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        long before = dirty.since(0, Instant.now().plusSeconds(60)).stream().mapToLong(DirtyRanges.Range::seq).max().orElse(0);

        assertStatus(http().patch("/api/tenants/" + t.id(), t.key(), "{\"timezone\":\"Asia/Kolkata\"}"), 200);

        assertThat(dailyRows(t)).isEmpty();
        List<DirtyRanges.Range> marked = dirty.since(before, Instant.now().plusSeconds(60)).stream()
                .filter(r -> r.tenantId().equals(t.id())).toList();
        assertThat(marked).singleElement().satisfies(r ->
                assertThat(Duration.between(r.from(), r.to()).toDays()).isBetween(89L, 90L));
        assertStatus(http().post("/api/jobs/daily_conversation_metrics/run?tenantId=" + t.id() + "&from=" + day + "&to="
                + day.plusDays(1), ADMIN_KEY, ""), 200);
        assertThat(dailyRows(t)).containsExactly(day.atStartOfDay(ZoneId.of("Asia/Kolkata")).toInstant());
    }
}
