package dev.convolens.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
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
 * {@code GET /exports} over real HTTP on a hand-built week: each file opened as its user's tool would open it
 * (PDFBox text extraction, POI, a CSV parser, a JSON parser) holds the numbers worked out by hand in
 * {@link ReportFixture} and the numbers the query API answers for the same days.
 */
class ExportApiTest extends ServerTest {
    static final Path ARTIFACTS = Path.of("target", "report-artifacts");

    @Autowired
    FactsUpdater facts;

    TestTenant t;
    ReportFixture week;

    @BeforeEach
    void aWeekOfTraffic() {
        t = newTenant("Europe/Berlin", "ingest", "read");
        week = ReportFixture.load(http(), t, ReportFixture.lastCompleteWeek(LocalDate.now(ReportFixture.ZONE)));
        facts.flush();
    }

    String query(String format) {
        return "/exports?from=" + week.monday + "&to=" + week.sunday + "&format=" + format;
    }

    JsonNode json() {
        Download d = Download.get(port, query("json"), t.key());
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        try {
            Files.createDirectories(ARTIFACTS);
            Files.write(ARTIFACTS.resolve("weekly-report.json"), d.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Http.JSON.readTree(d.body());
    }

    @Test
    void theJsonReportHoldsTheNumbersWorkedOutByHand() {
        JsonNode r = json();
        assertThat(r.get("title").asString()).isEqualTo("Weekly report");
        assertThat(r.at("/tenant/name").asString()).isEqualTo("Tenant " + t.id());
        assertThat(r.at("/period/from").asString()).isEqualTo(week.monday.toString());
        assertThat(r.at("/period/to").asString()).isEqualTo(week.sunday.toString());
        assertThat(r.at("/period/timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(r.get("dataAsOf").asString()).isEqualTo(week.newest().toString());

        JsonNode summary = r.at("/sections/summary/figures");
        assertThat(summary.get("conversationsStarted").asLong()).isEqualTo(ReportFixture.STARTED);
        assertThat(summary.get("messagesIn").asLong()).isEqualTo(ReportFixture.MESSAGES_IN);
        assertThat(summary.get("messagesOut").asLong()).isEqualTo(ReportFixture.MESSAGES_OUT);
        assertThat(summary.get("firstResponseP50Ms").asLong()).isEqualTo(ReportFixture.FIRST_RESPONSE_P50);
        assertThat(summary.get("csatScore").asDouble()).isEqualTo(ReportFixture.CSAT_SCORE);
        assertThat(summary.get("aiResolutionRate").asDouble()).isEqualTo(0.5);
        assertThat(summary.get("escalationRate").asDouble()).isEqualTo(0.25);
        assertThat(summary.get("livechatMissedRate").asDouble()).isEqualTo(0.5);
        assertThat(summary.get("nps").asDouble()).isEqualTo(ReportFixture.NPS);
        assertThat(r.at("/sections/summary/previous/conversationsStarted").asLong()).isEqualTo(ReportFixture.PREVIOUS_STARTED);
        assertThat(r.at("/sections/summary/change/conversationsStarted").asDouble()).isEqualTo(300.0);
        assertThat(r.at("/sections/summary/change/csatScore").asDouble()).isEqualTo(ReportFixture.CSAT_SCORE - ReportFixture.PREVIOUS_CSAT_SCORE);

        JsonNode days = r.at("/sections/conversations/days/rows");
        assertThat(days).hasSize(7);
        assertThat(days.get(0).get("conversationsStarted").asLong()).isEqualTo(2);
        assertThat(days.get(1).get("conversationsResolved").asLong()).isEqualTo(1);
        assertThat(days.get(1).get("conversationsEscalated").asLong()).isEqualTo(1);
        assertThat(days.get(6).get("messagesIn").asLong()).isEqualTo(1);
        assertThat(r.at("/sections/conversations/days/total/conversationsAiHandled").asLong()).isEqualTo(ReportFixture.AI_HANDLED);

        JsonNode rt = r.at("/sections/response_times/figures");
        assertThat(rt.get("responseTimeAvgMs").asLong()).isEqualTo(ReportFixture.REPLY_AVG);
        assertThat(rt.get("responseTimeP50Ms").asLong()).isEqualTo(ReportFixture.REPLY_P50);
        assertThat(rt.get("responseTimeP95Ms").asLong()).isEqualTo(ReportFixture.REPLY_P95);
        assertThat(rt.get("responseTimeP99Ms").asLong()).isEqualTo(ReportFixture.REPLY_P99);
        assertThat(rt.get("firstResponseAvgMs").asLong()).isEqualTo(ReportFixture.FIRST_RESPONSE_AVG);
        assertThat(rt.get("firstResponseP95Ms").asLong()).isEqualTo(ReportFixture.FIRST_RESPONSE_P95);
        // the first response of c2 came after midnight: it belongs to Tuesday, not to Monday when c2 started
        assertThat(r.at("/sections/response_times/days/rows/1/firstResponseAvgMs").asLong()).isEqualTo(70_000);
        assertThat(r.at("/sections/response_times/days/rows/0/firstResponseAvgMs").asLong()).isEqualTo(5_000);
        JsonNode measures = r.at("/sections/response_times/measures/rows");
        assertThat(measures.get(2).get("avgMs").asLong()).isEqualTo(ReportFixture.AGENT_FIRST_RESPONSE);
        assertThat(measures.get(3).get("avgMs").asLong()).isEqualTo(ReportFixture.RESOLUTION_AVG);

        JsonNode sat = r.at("/sections/satisfaction/figures");
        assertThat(sat.get("csatAvg").asDouble()).isEqualTo(ReportFixture.CSAT_AVG);
        assertThat(sat.get("surveysSent").asLong()).isEqualTo(2);
        assertThat(sat.get("npsResponses").asLong()).isEqualTo(1);

        JsonNode intents = r.at("/sections/top_intents/intents/rows");
        assertThat(intents.get(0).get("intent").asString()).isEqualTo("billing");
        assertThat(intents.get(0).get("classified").asLong()).isEqualTo(2);
        assertThat(intents.get(0).get("avgConfidence").asDouble()).isCloseTo(0.65, within(1e-9));
        assertThat(intents.get(0).get("lowConfidence").asLong()).isEqualTo(1);
        assertThat(intents.get(0).get("escalatedConversations").asLong()).isEqualTo(1);

        JsonNode staff = r.at("/sections/staff_performance/staff/rows/0");
        assertThat(staff.get("staffId").asString()).isEqualTo("s1");
        assertThat(staff.get("conversationsHandled").asLong()).isEqualTo(1);
        assertThat(staff.get("tasksCompleted").asLong()).isEqualTo(1);
        assertThat(staff.get("agentFirstResponseAvgMs").asLong()).isEqualTo(ReportFixture.AGENT_FIRST_RESPONSE);
        assertThat(staff.get("csatAvg").asDouble()).isEqualTo(3.0);
        assertThat(staff.get("livechatsAccepted").asLong()).isEqualTo(1);

        JsonNode channels = r.at("/sections/channel_breakdown/channels/rows");
        assertThat(channels.findValuesAsString("channel")).containsExactly("webchat", "whatsapp", "sms");
        assertThat(channels.get(0).get("conversationsStarted").asLong()).isEqualTo(2);

        JsonNode bots = r.at("/sections/bot_performance/bots/rows");
        assertThat(bots.findValuesAsString("botId")).containsExactly("b1", "b2");
        assertThat(bots.get(0).get("llmTokens").asLong()).isEqualTo(120);
        assertThat(bots.get(0).get("kbHitRate").asDouble()).isEqualTo(1.0);
        assertThat(bots.get(1).get("kbHitRate").asDouble()).isEqualTo(0.0);
        assertThat(bots.get(0).get("handoffRate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void theLiveChatSectionAnswersWhatTheLiveChatRouteAnswersForTheSameDays() {
        JsonNode report = json().at("/sections/live_chat");
        String range = "from=" + week.monday + "&to=" + week.sunday;
        JsonNode api = http().get("/api/analytics/livechat?" + range + "&groupBy=agent", t.key()).json();
        JsonNode groups = http().get("/api/analytics/livechat?" + range + "&groupBy=group", t.key()).json().get("rows");

        JsonNode totals = api.get("totals");
        JsonNode figures = report.get("figures");
        for (String measure : List.of("requests", "accepted", "missed", "missedRate", "waitAvgMs", "waitP50Ms",
                "waitP95Ms", "durationAvgMs", "agentFirstResponseAvgMs")) {
            assertThat(figures.get(measure)).as(measure).isEqualTo(totals.get(measure));
        }
        assertThat(figures.get("requests").asLong()).isEqualTo(ReportFixture.LIVECHAT_REQUESTS);
        assertThat(figures.get("waitAvgMs").asLong()).isEqualTo(ReportFixture.WAIT);
        assertThat(figures.get("durationAvgMs").asLong()).isEqualTo(ReportFixture.CHAT_DURATION);
        assertThat(figures.get("agentFirstResponseAvgMs").asLong()).isEqualTo(ReportFixture.LIVECHAT_AGENT_FIRST_RESPONSE);
        assertSameRows(report.at("/agents/rows"), "agent", api.get("rows"));
        assertSameRows(report.at("/groups/rows"), "group", groups);
        assertThat(report.at("/days/total/livechatRequests")).isEqualTo(totals.get("requests"));
    }

    static void assertSameRows(JsonNode reportRows, String keyField, JsonNode apiRows) {
        assertThat(reportRows).hasSameSizeAs(apiRows);
        for (int i = 0; i < apiRows.size(); i++) {
            JsonNode mine = reportRows.get(i);
            JsonNode theirs = apiRows.get(i);
            assertThat(mine.get(keyField)).isEqualTo(theirs.get("key"));
            theirs.properties().forEach(e -> {
                if (!e.getKey().equals("key")) assertThat(mine.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            });
        }
    }

    @Test
    void thePdfShowsTheSameNumbersAndPageOneIsKeptAsAnImage() throws Exception {
        Download d = Download.get(port, query("pdf"), t.key());
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.contentType()).isEqualTo("application/pdf");
        assertThat(d.disposition()).isEqualTo("attachment; filename=\"convolens-" + t.id() + "-"
                + new ReportPeriod(week.monday, week.sunday, ReportFixture.ZONE).key() + ".pdf\"");
        JsonNode livechat = http().get("/api/analytics/livechat?from=" + week.monday + "&to=" + week.sunday, t.key())
                .json().get("totals");
        try (PDDocument pdf = Loader.loadPDF(d.body())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(5);
            String text = new PDFTextStripper().getText(pdf);
            String cover = page(pdf, 1);
            assertThat(cover).contains("Weekly report", "Tenant " + t.id(), "Europe/Berlin")
                    .contains("Data as of " + Display.time(week.newest(), ReportFixture.ZONE).replace(" (Europe/Berlin)", ""))
                    .contains("CONVERSATIONS\n" + ReportFixture.STARTED + "\n+300.0% vs previous week")
                    .contains("(MEDIAN)\n" + Display.format(Kind.MILLIS, ReportFixture.FIRST_RESPONSE_P50) + "\n+200.0% vs previous week")
                    .contains("CSAT SCORE\n" + Display.format(Kind.PERCENT, ReportFixture.CSAT_SCORE) + "\n-50.0 pts vs previous week")
                    .contains("Page 1 of " + pdf.getNumberOfPages());
            // the key-number table: this week, the week before, the change
            assertThat(page(pdf, 2)).contains("Conversations 4 1 +300.0%")
                    .contains("CSAT score " + Display.format(Kind.PERCENT, ReportFixture.CSAT_SCORE) + " "
                            + Display.format(Kind.PERCENT, ReportFixture.PREVIOUS_CSAT_SCORE) + " -50.0 pts")
                    .contains("First response (median) " + Display.format(Kind.MILLIS, ReportFixture.FIRST_RESPONSE_P50)
                            + " 10 s +200.0%");
            assertThat(text).contains(Display.format(Kind.MILLIS, ReportFixture.REPLY_P95))
                    .contains(Display.format(Kind.MILLIS, ReportFixture.REPLY_P99))
                    .contains(Display.format(Kind.MILLIS, ReportFixture.RESOLUTION_AVG))
                    .contains(Display.format(Kind.MILLIS, livechat.get("waitAvgMs").asLong()))
                    .contains(Display.format(Kind.MILLIS, livechat.get("durationAvgMs").asLong()))
                    .contains(Display.format(Kind.RATE, livechat.get("missedRate").asDouble()))
                    .contains("billing", "shipping", "whatsapp", "b1", "s1")
                    .contains("Live chat", "Bot performance", "Top intents", "Staff performance");
            Files.createDirectories(ARTIFACTS);
            BufferedImage page1 = new PDFRenderer(pdf).renderImageWithDPI(0, 110);
            ImageIO.write(page1, "png", ARTIFACTS.resolve("report-page-1.png").toFile());
            BufferedImage page2 = new PDFRenderer(pdf).renderImageWithDPI(1, 110);
            ImageIO.write(page2, "png", ARTIFACTS.resolve("report-page-2.png").toFile());
        }
        Files.write(ARTIFACTS.resolve("weekly-report.pdf"), d.body());
    }

    static String page(PDDocument pdf, int page) throws java.io.IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(pdf);
    }

    @Test
    void theWorkbookHasASheetPerSectionWithRealNumbersUnderFrozenHeaders() throws Exception {
        Download d = Download.get(port, query("xlsx"), t.key());
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(d.disposition()).endsWith(".xlsx\"");
        Files.createDirectories(ARTIFACTS);
        Files.write(ARTIFACTS.resolve("weekly-report.xlsx"), d.body());
        JsonNode livechat = http().get("/api/analytics/livechat?from=" + week.monday + "&to=" + week.sunday, t.key())
                .json().get("totals");
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(d.body()))) {
            List<String> sheets = new ArrayList<>();
            book.forEach(s -> sheets.add(s.getSheetName()));
            assertThat(sheets).containsExactly("Summary", "Conversations", "Response times", "Staff performance",
                    "Satisfaction", "Top intents", "Channel breakdown", "Live chat", "Bot performance");
            for (Sheet sheet : book) {
                assertThat(sheet.getPaneInformation()).as(sheet.getSheetName()).isNotNull();
                assertThat(sheet.getPaneInformation().isFreezePane()).as(sheet.getSheetName()).isTrue();
                assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).as(sheet.getSheetName()).isEqualTo((short) 3);
            }
            Map<String, Cell> summary = byLabel(book.getSheet("Summary"));
            assertNumber(summary.get("Conversations"), ReportFixture.STARTED, "#,##0");
            assertNumber(summary.get("Messages received"), ReportFixture.MESSAGES_IN, "#,##0");
            assertNumber(summary.get("First response (median)"), ReportFixture.FIRST_RESPONSE_P50, "#,##0\" ms\"");
            assertNumber(summary.get("CSAT score"), ReportFixture.CSAT_SCORE, "0.0\"%\"");
            assertNumber(summary.get("Escalation rate"), 0.25, "0.0%");
            Row conversations = summary.get("Conversations").getRow();
            assertThat(conversations.getCell(2).getNumericCellValue()).isEqualTo(ReportFixture.PREVIOUS_STARTED);
            assertThat(conversations.getCell(3).getNumericCellValue()).isEqualTo(3.0);

            Sheet days = book.getSheet("Conversations");
            Row header = days.getRow(XlsxReportRenderer.HEADER_ROW);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Date");
            Row monday = days.getRow(XlsxReportRenderer.HEADER_ROW + 1);
            assertThat(monday.getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(monday.getCell(0).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(week.monday);
            assertThat(monday.getCell(1).getNumericCellValue()).isEqualTo(2.0);

            Map<String, Cell> live = byLabel(book.getSheet("Live chat"));
            assertNumber(live.get("Wait (average)"), livechat.get("waitAvgMs").asDouble(), "#,##0\" ms\"");
            assertNumber(live.get("Missed rate"), livechat.get("missedRate").asDouble(), "0.0%");
            Map<String, Cell> rt = byLabel(book.getSheet("Response times"));
            assertNumber(rt.get("Reply response time (95th percentile)"), ReportFixture.REPLY_P95, "#,##0\" ms\"");
        }
    }

    /** The value cell next to each text label in the first column. */
    static Map<String, Cell> byLabel(Sheet sheet) {
        Map<String, Cell> out = new TreeMap<>();
        for (Row row : sheet) {
            Cell label = row.getCell(0);
            Cell value = row.getCell(1);
            if (label != null && label.getCellType() == CellType.STRING && value != null && value.getCellType() == CellType.NUMERIC) {
                out.putIfAbsent(label.getStringCellValue(), value);
            }
        }
        return out;
    }

    static void assertNumber(Cell cell, double expected, String format) {
        assertThat(cell).isNotNull();
        assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(cell.getNumericCellValue()).isEqualTo(expected);
        assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo(format);
    }

    @Test
    void theCsvHasOneRowPerDayWithTheDailyColumnsOfTheChosenSections() throws Exception {
        Download d = Download.get(port, query("csv") + "&sections=conversations,live_chat", t.key());
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.contentType()).isEqualTo("text/csv;charset=UTF-8");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(d.text())).getRecords();
        assertThat(rows).hasSize(7);
        assertThat(rows.get(0).get("date")).isEqualTo(week.monday.toString());
        assertThat(rows.get(0).get("conversationsStarted")).isEqualTo("2");
        assertThat(rows.get(1).get("livechatRequests")).isEqualTo("1");
        assertThat(rows.get(3).get("livechatMissed")).isEqualTo("1");
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("messagesOut"))).sum()).isEqualTo(ReportFixture.MESSAGES_OUT);
        assertThat(rows.get(0).toMap()).doesNotContainKey("responseTimeAvgMs");
    }

    @Test
    void theConversationExportHasOneRowPerConversationWithItsFacts() throws Exception {
        Download csv = Download.get(port, "/exports/conversations?from=" + week.monday + "&to=" + week.sunday, t.key());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.disposition()).contains("conversations").endsWith(".csv\"");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.text())).getRecords();
        assertThat(rows).extracting(r -> r.get("conversationId")).containsExactly("c1", "c2", "c3", "c4");
        CSVRecord c2 = rows.get(1);
        assertThat(c2.get("firstResponseMs")).isEqualTo("70000");
        assertThat(c2.get("agentFirstResponseMs")).isEqualTo("120000");
        assertThat(c2.get("status")).isEqualTo("resolved");
        // the feed's words: c3 and c4 were neither resolved, closed nor escalated
        assertThat(rows).extracting(r -> r.get("status")).containsExactly("resolved", "resolved", "active", "active");
        assertThat(c2.get("startedAt")).isEqualTo(week.monday + "T23:59:00+01:00");

        Download xlsx = Download.get(port, "/exports/conversations?from=" + week.monday + "&to=" + week.sunday
                + "&format=xlsx", t.key());
        assertThat(xlsx.status()).isEqualTo(200);
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = book.getSheet("Conversations");
            assertThat(sheet.getLastRowNum()).isEqualTo(4);
            assertThat(sheet.getRow(2).getCell(ConversationExportColumns.index("firstResponseMs")).getNumericCellValue()).isEqualTo(70_000);
            assertThat(sheet.getRow(2).getCell(ConversationExportColumns.index("startedAt")).getLocalDateTimeCellValue())
                    .isEqualTo(week.monday.atTime(23, 59));
        }
    }

    /** Where a column of the conversation export is. */
    static final class ConversationExportColumns {
        static int index(String column) {
            return ConversationExport.COLUMNS.indexOf(column);
        }
    }

    @Test
    void badParametersAreNamedAndAnotherTenantIsRefused() {
        assertThat(http().get("/exports?format=docx", t.key()).json().get("error").asString()).isEqualTo("invalid format");
        assertThat(http().get("/exports?from=2026-11-01", t.key()).json().get("error").asString()).isEqualTo("invalid to");
        assertThat(http().get("/exports?from=last-week&to=2026-11-01", t.key()).json().get("error").asString()).isEqualTo("invalid from");
        assertThat(http().get("/exports?from=2026-11-10&to=2026-11-01", t.key()).json().get("error").asString()).isEqualTo("invalid to");
        assertThat(http().get("/exports?sections=summary,weather", t.key()).json().get("error").asString()).isEqualTo("invalid sections");
        assertThat(http().get("/exports?timezone=Mars/Olympus", t.key()).json().get("error").asString()).isEqualTo("invalid timezone");
        assertThat(http().get("/exports/conversations?format=pdf", t.key()).json().get("error").asString()).isEqualTo("invalid format");
        TestTenant other = newTenant("UTC", "read");
        assertStatus(http().get("/exports?tenantId=" + t.id(), other.key()), 403);
        TestTenant ingestOnly = newTenant("UTC", "ingest");
        assertStatus(http().get("/exports", ingestOnly.key()), 403);
        assertStatus(http().get("/exports", null), 401);
    }

    @Test
    void aReportInAnotherTimezoneCutsTheDaysThere() {
        Download d = Download.get(port, "/exports?format=json&sections=conversations&timezone=UTC&from=" + week.monday
                + "&to=" + week.sunday, t.key());
        JsonNode days = Http.JSON.readTree(d.body()).at("/sections/conversations/days/rows");
        // c2 started Monday 23:59 in Berlin (22:59 UTC); its two replies after midnight in Berlin are still Monday in UTC
        assertThat(days.get(0).get("conversationsStarted").asLong()).isEqualTo(2);
        assertThat(days.get(0).get("messagesOut").asLong()).isEqualTo(4);
        assertThat(Http.JSON.readTree(d.body()).at("/period/timezone").asString()).isEqualTo("UTC");
    }
}
