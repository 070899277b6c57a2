package dev.convolens.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.event.Event;
import dev.convolens.support.TestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PostgresStorageTest extends StorageContract {

    @Override
    TestStore store() {
        return TestStore.postgres();
    }

    /** Only PostgreSQL has several writers (instances); DuckDB allows one writing process per file. */
    @Test
    void twoInstancesAppendingTheSameEventsAtOnceStoreEachOnce() {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) batch.add(event(tenant, "e" + i, T0.plusSeconds(i)));
        EventStore instanceA = new JdbcEventStore(dataSource, new PostgresDialect());
        EventStore instanceB = new JdbcEventStore(dataSource, new PostgresDialect());

        for (int round = 0; round < 5; round++) {
            List<Event> slice = batch.subList(round * 1_000, round * 1_000 + 1_000);
            var a = CompletableFuture.supplyAsync(() -> instanceA.append(slice));
            var b = CompletableFuture.supplyAsync(() -> instanceB.append(slice));
            assertThat(a.join().storedCount() + b.join().storedCount()).isEqualTo(1_000);
        }
        assertThat(all(tenant)).hasSize(5_000);
    }
}
