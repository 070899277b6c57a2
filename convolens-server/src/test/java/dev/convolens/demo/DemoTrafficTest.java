package dev.convolens.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.event.EventType;
import dev.convolens.ingest.IngestResult;
import dev.convolens.ingest.IngestService;
import dev.convolens.ingest.Rejection;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated desk's events against the real ingest path, with demo mode off. */
class DemoTrafficTest extends ServerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    IngestService ingest;

    @Autowired
    JsonMapper json;

    @Autowired
    Clock appClock;

    /** Local midnight before now: a week back from it holds five weekdays and one weekend. */
    private Clock fixedClock() {
        Instant midnight = ZonedDateTime.now(appClock.withZone(BERLIN)).toLocalDate().atStartOfDay(BERLIN).toInstant();
        return Clock.fixed(midnight, BERLIN);
    }

    @Test
    void aWeekOfSimulatedTrafficPassesValidationAndHasTheRhythmOfARealSupportDesk() {
        String tenant = newTenant("Europe/Berlin", "read").id();
        Instant to = fixedClock().instant();
        DemoStream stream = new DemoStream(new TrafficGenerator(json, BERLIN, 60, DemoMode.SEED),
                to.minus(Duration.ofDays(7)), to.minus(Duration.ofDays(7)));

        Stats stats = new Stats();
        List<Rejection> rejected = new ArrayList<>();
        int[] accepted = {0}, duplicates = {0};
        stream.advanceTo(to, DemoMode.CHUNK, chunk -> {
            assertThat(chunk).hasSizeLessThanOrEqualTo(DemoMode.CHUNK);
            stats.add(chunk);
            IngestResult result = ingest.ingest(tenant, chunk, List.of());
            rejected.addAll(result.rejected());
            accepted[0] += result.accepted();
            duplicates[0] += result.duplicates();
        });

        assertThat(rejected).isEmpty();
        assertThat(accepted[0]).isEqualTo(stats.events).isGreaterThan(50_000);
        assertThat(duplicates[0]).isZero();
        assertThat(stats.ids).hasSize(stats.events);
        assertThat(stats.outOfOrder).as("events handed over out of timestamp order").isZero();
        assertThat(stats.latest).isBeforeOrEqualTo(to);

        Set<String> expectedTypes = new TreeSet<>();
        for (EventType t : EventType.values()) {
            if (!t.wireName().startsWith("session.")) expectedTypes.add(t.wireName());
        }
        assertThat(stats.types).containsAll(expectedTypes);

        double weekdayDayPerHour = stats.weekdayHours[10] / 5.0 / 6, weekdayNightPerHour = stats.weekdayHours[1] / 5.0 / 4;
        assertThat(weekdayDayPerHour).as("weekday 10-16 vs 01-05 events per hour").isGreaterThan(5 * weekdayNightPerHour);
        assertThat(stats.weekendEvents / 2.0).as("events per weekend day vs per weekday")
                .isLessThan(0.6 * stats.weekdayEvents / 5.0);

        long[] rt = stats.responseTimes.stream().mapToLong(Long::longValue).sorted().toArray();
        long median = rt[rt.length / 2], p95 = rt[(int) (rt.length * 0.95)];
        assertThat(median).isBetween(1_000L, 2_200L);
        assertThat(p95).as("p95 of response times").isGreaterThan(3 * median);

        double escalation = (double) stats.count("conversation.escalated") / stats.count("conversation.started");
        assertThat(escalation).isBetween(0.10, 0.30);
        assertThat(stats.csat).allMatch(v -> v >= 1 && v <= 5);
        assertThat(stats.nps).isNotEmpty().allMatch(v -> v >= 0 && v <= 10);
    }

    @Test
    void regeneratingAWindowYieldsTheSameEventsSoARepeatedBackfillIsDeduplicated() {
        String tenant = newTenant("Europe/Berlin", "read").id();
        Instant to = fixedClock().instant().minus(Duration.ofHours(10));
        Instant from = to.minus(Duration.ofHours(4));
        List<JsonNode> first = generate(from, to), second = generate(from, to);

        assertThat(first).hasSizeGreaterThan(500);
        assertThat(second.stream().map(json::writeValueAsString).toList())
                .isEqualTo(first.stream().map(json::writeValueAsString).toList());
        assertThat(ingest.ingest(tenant, first, List.of()).accepted()).isEqualTo(first.size());
        IngestResult again = ingest.ingest(tenant, second, List.of());
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(second.size());
    }

    @Test
    void withoutDemoModeTheDashboardIsServedAtTheRootAndNoDemoKeyIsOffered() {
        Http.Response page = http().get("/", null);

        assertStatus(page, 200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Convolens", "/api/docs", "/actuator/health", "--demo")
                .doesNotContainPattern("cvl_[0-9A-Za-z]{8}");
        Http.Response demo = http().get("/demo/access", null);
        assertStatus(demo, 404);
        assertThat(demo.body()).doesNotContain("cvl_");
    }

    private List<JsonNode> generate(Instant from, Instant to) {
        List<JsonNode> out = new ArrayList<>();
        new DemoStream(new TrafficGenerator(json, BERLIN, 240, DemoMode.SEED), from, from)
                .advanceTo(to, DemoMode.CHUNK, out::addAll);
        return out;
    }

    /** What the assertions look at, gathered chunk by chunk so that a week of events need not be held at once. */
    private static final class Stats {
        int events, outOfOrder, weekdayEvents, weekendEvents;
        Instant latest = Instant.MIN;
        final Set<String> ids = new HashSet<>(), types = new HashSet<>();
        final Map<String, Integer> typeCounts = new HashMap<>();
        /** Weekday events with a local hour in [10, 16) at index 10 and in [1, 5) at index 1. */
        final long[] weekdayHours = new long[24];
        final List<Long> responseTimes = new ArrayList<>();
        final List<Integer> csat = new ArrayList<>(), nps = new ArrayList<>();

        void add(List<JsonNode> chunk) {
            for (JsonNode e : chunk) {
                events++;
                ids.add(e.get("id").asString());
                String type = e.get("type").asString();
                types.add(type);
                typeCounts.merge(type, 1, Integer::sum);
                OffsetDateTime ts = OffsetDateTime.parse(e.get("timestamp").asString());
                Instant at = ts.toInstant();
                if (at.isBefore(latest)) outOfOrder++;
                latest = at;
                ZonedDateTime local = at.atZone(BERLIN);
                boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
                if (weekend) {
                    weekendEvents++;
                } else {
                    weekdayEvents++;
                    int h = local.getHour();
                    if (h >= 10 && h < 16) weekdayHours[10]++;
                    if (h >= 1 && h < 5) weekdayHours[1]++;
                }
                if (type.equals("response.time_recorded")) responseTimes.add(e.get("durationMs").asLong());
                if (type.equals("satisfaction.rating_received")) {
                    boolean isNps = "nps".equals(e.get("metadata").get("scale").asString());
                    (isNps ? nps : csat).add(e.get("value").asInt());
                }
            }
        }

        int count(String type) {
            return typeCounts.getOrDefault(type, 0);
        }
    }
}
