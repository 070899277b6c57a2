package dev.convolens.query;

import static dev.convolens.query.Dim.AGENT;
import static dev.convolens.query.Dim.BOT;
import static dev.convolens.query.Dim.CHANNEL;
import static dev.convolens.query.Dim.GROUP;
import static dev.convolens.query.Dim.INTENT;
import static dev.convolens.query.Metric.Kind.PERCENTILE;
import static dev.convolens.query.Metric.Kind.RATIO;
import static dev.convolens.query.Metric.Kind.SUM;
import static dev.convolens.query.Samples.conversations;
import static dev.convolens.query.Samples.events;
import static dev.convolens.query.Samples.livechats;
import static dev.convolens.query.Samples.union;

import dev.convolens.query.Metric.Kind;
import dev.convolens.query.Metric.Read;
import dev.convolens.rollup.DailyBotPerformance;
import dev.convolens.rollup.DailyConversationMetrics;
import dev.convolens.rollup.DailyIntentDistribution;
import dev.convolens.rollup.DailyLivechat;
import dev.convolens.rollup.DailyMessageCounts;
import dev.convolens.rollup.DailyResponseTimes;
import dev.convolens.rollup.Granularity;
import dev.convolens.rollup.HourlyMessageCounts;
import dev.convolens.rollup.HourlyResponseTimes;
import dev.convolens.rollup.HourlyUsage;
import dev.convolens.rollup.MonthlySummary;
import dev.convolens.rollup.WeeklySatisfactionTrends;
import dev.convolens.storage.SqlDialect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The fixed catalog of metrics the time-series API serves (SPEC §7), each with its exact definition over facts or
 * raw events and the rollup columns that hold the same numbers. A request names a metric; the name is only ever
 * looked up here, never put into SQL.
 *
 * <p>Definitions follow SPEC §4 and the rollup families: a measure belongs to the instant it completed (a first
 * response to first_response_at, a resolution to resolved_at, a wait to accepted_at...); an event's channel and bot
 * fall back to its conversation's (channel finally 'other'); CSAT ratings are whole 1..5 values on any scale but
 * NPS, NPS ratings whole 0..10 values with metadata.scale 'nps'.
 */
@Component
class MetricCatalog {

    // the rollup tables and how each can be sliced
    static final RollupTable MESSAGE_COUNTS = RollupTable.leaf(HourlyMessageCounts.TABLE, Granularity.HOUR,
            Map.of(CHANNEL, "channel", BOT, "bot_id"));
    static final RollupTable DAILY_MESSAGE_COUNTS = RollupTable.leaf(DailyMessageCounts.TABLE, Granularity.DAY,
            Map.of(CHANNEL, "channel", BOT, "bot_id"));
    static final RollupTable RESPONSE_TIMES = RollupTable.star(HourlyResponseTimes.TABLE, Granularity.HOUR);
    static final RollupTable DAILY_RESPONSE_TIMES = RollupTable.star(DailyResponseTimes.TABLE, Granularity.DAY);
    static final RollupTable CONVERSATION_METRICS = RollupTable.star(DailyConversationMetrics.TABLE, Granularity.DAY);
    static final RollupTable INTENTS = RollupTable.leaf(DailyIntentDistribution.TABLE, Granularity.DAY,
            Map.of(INTENT, "intent"));
    static final RollupTable SATISFACTION = RollupTable.leaf(WeeklySatisfactionTrends.TABLE, Granularity.WEEK,
            Map.of(CHANNEL, "channel"));
    static final RollupTable MONTHLY = RollupTable.tenantWide(MonthlySummary.TABLE, Granularity.MONTH);
    static final RollupTable BOT_PERFORMANCE = RollupTable.perBot(DailyBotPerformance.TABLE, Granularity.DAY);
    static final RollupTable USAGE = RollupTable.tenantWide(HourlyUsage.TABLE, Granularity.HOUR);
    static final RollupTable LIVECHAT = RollupTable.livechat(DailyLivechat.TABLE, Granularity.DAY);

    /** A CSAT rating (as SqlRollupFamily.CSAT, over events alias e). */
    static final String CSAT = "COALESCE(e.metadata->>'scale', 'csat') <> 'nps' AND e.value IN (1, 2, 3, 4, 5)";
    /** An NPS rating (as SqlRollupFamily.NPS). */
    static final String NPS = "e.metadata->>'scale' = 'nps' AND e.value IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)";
    static final String HAS_ERROR = "CASE WHEN COALESCE(e.metadata->>'hasError', 'false') = 'true' THEN 1 ELSE 0 END";

    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    MetricCatalog(SqlDialect dialect) {
        messages();
        conversationsAndTimes();
        responseTimes();
        satisfaction();
        livechat();
        tasksAndIntents();
        usage(dialect);
    }

