package dev.convolens.report;

import dev.convolens.storage.SqlDialect;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one place reports read numbers from: the conversation and live-chat facts and the raw events of the period,
 * cut into the report's local days by boundaries computed in Java (so any timezone works, even one that is not the
 * tenant's, and half-hour zones do not straddle UTC hours). Each measure counts on the day it completed (SPEC §4) and
 * uses the definitions of the rollup families and the query routes: a first response on the day of the response, a
 * resolution on the day of the resolution, live-chat waits on the day of the accept. Percentiles are exact
 * {@code percentile_cont} over the samples of the day or of the whole period (GROUPING SETS), never combined.
 *
 * <p>Why facts and raw events rather than the rollup tables: a report's days are in the schedule's timezone, which
 * may not be the tenant's; hourly rows are UTC hours, which do not tile a day in a half-hour zone; satisfaction is
 * rolled up by ISO week, which does not tile a month; and a rollup row is only as fresh as its job's last run, while a
 * report is generated right after the grace period for late events. One tenant's week or month reads in milliseconds
 * (BENCHMARKS.md).
 */
@Component
public class ReportData {
    private static final Logger log = LoggerFactory.getLogger(ReportData.class);
    /** A CSAT rating (the rollups' definition): a whole 1..5 on any scale but NPS. */
    private static final String CSAT = "(ev.type = 'satisfaction.rating_received' AND COALESCE(ev.metadata->>'scale', 'csat') <> 'nps' "
            + "AND ev.value IN (1, 2, 3, 4, 5))";
    private static final String NPS = "(ev.type = 'satisfaction.rating_received' AND ev.metadata->>'scale' = 'nps' "
            + "AND ev.value IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))";

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlDialect dialect;

