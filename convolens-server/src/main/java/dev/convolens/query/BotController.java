package dev.convolens.query;

import dev.convolens.system.ApiNumbers;
import dev.convolens.rollup.DailyBotPerformance;
import dev.convolens.rollup.Granularity;
import dev.convolens.storage.RetentionProperties;
import dev.convolens.system.ApiException;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 002's bot routes. The performance summary adds up the bot's stored days (daily_bot_performance, whole local
 * days the table covers) and the same family's measures over the rest of the range (computed from facts and raw
 * events by {@link DailyBotPerformance#measure}), so every rate is a ratio of exact totals; its percentiles are
 * exact over the range's samples. The percentile route always reads raw events.
 */
@RestController
class BotController {
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);

    private final NamedParameterJdbcTemplate jdbc;
    private final SeriesEngine engine;
    private final MetricCatalog catalog;
    private final DailyBotPerformance family;
    private final TenantService tenants;
    private final Clock clock;
    private final Duration rawRetention;

    BotController(DataSource dataSource, SeriesEngine engine, MetricCatalog catalog, DailyBotPerformance family,
            TenantService tenants, Clock clock, RetentionProperties retention) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.engine = engine;
        this.catalog = catalog;
        this.family = family;
        this.tenants = tenants;
        this.clock = clock;
        this.rawRetention = Duration.ofDays(retention.rawEvents());
    }

    @Operation(summary = "A bot's performance over a range: conversations, messages, response times (avg and exact "
            + "p50/p95/p99), success, error, fallback, handoff and KB-hit rates, LLM calls, tokens and cost, "
            + "satisfaction; 404 when the tenant has no data for the bot")
    @GetMapping("/api/analytics/bot/{botId}/performance")
    Map<String, Object> performance(Caller caller,
            @Parameter(description = "the bot (botId of the events)") @PathVariable String botId,
            @Parameter(description = "the tenant (admin key only)") @RequestParam(required = false) String tenantId,
            @Parameter(description = "start: a local date (2026-11-01) or an instant with offset; default 7 days before endDate")
            @RequestParam(required = false) String startDate,
            @Parameter(description = "end, exclusive: an instant, or a local date meaning the end of that day; default now")
            @RequestParam(required = false) String endDate,
            @Parameter(description = "previous: also the previous period of equal length and the % change of each number; a "
                    + "range ending after now is compared with the same elapsed part of the previous one (partial: true)")
            @RequestParam(required = false) String compare) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        Instant now = clock.instant();
        QueryRange range = QueryRange.parse("startDate", startDate, "endDate", endDate, tenant.timezone(), now,
                end -> end.minus(DEFAULT_RANGE));
        boolean compared = Params.comparePrevious(compare);
        requireBot(tenant, botId);
        RollupCoverage coverage = engine.coverage(tenant, now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("botId", botId);
        out.put("timezone", tenant.timezone().getId());
        out.putAll(summary(tenant, botId, range, coverage));
        if (compared) {
            QueryRange.Comparison comparison = range.comparedWith(tenant.timezone(), now);
            QueryRange before = comparison.previous();
            Map<String, Object> previous = summary(tenant, botId, before, coverage);
            Map<String, Object> change = new LinkedHashMap<>();
            for (String key : previous.keySet()) {
                if (previous.get(key) instanceof String || previous.get(key) instanceof List<?>) continue;
                change.put(key, Change.percent((Number) out.get(key), (Number) previous.get(key)));
            }
            out.put("previousFrom", before.from().toString());
            out.put("previousTo", before.to().toString());
            out.put("comparedTo", comparison.current().to().toString());
            out.put("partial", comparison.partial());
            out.put("previous", previous);
            out.put("change", change);
        }
        return out;
    }

    @Operation(summary = "Exact p50, p95 and p99 of a bot's reply response times from raw events (response.time_recorded, "
            + "or derived from messages for conversations without it); "
            + "404 when the tenant has no data for the bot")
    @GetMapping("/api/analytics/bot/{botId}/percentiles")
    Map<String, Object> percentiles(Caller caller,
            @Parameter(description = "the bot (botId of the events)") @PathVariable String botId,
            @Parameter(description = "the tenant (admin key only)") @RequestParam(required = false) String tenantId,
            @Parameter(description = "start: a local date or an instant with offset; default 7 days before to")
            @RequestParam(required = false) String from,
            @Parameter(description = "end, exclusive: an instant, or a local date meaning the end of that day; default now")
            @RequestParam(required = false) String to,
            @Parameter(description = "only this channel") @RequestParam(required = false) String channel) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        QueryRange range = QueryRange.parse(from, to, tenant.timezone(), clock.instant(), DEFAULT_RANGE);
        String ch = Params.channel(channel);
        requireBot(tenant, botId);
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenant.id())
                .addValue("from", SeriesEngine.utc(range.from())).addValue("to", SeriesEngine.utc(range.to()))
                .addValue("bot", botId).addValue("channel", ch);
        String samples = catalog.get("response_time.p50").samples().sql(true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("botId", botId);
        out.put("timezone", tenant.timezone().getId());
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("channel", ch);
        jdbc.query("SELECT COUNT(s.num), AVG(s.num), percentile_cont(0.5) WITHIN GROUP (ORDER BY s.num), "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY s.num), percentile_cont(0.99) WITHIN GROUP (ORDER BY s.num) "
                + "FROM (" + samples + ") s WHERE s.bot = :bot" + (ch == null ? "" : " AND s.channel = :channel"), params,
                rs -> {
                    out.put("samples", rs.getLong(1));
                    out.put("avg", number(rs, 2));
                    out.put("p50", number(rs, 3));
                    out.put("p95", number(rs, 4));
                    out.put("p99", number(rs, 5));
                });
        return out;
    }

    /** 404 unless the tenant has a conversation, a stored day or an event of the bot. */
    private void requireBot(Tenant tenant, String botId) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenant.id()).addValue("bot", botId);
        for (String table : List.of("conversations", DailyBotPerformance.TABLE, "events")) {
            Boolean found = jdbc.query("SELECT 1 FROM " + table + " WHERE tenant_id = :tenant AND bot_id = :bot LIMIT 1",
                    params, ResultSet::next);
            if (Boolean.TRUE.equals(found)) return;
        }
        throw ApiException.notFound("tenant '" + tenant.id() + "' has no data for bot '" + botId + "'");
    }

    // ---- the summary ----

    /** Additive totals of the family's measures. */
    private static final class Totals {
        double conversations, escalated, messagesIn, messagesOut, messagesFailed, timed, timedSumMs, intents,
                lowConfidence, searches, searchHits, llmCalls, llmErrors, tokens, cost, conversationMessages,
                conversationMs, ratings, ratingSum;

        void addStoredDays(ResultSet rs) throws SQLException {
            conversations += d(rs, "conversations");
            escalated += d(rs, "escalated");
            messagesIn += d(rs, "messages_in");
            messagesOut += d(rs, "messages_out");
            messagesFailed += d(rs, "messages_failed");
            timed += d(rs, "timed");
            timedSumMs += d(rs, "timed_sum");
            intents += d(rs, "intents");
            lowConfidence += d(rs, "low_confidence");
            searches += d(rs, "searches");
            searchHits += d(rs, "search_hits");
            llmCalls += d(rs, "llm_calls");
            llmErrors += d(rs, "llm_errors");
            tokens += d(rs, "tokens");
            cost += d(rs, "cost");
            conversationMessages += d(rs, "conversation_messages");
            conversationMs += d(rs, "conversation_ms");
            ratings += d(rs, "ratings");
            ratingSum += d(rs, "rating_sum");
        }

        /** A row of the family's columns over a range: averages become sums again (their counts are in the row). */
        void addMeasured(Map<String, Object> row) {
            double started = d(row, "conversations");
            conversations += started;
            escalated += d(row, "conversations_escalated");
            messagesIn += d(row, "messages_in");
            messagesOut += d(row, "messages_out");
            messagesFailed += d(row, "messages_failed");
            timed += d(row, "response_time_samples");
            timedSumMs += d(row, "response_time_sum_ms");
            intents += d(row, "intents_classified");
            lowConfidence += d(row, "intents_low_confidence");
            searches += d(row, "searches");
            searchHits += d(row, "search_hits");
            llmCalls += d(row, "llm_calls");
            llmErrors += d(row, "llm_errors");
            tokens += d(row, "llm_tokens");
            cost += d(row, "llm_cost_usd");
            conversationMessages += Math.round(d(row, "messages_per_conversation") * started);
            conversationMs += Math.round(d(row, "avg_conversation_duration_ms") * started);
            double count = d(row, "satisfaction_count");
            ratings += count;
            ratingSum += Math.round(d(row, "satisfaction_avg") * count);
        }

        private static double d(ResultSet rs, String column) throws SQLException {
            Object v = rs.getObject(column);
            return v == null ? 0 : ((Number) v).doubleValue();
        }

        private static double d(Map<String, Object> row, String column) {
            Object v = row.get(column);
            return v == null ? 0 : ((Number) v).doubleValue();
        }
    }

    private Map<String, Object> summary(Tenant tenant, String botId, QueryRange range, RollupCoverage coverage) {
        ZoneId zone = tenant.timezone();
        Totals t = new Totals();
        Set<String> sources = new LinkedHashSet<>();
        // whole local days inside the range that the table covers
        Instant until = coverage.until(MetricCatalog.BOT_PERFORMANCE);
        Instant a = coverage.isBoundary(range.from(), Granularity.DAY) ? range.from()
                : Granularity.DAY.periodOf(range.from(), zone).to();
        Instant b = until == null ? a : coverage.floor(range.to().isBefore(until) ? range.to() : until, Granularity.DAY);
        List<QueryRange> rest = new ArrayList<>();
        if (a.isBefore(b)) {
            MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenant.id()).addValue("bot", botId)
                    .addValue("from", SeriesEngine.utc(a)).addValue("to", SeriesEngine.utc(b));
            jdbc.query("""
                    SELECT SUM(conversations) AS conversations, SUM(conversations_escalated) AS escalated,
                        SUM(messages_in) AS messages_in, SUM(messages_out) AS messages_out,
                        SUM(messages_failed) AS messages_failed, SUM(response_time_samples) AS timed,
                        SUM(response_time_sum_ms) AS timed_sum, SUM(intents_classified) AS intents,
                        SUM(intents_low_confidence) AS low_confidence, SUM(searches) AS searches,
                        SUM(search_hits) AS search_hits, SUM(llm_calls) AS llm_calls, SUM(llm_errors) AS llm_errors,
                        SUM(llm_tokens) AS tokens, SUM(llm_cost_usd) AS cost,
                        SUM(ROUND(messages_per_conversation * conversations)) AS conversation_messages,
                        SUM(ROUND(avg_conversation_duration_ms * conversations)) AS conversation_ms,
                        SUM(satisfaction_count) AS ratings, SUM(ROUND(satisfaction_avg * satisfaction_count)) AS rating_sum
                    FROM daily_bot_performance
                    WHERE tenant_id = :tenant AND bot_id = :bot AND period_start >= :from AND period_start < :to
                    """, params, rs -> {
                        t.addStoredDays(rs);
                    });
            sources.add(DailyBotPerformance.TABLE);
            if (range.from().isBefore(a)) rest.add(new QueryRange(range.from(), a));
            if (b.isBefore(range.to())) rest.add(new QueryRange(b, range.to()));
        } else {
            rest.add(range);
        }
        for (QueryRange r : rest) {
            family.measure(tenant, botId, r.from(), r.to()).ifPresent(t::addMeasured);
            sources.add("events");
        }

        Slice slice = new Slice(null, botId, null);
        Bucket whole = Bucket.of("range", range.from(), range.to(), Granularity.DAY, zone);
        boolean exact = whole.whole() || !range.from().isBefore(coverage.now().minus(rawRetention));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("totalConversations", Math.round(t.conversations));
        out.put("conversationsEscalated", Math.round(t.escalated));
        out.put("totalMessages", Math.round(t.messagesIn + t.messagesOut));
        out.put("messagesReceived", Math.round(t.messagesIn));
        out.put("messagesSent", Math.round(t.messagesOut));
        out.put("messagesFailed", Math.round(t.messagesFailed));
        out.put("timedResponses", Math.round(t.timed));
        out.put("avgResponseTimeMs", ApiNumbers.whole(ratio(t.timedSumMs, t.timed)));
        for (String p : List.of("p50", "p95", "p99")) {
            out.put("responseTime" + p.toUpperCase() + "Ms",
                    exact ? ApiNumbers.whole(percentile("response_time." + p, whole, slice, coverage)) : null);
        }
        out.put("successRate", t.messagesOut == 0 ? null : ApiNumbers.fraction(1 - t.messagesFailed / t.messagesOut));
        out.put("errorRate", ApiNumbers.fraction(ratio(t.messagesFailed, t.messagesOut)));
        out.put("fallbackRate", ApiNumbers.fraction(ratio(t.lowConfidence, t.intents)));
        out.put("handoffRate", ApiNumbers.fraction(ratio(t.escalated, t.conversations)));
        out.put("kbHitRate", ApiNumbers.fraction(ratio(t.searchHits, t.searches)));
        out.put("llmCalls", Math.round(t.llmCalls));
        out.put("llmErrorRate", ApiNumbers.fraction(ratio(t.llmErrors, t.llmCalls)));
        out.put("llmLatencyP95Ms", exact ? ApiNumbers.whole(percentile("llm.latency.p95", whole, slice, coverage)) : null);
        out.put("tokens", Math.round(t.tokens));
        out.put("costUsd", ApiNumbers.usd(t.cost));
        out.put("costPerConversation", ApiNumbers.usd(ratio(t.cost, t.conversations)));
        out.put("avgMessagesPerConversation", ApiNumbers.percent(ratio(t.conversationMessages, t.conversations)));
        out.put("avgConversationDurationMs", ApiNumbers.whole(ratio(t.conversationMs, t.conversations)));
        out.put("satisfactionResponses", Math.round(t.ratings));
        out.put("satisfactionAvg", ApiNumbers.percent(ratio(t.ratingSum, t.ratings)));
        out.put("sources", List.copyOf(sources));
        return out;
    }

    private Double percentile(String metric, Bucket whole, Slice slice, RollupCoverage coverage) {
        return engine.totals(catalog.get(metric), whole, slice, coverage, null, false).get(SeriesEngine.ALL);
    }

    private static Double ratio(double num, double den) {
        return den == 0 ? null : num / den;
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).doubleValue();
    }
}