    Optional<Metric> find(String name) {
        return Optional.ofNullable(name).map(metrics::get);
    }

    Metric get(String name) {
        Metric m = metrics.get(name);
        if (m == null) throw new IllegalArgumentException("no metric " + name);
        return m;
    }

    Collection<Metric> all() {
        return metrics.values();
    }

    List<String> names() {
        return new ArrayList<>(metrics.keySet());
    }

    private void messages() {
        Set<Dim> dims = EnumSet.of(CHANNEL, BOT);
        add("messages.inbound", "count", SUM, "Messages received from end users (message.received).", dims,
                events(null, "1", "1", "message.received"),
                read(MONTHLY, "messages_in"), read(BOT_PERFORMANCE, "messages_in"),
                new Read(DAILY_MESSAGE_COUNTS, "r.direction = 'inbound'", "message_count", null, null),
                new Read(MESSAGE_COUNTS, "r.direction = 'inbound'", "message_count", null, null));
        add("messages.outbound", "count", SUM, "Messages sent to end users by bots and agents (message.sent).", dims,
                events(null, "1", "1", "message.sent"),
                read(MONTHLY, "messages_out"), read(BOT_PERFORMANCE, "messages_out"),
                new Read(DAILY_MESSAGE_COUNTS, "r.direction = 'outbound'", "message_count", null, null),
                new Read(MESSAGE_COUNTS, "r.direction = 'outbound'", "message_count", null, null));
        add("messages.failed", "count", SUM, "Messages that failed to deliver (message.failed).", dims,
                events(null, "1", "1", "message.failed"), read(BOT_PERFORMANCE, "messages_failed"));
    }

    private void conversationsAndTimes() {
        Set<Dim> dims = EnumSet.of(CHANNEL, BOT);
        add("conversations.started", "count", SUM,
                "Conversations started (first conversation.started, else first event), by start time.", dims,
                conversations("started_at", null, "1", "1"),
                read(MONTHLY, "total_conversations"), read(CONVERSATION_METRICS, "conversations_started"),
                read(BOT_PERFORMANCE, "conversations"), read(USAGE, "conversations_started"));
        add("conversations.resolved", "count", SUM, "Conversations resolved, by resolution time.", dims,
                conversations("resolved_at", null, "1", "1"),
                read(MONTHLY, "conversations_resolved"), read(CONVERSATION_METRICS, "conversations_resolved"));
        add("conversations.escalated", "count", SUM, "Conversations handed to a human, by escalation time.", dims,
                conversations("escalated_at", null, "1", "1"),
                read(MONTHLY, "conversations_escalated"), read(CONVERSATION_METRICS, "conversations_escalated"),
                read(BOT_PERFORMANCE, "conversations_escalated"));
        add("conversations.ai_handled", "count", SUM,
                "Conversations resolved without escalation or staff reply, by resolution time.", dims,
                conversations("resolved_at", "c.ai_handled", "1", "1"),
                read(MONTHLY, "ai_handled"), read(CONVERSATION_METRICS, "ai_handled"));
        add("conversations.escalation_rate", "ratio", RATIO,
                "Escalated / started in the period, a fraction 0..1.", dims,
                union(conversations("escalated_at", null, "1", "0"), conversations("started_at", null, "0", "1")),
                read(MONTHLY, "conversations_escalated", "total_conversations"),
                read(CONVERSATION_METRICS, "conversations_escalated", "conversations_started"),
                read(BOT_PERFORMANCE, "conversations_escalated", "conversations"));
        add("conversations.ai_resolution_rate", "ratio", RATIO, "AI-handled / resolved in the period, a fraction 0..1.",
                dims, conversations("resolved_at", null, "CASE WHEN c.ai_handled THEN 1 ELSE 0 END", "1"),
                read(MONTHLY, "ai_handled", "conversations_resolved"),
                read(CONVERSATION_METRICS, "ai_handled", "conversations_resolved"));

        durations("first_response", "First response time: first message.sent at or after the first message.received, "
                + "minus that message.received; by the response's time.", dims,
                conversations("first_response_at", "c.first_response_ms IS NOT NULL", "c.first_response_ms", "1"),
                List.of(read(MONTHLY, "ROUND(avg_first_response_ms * first_response_count)", "first_response_count")));
        durations("agent_first_response", "Agent first response time: first response.staff_sent at or after the "
                + "escalation, minus the escalation; by the response's time, credited to that agent.",
                EnumSet.of(CHANNEL, BOT, AGENT),
                conversations("agent_first_response_at", "c.agent_first_response_ms IS NOT NULL",
                        "c.agent_first_response_ms", "1"), List.of());
        durations("resolution", "Resolution time: resolution minus start; by the resolution's time.", dims,
                conversations("resolved_at", "c.resolution_ms IS NOT NULL", "c.resolution_ms", "1"), List.of());
    }