    ReportData(DataSource dataSource, SqlDialect dialect) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.dialect = dialect;
    }

    /** One bucket of the period: a local day (or the whole previous period) as [from, to). */
    record Bucket(LocalDate day, Instant from, Instant to) {}

    /** Measures by name, read from one result row. Numbers are Long or Double; a missing measure is null. */
    record Row(Map<String, Object> values) {
        Long count(String name) {
            Object v = values.get(name);
            return v == null ? 0L : ((Number) v).longValue();
        }

        Double number(String name) {
            Object v = values.get(name);
            return v == null ? null : ((Number) v).doubleValue();
        }

        /** A duration in whole milliseconds, as the query routes answer it. */
        Long millis(String name) {
            Double v = number(name);
            return v == null ? null : Math.round(v);
        }

        String text(String name) {
            Object v = values.get(name);
            return v == null ? null : v.toString();
        }

        static Row empty() {
            return new Row(Map.of());
        }
    }

    /**
     * Which groupings a query computes: each is another pass over the samples (percentiles sort them again), so a
     * report asks only for what its sections show.
     */
    enum Breakdown {
        /** Per bucket, per value of each dimension, and the total. */
        FULL("GROUPING(bucket) AS g_bucket, GROUPING(dim1) AS g_dim1, GROUPING(dim2) AS g_dim2, bucket, dim1, dim2",
                "GROUP BY GROUPING SETS ((bucket), (dim1), (dim2), ())"),
        /** Per bucket and the total. */
        DAYS("GROUPING(bucket) AS g_bucket, 1 AS g_dim1, 1 AS g_dim2, bucket, "
                + "CAST(NULL AS VARCHAR) AS dim1, CAST(NULL AS VARCHAR) AS dim2",
                "GROUP BY GROUPING SETS ((bucket), ())"),
        /** The total only. */
        TOTAL("1 AS g_bucket, 1 AS g_dim1, 1 AS g_dim2, CAST(NULL AS DATE) AS bucket, "
                + "CAST(NULL AS VARCHAR) AS dim1, CAST(NULL AS VARCHAR) AS dim2", "");

        /** The grouping columns of the SELECT (a grouping not computed reads as 1, i.e. "rolled up"). */
        final String head;
        final String groupBy;

        Breakdown(String head, String groupBy) {
            this.head = head;
            this.groupBy = groupBy;
        }
    }

    /** Rows of one query by grouping: per day, per dimension value, and the total. */
    record Grouped(Map<LocalDate, Row> days, Map<String, Row> byFirst, Map<String, Row> bySecond, Row total) {
        Row day(LocalDate day) {
            return days.getOrDefault(day, Row.empty());
        }
    }

    /**
     * Conversation facts: started, resolved (with resolution times and AI-handled), escalated, first responses and
     * agent first responses; by day, by channel ({@code byFirst}), by bot ({@code bySecond}, conversations without a
     * bot left out) and in total.
     */
    Grouped conversations(String tenantId, List<Bucket> buckets, Breakdown breakdown) {
        String sql = days(buckets) + """
                , c AS (
                    SELECT * FROM conversations WHERE tenant_id = :tenant AND (%s OR %s OR %s OR %s OR %s)
                ), m AS (
                    SELECT d.bucket, 'started' AS k, CAST(NULL AS DOUBLE PRECISION) AS v, c.ai_handled AS ai,
                        COALESCE(c.channel, 'other') AS dim1, c.bot_id AS dim2
                    FROM c JOIN d ON c.started_at >= d.f AND c.started_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'resolved', CAST(c.resolution_ms AS DOUBLE PRECISION), c.ai_handled,
                        COALESCE(c.channel, 'other'), c.bot_id
                    FROM c JOIN d ON c.resolved_at >= d.f AND c.resolved_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'escalated', NULL, c.ai_handled, COALESCE(c.channel, 'other'), c.bot_id
                    FROM c JOIN d ON c.escalated_at >= d.f AND c.escalated_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'fr', CAST(c.first_response_ms AS DOUBLE PRECISION), c.ai_handled,
                        COALESCE(c.channel, 'other'), c.bot_id
                    FROM c JOIN d ON c.first_response_at >= d.f AND c.first_response_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'afr', CAST(c.agent_first_response_ms AS DOUBLE PRECISION), c.ai_handled,
                        COALESCE(c.channel, 'other'), c.bot_id
                    FROM c JOIN d ON c.agent_first_response_at >= d.f AND c.agent_first_response_at < d.t
                )
                SELECT %s,
                    COUNT(*) FILTER (WHERE k = 'started') AS started,
                    COUNT(*) FILTER (WHERE k = 'resolved') AS resolved,
                    COUNT(*) FILTER (WHERE k = 'resolved' AND ai) AS ai_handled,
                    COUNT(*) FILTER (WHERE k = 'escalated') AS escalated,
                    %s, %s, %s
                FROM m
                %s
                """.formatted(in("started_at"), in("resolved_at"), in("escalated_at"), in("first_response_at"),
                in("agent_first_response_at"), breakdown.head, durations("fr", "fr"), durations("afr", "afr"),
                durations("resolved", "res"), breakdown.groupBy);
        return grouped("conversations", sql, params(tenantId, buckets));
    }

    /**
     * Raw-event measures: messages, reply response times (all of {@code response_samples}, recorded or derived from
     * messages), tasks, surveys and ratings (CSAT and NPS), intents, knowledge-base searches and LLM calls; by day, by
     * channel, by bot and in total. An event without channel or bot takes its conversation's (the rollups' rule), a
     * channel still missing is 'other'.
     */
    Grouped events(String tenantId, List<Bucket> buckets, Breakdown breakdown) {
        String sql = days(buckets) + """
                , e AS (
                    SELECT d.bucket, ev.type, ev.value, ev.duration_ms,
                        COALESCE(ev.channel, c.channel, 'other') AS dim1, COALESCE(ev.bot_id, c.bot_id) AS dim2,
                        %s AS csat, %s AS nps,
                        CASE WHEN ev.type = 'semantic_search.query' THEN %s END AS result_count,
                        CASE WHEN ev.type = 'llm.call' THEN %s END AS tokens,
                        CASE WHEN ev.type = 'llm.call' THEN %s END AS cost,
                        (ev.type = 'llm.call' AND COALESCE(ev.metadata->>'hasError', 'false') = 'true') AS llm_error
                    FROM (
                        SELECT type, ts, conversation_id, channel, bot_id, value, duration_ms, metadata FROM events
                        WHERE tenant_id = :tenant AND ts >= :from AND ts < :to AND type IN ('message.received',
                            'message.sent', 'message.failed', 'task.created', 'task.completed',
                            'satisfaction.survey_sent', 'satisfaction.rating_received', 'intent.classified',
                            'intent.confidence_low', 'semantic_search.query', 'llm.call')
                        UNION ALL
                        SELECT 'response.time_recorded', ts, conversation_id, channel, bot_id, NULL, duration_ms, NULL
                        FROM response_samples WHERE tenant_id = :tenant AND ts >= :from AND ts < :to
                    ) ev JOIN d ON ev.ts >= d.f AND ev.ts < d.t
                    LEFT JOIN conversations c ON c.tenant_id = :tenant AND c.conversation_id = ev.conversation_id
                )
                SELECT %s,
                    COUNT(*) FILTER (WHERE type = 'message.received') AS messages_in,
                    COUNT(*) FILTER (WHERE type = 'message.sent') AS messages_out,
                    COUNT(*) FILTER (WHERE type = 'message.failed') AS messages_failed,
                    COUNT(duration_ms) FILTER (WHERE type = 'response.time_recorded') AS rt_n,
                    AVG(duration_ms) FILTER (WHERE type = 'response.time_recorded') AS rt_avg,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE type = 'response.time_recorded') AS rt_p50,
                    percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE type = 'response.time_recorded') AS rt_p95,
                    percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE type = 'response.time_recorded') AS rt_p99,
                    COUNT(*) FILTER (WHERE type = 'task.created') AS tasks_created,
                    COUNT(*) FILTER (WHERE type = 'task.completed') AS tasks_completed,
                    COUNT(*) FILTER (WHERE type = 'satisfaction.survey_sent') AS surveys_sent,
                    COUNT(*) FILTER (WHERE csat) AS csat_n,
                    AVG(value) FILTER (WHERE csat) AS csat_avg,
                    COUNT(*) FILTER (WHERE csat AND value >= 4) AS csat_good,
                    COUNT(*) FILTER (WHERE csat AND value = 1) AS rating_1,
                    COUNT(*) FILTER (WHERE csat AND value = 2) AS rating_2,
                    COUNT(*) FILTER (WHERE csat AND value = 3) AS rating_3,
                    COUNT(*) FILTER (WHERE csat AND value = 4) AS rating_4,
                    COUNT(*) FILTER (WHERE csat AND value = 5) AS rating_5,
                    COUNT(*) FILTER (WHERE nps) AS nps_n,
                    COUNT(*) FILTER (WHERE nps AND value >= 9) AS nps_promoters,
                    COUNT(*) FILTER (WHERE nps AND value <= 6) AS nps_detractors,
                    COUNT(*) FILTER (WHERE type = 'intent.classified') AS intents,
                    COUNT(*) FILTER (WHERE type = 'intent.confidence_low') AS intents_low,
                    COUNT(*) FILTER (WHERE type = 'semantic_search.query') AS searches,
                    COUNT(*) FILTER (WHERE type = 'semantic_search.query' AND result_count > 0) AS search_hits,
                    COUNT(*) FILTER (WHERE type = 'llm.call') AS llm_calls,
                    COUNT(*) FILTER (WHERE llm_error) AS llm_errors,
                    SUM(tokens) AS llm_tokens,
                    SUM(cost) AS llm_cost,
                    percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE type = 'llm.call') AS llm_p95
                FROM e
                %s
                """.formatted(CSAT, NPS, dialect.toDouble("ev.metadata->>'resultCount'"),
                dialect.toDouble("ev.metadata->>'tokens'"), dialect.toDouble("ev.metadata->>'costUsd'"), breakdown.head,
                breakdown.groupBy);
        return grouped("events", sql, params(tenantId, buckets));
    }

    /**
     * Live-chat facts as {@code GET /api/analytics/livechat} reads them: requests by request time, accepted and waits
     * by accept time, missed by miss time, durations by end time, agent first responses by their time; by day, by
     * agent ({@code unassigned} when none accepted), by group ({@code none}) and in total.
     */
    Grouped liveChats(String tenantId, List<Bucket> buckets, Breakdown breakdown) {
        String sql = days(buckets) + """
                , l AS (
                    SELECT * FROM livechats WHERE tenant_id = :tenant AND (%s OR %s OR %s OR %s OR %s)
                ), m AS (
                    SELECT d.bucket, 'requested' AS k, CAST(NULL AS DOUBLE PRECISION) AS v,
                        COALESCE(l.staff_id, 'unassigned') AS dim1, COALESCE(l.group_id, 'none') AS dim2
                    FROM l JOIN d ON l.requested_at >= d.f AND l.requested_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'accepted', CAST(l.wait_ms AS DOUBLE PRECISION), COALESCE(l.staff_id, 'unassigned'),
                        COALESCE(l.group_id, 'none')
                    FROM l JOIN d ON l.accepted_at >= d.f AND l.accepted_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'missed', NULL, COALESCE(l.staff_id, 'unassigned'), COALESCE(l.group_id, 'none')
                    FROM l JOIN d ON l.missed_at >= d.f AND l.missed_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'ended', CAST(l.duration_ms AS DOUBLE PRECISION), COALESCE(l.staff_id, 'unassigned'),
                        COALESCE(l.group_id, 'none')
                    FROM l JOIN d ON l.ended_at >= d.f AND l.ended_at < d.t
                    UNION ALL
                    SELECT d.bucket, 'afr', CAST(l.agent_first_response_ms AS DOUBLE PRECISION),
                        COALESCE(l.staff_id, 'unassigned'), COALESCE(l.group_id, 'none')
                    FROM l JOIN d ON l.agent_first_response_at >= d.f AND l.agent_first_response_at < d.t
                )
                SELECT %s,
                    COUNT(*) FILTER (WHERE k = 'requested') AS requests,
                    COUNT(*) FILTER (WHERE k = 'accepted') AS accepted,
                    COUNT(*) FILTER (WHERE k = 'missed') AS missed,
                    AVG(v) FILTER (WHERE k = 'accepted') AS wait_avg,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FILTER (WHERE k = 'accepted') AS wait_p50,
                    percentile_cont(0.95) WITHIN GROUP (ORDER BY v) FILTER (WHERE k = 'accepted') AS wait_p95,
                    AVG(v) FILTER (WHERE k = 'ended') AS duration_avg,
                    AVG(v) FILTER (WHERE k = 'afr') AS afr_avg
                FROM m
                %s
                """.formatted(in("requested_at"), in("accepted_at"), in("missed_at"), in("ended_at"),
                in("agent_first_response_at"), breakdown.head, breakdown.groupBy);
        return grouped("live chats", sql, params(tenantId, buckets));
    }

    /**
     * Per staff member over the whole period (the daily_staff_performance definitions, but distinct over the period
     * rather than summed over days): conversations handled = distinct conversations with a {@code response.staff_sent}
     * by them, replies, tasks completed, agent first responses credited to them, CSAT ratings received on
     * conversations they replied in, live chats they accepted and the wait before it.
     */
    List<Row> staff(String tenantId, Instant from, Instant to) {
        String sql = """
                WITH ratings AS (
                    SELECT ev.conversation_id, ev.value FROM events ev
                    WHERE ev.tenant_id = :tenant AND ev.ts >= :from AND ev.ts < :to AND ev.conversation_id IS NOT NULL AND %s
                ), handlers AS (
                    SELECT DISTINCT conversation_id, staff_id FROM events
                    WHERE tenant_id = :tenant AND type = 'response.staff_sent' AND staff_id IS NOT NULL
                        AND conversation_id IN (SELECT conversation_id FROM ratings)
                ), parts AS (
                    SELECT staff_id, CAST(conversation_id AS VARCHAR) AS conv, 1 AS reply, 0 AS task,
                        CAST(NULL AS DOUBLE PRECISION) AS afr, CAST(NULL AS DOUBLE PRECISION) AS rating, 0 AS accepted,
                        CAST(NULL AS DOUBLE PRECISION) AS wait_ms
                    FROM events WHERE tenant_id = :tenant AND ts >= :from AND ts < :to
                        AND type = 'response.staff_sent' AND staff_id IS NOT NULL
                    UNION ALL
                    SELECT staff_id, NULL, 0, 1, NULL, NULL, 0, NULL
                    FROM events WHERE tenant_id = :tenant AND ts >= :from AND ts < :to
                        AND type = 'task.completed' AND staff_id IS NOT NULL
                    UNION ALL
                    SELECT agent_id, NULL, 0, 0, agent_first_response_ms, NULL, 0, NULL
                    FROM conversations WHERE tenant_id = :tenant AND %s AND agent_id IS NOT NULL
                    UNION ALL
                    SELECT h.staff_id, NULL, 0, 0, NULL, r.value, 0, NULL
                    FROM ratings r JOIN handlers h ON h.conversation_id = r.conversation_id
                    UNION ALL
                    SELECT staff_id, NULL, 0, 0, NULL, NULL, 1, wait_ms
                    FROM livechats WHERE tenant_id = :tenant AND %s AND staff_id IS NOT NULL
                )
                SELECT staff_id, COUNT(DISTINCT conv) AS conversations_handled, SUM(reply) AS replies,
                    SUM(task) AS tasks_completed, COUNT(afr) AS afr_n, AVG(afr) AS afr_avg,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY afr) AS afr_p50,
                    COUNT(rating) AS csat_n, AVG(rating) AS csat_avg, SUM(accepted) AS livechats_accepted,
                    AVG(wait_ms) AS wait_avg
                FROM parts GROUP BY staff_id
                ORDER BY COUNT(DISTINCT conv) DESC, SUM(reply) DESC, staff_id
                """.formatted(CSAT, in("agent_first_response_at"), in("accepted_at"));
        return rows("staff", sql, range(tenantId, from, to));
    }

    /**
     * Per intent over the period (the daily_intent_distribution definitions): classifications and their mean
     * confidence, low-confidence and action-taken events, and distinct conversations escalated in the period in
     * which the intent was classified.
     */
    List<Row> intents(String tenantId, Instant from, Instant to) {
        String sql = """
                WITH parts AS (
                    SELECT intent,
                        CASE WHEN type = 'intent.classified' THEN 1 ELSE 0 END AS classified,
                        CASE WHEN type = 'intent.classified' THEN value END AS confidence,
                        CASE WHEN type = 'intent.confidence_low' THEN 1 ELSE 0 END AS low,
                        CASE WHEN type = 'intent.action_taken' THEN 1 ELSE 0 END AS acted,
                        CAST(NULL AS VARCHAR) AS escalated_conv
                    FROM events WHERE tenant_id = :tenant AND ts >= :from AND ts < :to AND intent IS NOT NULL
                        AND type IN ('intent.classified', 'intent.confidence_low', 'intent.action_taken')
                    UNION ALL
                    SELECT e.intent, 0, NULL, 0, 0, e.conversation_id
                    FROM conversations c JOIN events e ON e.tenant_id = c.tenant_id AND e.conversation_id = c.conversation_id
                    WHERE c.tenant_id = :tenant AND c.escalated_at >= :from AND c.escalated_at < :to
                        AND e.type = 'intent.classified' AND e.intent IS NOT NULL AND e.ts >= c.first_event_at
                )
                SELECT intent, SUM(classified) AS classified, AVG(confidence) AS confidence_avg,
                    SUM(low) AS low_confidence, SUM(acted) AS action_taken,
                    COUNT(DISTINCT escalated_conv) AS escalated
                FROM parts GROUP BY intent
                HAVING SUM(classified) + SUM(low) + SUM(acted) + COUNT(DISTINCT escalated_conv) > 0
                ORDER BY SUM(classified) DESC, intent
                """;
        return rows("intents", sql, range(tenantId, from, to));
    }

    /** The newest event of the tenant in [from, to): what the report's numbers are "as of". */
    Optional<Instant> newestEvent(String tenantId, Instant from, Instant to) {
        List<Instant> newest = jdbc.query("SELECT MAX(ts) AS newest FROM events WHERE tenant_id = :tenant "
                + "AND ts >= :from AND ts < :to", range(tenantId, from, to), (rs, i) -> {
                    OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                    return t == null ? null : t.toInstant();
                });
        return newest.isEmpty() ? Optional.empty() : Optional.ofNullable(newest.get(0));
    }

    /**
     * Conversations started in [from, to), oldest first, one facts row each: for the conversation-level export.
     * The callback sees each row once; nothing is held in memory.
     */
    void eachConversation(String tenantId, Instant from, Instant to, ConversationSink sink) {
        jdbc.query("""
                SELECT conversation_id, channel, bot_id, user_id, started_at, first_inbound_at, first_response_at,
                    first_response_ms, escalated_at, agent_id, agent_first_response_ms, resolved_at, resolution_ms,
                    closed_at, last_activity_at, messages_in, messages_out, staff_replies, staff_ids, last_csat,
                    ai_handled
                FROM conversations WHERE tenant_id = :tenant AND started_at >= :from AND started_at < :to
                ORDER BY started_at, conversation_id
                """, range(tenantId, from, to), rs -> {
                    sink.accept(new ConversationFacts(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), instant(rs, 5), instant(rs, 6), instant(rs, 7), longOrNull(rs, 8),
                            instant(rs, 9), rs.getString(10), longOrNull(rs, 11), instant(rs, 12), longOrNull(rs, 13),
                            instant(rs, 14), instant(rs, 15), rs.getLong(16), rs.getLong(17), rs.getLong(18),
                            rs.getString(19), doubleOrNull(rs, 20), rs.getBoolean(21)));
                });
    }

    /** Receives the conversations of an export one by one. */
    @FunctionalInterface
    interface ConversationSink {
        void accept(ConversationFacts conversation);
    }

    /** One conversation's facts (SPEC §4) as the conversation-level export lists them. */
    record ConversationFacts(String id, String channel, String botId, String userId, Instant startedAt,
            Instant firstInboundAt, Instant firstResponseAt, Long firstResponseMs, Instant escalatedAt, String agentId,
            Long agentFirstResponseMs, Instant resolvedAt, Long resolutionMs, Instant closedAt, Instant lastActivityAt,
            long messagesIn, long messagesOut, long staffReplies, String staffIds, Double lastCsat, boolean aiHandled) {

        /** The status the feed and the live socket show: resolved, closed, escalated or active. */
        String status() {
            return resolvedAt != null ? "resolved" : closedAt != null ? "closed" : escalatedAt != null ? "escalated" : "active";
        }
    }

    /** Runs a grouped query; at debug level logs how long it took (a report's time is mostly these queries). */
    private Grouped grouped(String name, String sql, MapSqlParameterSource params) {
        long started = System.nanoTime();
        try {
            return groupedRows(sql, params);
        } finally {
            if (log.isDebugEnabled()) log.debug("{} read in {} ms", name, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private Grouped groupedRows(String sql, MapSqlParameterSource params) {
        Map<LocalDate, Row> days = new LinkedHashMap<>();
        Map<String, Row> byFirst = new LinkedHashMap<>();
        Map<String, Row> bySecond = new LinkedHashMap<>();
        Row[] total = {Row.empty()};
        jdbc.query(sql, params, rs -> {
            Row row = row(rs);
            if (rs.getInt("g_bucket") == 0) {
                days.put(LocalDate.parse(rs.getString("bucket")), row);
            } else if (rs.getInt("g_dim1") == 0) {
                byFirst.put(rs.getString("dim1"), row);
            } else if (rs.getInt("g_dim2") == 0) {
                String key = rs.getString("dim2");
                if (key != null) bySecond.put(key, row);
            } else {
                total[0] = row;
            }
        });
        return new Grouped(days, byFirst, bySecond, total[0]);
    }

    private List<Row> rows(String name, String sql, MapSqlParameterSource params) {
        long started = System.nanoTime();
        try {
            return jdbc.query(sql, params, (rs, i) -> row(rs));
        } finally {
            if (log.isDebugEnabled()) log.debug("{} read in {} ms", name, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> values = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (v instanceof java.math.BigDecimal b) v = b.doubleValue();
            else if (v instanceof java.math.BigInteger b) v = b.longValue();
            else if (v instanceof Integer n) v = n.longValue();
            else if (v instanceof Float f) v = f.doubleValue();
            else if (v != null && !(v instanceof Number) && !(v instanceof String)) v = v.toString();
            values.put(name, v);
        }
        return new Row(values);
    }

    /** A CTE {@code d(bucket, f, t)} of the buckets, with bound values. */
    private static String days(List<Bucket> buckets) {
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < buckets.size(); i++) {
            values.add("(CAST(:d" + i + " AS DATE), CAST(:f" + i + " AS TIMESTAMPTZ), CAST(:t" + i + " AS TIMESTAMPTZ))");
        }
        return "WITH d (bucket, f, t) AS (VALUES " + values + ")";
    }

    private static MapSqlParameterSource params(String tenantId, List<Bucket> buckets) {
        if (buckets.isEmpty()) throw new IllegalArgumentException("no buckets");
        MapSqlParameterSource p = range(tenantId, buckets.get(0).from(), buckets.get(buckets.size() - 1).to());
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            p.addValue("d" + i, b.day().toString()).addValue("f" + i, utc(b.from())).addValue("t" + i, utc(b.to()));
        }
        return p;
    }

    private static MapSqlParameterSource range(String tenantId, Instant from, Instant to) {
        return new MapSqlParameterSource().addValue("tenant", tenantId).addValue("from", utc(from)).addValue("to", utc(to));
    }

    /** Count, mean and exact p50/p95 of {@code v} over the rows of kind {@code k}, as {@code <prefix>_n|avg|p50|p95}. */
    private static String durations(String k, String prefix) {
        String f = "FILTER (WHERE k = '" + k + "')";
        return ("COUNT(v) %1$s AS %2$s_n, AVG(v) %1$s AS %2$s_avg, "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY v) %1$s AS %2$s_p50, "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY v) %1$s AS %2$s_p95").formatted(f, prefix);
    }

    private static String in(String column) {
        return "(" + column + " >= :from AND " + column + " < :to)";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static List<Bucket> buckets(ReportPeriod period) {
        List<Bucket> buckets = new ArrayList<>();
        for (LocalDate day : period.days()) {
            buckets.add(new Bucket(day, day.atStartOfDay(period.zone()).toInstant(),
                    day.plusDays(1).atStartOfDay(period.zone()).toInstant()));
        }
        return buckets;
    }

    /** The whole period as one bucket, labelled with its first day. */
    static List<Bucket> whole(ReportPeriod period) {
        return List.of(new Bucket(period.start(), period.from(), period.to()));
    }
}
