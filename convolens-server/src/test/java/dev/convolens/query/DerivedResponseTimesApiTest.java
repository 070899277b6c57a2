package dev.convolens.query;

import static dev.convolens.query.Events.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.rollup.HourlyResponseTimes;
import dev.convolens.support.TestTenant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tenant that sends only messages (no response.time_recorded) sees reply response times derived from them on
 * every read: realtime, dashboard, the response-time chart, a timeseries metric and bot percentiles. The clock stands
 * at 2026-11-22 12:00Z, a UTC tenant.
 */
class DerivedResponseTimesApiTest extends AnalyticsServerTest {
    static final String RANGE = "&granularity=hour&from=2026-11-22T09:00:00Z&to=2026-11-22T12:00:00Z";

    /**
     * m1 (bot b1, webchat): in 11:10:00, in 11:10:02, out 11:10:05 -> 5000 ms; in 11:20:00, out 11:20:02.5 -> 2500 ms.
     * m2 (bot b2, whatsapp): in 09:00:00, out 09:00:04.5 -> 4500 ms.
     */
    List<Events> messagesOnly() {
        return List.of(
                of("message.received", "2026-11-22T11:10:00Z").conv("m1").channel("webchat").bot("b1"),
                of("message.received", "2026-11-22T11:10:02Z").conv("m1"),
                of("message.sent", "2026-11-22T11:10:05Z").conv("m1").bot("b1"),
                of("message.received", "2026-11-22T11:20:00Z").conv("m1"),
                of("message.sent", "2026-11-22T11:20:02.500Z").conv("m1").bot("b1"),
                of("message.received", "2026-11-22T09:00:00Z").conv("m2").channel("whatsapp").bot("b2"),
                of("message.sent", "2026-11-22T09:00:04.500Z").conv("m2").bot("b2"));
    }

    @Test
    void realtimeAndTheDashboardAverageTheDerivedResponseTimes() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        send(t, messagesOnly());

        // the last hour (11:00-12:00) holds m1's 5000 and 2500
        assertThat(get(t, "/api/analytics/realtime").get("avgResponseTimeMs").asLong()).isEqualTo(3750);
        // today: (5000 + 2500 + 4500) / 3
        assertThat(get(t, "/api/analytics/dashboard").get("today").get("avgResponseTimeMs").asLong()).isEqualTo(4000);
    }

    @Test
    void theChartAndTimeseriesShowDerivedAveragesAndPercentiles() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        send(t, messagesOnly());

        JsonNode points = get(t, "/api/analytics/response-times?period=24h").get("points");
        // 24 hourly points, the last one the hour now begun (12:00)
        assertThat(points).hasSize(24);
        assertThat(points.get(20).get("period").asString()).isEqualTo("2026-11-22T09:00:00Z");
        assertThat(points.get(20).get("avg").asDouble()).isEqualTo(4500.0);
        assertThat(points.get(22).get("period").asString()).isEqualTo("2026-11-22T11:00:00Z");
        assertThat(points.get(22).get("avg").asDouble()).isEqualTo(3750.0);
        assertThat(points.get(22).get("p50").asDouble()).isEqualTo(3750.0);
        assertThat(points.get(22).get("count").asLong()).isEqualTo(2);
        assertThat(field(points, "count").stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(3.0);

        JsonNode avg = get(t, TimeseriesApiTest.SERIES + "response_time.avg" + RANGE).get("series").get(0);
        assertThat(values(avg)).containsExactly(4500.0, null, 3750.0);
        JsonNode p50 = get(t, TimeseriesApiTest.SERIES + "response_time.p50&granularity=day&from=2026-11-22&to=2026-11-22")
                .get("series").get(0);
        assertThat(values(p50)).containsExactly(4500.0); // median of 2500, 4500, 5000

        JsonNode b1 = get(t, "/api/analytics/bot/b1/percentiles?from=2026-11-22&to=2026-11-22");
        assertThat(b1.get("samples").asLong()).isEqualTo(2);
        assertThat(b1.get("p50").asDouble()).isEqualTo(3750.0);
        JsonNode webchat = get(t, TimeseriesApiTest.SERIES + "response_time.samples&channel=webchat" + RANGE);
        assertThat(values(webchat.get("series").get(0))).containsExactly(0.0, 0.0, 2.0);
    }

    @Test
    void aLateInboundMessageChangesARolledUpHourAndTheReadsFollow() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        send(t, messagesOnly());
        rollUp(t, HourlyResponseTimes.TABLE, "2026-11-22T09:00:00Z", "2026-11-22T12:00:00Z");
        JsonNode before = get(t, TimeseriesApiTest.SERIES + "response_time.avg" + RANGE);
        assertThat(values(before.get("series").get(0))).containsExactly(4500.0, null, 3750.0);
        assertThat(before.get("sources").toString()).contains(HourlyResponseTimes.TABLE);

        // m2's reply now answers a message of 08:59:58: 09:00:04.5 - 08:59:58 = 6500 ms
        send(t, of("message.received", "2026-11-22T08:59:58Z").conv("m2"));

        JsonNode after = get(t, TimeseriesApiTest.SERIES + "response_time.avg" + RANGE);
        assertThat(values(after.get("series").get(0))).containsExactly(6500.0, null, 3750.0);
        rollUp(t, HourlyResponseTimes.TABLE, "2026-11-22T09:00:00Z", "2026-11-22T12:00:00Z");
        assertThat(jdbc.queryForObject("SELECT avg_ms FROM hourly_response_times WHERE tenant_id = ? AND channel = '*' "
                + "AND bot_id = '*' AND period_start = TIMESTAMPTZ '2026-11-22 09:00:00+00'", Double.class, t.id()))
                .isEqualTo(6500.0);
        assertThat(values(get(t, TimeseriesApiTest.SERIES + "response_time.avg" + RANGE).get("series").get(0)))
                .containsExactly(6500.0, null, 3750.0);
    }
}