    /** {prefix}.avg / .p50 / .p95 over daily_conversation_metrics' {prefix}_* columns. */
    private void durations(String prefix, String description, Set<Dim> dims, Samples samples, List<Read> extra) {
        List<Read> avg = new ArrayList<>(extra);
        avg.add(read(CONVERSATION_METRICS, prefix + "_sum_ms", prefix + "_count"));
        add(prefix + ".avg", "ms", RATIO, 0, 1, description + " Mean.", dims, samples, avg, null);
        for (String p : List.of("p50", "p95")) {
            add(prefix + "." + p, "ms", PERCENTILE, quantile(p), 1, description + " Exact " + p + ".", dims, samples,
                    List.of(pct(CONVERSATION_METRICS, prefix + "_" + p + "_ms")), prefix + ".avg");
        }
    }

    private void responseTimes() {
        Set<Dim> dims = EnumSet.of(CHANNEL, BOT);
        Samples samples = Samples.responseTimes("s.duration_ms");
        String description = "Reply response time: response.time_recorded durationMs, or, for a conversation without "
                + "one, from the first of the inbound messages a reply answers to the reply (message.sent).";
        add("response_time.samples", "count", SUM, "Replies with a response time (recorded, or derived from messages "
                + "for conversations without response.time_recorded).", dims, Samples.responseTimes("1"),
                read(BOT_PERFORMANCE, "response_time_samples"), read(DAILY_RESPONSE_TIMES, "samples"),
                read(RESPONSE_TIMES, "samples"));
        add("response_time.avg", "ms", RATIO, 0, 1, description + " Mean.", dims, samples,
                List.of(read(BOT_PERFORMANCE, "response_time_sum_ms", "response_time_samples"),
                        read(DAILY_RESPONSE_TIMES, "sum_ms", "samples"), read(RESPONSE_TIMES, "sum_ms", "samples")), null);
        for (String p : List.of("p50", "p95", "p99")) {
            add("response_time." + p, "ms", PERCENTILE, quantile(p), 1, description + " Exact " + p + ".", dims, samples,
                    List.of(pct(BOT_PERFORMANCE, "response_time_" + p + "_ms"), pct(DAILY_RESPONSE_TIMES, p + "_ms"),
                            pct(RESPONSE_TIMES, p + "_ms")),
                    "response_time.avg");
        }
    }

    private void satisfaction() {
        Set<Dim> dims = EnumSet.of(CHANNEL, BOT);
        Samples csat = events(CSAT, "1", "1", "satisfaction.rating_received");
        add("csat.responses", "count", SUM, "CSAT ratings received (whole 1..5, any scale but NPS).", dims, csat,
                read(MONTHLY, "satisfaction_count"), read(SATISFACTION, "responses"),
                read(BOT_PERFORMANCE, "satisfaction_count"));
        add("csat.score", "percent", RATIO, 0, 100, "CSAT score: share of ratings 4-5 among 1-5 ratings, in %.", dims,
                events(CSAT, "CASE WHEN e.value >= 4 THEN 1 ELSE 0 END", "1", "satisfaction.rating_received"),
                List.of(read(MONTHLY, "ROUND(csat_pct * satisfaction_count / 100)", "satisfaction_count"),
                        read(SATISFACTION, "rating_4 + rating_5", "responses")), null);
        add("csat.avg", "rating", RATIO, "Mean CSAT rating (1..5).", dims,
                events(CSAT, "e.value", "1", "satisfaction.rating_received"),
                read(MONTHLY, "ROUND(avg_satisfaction * satisfaction_count)", "satisfaction_count"),
                read(SATISFACTION, "rating_1 + 2 * rating_2 + 3 * rating_3 + 4 * rating_4 + 5 * rating_5", "responses"),
                read(BOT_PERFORMANCE, "ROUND(satisfaction_avg * satisfaction_count)", "satisfaction_count"));
        add("nps", "score", RATIO, 0, 100, "Net promoter score: % of 9-10 minus % of 0-6 among NPS ratings (-100..100).",
                dims, events(NPS, "CASE WHEN e.value >= 9 THEN 1 WHEN e.value <= 6 THEN -1 ELSE 0 END", "1",
                        "satisfaction.rating_received"),
                List.of(read(SATISFACTION, "nps_promoters - nps_detractors", "nps_responses")), null);
    }

