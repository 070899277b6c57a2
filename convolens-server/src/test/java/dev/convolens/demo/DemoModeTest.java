package dev.convolens.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.loading.Loading;
import dev.convolens.support.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The service started with demo mode on, used as a newcomer would: open the page, copy the key, call the API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "convolens.demo.enabled=true", "convolens.demo.backfill-days=2",
        "convolens.demo.peak-conversations-per-hour=60", "convolens.admin-key=demo-test-admin-key"})
@DirtiesContext
class DemoModeTest {
    private static final Pattern KEY = Pattern.compile("Bearer (cvl_[0-9A-Za-z]+)");

    @LocalServerPort
    int port;
    @Autowired
    HistoryProgress progress;

    @DynamicPropertySource
    static void freshDataDir(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("convolens-demo-test").toString();
        registry.add("convolens.data-dir", () -> dir);
    }

    @Test
    void theKeyTheDashboardOffersReadsTheDemoTenantAndItsGeneratedEvents() throws InterruptedException {
        Http http = new Http(port);
        Http.Response page = http.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Convolens", "demo-key");
        Http.Response access = http.get("/demo/access", null);
        assertThat(access.status()).isEqualTo(200);
        assertThat(access.json().get("tenantName").asString()).isEqualTo("Demo Support Desk");
        Matcher m = KEY.matcher("Bearer " + access.json().get("key").asString());
        assertThat(m.find()).as("a key in the demo access").isTrue();
        String key = m.group(1);

        JsonNode tenant = http.get("/api/tenants/demo", key).json();
        assertThat(tenant.get("name").asString()).isEqualTo("Demo Support Desk");
        assertThat(tenant.get("timezone").asString()).isEqualTo("Europe/Berlin");

        JsonNode events = awaitEvents(http, key);
        Instant now = Instant.now();
        for (JsonNode e : events) {
            Instant ts = Instant.parse(e.get("timestamp").asString());
            assertThat(ts).isBeforeOrEqualTo(now).isAfter(now.minus(Duration.ofDays(3)));
        }
        assertThat(http.get("/api/events?limit=1", "cvl_not-a-key").status()).isEqualTo(401);
    }

    @Test
    void theHistoryCountsItsDaysUpWhileItLoadsAndTheNoticeGoesWhenItIsIn() throws InterruptedException {
        Http http = new Http(port);
        String key = http.get("/demo/access", null).json().get("key").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!http.get("/api/analytics/realtime", key).json().get("loading").isEmpty() || !progress.ended()) {
            assertThat(System.nanoTime()).as("the history loaded within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }

        // backfill-days=2: two days to load, counted from none to both, never backwards
        List<String> seen = progress.seen();
        assertThat(seen).first().isEqualTo("0/2");
        assertThat(seen).contains("1/2").last().isEqualTo("2/2");
        assertThat(seen).isSortedAccordingTo(String::compareTo);
    }

    /** Every state of the demo tenant's history load, recorded from before the demo starts. */
    static final class HistoryProgress {
        private final List<String> seen = new CopyOnWriteArrayList<>();
        private volatile boolean ended;

        HistoryProgress(Loading loading) {
            loading.onChange(tenantId -> {
                if (!"demo".equals(tenantId)) return;
                var history = loading.of("demo").stream().filter(p -> p.what().equals(Loading.HISTORY)).toList();
                if (history.isEmpty()) {
                    if (!seen.isEmpty()) ended = true;
                } else {
                    String state = history.get(0).done() + "/" + history.get(0).total();
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) seen.add(state);
                }
            });
        }

        List<String> seen() {
            return List.copyOf(seen);
        }

        boolean ended() {
            return ended;
        }
    }

    @TestConfiguration
    static class Recording {
        @Bean
        HistoryProgress historyProgress(Loading loading) {
            return new HistoryProgress(loading);
        }
    }

    private static JsonNode awaitEvents(Http http, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Http.Response r = http.get("/api/events?limit=20", key);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            if (!r.json().isEmpty()) return r.json();
            assertThat(System.nanoTime()).as("events within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
