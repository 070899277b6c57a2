package dev.convolens.report;

import dev.convolens.system.Csv;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/**
 * One row per day of the period (RFC 4180, header row of column keys): the daily columns of every chosen section
 * that has them (summary, conversations, response times, satisfaction, live chat), side by side. Numbers are plain
 * (milliseconds, fractions, percentages) so a spreadsheet or script reads them as numbers; sections without daily
 * numbers (agents, intents, channels, bots) are in the other formats.
 */
@Component
class CsvReportRenderer implements ReportRenderer {

    @Override
    public ReportFormat format() {
        return ReportFormat.CSV;
    }

    @Override
    public void render(Report report, OutputStream out) throws IOException {
        Map<String, Column> columns = new LinkedHashMap<>();
        Map<LocalDate, Map<String, Object>> byDay = new LinkedHashMap<>();
        for (LocalDate day : report.period().days()) byDay.put(day, new LinkedHashMap<>());
        for (SectionData section : report.sections()) {
            section.table("days").ifPresent(table -> {
                for (int i = 1; i < table.columns().size(); i++) columns.putIfAbsent(table.columns().get(i).key(), table.columns().get(i));
                for (List<Object> row : table.rows()) {
                    Map<String, Object> values = byDay.get((LocalDate) row.get(0));
                    for (int i = 1; i < table.columns().size(); i++) values.putIfAbsent(table.columns().get(i).key(), row.get(i));
                }
            });
        }
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
        List<Object> header = new ArrayList<>();
        header.add("date");
        header.addAll(columns.keySet());
        printer.printRecord(header);
        for (Map.Entry<LocalDate, Map<String, Object>> day : byDay.entrySet()) {
            List<Object> row = new ArrayList<>();
            row.add(day.getKey().toString());
            for (String key : columns.keySet()) row.add(day.getValue().get(key));
            printer.printRecord(Csv.safe(row));
        }
        printer.flush();
    }
}
