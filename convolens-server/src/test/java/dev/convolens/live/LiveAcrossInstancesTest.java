package dev.convolens.live;

import static dev.convolens.live.LiveClient.conversation;
import static dev.convolens.live.LiveClient.livechat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.ConvolensApplication;
import dev.convolens.support.Http;
import dev.convolens.support.Postgres;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL database, as in production: a dashboard connected to one of them sees what is
 * ingested through the other (LISTEN/NOTIFY), and only its own tenant's.
 */
class LiveAcrossInstancesTest {
    static final String ADMIN_KEY = "live-instances-admin-key";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;

    static ConfigurableApplicationContext instance(String url, Path dataDir) {
        return new SpringApplicationBuilder(ConvolensApplication.class).run("--server.port=0",
                "--convolens.store=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--convolens.data-dir=" + dataDir, "--convolens.admin-key=" + ADMIN_KEY,
                "--convolens.monitor.enabled=false", "--convolens.jobs.enabled=false", "--convolens.pool-size=4");
    }

    static int port(ConfigurableApplicationContext instance) {
        return instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @Test
    void aSocketOnOneInstanceSeesAnEventIngestedThroughAnother() throws Exception {
        String url = Postgres.newDatabase();
        try (ConfigurableApplicationContext a = instance(url, dataDir.resolve("a"));
                ConfigurableApplicationContext b = instance(url, dataDir.resolve("b"))) {
            Http httpB = new Http(port(b));
            TestTenant t = TestTenants.create(httpB, ADMIN_KEY, "Europe/Berlin", "ingest", "read");
            TestTenant other = TestTenants.create(httpB, ADMIN_KEY, "UTC", "ingest", "read");

            try (LiveClient onA = LiveClient.signIn(port(a), t.key());
                    LiveClient otherOnA = LiveClient.signIn(port(a), other.key())) {
                assertThat(onA.awaitType("hello", WAIT).get("timezone").asString()).isEqualTo("Europe/Berlin");
                onA.awaitType("metrics", WAIT);
                otherOnA.awaitType("metrics", WAIT);

                String now = Instant.now().toString();
                Http.Response r = httpB.post("/api/events", t.key(), "[{\"type\":\"message.received\",\"conversationId\":"
                        + "\"via-b\",\"timestamp\":\"" + now + "\"},{\"type\":\"livechat.requested\",\"conversationId\":"
                        + "\"via-b\",\"groupId\":\"g1\",\"timestamp\":\"" + now + "\",\"metadata\":{\"requestId\":\"rb\"}}]");
                assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(2);

                JsonNode item = onA.await("the conversation ingested through B", conversation("via-b"), WAIT).message();
                onA.await("the live-chat request ingested through B", livechat("requested", "rb"), WAIT);
                onA.await("B's counters", m -> LiveClient.type("metrics").test(m)
                        && m.get("data").get("inboundLastHour").asLong() == 1, WAIT);
                assertThat(item.get("data").get("status").asString()).isEqualTo("active");
                assertThat(otherOnA.messages().toString()).doesNotContain("via-b", "\"rb\"");
            }
        }
    }
}
