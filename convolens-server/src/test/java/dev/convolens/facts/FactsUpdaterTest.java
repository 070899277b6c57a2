package dev.convolens.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.event.EventsStored;
import dev.convolens.loading.Loading;
import dev.convolens.rollup.DirtyRanges;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
    @Autowired
    Loading loading;

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
    void moreThanOneChunkOfConversationsAtOnceIsReportedAsLoadingUntilItIsDone() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 6_000; i++) ids.add("bulk-" + i);
        List<String> seen = new CopyOnWriteArrayList<>();
        loading.onChange(tenantId -> {
            if (!t.id().equals(tenantId)) return;
            List<Loading.Progress> now = loading.of(t.id());
            seen.add(now.isEmpty() ? "done" : now.get(0).what() + " " + now.get(0).done() + "/" + now.get(0).total());
        });

        updater.on(new EventsStored(t.id(), base, base.plusSeconds(60), 6_000, ids));
        updater.flush();

        // 6,000 conversations in chunks of 5,000: none, then the first chunk, then all
        assertThat(seen).containsExactly("facts 0/6000", "facts 5000/6000", "facts 6000/6000", "done");
        assertThat(loading.of(t.id())).isEmpty();
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