    private void livechat() {
        Set<Dim> dims = EnumSet.of(AGENT, GROUP, CHANNEL, BOT);
        add("livechat.requests", "count", SUM, "Live-chat requests, by request time.", dims,
                livechats("requested_at", null, "1", "1"), read(LIVECHAT, "requests"));
        add("livechat.accepted", "count", SUM, "Live-chat requests accepted by an agent, by accept time.", dims,
                livechats("accepted_at", null, "1", "1"), read(LIVECHAT, "accepted"));
        add("livechat.missed", "count", SUM, "Live-chat requests missed (livechat.missed or expired), by miss time.",
                dims, livechats("missed_at", null, "1", "1"), read(LIVECHAT, "missed"));
        add("livechat.missed_rate", "ratio", RATIO, "Missed / requested in the period, a fraction 0..1.", dims,
                union(livechats("missed_at", null, "1", "0"), livechats("requested_at", null, "0", "1")),
                read(LIVECHAT, "missed", "requests"));
        Samples waits = livechats("accepted_at", "l.wait_ms IS NOT NULL", "l.wait_ms", "1");
        String wait = "Live-chat wait: acceptance minus request; by the acceptance's time.";
        add("livechat.wait.avg", "ms", RATIO, 0, 1, wait + " Mean.", dims, waits,
                List.of(read(LIVECHAT, "wait_sum_ms", "wait_count")), null);
        for (String p : List.of("p50", "p95")) {
            add("livechat.wait." + p, "ms", PERCENTILE, quantile(p), 1, wait + " Exact " + p + ".", dims, waits,
                    List.of(pct(LIVECHAT, "wait_" + p + "_ms")), "livechat.wait.avg");
        }
        add("livechat.duration.avg", "ms", RATIO, 0, 1, "Live-chat duration: end minus acceptance; by the end's time.",
                dims, livechats("ended_at", "l.duration_ms IS NOT NULL", "l.duration_ms", "1"),
                List.of(read(LIVECHAT, "chat_duration_sum_ms", "chat_duration_count")), null);
    }

    private void tasksAndIntents() {
        Set<Dim> taskDims = EnumSet.of(CHANNEL, BOT, AGENT);
        add("tasks.created", "count", SUM, "Tasks created (task.created).", taskDims,
                events(null, "1", "1", "task.created"), read(MONTHLY, "total_tasks"));
        add("tasks.completed", "count", SUM, "Tasks completed (task.completed).", taskDims,
                events(null, "1", "1", "task.completed"), read(MONTHLY, "tasks_completed"));

        Set<Dim> dims = EnumSet.of(INTENT, CHANNEL, BOT);
        add("intents.classified", "count", SUM, "intent.classified events naming an intent.", dims,
                events("e.intent IS NOT NULL", "1", "1", "intent.classified"), read(INTENTS, "classified_count"));
        add("intents.confidence_low", "count", SUM, "intent.confidence_low events naming an intent.", dims,
                events("e.intent IS NOT NULL", "1", "1", "intent.confidence_low"), read(INTENTS, "low_confidence_count"));
        add("intents.fallback_rate", "ratio", RATIO,
                "Fallback rate: intent.confidence_low / intent.classified (events naming an intent), 0..1.", dims,
                union(events("e.intent IS NOT NULL", "1", "0", "intent.confidence_low"),
                        events("e.intent IS NOT NULL", "0", "1", "intent.classified")),
                read(INTENTS, "low_confidence_count", "classified_count"));
        add("intents.confidence.avg", "ratio", RATIO, "Mean confidence (value 0..1) of intent.classified events.", dims,
                events("e.intent IS NOT NULL AND e.value IS NOT NULL", "e.value", "1", "intent.classified"),
                read(INTENTS, "confidence_sum", "confidence_count"));
    }

