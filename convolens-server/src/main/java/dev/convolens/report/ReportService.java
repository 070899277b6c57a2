package dev.convolens.report;

import dev.convolens.report.ReportData.Breakdown;
import dev.convolens.report.ReportData.Bucket;
import dev.convolens.report.ReportData.Grouped;
import dev.convolens.report.ReportData.Row;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Builds a {@link Report}: reads the period (and, for the summary's changes, the previous period, or its same part
 * while the period is still open: {@link ReportPeriod#compared}) through
 * {@link ReportData} once, and lays the numbers out as the sections of SPEC §9. Every renderer reads only this model,
 * so a number is the same in the PDF, the workbook, the CSV and the JSON.
 */
@Service
public class ReportService {
    private static final Logger log = LoggerFactory.getLogger(ReportService.class);
    /** Intents listed in top_intents. */
    static final int TOP_INTENTS = 10;

    private final ReportData data;
    private final TenantService tenants;
    private final Clock clock;

    ReportService(ReportData data, TenantService tenants, Clock clock) {
        this.data = data;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** The report of one tenant over the period, with the sections asked for (in report order). */
    public Report generate(String tenantId, ReportPeriod period, Set<Section> sections) {
        long startedNanos = System.nanoTime();
        Tenant tenant = tenants.get(tenantId);
        Instant generatedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Bucket> days = ReportData.buckets(period);
        boolean needConversations = anyOf(sections, Section.SUMMARY, Section.CONVERSATIONS, Section.RESPONSE_TIMES,
                Section.CHANNEL_BREAKDOWN, Section.BOT_PERFORMANCE);
        boolean needEvents = anyOf(sections, Section.SUMMARY, Section.CONVERSATIONS, Section.RESPONSE_TIMES,
                Section.SATISFACTION, Section.CHANNEL_BREAKDOWN, Section.BOT_PERFORMANCE);
        boolean needLiveChats = anyOf(sections, Section.SUMMARY, Section.LIVE_CHAT);
        Breakdown byChannelAndBot = anyOf(sections, Section.SATISFACTION, Section.CHANNEL_BREAKDOWN, Section.BOT_PERFORMANCE)
                ? Breakdown.FULL : Breakdown.DAYS;
        Grouped conv = needConversations ? data.conversations(tenantId, days, byChannelAndBot) : null;
        Grouped ev = needEvents ? data.events(tenantId, days, byChannelAndBot) : null;
        Grouped lc = needLiveChats ? data.liveChats(tenantId, days,
                sections.contains(Section.LIVE_CHAT) ? Breakdown.FULL : Breakdown.DAYS) : null;

        List<SectionData> out = new ArrayList<>();
        for (Section section : sections) {
            out.add(switch (section) {
                case SUMMARY -> summary(tenantId, period, period.compared(generatedAt), conv, ev, lc);
                case CONVERSATIONS -> conversations(period, conv, ev);
                case RESPONSE_TIMES -> responseTimes(period, conv, ev);
                case STAFF_PERFORMANCE -> staff(data.staff(tenantId, period.from(), period.to()));
                case SATISFACTION -> satisfaction(period, ev);
                case TOP_INTENTS -> intents(data.intents(tenantId, period.from(), period.to()));
                case CHANNEL_BREAKDOWN -> channels(conv, ev);
                case LIVE_CHAT -> liveChat(period, lc);
                case BOT_PERFORMANCE -> bots(conv, ev);
            });
        }
        Instant dataAsOf = data.newestEvent(tenantId, period.from(), period.to()).orElse(null);
        if (log.isDebugEnabled()) {
            log.debug("report of {} over {} ({} sections) read in {} ms", tenantId, period.key(), sections.size(),
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
        return new Report(tenant.id(), tenant.name(), period, generatedAt, dataAsOf, List.copyOf(out));
    }

    // --- sections ---------------------------------------------------------------------------------------------

    private SectionData summary(String tenantId, ReportPeriod period, ReportPeriod.Compared compared, Grouped conv, Grouped ev, Grouped lc) {
        List<Bucket> before = List.of(new Bucket(LocalDate.ofInstant(compared.previousFrom(), compared.zone()),
                compared.previousFrom(), compared.previousTo()));
        Row c = conv.total(), e = ev.total(), l = lc.total();
        Row pc = data.conversations(tenantId, before, Breakdown.TOTAL).total();
        Row pe = data.events(tenantId, before, Breakdown.TOTAL).total();
        Row pl = data.liveChats(tenantId, before, Breakdown.TOTAL).total();
        List<Figure> figures = List.of(
                new Figure("conversationsStarted", "Conversations", Kind.COUNT, c.count("started"), pc.count("started"), false),
                new Figure("messagesIn", "Messages received", Kind.COUNT, e.count("messages_in"), pe.count("messages_in"), false),
                new Figure("messagesOut", "Messages sent", Kind.COUNT, e.count("messages_out"), pe.count("messages_out"), false),
                new Figure("firstResponseP50Ms", "First response (median)", Kind.MILLIS, c.millis("fr_p50"), pc.millis("fr_p50"), true),
                new Figure("csatScore", "CSAT score", Kind.PERCENT, csatScore(e), csatScore(pe), false),
                new Figure("aiResolutionRate", "AI resolution rate", Kind.RATE, rate(c.count("ai_handled"), c.count("resolved")),
                        rate(pc.count("ai_handled"), pc.count("resolved")), false),
                new Figure("escalationRate", "Escalation rate", Kind.RATE, rate(c.count("escalated"), c.count("started")),
                        rate(pc.count("escalated"), pc.count("started")), true),
                new Figure("livechatMissedRate", "Missed live chats", Kind.RATE, rate(l.count("missed"), l.count("requests")),
                        rate(pl.count("missed"), pl.count("requests")), true),
                new Figure("conversationsResolved", "Conversations resolved", Kind.COUNT, c.count("resolved"), pc.count("resolved"), false),
                new Figure("conversationsEscalated", "Conversations escalated", Kind.COUNT, c.count("escalated"), pc.count("escalated"), true),
                new Figure("conversationsAiHandled", "Resolved by AI alone", Kind.COUNT, c.count("ai_handled"), pc.count("ai_handled"), false),
                new Figure("firstResponseAvgMs", "First response (average)", Kind.MILLIS, c.millis("fr_avg"), pc.millis("fr_avg"), true),
                new Figure("firstResponseP95Ms", "First response (95th percentile)", Kind.MILLIS, c.millis("fr_p95"), pc.millis("fr_p95"), true),
                new Figure("responseTimeAvgMs", "Reply response time (average)", Kind.MILLIS, e.millis("rt_avg"), pe.millis("rt_avg"), true),
                new Figure("responseTimeP95Ms", "Reply response time (95th percentile)", Kind.MILLIS, e.millis("rt_p95"), pe.millis("rt_p95"), true),
                new Figure("resolutionAvgMs", "Resolution time (average)", Kind.MILLIS, c.millis("res_avg"), pc.millis("res_avg"), true),
                new Figure("csatAvg", "Average rating (1-5)", Kind.DECIMAL, e.number("csat_avg"), pe.number("csat_avg"), false),
                new Figure("nps", "NPS", Kind.DECIMAL, nps(e), nps(pe), false),
                new Figure("livechatRequests", "Live-chat requests", Kind.COUNT, l.count("requests"), pl.count("requests"), false),
                new Figure("livechatWaitAvgMs", "Live-chat wait (average)", Kind.MILLIS, l.millis("wait_avg"), pl.millis("wait_avg"), true),
                new Figure("tasksCompleted", "Tasks completed", Kind.COUNT, e.count("tasks_completed"), pe.count("tasks_completed"), false));
        return new SectionData(Section.SUMMARY, figures, List.of(volumeDays(period, conv, ev)));
    }

    /** Conversations and messages per day: the cover's volume chart and the CSV's first columns. */
    private static Table volumeDays(ReportPeriod period, Grouped conv, Grouped ev) {
        List<Column> columns = List.of(date(), count("conversationsStarted", "Started"),
                count("conversationsResolved", "Resolved"), count("conversationsEscalated", "Escalated"),
                count("messagesIn", "Messages received"), count("messagesOut", "Messages sent"));
        Function<Row[], List<Object>> values = r -> Arrays.asList(r[0].count("started"), r[0].count("resolved"),
                r[0].count("escalated"), r[1].count("messages_in"), r[1].count("messages_out"));
        return days("days", "Conversations and messages per day", columns, period, values, conv, ev);
    }

    private static SectionData conversations(ReportPeriod period, Grouped conv, Grouped ev) {
        Row c = conv.total(), e = ev.total();
        List<Figure> figures = List.of(
                figure("conversationsStarted", "Started", Kind.COUNT, c.count("started")),
                figure("conversationsResolved", "Resolved", Kind.COUNT, c.count("resolved")),
                figure("conversationsEscalated", "Escalated", Kind.COUNT, c.count("escalated")),
                figure("conversationsAiHandled", "Resolved by AI alone", Kind.COUNT, c.count("ai_handled")),
                figure("escalationRate", "Escalation rate", Kind.RATE, rate(c.count("escalated"), c.count("started"))),
                figure("aiResolutionRate", "AI resolution rate", Kind.RATE, rate(c.count("ai_handled"), c.count("resolved"))),
                figure("messagesIn", "Messages received", Kind.COUNT, e.count("messages_in")),
                figure("messagesOut", "Messages sent", Kind.COUNT, e.count("messages_out")));
        List<Column> columns = List.of(date(), count("conversationsStarted", "Started"),
                count("conversationsResolved", "Resolved"), count("conversationsEscalated", "Escalated"),
                count("conversationsAiHandled", "Resolved by AI"), count("messagesIn", "Messages received"),
                count("messagesOut", "Messages sent"), millis("resolutionAvgMs", "Resolution time (avg)"));
        Function<Row[], List<Object>> values = r -> Arrays.asList(r[0].count("started"), r[0].count("resolved"),
                r[0].count("escalated"), r[0].count("ai_handled"), r[1].count("messages_in"),
                r[1].count("messages_out"), r[0].millis("res_avg"));
        return new SectionData(Section.CONVERSATIONS, figures,
                List.of(days("days", "Conversations per day", columns, period, values, conv, ev)));
    }

    private static SectionData responseTimes(ReportPeriod period, Grouped conv, Grouped ev) {
        Row c = conv.total(), e = ev.total();
        List<Figure> figures = List.of(
                figure("responseTimeAvgMs", "Reply response time (average)", Kind.MILLIS, e.millis("rt_avg")),
                figure("responseTimeP50Ms", "Reply response time (median)", Kind.MILLIS, e.millis("rt_p50")),
                figure("responseTimeP95Ms", "Reply response time (95th percentile)", Kind.MILLIS, e.millis("rt_p95")),
                figure("responseTimeP99Ms", "Reply response time (99th percentile)", Kind.MILLIS, e.millis("rt_p99")),
                figure("firstResponseAvgMs", "First response (average)", Kind.MILLIS, c.millis("fr_avg")),
                figure("firstResponseP50Ms", "First response (median)", Kind.MILLIS, c.millis("fr_p50")),
                figure("firstResponseP95Ms", "First response (95th percentile)", Kind.MILLIS, c.millis("fr_p95")));
        List<Column> columns = List.of(date(), count("responses", "Replies timed"),
                millis("responseTimeAvgMs", "Avg"), millis("responseTimeP50Ms", "Median"),
                millis("responseTimeP95Ms", "95th pct"), millis("responseTimeP99Ms", "99th pct"),
                count("firstResponses", "First responses"), millis("firstResponseAvgMs", "First resp. avg"),
                millis("firstResponseP50Ms", "First resp. median"), millis("firstResponseP95Ms", "First resp. 95th pct"));
        Function<Row[], List<Object>> values = r -> Arrays.asList(r[1].count("rt_n"), r[1].millis("rt_avg"),
                r[1].millis("rt_p50"), r[1].millis("rt_p95"), r[1].millis("rt_p99"),
                r[0].count("fr_n"), r[0].millis("fr_avg"), r[0].millis("fr_p50"),
                r[0].millis("fr_p95"));
        Table perDay = days("days", "Response times per day", columns, period, values, conv, ev);
        List<Column> measureColumns = List.of(text("measure", "Measure"), count("samples", "Samples"),
                millis("avgMs", "Average"), millis("p50Ms", "Median"), millis("p95Ms", "95th percentile"));
        List<List<Object>> measures = List.of(
                Arrays.asList("Reply response time", e.count("rt_n"), e.millis("rt_avg"), e.millis("rt_p50"), e.millis("rt_p95")),
                Arrays.asList("First response", c.count("fr_n"), c.millis("fr_avg"), c.millis("fr_p50"), c.millis("fr_p95")),
                Arrays.asList("Agent first response (from handoff)", c.count("afr_n"), c.millis("afr_avg"), c.millis("afr_p50"), c.millis("afr_p95")),
                Arrays.asList("Resolution time", c.count("res_n"), c.millis("res_avg"), c.millis("res_p50"), c.millis("res_p95")));
        return new SectionData(Section.RESPONSE_TIMES, figures,
                List.of(perDay, new Table("measures", "Over the period", measureColumns, measures, null)));
    }

    private static SectionData staff(List<Row> rows) {
        List<Column> columns = List.of(text("staffId", "Agent"), count("conversationsHandled", "Conversations"),
                count("replies", "Replies"), count("tasksCompleted", "Tasks done"),
                count("agentFirstResponses", "Handoffs answered"), millis("agentFirstResponseAvgMs", "First resp. avg"),
                millis("agentFirstResponseP50Ms", "First resp. median"), count("csatRatings", "Ratings"),
                decimal("csatAvg", "Avg rating"), count("livechatsAccepted", "Live chats"),
                millis("livechatWaitAvgMs", "Chat wait avg"));
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(Arrays.asList(r.text("staff_id"), r.count("conversations_handled"), r.count("replies"),
                    r.count("tasks_completed"), r.count("afr_n"), r.millis("afr_avg"), r.millis("afr_p50"),
                    r.count("csat_n"), r.number("csat_avg"), r.count("livechats_accepted"), r.millis("wait_avg")));
        }
        List<Figure> figures = List.of(figure("agents", "Agents active", Kind.COUNT, (long) rows.size()));
        return new SectionData(Section.STAFF_PERFORMANCE, figures, List.of(new Table("staff", "Agents", columns, out, null)));
    }

    private static SectionData satisfaction(ReportPeriod period, Grouped ev) {
        Row e = ev.total();
        List<Figure> figures = List.of(
                figure("csatScore", "CSAT score", Kind.PERCENT, csatScore(e)),
                figure("csatAvg", "Average rating (1-5)", Kind.DECIMAL, e.number("csat_avg")),
                figure("csatResponses", "CSAT ratings", Kind.COUNT, e.count("csat_n")),
                figure("surveysSent", "Surveys sent", Kind.COUNT, e.count("surveys_sent")),
                figure("nps", "NPS", Kind.DECIMAL, nps(e)),
                figure("npsResponses", "NPS ratings", Kind.COUNT, e.count("nps_n")));
        List<Column> dayColumns = List.of(date(), count("surveysSent", "Surveys sent"), count("csatResponses", "Ratings"),
                decimal("csatAvg", "Avg rating"), percent("csatScore", "CSAT score"), count("npsResponses", "NPS ratings"),
                decimal("nps", "NPS"));
        Function<Row[], List<Object>> values = r -> Arrays.asList(r[1].count("surveys_sent"), r[1].count("csat_n"),
                r[1].number("csat_avg"), csatScore(r[1]), r[1].count("nps_n"), nps(r[1]));
        Table perDay = days("days", "Satisfaction per day", dayColumns, period, values, null, ev);
        long n = e.count("csat_n");
        List<List<Object>> ratings = new ArrayList<>();
        for (int stars = 5; stars >= 1; stars--) {
            long k = e.count("rating_" + stars);
            ratings.add(Arrays.asList((long) stars, k, rate(k, n)));
        }
        Table distribution = new Table("ratings", "Ratings", List.of(count("rating", "Rating"), count("count", "Ratings"),
                rate("share", "Share")), ratings, Arrays.asList(null, n, n == 0 ? null : 1.0));
        List<List<Object>> channels = new ArrayList<>();
        ev.byFirst().entrySet().stream()
                .filter(x -> x.getValue().count("csat_n") + x.getValue().count("nps_n") + x.getValue().count("surveys_sent") > 0)
                .sorted(Comparator.comparing((Map.Entry<String, Row> x) -> -x.getValue().count("csat_n")).thenComparing(Map.Entry::getKey))
                .forEach(x -> channels.add(Arrays.asList(x.getKey(), x.getValue().count("csat_n"), x.getValue().number("csat_avg"),
                        csatScore(x.getValue()), x.getValue().count("nps_n"), nps(x.getValue()))));
        Table byChannel = new Table("channels", "By channel", List.of(text("channel", "Channel"),
                count("csatResponses", "Ratings"), decimal("csatAvg", "Avg rating"), percent("csatScore", "CSAT score"),
                count("npsResponses", "NPS ratings"), decimal("nps", "NPS")), channels, null);
        return new SectionData(Section.SATISFACTION, figures, List.of(perDay, distribution, byChannel));
    }

    /**
     * The most classified intents. The figures count classifications that name an intent, as the per-intent rows
     * and the catalog's intents.* metrics do.
     */
    private static SectionData intents(List<Row> rows) {
        long classified = rows.stream().mapToLong(r -> r.count("classified")).sum();
        long low = rows.stream().mapToLong(r -> r.count("low_confidence")).sum();
        List<Figure> figures = List.of(
                figure("intentsClassified", "Messages classified", Kind.COUNT, classified),
                figure("fallbackRate", "Fallback rate", Kind.RATE, rate(low, classified)),
                figure("distinctIntents", "Distinct intents", Kind.COUNT,
                        rows.stream().filter(r -> r.count("classified") > 0).count()));
        List<Column> columns = List.of(text("intent", "Intent"), count("classified", "Classified"), rate("share", "Share"),
                decimal("avgConfidence", "Avg confidence"), count("lowConfidence", "Low confidence"),
                count("actionTaken", "Actions taken"), count("escalatedConversations", "Escalated"));
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows.subList(0, Math.min(TOP_INTENTS, rows.size()))) {
            out.add(Arrays.asList(r.text("intent"), r.count("classified"), rate(r.count("classified"), classified),
                    r.number("confidence_avg"), r.count("low_confidence"), r.count("action_taken"), r.count("escalated")));
        }
        return new SectionData(Section.TOP_INTENTS, figures, List.of(new Table("intents", "Top " + TOP_INTENTS + " intents",
                columns, out, null)));
    }

    private static SectionData channels(Grouped conv, Grouped ev) {
        Set<String> names = new LinkedHashSet<>(conv.byFirst().keySet());
        names.addAll(ev.byFirst().keySet());
        long started = conv.total().count("started");
        List<Column> columns = List.of(text("channel", "Channel"), count("conversationsStarted", "Conversations"),
                rate("share", "Share"), count("messagesIn", "Received"), count("messagesOut", "Sent"),
                count("conversationsResolved", "Resolved"), count("conversationsEscalated", "Escalated"),
                rate("escalationRate", "Escalation rate"), millis("firstResponseAvgMs", "First resp. avg"),
                percent("csatScore", "CSAT score"));
        List<List<Object>> out = new ArrayList<>();
        for (String name : names) {
            Row c = conv.byFirst().getOrDefault(name, Row.empty());
            Row e = ev.byFirst().getOrDefault(name, Row.empty());
            out.add(Arrays.asList(name, c.count("started"), rate(c.count("started"), started), e.count("messages_in"),
                    e.count("messages_out"), c.count("resolved"), c.count("escalated"),
                    rate(c.count("escalated"), c.count("started")), c.millis("fr_avg"), csatScore(e)));
        }
        out.sort(Comparator.comparing((List<Object> r) -> -(Long) r.get(1))
                .thenComparing(r -> -((Long) r.get(3) + (Long) r.get(4))).thenComparing(r -> (String) r.get(0)));
        List<Figure> figures = List.of(figure("channels", "Channels used", Kind.COUNT, (long) out.size()));
        return new SectionData(Section.CHANNEL_BREAKDOWN, figures, List.of(new Table("channels", "Channels", columns, out, null)));
    }

    private static SectionData liveChat(ReportPeriod period, Grouped lc) {
        Row l = lc.total();
        List<Figure> figures = List.of(
                figure("requests", "Requests", Kind.COUNT, l.count("requests")),
                figure("accepted", "Accepted", Kind.COUNT, l.count("accepted")),
                figure("missed", "Missed", Kind.COUNT, l.count("missed")),
                figure("missedRate", "Missed rate", Kind.RATE, rate(l.count("missed"), l.count("requests"))),
                figure("waitAvgMs", "Wait (average)", Kind.MILLIS, l.millis("wait_avg")),
                figure("waitP50Ms", "Wait (median)", Kind.MILLIS, l.millis("wait_p50")),
                figure("waitP95Ms", "Wait (95th percentile)", Kind.MILLIS, l.millis("wait_p95")),
                figure("durationAvgMs", "Chat duration (average)", Kind.MILLIS, l.millis("duration_avg")),
                figure("agentFirstResponseAvgMs", "Agent first response (average)", Kind.MILLIS, l.millis("afr_avg")));
        List<Column> measures = List.of(count("requests", "Requests"), count("accepted", "Accepted"),
                count("missed", "Missed"), rate("missedRate", "Missed rate"), millis("waitAvgMs", "Wait avg"),
                millis("waitP50Ms", "Wait median"), millis("waitP95Ms", "Wait 95th pct"),
                millis("durationAvgMs", "Duration avg"), millis("agentFirstResponseAvgMs", "Agent first resp. avg"));
        Function<Row, List<Object>> values = r -> Arrays.asList(r.count("requests"), r.count("accepted"), r.count("missed"),
                rate(r.count("missed"), r.count("requests")), r.millis("wait_avg"), r.millis("wait_p50"),
                r.millis("wait_p95"), r.millis("duration_avg"), r.millis("afr_avg"));
        List<Column> dayColumns = new ArrayList<>(List.of(date()));
        dayColumns.addAll(measures.stream().map(c -> new Column("livechat" + capitalized(c.key()), c.label(), c.kind())).toList());
        Table perDay = days("days", "Live chat per day", dayColumns, period, r -> values.apply(r[0]), lc, null);
        return new SectionData(Section.LIVE_CHAT, figures, List.of(perDay,
                keyed("agents", "By agent", text("agent", "Agent"), measures, lc.byFirst(), values),
                keyed("groups", "By group", text("group", "Group"), measures, lc.bySecond(), values)));
    }

    private static SectionData bots(Grouped conv, Grouped ev) {
        Set<String> names = new LinkedHashSet<>(conv.bySecond().keySet());
        names.addAll(ev.bySecond().keySet());
        List<Column> columns = List.of(text("botId", "Bot"), count("conversations", "Conversations"),
                count("escalated", "Escalated"), rate("handoffRate", "Handoff rate"), count("messagesIn", "Received"),
                count("messagesOut", "Sent"), count("messagesFailed", "Failed"), rate("successRate", "Success rate"),
                millis("responseTimeAvgMs", "Resp. time avg"), millis("responseTimeP95Ms", "Resp. time 95th pct"),
                rate("fallbackRate", "Fallback rate"), rate("kbHitRate", "KB hit rate"), count("llmCalls", "LLM calls"),
                count("llmTokens", "LLM tokens"), usd("llmCostUsd", "LLM cost"), rate("llmErrorRate", "LLM error rate"),
                decimal("csatAvg", "Avg rating"));
        List<List<Object>> out = new ArrayList<>();
        for (String name : names) {
            Row c = conv.bySecond().getOrDefault(name, Row.empty());
            Row e = ev.bySecond().getOrDefault(name, Row.empty());
            Double failedShare = rate(e.count("messages_failed"), e.count("messages_out"));
            Double tokens = e.number("llm_tokens");
            out.add(Arrays.asList(name, c.count("started"), c.count("escalated"), rate(c.count("escalated"), c.count("started")),
                    e.count("messages_in"), e.count("messages_out"), e.count("messages_failed"),
                    failedShare == null ? null : 1 - failedShare, e.millis("rt_avg"), e.millis("rt_p95"),
                    rate(e.count("intents_low"), e.count("intents")), rate(e.count("search_hits"), e.count("searches")),
                    e.count("llm_calls"), tokens == null ? 0L : Math.round(tokens),
                    e.number("llm_cost") == null ? 0.0 : e.number("llm_cost"),
                    rate(e.count("llm_errors"), e.count("llm_calls")), e.number("csat_avg")));
        }
        out.sort(Comparator.comparing((List<Object> r) -> -(Long) r.get(1))
                .thenComparing(r -> -((Long) r.get(4) + (Long) r.get(5))).thenComparing(r -> (String) r.get(0)));
        List<Figure> figures = List.of(figure("bots", "Bots active", Kind.COUNT, (long) out.size()));
        return new SectionData(Section.BOT_PERFORMANCE, figures, List.of(new Table("bots", "Bots", columns, out, null)));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /**
     * A table with one row per day of the period (zero counts on days without data) and the period as its total;
     * {@code values} sees the day's (or the period's) row of {@code first} and {@code second}.
     */
    private static Table days(String key, String title, List<Column> columns, ReportPeriod period,
            Function<Row[], List<Object>> values, Grouped first, Grouped second) {
        List<List<Object>> rows = new ArrayList<>();
        for (LocalDate day : period.days()) {
            List<Object> row = new ArrayList<>();
            row.add(day);
            row.addAll(values.apply(new Row[] {first == null ? Row.empty() : first.day(day),
                    second == null ? Row.empty() : second.day(day)}));
            rows.add(row);
        }
        List<Object> total = new ArrayList<>();
        total.add(null);
        total.addAll(values.apply(new Row[] {first == null ? Row.empty() : first.total(),
                second == null ? Row.empty() : second.total()}));
        return new Table(key, title, columns, rows, total);
    }

    private static Table keyed(String key, String title, Column keyColumn, List<Column> measures, Map<String, Row> rows,
            Function<Row, List<Object>> values) {
        List<Column> columns = new ArrayList<>();
        columns.add(keyColumn);
        columns.addAll(measures);
        List<List<Object>> out = new ArrayList<>();
        rows.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Row> x) -> -x.getValue().count("requests")).thenComparing(Map.Entry::getKey))
                .forEach(x -> {
                    List<Object> row = new ArrayList<>();
                    row.add(x.getKey());
                    row.addAll(values.apply(x.getValue()));
                    out.add(row);
                });
        return new Table(key, title, columns, out, null);
    }

    private static boolean anyOf(Set<Section> sections, Section... wanted) {
        for (Section s : wanted) if (sections.contains(s)) return true;
        return false;
    }

    /** numerator / denominator, null when there is nothing to divide by. */
    static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    /** CSAT score (SPEC §4): share of 4-5 ratings among 1-5 ratings, in percent. */
    static Double csatScore(Row r) {
        long n = r.count("csat_n");
        return n == 0 ? null : 100.0 * r.count("csat_good") / n;
    }

    /** NPS (SPEC §4): % promoters (9-10) minus % detractors (0-6) among NPS ratings. */
    static Double nps(Row r) {
        long n = r.count("nps_n");
        return n == 0 ? null : 100.0 * (r.count("nps_promoters") - r.count("nps_detractors")) / n;
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Figure figure(String key, String label, Kind kind, Number value) {
        return new Figure(key, label, kind, value, null, kind == Kind.MILLIS);
    }

    private static Column date() {
        return new Column("date", "Date", Kind.DATE);
    }

    private static Column text(String key, String label) {
        return new Column(key, label, Kind.TEXT);
    }

    private static Column count(String key, String label) {
        return new Column(key, label, Kind.COUNT);
    }

    private static Column millis(String key, String label) {
        return new Column(key, label, Kind.MILLIS);
    }

    private static Column percent(String key, String label) {
        return new Column(key, label, Kind.PERCENT);
    }

    private static Column rate(String key, String label) {
        return new Column(key, label, Kind.RATE);
    }

    private static Column decimal(String key, String label) {
        return new Column(key, label, Kind.DECIMAL);
    }

    private static Column usd(String key, String label) {
        return new Column(key, label, Kind.USD);
    }
}
