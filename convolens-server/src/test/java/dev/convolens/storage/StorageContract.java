package dev.convolens.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.event.Event;
import dev.convolens.support.TestStore;
import dev.convolens.tenant.ApiKey;
import dev.convolens.tenant.JdbcTenantStore;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantSettings;
import dev.convolens.tenant.TenantStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The storage contract: every backend runs exactly these tests (see the subclasses). */
abstract class StorageContract {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    HikariDataSource dataSource;
    EventStore events;
    TenantStore tenants;
    String tenant;

    /** The backend under test. */
    abstract TestStore store();

    @BeforeEach
    void setUp() {
        TestStore store = store();
        dataSource = store.open();
        events = new JdbcEventStore(dataSource, store.dialect());
        tenants = new JdbcTenantStore(new JdbcTemplate(dataSource), JsonMapper.builder().build());
        tenant = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    static Event event(String tenant, String id, Instant ts) {
        return Event.builder().tenantId(tenant).id(id).type("message.received").timestamp(ts).receivedAt(ts).build();
    }

    List<Event> all(String tenantId) {
        return events.find(tenantId, EventQuery.latest(1_000_000));
    }

    @Test
    void storesEachEventOnceAcrossBatchesAndReportsWhichWereDuplicates() {
        AppendResult first = events.append(List.of(event(tenant, "a", T0), event(tenant, "b", T0.plusSeconds(1))));
        AppendResult second = events.append(List.of(event(tenant, "b", T0.plusSeconds(1)), event(tenant, "c", T0.plusSeconds(2))));

        assertThat(first.duplicateCount()).isZero();
        assertThat(second.isDuplicate(0)).isTrue();
        assertThat(second.isDuplicate(1)).isFalse();
        assertThat(all(tenant)).extracting(Event::id).containsExactly("c", "b", "a");
    }

    @Test
    void aRepeatWithinOneBatchIsStoredOnce() {
        AppendResult r = events.append(List.of(event(tenant, "a", T0), event(tenant, "a", T0), event(tenant, "b", T0)));

        assertThat(r.storedCount()).isEqualTo(2);
        assertThat(r.isDuplicate(1)).isTrue();
        assertThat(all(tenant)).hasSize(2);
    }

    @Test
    void everyRepeatWithinOneBatchIsFoundNotOnlyTheFirst() {
        // a, a, b, b, c, b, a: 3 distinct events, the 2nd, 4th, 6th and 7th are repeats
        AppendResult r = events.append(List.of(event(tenant, "a", T0), event(tenant, "a", T0), event(tenant, "b", T0),
                event(tenant, "b", T0), event(tenant, "c", T0), event(tenant, "b", T0), event(tenant, "a", T0)));

        assertThat(r.storedCount()).isEqualTo(3);
        assertThat(java.util.stream.IntStream.range(0, 7).filter(r::isDuplicate).boxed().toList())
                .containsExactly(1, 3, 5, 6);
        assertThat(all(tenant)).extracting(Event::id).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void theSameIdInAnotherTenantIsAnotherEvent() {
        String other = tenant + "-b";
        AppendResult r = events.append(List.of(event(tenant, "a", T0), event(other, "a", T0)));

        assertThat(r.duplicateCount()).isZero();
        assertThat(all(tenant)).hasSize(1);
        assertThat(all(other)).hasSize(1);
    }

    @Test
    void everyFieldRoundTripsExactly() {
        Event full = new Event(tenant, "id-\"quoted\",comma", "llm.call", Instant.parse("2026-11-20T10:00:00.123456Z"),
                Instant.parse("2026-11-20T10:00:01.5Z"), "bot", "webchat", "conv,1", "sess", "", "staff", "group",
                "task", "intent \"x\"\nline2", 0.125, 1234L,
                "{\"costUsd\":0.0021,\"note\":\"a \\\"b\\\"\\nc, ü\",\"tokens\":512}");
        Event sparse = event(tenant, "sparse", T0);
        events.append(List.of(full, sparse));

        List<Event> found = all(tenant);
        Event back = found.stream().filter(e -> e.id().equals(full.id())).findFirst().orElseThrow();
        assertThat(back).usingRecursiveComparison().ignoringFields("metadata").isEqualTo(full);
        assertThat(JsonMapper.builder().build().readTree(back.metadata()))
                .isEqualTo(JsonMapper.builder().build().readTree(full.metadata()));
        assertThat(back.userId()).isEmpty();
        Event sparseBack = found.stream().filter(e -> e.id().equals("sparse")).findFirst().orElseThrow();
        assertThat(sparseBack).usingRecursiveComparison().isEqualTo(sparse);
    }

    @Test
    void findFiltersByConversationTypeAndTimeNewestFirstUpToTheLimit() {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(Event.builder().tenantId(tenant).id("m" + i).type(i % 2 == 0 ? "message.received" : "message.sent")
                    .conversationId(i < 6 ? "c1" : "c2").timestamp(T0.plusSeconds(i)).build());
        }
        events.append(batch);

        assertThat(events.find(tenant, new EventQuery("c1", null, null, null, 100))).extracting(Event::id)
                .containsExactly("m5", "m4", "m3", "m2", "m1", "m0");
        assertThat(events.find(tenant, new EventQuery("c1", "message.sent", null, null, 100))).extracting(Event::id)
                .containsExactly("m5", "m3", "m1");
        assertThat(events.find(tenant, new EventQuery(null, null, T0.plusSeconds(2), T0.plusSeconds(5), 100)))
                .extracting(Event::id).containsExactly("m4", "m3", "m2");
        assertThat(events.find(tenant, EventQuery.latest(3))).extracting(Event::id).containsExactly("m9", "m8", "m7");
    }

    @Test
    void aLargeBatchSpanningMonthsIsStoredWhole() {
        List<Event> batch = new ArrayList<>();
        Instant start = Instant.parse("2026-09-15T00:00:00Z");
        for (int i = 0; i < 20_000; i++) batch.add(event(tenant, "e" + i, start.plusSeconds(i * 300L)));

        AppendResult r = events.append(batch);
        AppendResult again = events.append(batch.subList(19_000, 20_000));

        assertThat(r.storedCount()).isEqualTo(20_000);
        assertThat(again.duplicateCount()).isEqualTo(1_000);
        assertThat(all(tenant)).hasSize(20_000);
    }

    @Test
    void deleteBeforeRemovesExactlyTheOlderEvents() {
        Instant cutoff = Instant.parse("2026-10-10T00:00:00Z");
        events.append(List.of(event(tenant, "aug", Instant.parse("2026-08-20T00:00:00Z")),
                event(tenant, "sep", Instant.parse("2026-09-30T23:59:59Z")),
                event(tenant, "oct-early", cutoff.minusNanos(1000)),
                event(tenant, "oct-cutoff", cutoff),
                event(tenant, "nov", Instant.parse("2026-11-01T00:00:00Z"))));

        long deleted = events.deleteBefore(cutoff);

        assertThat(deleted).isEqualTo(3);
        assertThat(all(tenant)).extracting(Event::id).containsExactly("nov", "oct-cutoff");
        events.append(List.of(event(tenant, "aug-again", Instant.parse("2026-08-21T00:00:00Z"))));
        assertThat(all(tenant)).hasSize(3);
    }

    @Test
    void aStoreOpenedAgainOnTheSameDataStillRecognisesEveryResend() {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) batch.add(event(tenant, "e" + i, T0.plusSeconds(i * 7L)));
        events.append(batch.subList(0, 200));

        EventStore reopened = new JdbcEventStore(dataSource, store().dialect());
        AppendResult r = reopened.append(batch);

        assertThat(r.duplicateCount()).isEqualTo(200);
        assertThat(r.isDuplicate(199)).isTrue();
        assertThat(r.isDuplicate(200)).isFalse();
        assertThat(all(tenant)).hasSize(300);
    }

