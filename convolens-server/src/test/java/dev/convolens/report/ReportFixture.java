package dev.convolens.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.TestTenant;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-built week of one tenant in Europe/Berlin, with every number of the report worked out by hand below. The
 * week is the last complete ISO week before {@code today}; one conversation in the week before gives the summary
 * something to compare with.
 *
 * <pre>
 * c1 webchat bot b1  Mon 10:00 started, in 10:00:00, out 10:00:05 (first response 5 s), in 10:01:00, out 10:01:02,
 *                    reply times 5 s and 2 s, intent billing 0.9, search (3 results), LLM call (800 ms, 120 tokens,
 *                    $0.002), resolved 10:05 (AI-handled, resolution 5 min), survey sent, CSAT 5 at 10:06
 * c2 whatsapp bot b1 Mon 23:59 started, in 23:59:00, intent billing 0.4 + low confidence, Tue 00:00:10 out (first
 *                    response 70 s, on Tuesday), reply time 70 s, escalated 00:01:00, live chat lr1 requested 00:01:00,
 *                    accepted by s1 (group g1) 00:02:00 (wait 60 s), agent message 00:02:30 (30 s), staff reply s1
 *                    + out 00:03:00 (agent first response 120 s), ended 00:10:00 (8 min), resolved 00:10:00 (11 min),
 *                    survey sent, CSAT 3 at 00:11
 * c3 webchat bot b2  Wed 09:00 started, in 09:00:00, out 09:00:20 (20 s), reply time 20 s, intent shipping 0.8,
 *                    search (0 results), NPS 10 at 09:05, task t1 created 10:00, completed by s1 11:00
 * c4 sms, no bot     Sun 20:00:00 in (no started event: it starts there), out 20:00:40 (40 s), reply time 40 s,
 *                    failed 20:00:41 (the newest event of the week)
 * lr2 (on c3)        Thu 14:00 requested, 14:02 missed
 * c0 (week before)   Wed 12:00 started, in, out 12:00:10 (10 s), CSAT 4
 * </pre>
 */
final class ReportFixture {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    // the week, by hand
    static final long STARTED = 4, RESOLVED = 2, ESCALATED = 1, AI_HANDLED = 1;
    static final long MESSAGES_IN = 5, MESSAGES_OUT = 6, MESSAGES_FAILED = 1;
    static final long FIRST_RESPONSE_AVG = 33_750, FIRST_RESPONSE_P50 = 30_000, FIRST_RESPONSE_P95 = 65_500;
    static final long REPLY_AVG = 27_400, REPLY_P50 = 20_000, REPLY_P95 = 64_000, REPLY_P99 = 68_800;
    static final long AGENT_FIRST_RESPONSE = 120_000, RESOLUTION_AVG = 480_000;
    static final double CSAT_SCORE = 50.0, CSAT_AVG = 4.0, NPS = 100.0;
    static final long LIVECHAT_REQUESTS = 2, LIVECHAT_ACCEPTED = 1, LIVECHAT_MISSED = 1;
    static final long WAIT = 60_000, CHAT_DURATION = 480_000, LIVECHAT_AGENT_FIRST_RESPONSE = 30_000;
    // the week before
    static final long PREVIOUS_STARTED = 1;
    static final double PREVIOUS_CSAT_SCORE = 100.0;

    final LocalDate monday;
    final LocalDate sunday;
    private final List<String> events = new ArrayList<>();

    private ReportFixture(LocalDate monday) {
        this.monday = monday;
        this.sunday = monday.plusDays(6);
    }

    /** The Monday of the last complete ISO week before the given day. */
    static LocalDate lastCompleteWeek(LocalDate today) {
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
    }