    private void usage(SqlDialect dialect) {
        Set<Dim> dims = EnumSet.of(CHANNEL, BOT);
        add("llm.calls", "count", SUM, "LLM calls (llm.call).", dims, events(null, "1", "1", "llm.call"),
                read(USAGE, "llm_calls"), read(BOT_PERFORMANCE, "llm_calls"));
        add("llm.tokens", "tokens", SUM, "Tokens of LLM calls (metadata.tokens).", dims,
                events(null, dialect.toDouble("e.metadata->>'tokens'"), "1", "llm.call"),
                read(USAGE, "llm_tokens"), read(BOT_PERFORMANCE, "llm_tokens"));
        add("llm.cost", "usd", SUM, "Cost of LLM calls in USD (metadata.costUsd).", dims,
                events(null, dialect.toDouble("e.metadata->>'costUsd'"), "1", "llm.call"),
                read(USAGE, "llm_cost_usd"), read(BOT_PERFORMANCE, "llm_cost_usd"));
        Samples llmLatency = events("e.duration_ms IS NOT NULL", "e.duration_ms", "1", "llm.call");
        add("llm.latency.avg", "ms", RATIO, 0, 1, "Mean LLM call latency (durationMs).", dims, llmLatency, List.of(), null);
        add("llm.latency.p50", "ms", PERCENTILE, 0.5, 1, "Exact p50 of LLM call latency.", dims, llmLatency, List.of(),
                "llm.latency.avg");
        add("llm.latency.p95", "ms", PERCENTILE, 0.95, 1, "Exact p95 of LLM call latency.", dims, llmLatency,
                List.of(pct(BOT_PERFORMANCE, "llm_latency_p95_ms")), "llm.latency.avg");
        add("llm.error_rate", "ratio", RATIO, "LLM calls with metadata.hasError / LLM calls, 0..1.", dims,
                events(null, HAS_ERROR, "1", "llm.call"), read(BOT_PERFORMANCE, "llm_errors", "llm_calls"));

        add("http.calls", "count", SUM, "HTTP calls made by bots (http.call).", dims, events(null, "1", "1", "http.call"));
        Samples httpLatency = events("e.duration_ms IS NOT NULL", "e.duration_ms", "1", "http.call");
        add("http.latency.avg", "ms", RATIO, 0, 1, "Mean HTTP call latency (durationMs).", dims, httpLatency, List.of(),
                null);
        add("http.latency.p50", "ms", PERCENTILE, 0.5, 1, "Exact p50 of HTTP call latency.", dims, httpLatency,
                List.of(), "http.latency.avg");
        add("http.latency.p95", "ms", PERCENTILE, 0.95, 1, "Exact p95 of HTTP call latency.", dims, httpLatency,
                List.of(), "http.latency.avg");
        add("http.error_rate", "ratio", RATIO, "HTTP calls with metadata.hasError / HTTP calls, 0..1.", dims,
                events(null, HAS_ERROR, "1", "http.call"));

        add("kb.searches", "count", SUM, "Knowledge-base searches (semantic_search.query).", dims,
                events(null, "1", "1", "semantic_search.query"), read(BOT_PERFORMANCE, "searches"));
        add("kb.hit_rate", "ratio", RATIO, "Searches with metadata.resultCount > 0 / searches, 0..1.", dims,
                events(null, "CASE WHEN " + dialect.toDouble("e.metadata->>'resultCount'") + " > 0 THEN 1 ELSE 0 END",
                        "1", "semantic_search.query"),
                read(BOT_PERFORMANCE, "search_hits", "searches"));

        add("tags.added", "count", SUM, "Tags added to conversations (length of tag.changed metadata.added).", dims,
                events(null, listLength("added"), "1", "tag.changed"));
        add("tags.removed", "count", SUM, "Tags removed from conversations (length of tag.changed metadata.removed).",
                dims, events(null, listLength("removed"), "1", "tag.changed"));
    }

    /** The number of entries of metadata.{field}: a JSON array's length, 1 for a single non-empty value, else 0. */
    private static String listLength(String field) {
        String text = "e.metadata->>'" + field + "'";
        return "CASE WHEN " + text + " LIKE '[%' THEN json_array_length(CAST(" + text + " AS JSON)) "
                + "WHEN " + text + " IS NOT NULL AND " + text + " <> '' THEN 1 ELSE 0 END";
    }

    private static double quantile(String p) {
        return Integer.parseInt(p.substring(1)) / 100.0;
    }

    private static Read read(RollupTable table, String num) {
        return new Read(table, null, num, null, null);
    }

    private static Read read(RollupTable table, String num, String den) {
        return new Read(table, null, num, den, null);
    }

    private static Read pct(RollupTable table, String column) {
        return new Read(table, null, null, null, column);
    }

    private void add(String name, String unit, Kind kind, String description, Set<Dim> dims, Samples samples,
            Read... rollups) {
        add(name, unit, kind, 0, 1, description, dims, samples, Arrays.asList(rollups), null);
    }

    private void add(String name, String unit, Kind kind, double quantile, double scale, String description,
            Set<Dim> dims, Samples samples, List<Read> rollups, String companion) {
        if (metrics.containsKey(name)) throw new IllegalStateException("metric " + name + " defined twice");
        metrics.put(name, new Metric(name, unit, kind, quantile, scale, description, dims, samples, rollups, companion));
    }
}