    @Test
    void resendsOlderThanTheKeysKeptInMemoryAreStillFoundInTheTable() {
        // a budget of 25 keys: the first 100 events (one per minute) are forgotten by the time they are resent
        EventStore small = new JdbcEventStore(dataSource, store().dialect(), 25);
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) batch.add(event(tenant, "e" + i, T0.plusSeconds(i * 60L)));
        for (int i = 0; i < 100; i += 10) small.append(batch.subList(i, i + 10));

        List<Event> resend = new ArrayList<>(batch);
        resend.add(event(tenant, "new-old", T0.minusSeconds(3_600)));
        resend.add(event(tenant, "new-recent", T0.plusSeconds(99 * 60L + 30)));
        AppendResult r = small.append(resend);

        assertThat(r.duplicateCount()).isEqualTo(100);
        assertThat(r.isDuplicate(100)).isFalse();
        assertThat(r.isDuplicate(101)).isFalse();
        assertThat(all(tenant)).hasSize(102);
        // a store started on a table larger than its budget reads only the newest minutes, and is just as exact
        EventStore restarted = new JdbcEventStore(dataSource, store().dialect(), 25);
        assertThat(restarted.append(resend).duplicateCount()).isEqualTo(102);
        assertThat(all(tenant)).hasSize(102);
    }

    @Test
    void aResendMustKeepItsTimestampAnotherTimestampIsAnotherEvent() {
        events.append(List.of(event(tenant, "a", T0)));

        AppendResult sameTime = events.append(List.of(event(tenant, "a", T0)));
        AppendResult otherTime = events.append(List.of(event(tenant, "a", T0.plusSeconds(1))));

        assertThat(sameTime.duplicateCount()).isEqualTo(1);
        assertThat(otherTime.duplicateCount()).isZero();
        assertThat(all(tenant)).extracting(Event::timestamp).containsExactly(T0.plusSeconds(1), T0);
    }

    @Test
    void concurrentAppendsOfOverlappingBatchesStoreEachEventOnceAndCountEveryDuplicate() throws Exception {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) batch.add(event(tenant, "e" + i, T0.plusMillis(i * 250L)));
        List<java.util.concurrent.CompletableFuture<AppendResult>> results = new ArrayList<>();
        // four writers, each sending 2,000 events that overlap its neighbours' by half
        for (int w = 0; w < 4; w++) {
            List<Event> slice = batch.subList(w * 666, w * 666 + 2_000);
            results.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> events.append(slice)));
        }
        int stored = 0, duplicates = 0;
        for (var r : results) {
            stored += r.get().storedCount();
            duplicates += r.get().duplicateCount();
        }

        int distinct = 3 * 666 + 2_000;
        assertThat(stored).isEqualTo(distinct);
        assertThat(duplicates).isEqualTo(4 * 2_000 - distinct);
        assertThat(all(tenant)).hasSize(distinct);
    }

    @Test
    void tenantsAndKeysAreStoredAndRevoked() {
        Tenant t = new Tenant(tenant, "Acme", ZoneId.of("Asia/Kolkata"), new TenantSettings(45, 90), T0, T0);
        assertThat(tenants.create(t)).isTrue();
        assertThat(tenants.create(t)).isFalse();
        assertThat(tenants.find(tenant)).contains(t);

        Tenant renamed = new Tenant(tenant, "Acme Ltd", ZoneId.of("Pacific/Chatham"), TenantSettings.DEFAULTS, T0,
                T0.plusSeconds(60));
        tenants.update(renamed);
        assertThat(tenants.find(tenant)).contains(renamed);

        ApiKey key = new ApiKey("k1-" + tenant, tenant, "cvl_abcdefgh", EnumSet.of(Scope.READ, Scope.INGEST), T0, null);
        tenants.createKey(key, "hash-" + tenant);
        assertThat(tenants.findKeyByHash("hash-" + tenant)).contains(key);
        assertThat(tenants.revokeKey(tenant, key.id(), T0.plusSeconds(5))).isTrue();
        assertThat(tenants.findKeyByHash("hash-" + tenant).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(tenants.revokeKey(tenant, "no-such-key", T0)).isFalse();
        assertThat(tenants.listKeys(tenant)).hasSize(1);
    }
}