    /** Stores the week's events for the tenant through the API (the caller then flushes the facts). */
    static ReportFixture load(Http http, TestTenant tenant, LocalDate monday) {
        ReportFixture f = new ReportFixture(monday);
        f.build();
        Http.Response r = http.post("/api/events", tenant.key(), "[" + String.join(",", f.events) + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(f.events.size());
        return f;
    }

    private void build() {
        // c1
        e("conversation.started", "c1", 0, "10:00:00", "\"channel\":\"webchat\",\"botId\":\"b1\"");
        e("message.received", "c1", 0, "10:00:00", "\"channel\":\"webchat\",\"botId\":\"b1\"");
        e("intent.classified", "c1", 0, "10:00:01", "\"intent\":\"billing\",\"value\":0.9,\"botId\":\"b1\"");
        e("semantic_search.query", "c1", 0, "10:00:02", "\"botId\":\"b1\",\"metadata\":{\"resultCount\":3}");
        e("llm.call", "c1", 0, "10:00:03", "\"botId\":\"b1\",\"durationMs\":800,\"metadata\":{\"tokens\":120,\"costUsd\":0.002}");
        e("message.sent", "c1", 0, "10:00:05", "\"channel\":\"webchat\",\"botId\":\"b1\"");
        e("response.time_recorded", "c1", 0, "10:00:05", "\"durationMs\":5000");
        e("message.received", "c1", 0, "10:01:00", "\"channel\":\"webchat\"");
        e("message.sent", "c1", 0, "10:01:02", "\"channel\":\"webchat\"");
        e("response.time_recorded", "c1", 0, "10:01:02", "\"durationMs\":2000");
        e("conversation.resolved", "c1", 0, "10:05:00", null);
        e("satisfaction.survey_sent", "c1", 0, "10:05:30", null);
        e("satisfaction.rating_received", "c1", 0, "10:06:00", "\"value\":5");
        // c2
        e("conversation.started", "c2", 0, "23:59:00", "\"channel\":\"whatsapp\",\"botId\":\"b1\"");
        e("message.received", "c2", 0, "23:59:00", "\"channel\":\"whatsapp\",\"botId\":\"b1\"");
        e("intent.classified", "c2", 0, "23:59:01", "\"intent\":\"billing\",\"value\":0.4");
        e("intent.confidence_low", "c2", 0, "23:59:01", "\"intent\":\"billing\",\"value\":0.4");
        e("message.sent", "c2", 1, "00:00:10", "\"channel\":\"whatsapp\",\"botId\":\"b1\"");
        e("response.time_recorded", "c2", 1, "00:00:10", "\"durationMs\":70000");
        e("conversation.escalated", "c2", 1, "00:01:00", null);
        e("livechat.requested", "c2", 1, "00:01:00", "\"groupId\":\"g1\",\"metadata\":{\"requestId\":\"lr1\"}");
        e("livechat.accepted", "c2", 1, "00:02:00", "\"staffId\":\"s1\",\"groupId\":\"g1\",\"metadata\":{\"requestId\":\"lr1\"}");
        e("livechat.message", "c2", 1, "00:02:30", "\"staffId\":\"s1\",\"metadata\":{\"requestId\":\"lr1\",\"sender\":\"agent\"}");
        e("response.staff_sent", "c2", 1, "00:03:00", "\"staffId\":\"s1\"");
        e("message.sent", "c2", 1, "00:03:00", "\"channel\":\"whatsapp\",\"staffId\":\"s1\"");
        e("livechat.ended", "c2", 1, "00:10:00", "\"metadata\":{\"requestId\":\"lr1\"}");
        e("conversation.resolved", "c2", 1, "00:10:00", null);
        e("satisfaction.survey_sent", "c2", 1, "00:10:30", null);
        e("satisfaction.rating_received", "c2", 1, "00:11:00", "\"value\":3");
        // c3
        e("conversation.started", "c3", 2, "09:00:00", "\"channel\":\"webchat\",\"botId\":\"b2\"");
        e("message.received", "c3", 2, "09:00:00", "\"channel\":\"webchat\",\"botId\":\"b2\"");
        e("intent.classified", "c3", 2, "09:00:01", "\"intent\":\"shipping\",\"value\":0.8");
        e("semantic_search.query", "c3", 2, "09:00:10", "\"metadata\":{\"resultCount\":0}");
        e("message.sent", "c3", 2, "09:00:20", "\"channel\":\"webchat\",\"botId\":\"b2\"");
        e("response.time_recorded", "c3", 2, "09:00:20", "\"durationMs\":20000");
        e("satisfaction.rating_received", "c3", 2, "09:05:00", "\"value\":10,\"metadata\":{\"scale\":\"nps\"}");
        e("task.created", "c3", 2, "10:00:00", "\"taskId\":\"t1\"");
        e("task.completed", "c3", 2, "11:00:00", "\"taskId\":\"t1\",\"staffId\":\"s1\"");
        // c4
        e("message.received", "c4", 6, "20:00:00", "\"channel\":\"sms\"");
        e("message.sent", "c4", 6, "20:00:40", "\"channel\":\"sms\"");
        e("response.time_recorded", "c4", 6, "20:00:40", "\"durationMs\":40000");
        e("message.failed", "c4", 6, "20:00:41", "\"channel\":\"sms\"");
        // lr2
        e("livechat.requested", "c3", 3, "14:00:00", "\"metadata\":{\"requestId\":\"lr2\"}");
        e("livechat.missed", "c3", 3, "14:02:00", "\"metadata\":{\"requestId\":\"lr2\"}");
        // the week before
        e("conversation.started", "c0", -5, "12:00:00", "\"channel\":\"webchat\",\"botId\":\"b1\"");
        e("message.received", "c0", -5, "12:00:00", "\"channel\":\"webchat\"");
        e("message.sent", "c0", -5, "12:00:10", "\"channel\":\"webchat\"");
        e("satisfaction.rating_received", "c0", -5, "12:05:00", "\"value\":4");
    }

    /** The newest event of the week (c4's failed message): the report's "data as of". */
    Instant newest() {
        return at(6, "20:00:41");
    }

    Instant at(int day, String time) {
        return monday.plusDays(day).atTime(LocalTime.parse(time)).atZone(ZONE).toInstant();
    }

    private void e(String type, String conversation, int day, String time, String extra) {
        events.add("{\"type\":\"" + type + "\"" + (conversation == null ? "" : ",\"conversationId\":\"" + conversation + "\"")
                + ",\"timestamp\":\"" + at(day, time) + "\"" + (extra == null ? "" : "," + extra) + "}");
    }
}
