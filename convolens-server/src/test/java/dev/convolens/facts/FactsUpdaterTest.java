package dev.convolens.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.event.EventsStored;
import dev.convolens.rollup.DirtyRanges;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The running service keeps facts current after every ingest and records what changed for the jobs. */
class FactsUpdaterTest extends ServerTest {
    @Autowired
    FactsUpdater updater;
    @Autowired
    FactsCatchUp catchUp;
    @Autowired
    DirtyRanges dirty;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anIngestedConversationGetsItsFactsAndADirtyRange() {
        TestTenant t = newTenant("Europe/Berlin", "ingest", "read");
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        long lastSeq = dirty.since(0, Instant.now().plusSeconds(60)).stream().mapToLong(DirtyRanges.Range::seq).max().orElse(0);

        http().post("/api/events", t.key(), "["
                + "{\"type\":\"conversation.started\",\"conversationId\":\"k1\",\"timestamp\":\"" + base + "\"},"
                + "{\"type\":\"message.received\",\"conversationId\":\"k1\",\"timestamp\":\"" + base.plusSeconds(3) + "\"},"
                + "{\"type\":\"message.sent\",\"conversationId\":\"k1\",\"timestamp\":\"" + base.plusSeconds(4) + "\"},"
                + "{\"type\":\"staff.login\",\"staffId\":\"a1\",\"timestamp\":\"" + base.plusSeconds(9) + "\"}]");
        updater.flush();

        assertThat(jdbc.queryForObject("SELECT first_response_ms FROM conversations WHERE tenant_id = ? AND conversation_id = 'k1'",
                Long.class, t.id())).isEqualTo(1_000);
        List<DirtyRanges.Range> ranges = dirty.since(lastSeq, Instant.now().plusSeconds(60)).stream()
                .filter(r -> r.tenantId().equals(t.id())).toList();
        assertThat(ranges).hasSize(1);
        assertThat(ranges.get(0).from()).isEqualTo(base);
        assertThat(ranges.get(0).to()).isEqualTo(base.plusSeconds(9));
    }

    @Test
    void eventsReceivedAfterTheLastFactsUpdateAreFoundAgainAtStartUp() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        updater.flush();

        http().post("/api/events", t.key(), "[{\"type\":\"message.received\",\"conversationId\":\"lost\",\"timestamp\":\""
                + base + "\"}]");

        List<EventsStored> pending = catchUp.pendingSinceLastRun();
        assertThat(pending).filteredOn(e -> e.tenantId().equals(t.id()))
                .singleElement()
                .satisfies(e -> assertThat(e.conversationIds()).containsExactly("lost"));
        updater.flush();
    }
}
