package dev.convolens.report;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;

/**
 * An Excel workbook with one sheet per section. Each sheet starts with a title row (tenant, period, timezone), then
 * the section's main table under a frozen header row, then its key numbers and further tables. Every number is a
 * numeric cell holding the model's value (the query API's units: milliseconds, fractions for rates) with a number
 * format for display, so sums and charts in Excel work on the real values; days are date cells.
 */
@Component
class XlsxReportRenderer implements ReportRenderer {
    /** Rows above a sheet's first table: the title and a blank row. */
    static final int HEADER_ROW = 2;

    @Override
    public ReportFormat format() {
        return ReportFormat.XLSX;
    }

    @Override
    public void render(Report report, OutputStream out) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Styles styles = new Styles(book);
            for (SectionData section : report.sections()) sheet(book, styles, report, section);
            book.getProperties().getCoreProperties().setTitle(report.period().title() + " for " + report.tenantName());
            book.getProperties().getCoreProperties().setCreator("Convolens");
            book.write(out);
        }
    }

    private static void sheet(XSSFWorkbook book, Styles styles, Report report, SectionData section) {
        Sheet sheet = book.createSheet(WorkbookUtil.createSafeSheetName(section.section().title()));
        Row title = sheet.createRow(0);
        cell(title, 0, styles.title).setCellValue(section.section().title() + " \u2013 " + report.tenantName() + " \u2013 "
                + report.period().display() + " (" + report.zone().getId() + ")");
        boolean summary = section.section() == Section.SUMMARY;
        List<Table> tables = section.tables();
        List<Table> rest = tables;
        int next;
        int widest = 4;
        if (summary || tables.isEmpty()) {
            next = figures(sheet, styles, section.figures(), HEADER_ROW, summary);
            sheet.createFreezePane(0, HEADER_ROW + 1);
        } else {
            Table main = tables.get(0);
            next = table(sheet, styles, main, HEADER_ROW);
            sheet.createFreezePane(1, HEADER_ROW + 1);
            if (!main.rows().isEmpty()) {
                sheet.setAutoFilter(new CellRangeAddress(HEADER_ROW, HEADER_ROW + main.rows().size(), 0, main.columns().size() - 1));
            }
            rest = tables.subList(1, tables.size());
        }
        if (summary) next = info(sheet, styles, report, next + 1);
        for (Table table : rest) {
            next++;
            cell(sheet.createRow(next++), 0, styles.subtitle).setCellValue(table.title());
            next = table(sheet, styles, table, next);
        }
        for (Table table : tables) widest = Math.max(widest, table.columns().size());
        if (!summary && !tables.isEmpty() && !section.figures().isEmpty()) {
            next++;
            cell(sheet.createRow(next++), 0, styles.subtitle).setCellValue("Over the period");
            figures(sheet, styles, section.figures(), next, false);
        }
        for (int c = 0; c < widest; c++) sheet.setColumnWidth(c, c == 0 ? 34 * 256 : 16 * 256);
    }

    /** The key numbers as Metric | Value (| Previous | Change); answers the next free row. */
    private static int figures(Sheet sheet, Styles styles, List<Figure> figures, int rowIndex, boolean compare) {
        Row header = sheet.createRow(rowIndex++);
        String[] names = compare ? new String[] {"Metric", "Value", "Previous period", "Change"} : new String[] {"Metric", "Value"};
        for (int i = 0; i < names.length; i++) cell(header, i, styles.header).setCellValue(names[i]);
        for (Figure f : figures) {
            Row row = sheet.createRow(rowIndex++);
            cell(row, 0, styles.text).setCellValue(f.label());
            value(row, 1, styles, f.kind(), f.value());
            if (compare) {
                value(row, 2, styles, f.kind(), f.previous());
                Double change = f.change();
                if (change != null) {
                    Cell c = cell(row, 3, f.changeInPoints() ? styles.points : styles.changePercent);
                    c.setCellValue(f.changeInPoints() ? change : change / 100);
                }
            }
        }
        return rowIndex;
    }

    private static int info(Sheet sheet, Styles styles, Report report, int rowIndex) {
        String[][] lines = {
                {"Tenant", report.tenantName() + " (" + report.tenantId() + ")"},
                {"Period", report.period().start() + " to " + report.period().end()},
                {"Timezone", report.zone().getId()},
                {"Generated at", Display.time(report.generatedAt(), report.zone())},
                {"Data as of (newest event)", Display.time(report.dataAsOf(), report.zone())},
                {"Previous period", report.compared().sentence()}};
        for (String[] line : lines) {
            Row row = sheet.createRow(rowIndex++);
            cell(row, 0, styles.label).setCellValue(line[0]);
            cell(row, 1, styles.text).setCellValue(line[1]);
        }
        return rowIndex;
    }

    /** Header, rows and the total row; answers the next free row. */
    private static int table(Sheet sheet, Styles styles, Table table, int rowIndex) {
        Row header = sheet.createRow(rowIndex++);
        for (int i = 0; i < table.columns().size(); i++) cell(header, i, styles.header).setCellValue(table.columns().get(i).label());
        for (List<Object> values : table.rows()) {
            Row row = sheet.createRow(rowIndex++);
            for (int i = 0; i < values.size(); i++) {
                Column column = table.columns().get(i);
                Object v = values.get(i);
                value(row, i, styles, column.kind(), column.kind() == Kind.TEXT && v != null ? Display.cell(column, v) : v);
            }
        }
        if (table.total() != null) {
            Row row = sheet.createRow(rowIndex++);
            for (int i = 0; i < table.total().size(); i++) {
                Object v = table.total().get(i);
                if (i == 0 && v == null) cell(row, 0, styles.totalLabel).setCellValue("Period");
                else value(row, i, styles, table.columns().get(i).kind(), v, true);
            }
        }
        return rowIndex;
    }

    private static void value(Row row, int column, Styles styles, Kind kind, Object value) {
        value(row, column, styles, kind, value, false);
    }

    private static void value(Row row, int column, Styles styles, Kind kind, Object value, boolean total) {
        Cell cell = cell(row, column, (total ? styles.totals : styles.values).get(kind));
        if (value == null) return;
        switch (kind) {
            case DATE -> cell.setCellValue((LocalDate) value);
            case TEXT -> cell.setCellValue(value.toString());
            default -> cell.setCellValue(((Number) value).doubleValue());
        }
    }

    private static Cell cell(Row row, int column, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellStyle(style);
        return cell;
    }

    /** The workbook's styles, created once (a workbook holds at most 64,000). */
    private static final class Styles {
        final CellStyle title, subtitle, header, text, label, totalLabel, points, changePercent;
        final Map<Kind, CellStyle> values = new EnumMap<>(Kind.class);
        final Map<Kind, CellStyle> totals = new EnumMap<>(Kind.class);

        Styles(XSSFWorkbook book) {
            Font bold = book.createFont();
            bold.setBold(true);
            Font big = book.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            Font white = book.createFont();
            white.setBold(true);
            white.setColor(IndexedColors.WHITE.getIndex());
            title = book.createCellStyle();
            title.setFont(big);
            subtitle = book.createCellStyle();
            subtitle.setFont(bold);
            header = book.createCellStyle();
            header.setFont(white);
            header.setFillForegroundColor(IndexedColors.DARK_TEAL.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setWrapText(true);
            text = book.createCellStyle();
            label = book.createCellStyle();
            label.setFont(bold);
            totalLabel = book.createCellStyle();
            totalLabel.setFont(bold);
            totalLabel.setBorderTop(BorderStyle.THIN);
            points = numeric(book, "+0.0\" pts\";-0.0\" pts\";0.0\" pts\"", null);
            changePercent = numeric(book, "+0.0%;-0.0%;0.0%", null);
            for (Kind kind : Kind.values()) {
                values.put(kind, numeric(book, formatOf(kind), null));
                totals.put(kind, numeric(book, formatOf(kind), bold));
                totals.get(kind).setBorderTop(BorderStyle.THIN);
            }
        }

        private static CellStyle numeric(XSSFWorkbook book, String format, Font font) {
            CellStyle style = book.createCellStyle();
            if (format != null) style.setDataFormat(book.createDataFormat().getFormat(format));
            if (font != null) style.setFont(font);
            if (format != null && !format.equals("@")) style.setAlignment(HorizontalAlignment.RIGHT);
            return style;
        }

        private static String formatOf(Kind kind) {
            return switch (kind) {
                case DATE -> "yyyy-mm-dd ddd";
                case TEXT -> "@";
                case COUNT -> "#,##0";
                case MILLIS -> "#,##0\" ms\"";
                case PERCENT -> "0.0\"%\"";
                case RATE -> "0.0%";
                case DECIMAL -> "0.00";
                case USD -> "$#,##0.00";
            };
        }
    }
}
