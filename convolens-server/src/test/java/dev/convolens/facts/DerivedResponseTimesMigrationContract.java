package dev.convolens.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.event.Event;
import dev.convolens.storage.JdbcEventStore;
import dev.convolens.support.TestStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A store whose events came before V14 (migrated up to V10, a version both stores have) gets their derived response
 * times, and each tenant's span of them marked dirty, from V14.
 */
abstract class DerivedResponseTimesMigrationContract {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    abstract TestStore store();

    Event event(String tenant, String conversation, String id, String type, double seconds) {
        return Event.builder().tenantId(tenant).id(id).conversationId(conversation).type(type).channel("webchat")
                .botId("b1").timestamp(T.plusMillis(Math.round(seconds * 1000))).build();
    }

    @Test
    void conversationsStoredBeforeTheMigrationGetTheirDerivedSamples() {
        TestStore store = store();
        try (HikariDataSource ds = store.open("10")) {
            new JdbcEventStore(ds, store.dialect()).append(List.of(
                    event("t", "c1", "a", "message.received", 0), event("t", "c1", "b", "message.received", 2),
                    event("t", "c1", "c", "message.sent", 5), event("t", "c1", "d", "message.received", 20),
                    event("t", "c1", "e", "message.sent", 22.5),
                    // c2 records its own: nothing is derived for it
                    event("t", "c2", "f", "message.received", 30), event("t", "c2", "g", "message.sent", 31),
                    Event.builder().tenantId("t").id("h").conversationId("c2").type("response.time_recorded")
                            .timestamp(T.plusSeconds(31)).durationMs(700L).build(),
                    event("u", "c1", "i", "message.received", 100), event("u", "c1", "j", "message.sent", 101)));
            Flyway.configure().dataSource(ds).locations(store.migrations()).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);

            // t/c1: 5 - 0 = 5 s at 5 s, 22.5 - 20 = 2.5 s at 22.5 s; u/c1: 1 s at 101 s
            assertThat(jdbc.query("SELECT tenant_id, conversation_id, ts, duration_ms, bot_id, channel "
                    + "FROM derived_response_times ORDER BY tenant_id, ts", (rs, i) -> rs.getString(1) + " "
                    + rs.getString(2) + " " + rs.getObject(3, OffsetDateTime.class).toInstant() + " " + rs.getLong(4)
                    + " " + rs.getString(5) + " " + rs.getString(6)))
                    .containsExactly("t c1 2026-11-20T10:00:05Z 5000 b1 webchat",
                            "t c1 2026-11-20T10:00:22.500Z 2500 b1 webchat",
                            "u c1 2026-11-20T10:01:41Z 1000 b1 webchat");
            assertThat(jdbc.query("SELECT tenant_id, from_ts, to_ts FROM dirty_ranges ORDER BY tenant_id",
                    (rs, i) -> rs.getString(1) + " " + rs.getObject(2, OffsetDateTime.class).toInstant() + " "
                            + rs.getObject(3, OffsetDateTime.class).toInstant()))
                    .containsExactly("t 2026-11-20T10:00:05Z 2026-11-20T10:00:22.500Z",
                            "u 2026-11-20T10:01:41Z 2026-11-20T10:01:41Z");
        }
    }
}
