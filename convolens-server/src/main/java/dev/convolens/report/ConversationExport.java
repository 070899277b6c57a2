package dev.convolens.report;

import dev.convolens.system.Csv;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

/**
 * One row per conversation started in the period, with its facts (SPEC §4), as CSV or Excel. Rows stream from the
 * database to the response (the workbook keeps a window of rows in memory and spills the rest to a temporary file),
 * so a month of a busy tenant does not have to fit in memory. Times are in the report's timezone.
 */
@Component
class ConversationExport {
    static final List<String> COLUMNS = List.of("conversationId", "channel", "botId", "userId", "status", "startedAt",
            "firstInboundAt", "firstResponseAt", "firstResponseMs", "escalatedAt", "agentId", "agentFirstResponseMs",
            "resolvedAt", "resolutionMs", "closedAt", "lastActivityAt", "messagesIn", "messagesOut", "staffReplies",
            "staffIds", "lastCsat", "aiHandled");

    private final ReportData data;

    ConversationExport(ReportData data) {
        this.data = data;
    }

    void csv(String tenantId, ReportPeriod period, OutputStream out) throws IOException {
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        ZoneId zone = period.zone();
        OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
        printer.printRecord(COLUMNS);
        data.eachConversation(tenantId, period.from(), period.to(), c -> {
            try {
                printer.printRecord(Csv.safe(Arrays.asList(c.id(), c.channel(), c.botId(), c.userId(), c.status(),
                        time(iso, c.startedAt(), zone), time(iso, c.firstInboundAt(), zone), time(iso, c.firstResponseAt(), zone),
                        c.firstResponseMs(), time(iso, c.escalatedAt(), zone), c.agentId(), c.agentFirstResponseMs(),
                        time(iso, c.resolvedAt(), zone), c.resolutionMs(), time(iso, c.closedAt(), zone),
                        time(iso, c.lastActivityAt(), zone), c.messagesIn(), c.messagesOut(), c.staffReplies(),
                        c.staffIds(), c.lastCsat(), c.aiHandled())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        printer.flush();
    }

    void xlsx(String tenantId, ReportPeriod period, OutputStream out) throws IOException {
        SXSSFWorkbook book = new SXSSFWorkbook(200);
        try {
            SXSSFSheet sheet = book.createSheet("Conversations");
            Font bold = book.createFont();
            bold.setBold(true);
            CellStyle header = book.createCellStyle();
            header.setFont(bold);
            CellStyle time = book.createCellStyle();
            time.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            CellStyle millis = book.createCellStyle();
            millis.setDataFormat(book.createDataFormat().getFormat("#,##0\" ms\""));
            CellStyle count = book.createCellStyle();
            count.setDataFormat(book.createDataFormat().getFormat("#,##0"));
            CellStyle decimal = book.createCellStyle();
            decimal.setDataFormat(book.createDataFormat().getFormat("0.0"));
            Row head = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                Cell cell = head.createCell(i);
                cell.setCellValue(COLUMNS.get(i));
                cell.setCellStyle(header);
            }
            sheet.createFreezePane(1, 1);
            for (int i = 0; i < COLUMNS.size(); i++) sheet.setColumnWidth(i, (i == 0 ? 26 : 17) * 256);
            ZoneId zone = period.zone();
            int[] next = {1};
            data.eachConversation(tenantId, period.from(), period.to(), c -> {
                Row row = sheet.createRow(next[0]++);
                Object[] values = {c.id(), c.channel(), c.botId(), c.userId(), c.status(), c.startedAt(), c.firstInboundAt(),
                        c.firstResponseAt(), c.firstResponseMs(), c.escalatedAt(), c.agentId(), c.agentFirstResponseMs(),
                        c.resolvedAt(), c.resolutionMs(), c.closedAt(), c.lastActivityAt(), c.messagesIn(), c.messagesOut(),
                        c.staffReplies(), c.staffIds(), c.lastCsat(), c.aiHandled()};
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    if (v == null) continue;
                    Cell cell = row.createCell(i);
                    if (v instanceof Instant t) {
                        // Excel has no zones: the local wall time of the report's timezone, as the column header says
                        cell.setCellValue(t.atZone(zone).toLocalDateTime());
                        cell.setCellStyle(time);
                    } else if (v instanceof Long n) {
                        cell.setCellValue(n);
                        cell.setCellStyle(COLUMNS.get(i).endsWith("Ms") ? millis : count);
                    } else if (v instanceof Double d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(decimal);
                    } else if (v instanceof Boolean b) {
                        cell.setCellValue(b);
                    } else {
                        cell.setCellValue(v.toString());
                    }
                }
            });
            Sheet about = book.createSheet("About");
            about.createRow(0).createCell(0).setCellValue("Conversations started " + period.start() + " to " + period.end()
                    + "; times are local to " + zone.getId() + "; durations in milliseconds");
            book.write(out);
        } finally {
            book.close();
            book.dispose();
        }
    }

    private static String time(DateTimeFormatter f, Instant t, ZoneId zone) {
        return t == null ? null : f.format(t.atZone(zone));
    }
}
