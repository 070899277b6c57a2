package dev.convolens.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A report shows what the query API answers for the same days. The daily, weekly and monthly rollups are computed
 * first by running their jobs as the scheduler does (over every tenant, which moves the jobs' watermarks), so the API
 * reads them where they hold the answer while the report reads facts and raw events: two paths, one set of numbers.
 * (The hourly jobs are left out only to keep the test fast; the API then reads those numbers from raw events.)
 * Durations are compared in whole milliseconds, the report's precision. The week is loaded and rolled up once for
 * the class.
 */
class ReportMatchesQueryApiTest extends ServerTest {
    static final List<String> JOBS = List.of("daily_conversation_metrics", "daily_intent_distribution",
            "daily_bot_performance", "daily_livechat", "weekly_satisfaction_trends", "monthly_summary");

    @Autowired
    FactsUpdater facts;

    static TestTenant t;
    static ReportFixture week;
    static JsonNode report;

    @BeforeEach
    void aRolledUpWeek() {
        if (t != null && report != null) return;
        t = newTenant("Europe/Berlin", "ingest", "read");
        week = ReportFixture.load(http(), t, ReportFixture.lastCompleteWeek(LocalDate.now(ReportFixture.ZONE)));
        facts.flush();
        for (String job : JOBS) assertStatus(http().post("/api/jobs/" + job + "/run", ADMIN_KEY, ""), 200);
        Download d = Download.get(port, "/exports?format=json&from=" + week.monday + "&to=" + week.sunday, t.key());
        assertThat(d.status()).isEqualTo(200);
        report = Http.JSON.readTree(d.body());
    }

    @org.junit.jupiter.api.AfterAll
    static void forgetTheWeek() {
        t = null;
        report = null;
    }

    JsonNode series(String metric, String extra) {
        Http.Response r = http().get("/api/analytics/timeseries?granularity=day&metric=" + metric + "&from=" + week.monday
                + "&to=" + week.sunday + extra, t.key());
        assertStatus(r, 200);
        return r.json();
    }

    /** The metric's daily points and total equal the report's daily column and its period row. */
    void sameDays(String metric, String section, String column, Kind kind) {
        JsonNode api = series(metric, "").get("series").get(0);
        JsonNode days = report.at("/sections/" + section + "/days");
        JsonNode points = api.get("points");
        assertThat(points).hasSize(7);
        for (int i = 0; i < 7; i++) {
            assertThat(points.get(i).get("period").asString()).isEqualTo(days.get("rows").get(i).get("date").asString());
            same(metric + " on " + points.get(i).get("period").asString(), points.get(i).get("value"),
                    days.get("rows").get(i).get(column), kind);
        }
        same(metric + " over the week", api.get("total"), days.get("total").get(column), kind);
    }

    static void same(String what, JsonNode api, JsonNode report, Kind kind) {
        if (api == null || api.isNull()) {
            assertThat(report == null || report.isNull()).as(what + ": report has %s, API has none", report).isTrue();
            return;
        }
        assertThat(report).as(what).isNotNull();
        assertThat(report.isNull()).as(what + ": API has " + api + ", the report none").isFalse();
        switch (kind) {
            case COUNT -> assertThat(report.asLong()).as(what).isEqualTo(api.asLong());
            case MILLIS -> assertThat(report.asLong()).as(what).isEqualTo(Math.round(api.asDouble()));
            default -> assertThat(report.asDouble()).as(what).isCloseTo(api.asDouble(), within(1e-9));
        }
    }

    @Test
    void everyDailyNumberOfTheReportIsWhatTheTimeSeriesRouteAnswers() {
        sameDays("messages.inbound", "conversations", "messagesIn", Kind.COUNT);
        sameDays("messages.outbound", "conversations", "messagesOut", Kind.COUNT);
        sameDays("conversations.started", "conversations", "conversationsStarted", Kind.COUNT);
        sameDays("conversations.resolved", "conversations", "conversationsResolved", Kind.COUNT);
        sameDays("conversations.escalated", "conversations", "conversationsEscalated", Kind.COUNT);
        sameDays("conversations.ai_handled", "conversations", "conversationsAiHandled", Kind.COUNT);
        sameDays("resolution.avg", "conversations", "resolutionAvgMs", Kind.MILLIS);
        sameDays("response_time.samples", "response_times", "responses", Kind.COUNT);
        sameDays("response_time.avg", "response_times", "responseTimeAvgMs", Kind.MILLIS);
        sameDays("response_time.p50", "response_times", "responseTimeP50Ms", Kind.MILLIS);
        sameDays("response_time.p95", "response_times", "responseTimeP95Ms", Kind.MILLIS);
        sameDays("response_time.p99", "response_times", "responseTimeP99Ms", Kind.MILLIS);
        sameDays("first_response.avg", "response_times", "firstResponseAvgMs", Kind.MILLIS);
        sameDays("first_response.p50", "response_times", "firstResponseP50Ms", Kind.MILLIS);
        sameDays("first_response.p95", "response_times", "firstResponseP95Ms", Kind.MILLIS);
        sameDays("csat.responses", "satisfaction", "csatResponses", Kind.COUNT);
        sameDays("csat.avg", "satisfaction", "csatAvg", Kind.DECIMAL);
        sameDays("csat.score", "satisfaction", "csatScore", Kind.PERCENT);
        sameDays("nps", "satisfaction", "nps", Kind.DECIMAL);
        sameDays("livechat.requests", "live_chat", "livechatRequests", Kind.COUNT);
        sameDays("livechat.accepted", "live_chat", "livechatAccepted", Kind.COUNT);
        sameDays("livechat.missed", "live_chat", "livechatMissed", Kind.COUNT);
        sameDays("livechat.missed_rate", "live_chat", "livechatMissedRate", Kind.RATE);
        sameDays("livechat.wait.avg", "live_chat", "livechatWaitAvgMs", Kind.MILLIS);
        sameDays("livechat.wait.p50", "live_chat", "livechatWaitP50Ms", Kind.MILLIS);
        sameDays("livechat.wait.p95", "live_chat", "livechatWaitP95Ms", Kind.MILLIS);
        sameDays("livechat.duration.avg", "live_chat", "livechatDurationAvgMs", Kind.MILLIS);
        // the API read the week from rollup tables, the report from facts and raw events
        assertThat(series("conversations.started", "").get("sources").valueStream().map(JsonNode::asString).toList())
                .contains("daily_conversation_metrics");
        assertThat(series("livechat.wait.avg", "").get("sources").valueStream().map(JsonNode::asString).toList())
                .contains("daily_livechat");
    }

    @Test
    void theSummaryAndTheBreakdownsAreWhatTheRoutesAnswer() {
        JsonNode summary = report.at("/sections/summary/figures");
        same("escalation rate", total("conversations.escalation_rate"), summary.get("escalationRate"), Kind.RATE);
        same("AI resolution rate", total("conversations.ai_resolution_rate"), summary.get("aiResolutionRate"), Kind.RATE);
        same("tasks completed", total("tasks.completed"), summary.get("tasksCompleted"), Kind.COUNT);
        same("first response p50", total("first_response.p50"), summary.get("firstResponseP50Ms"), Kind.MILLIS);
        same("CSAT score", total("csat.score"), summary.get("csatScore"), Kind.PERCENT);

        JsonNode intents = report.at("/sections/top_intents");
        same("classified", total("intents.classified"), intents.at("/figures/intentsClassified"), Kind.COUNT);
        same("fallback rate", total("intents.fallback_rate"), intents.at("/figures/fallbackRate"), Kind.RATE);
        Map<String, JsonNode> byIntent = byKey(series("intents.classified", "&groupBy=intent"));
        for (JsonNode row : intents.at("/intents/rows")) {
            same("intent " + row.get("intent").asString(), byIntent.get(row.get("intent").asString()), row.get("classified"), Kind.COUNT);
        }

        Map<String, JsonNode> startedByChannel = byKey(series("conversations.started", "&groupBy=channel"));
        Map<String, JsonNode> inByChannel = byKey(series("messages.inbound", "&groupBy=channel"));
        Map<String, JsonNode> outByChannel = byKey(series("messages.outbound", "&groupBy=channel"));
        for (JsonNode row : report.at("/sections/channel_breakdown/channels/rows")) {
            String channel = row.get("channel").asString();
            same("started on " + channel, startedByChannel.get(channel), row.get("conversationsStarted"), Kind.COUNT);
            same("received on " + channel, inByChannel.get(channel), row.get("messagesIn"), Kind.COUNT);
            same("sent on " + channel, outByChannel.get(channel), row.get("messagesOut"), Kind.COUNT);
        }
    }

    @Test
    void eachBotRowIsWhatTheBotPerformanceRouteAnswers() {
        JsonNode bots = report.at("/sections/bot_performance/bots/rows");
        assertThat(bots).hasSize(2);
        for (JsonNode row : bots) {
            Http.Response r = http().get("/api/analytics/bot/" + row.get("botId").asString() + "/performance?startDate="
                    + week.monday + "&endDate=" + week.sunday, t.key());
            assertStatus(r, 200);
            JsonNode api = r.json();
            String bot = row.get("botId").asString() + " ";
            same(bot + "conversations", api.get("totalConversations"), row.get("conversations"), Kind.COUNT);
            same(bot + "escalated", api.get("conversationsEscalated"), row.get("escalated"), Kind.COUNT);
            same(bot + "handoff", api.get("handoffRate"), row.get("handoffRate"), Kind.RATE);
            same(bot + "received", api.get("messagesReceived"), row.get("messagesIn"), Kind.COUNT);
            same(bot + "sent", api.get("messagesSent"), row.get("messagesOut"), Kind.COUNT);
            same(bot + "failed", api.get("messagesFailed"), row.get("messagesFailed"), Kind.COUNT);
            same(bot + "success", api.get("successRate"), row.get("successRate"), Kind.RATE);
            same(bot + "response avg", api.get("avgResponseTimeMs"), row.get("responseTimeAvgMs"), Kind.MILLIS);
            same(bot + "response p95", api.get("responseTimeP95Ms"), row.get("responseTimeP95Ms"), Kind.MILLIS);
            same(bot + "fallback", api.get("fallbackRate"), row.get("fallbackRate"), Kind.RATE);
            same(bot + "kb hits", api.get("kbHitRate"), row.get("kbHitRate"), Kind.RATE);
            same(bot + "llm calls", api.get("llmCalls"), row.get("llmCalls"), Kind.COUNT);
            same(bot + "tokens", api.get("tokens"), row.get("llmTokens"), Kind.COUNT);
            same(bot + "cost", api.get("costUsd"), row.get("llmCostUsd"), Kind.USD);
            same(bot + "llm errors", api.get("llmErrorRate"), row.get("llmErrorRate"), Kind.RATE);
            same(bot + "rating", api.get("satisfactionAvg"), row.get("csatAvg"), Kind.DECIMAL);
        }
    }

    @Test
    void thePdfAndTheWorkbookPrintWhatTheRoutesAnswer() throws Exception {
        Map<String, Kind> figures = new TreeMap<>(Map.of("first_response.p95", Kind.MILLIS,
                "response_time.p99", Kind.MILLIS, "resolution.avg", Kind.MILLIS, "livechat.wait.p95", Kind.MILLIS,
                "csat.avg", Kind.DECIMAL, "conversations.escalation_rate", Kind.RATE, "messages.outbound", Kind.COUNT));
        Download pdf = Download.get(port, "/exports?format=pdf&from=" + week.monday + "&to=" + week.sunday, t.key());
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc);
        }
        for (Map.Entry<String, Kind> f : figures.entrySet()) {
            JsonNode value = total(f.getKey());
            Object number = f.getValue() == Kind.COUNT || f.getValue() == Kind.MILLIS ? (Object) Math.round(value.asDouble())
                    : (Object) value.asDouble();
            assertThat(text).as(f.getKey()).contains(Display.format(f.getValue(), number));
        }

        Download xlsx = Download.get(port, "/exports?format=xlsx&from=" + week.monday + "&to=" + week.sunday, t.key());
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(xlsx.body()))) {
            Map<String, Cell> rt = ExportApiTest.byLabel(book.getSheet("Response times"));
            assertThat(rt.get("Reply response time (99th percentile)").getNumericCellValue())
                    .isEqualTo(Math.round(total("response_time.p99").asDouble()));
            assertThat(rt.get("First response (95th percentile)").getNumericCellValue())
                    .isEqualTo(Math.round(total("first_response.p95").asDouble()));
            Map<String, Cell> sat = ExportApiTest.byLabel(book.getSheet("Satisfaction"));
            assertThat(sat.get("CSAT score").getNumericCellValue()).isEqualTo(total("csat.score").asDouble());
            List<Double> inbound = new ArrayList<>();
            Sheet days = book.getSheet("Conversations");
            for (int i = 1; i <= 7; i++) {
                Row row = days.getRow(XlsxReportRenderer.HEADER_ROW + i);
                Cell cell = row.getCell(5);
                assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
                inbound.add(cell.getNumericCellValue());
            }
            List<Double> api = new ArrayList<>();
            series("messages.inbound", "").at("/series/0/points").forEach(p -> api.add(p.get("value").asDouble()));
            assertThat(inbound).isEqualTo(api);
        }
    }

    @Test
    void requestsNoAgentTookReadAsUnassignedNotAsAnAgentInThePdfAndTheWorkbook() throws Exception {
        // the fixture's week: lr1 accepted by s1, lr2 requested and missed with nobody's name on it
        assertThat(report.toString()).contains("\"unassigned\"");
        Download pdf = Download.get(port, "/exports?format=pdf&from=" + week.monday + "&to=" + week.sunday, t.key());
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(text).contains(Display.NO_AGENT).doesNotContain("unassigned");

        Download xlsx = Download.get(port, "/exports?format=xlsx&from=" + week.monday + "&to=" + week.sunday, t.key());
        List<List<String>> rows = new ArrayList<>();
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(xlsx.body()))) {
            for (Sheet sheet : book) {
                for (Row row : sheet) {
                    List<String> cells = new ArrayList<>();
                    for (Cell c : row) cells.add(c.getCellType() == CellType.NUMERIC ? String.valueOf(c.getNumericCellValue())
                            : c.getCellType() == CellType.STRING ? c.getStringCellValue() : "");
                    rows.add(cells);
                }
            }
        }
        assertThat(rows).noneMatch(r -> r.contains("unassigned"));
        List<String> unassigned = rows.stream().filter(r -> !r.isEmpty() && r.get(0).equals(Display.NO_AGENT)).findFirst()
                .orElseThrow();
        // requests, accepted, missed: lr2 alone
        assertThat(unassigned.subList(1, 4)).containsExactly("1.0", "0.0", "1.0");
    }

    JsonNode total(String metric) {
        return series(metric, "").at("/series/0/total");
    }

    static Map<String, JsonNode> byKey(JsonNode response) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode s : response.get("series")) out.put(s.get("key").asString(), s.get("total"));
        return out;
    }
}
