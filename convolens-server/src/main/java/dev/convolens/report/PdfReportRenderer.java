package dev.convolens.report;

import com.openhtmltopdf.extend.FSObjectDrawer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.render.DefaultObjectDrawerFactory;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The report as a document a manager forwards: a cover with the period's key numbers and their change against the
 * previous period and the message-volume chart, then each section with its figures, tables and (for response times)
 * a chart; page numbers and a running header on every page. The page is laid out as XHTML + CSS by openhtmltopdf on
 * PDFBox with the PDF base-14 fonts (nothing to download or embed); charts are drawn by JFreeChart straight into the
 * PDF as vectors.
 */
@Component
class PdfReportRenderer implements ReportRenderer {
    private static final Logger log = LoggerFactory.getLogger(PdfReportRenderer.class);
    /** Columns of one printed table (the key column included); wider tables are split into several. */
    static final int MAX_COLUMNS = 10;
    /** Rows of a table short enough to keep on one page with its title. */
    static final int SHORT_TABLE = 15;

    private static final String CSS = """
            @page { size: A4; margin: 20mm 15mm 18mm 15mm;
                @top-left { content: "%1$s"; font-family: sans-serif; font-size: 7.5pt; color: #7b8794; }
                @top-right { content: "%2$s"; font-family: sans-serif; font-size: 7.5pt; color: #7b8794; }
                @bottom-left { content: "Convolens"; font-family: sans-serif; font-size: 7.5pt; color: #7b8794; }
                @bottom-right { content: "Page " counter(page) " of " counter(pages); font-family: sans-serif; font-size: 7.5pt; color: #7b8794; } }
            @page :first { margin-top: 12mm; @top-left { content: none; } @top-right { content: none; } }
            body { font-family: sans-serif; font-size: 9pt; color: #1f2933; line-height: 1.35; }
            .band { background: #0f4c5c; color: #ffffff; padding: 7mm 8mm 6mm 8mm; margin-bottom: 5mm; }
            .brand { font-size: 8pt; letter-spacing: 2pt; color: #9fd3e0; font-weight: bold; }
            .band h1 { font-size: 24pt; margin: 3mm 0 1mm 0; font-weight: bold; }
            .tenant { font-size: 14pt; margin: 0; }
            .when { font-size: 10pt; color: #d5ecf2; margin-top: 2mm; }
            .meta { font-size: 8pt; color: #52606d; margin: 0 0 5mm 0; }
            table.cards { width: 100%%; border-collapse: separate; border-spacing: 2.5mm; margin: -2.5mm -2.5mm 3mm -2.5mm; }
            td.card { width: 25%%; background: #f3f7f8; border-top: 2.5pt solid #0f4c5c; padding: 3mm 3mm 2.5mm 3mm; vertical-align: top; }
            .card .label { font-size: 7.5pt; color: #52606d; text-transform: uppercase; letter-spacing: 0.4pt; }
            .card .value { font-size: 17pt; font-weight: bold; margin: 1.5mm 0 1mm 0; color: #102a43; }
            .card .change { font-size: 7.5pt; color: #7b8794; }
            .good { color: #1a7f37; } .bad { color: #c62828; } .flat { color: #7b8794; }
            h2 { font-size: 13pt; color: #0f4c5c; border-bottom: 1.2pt solid #0f4c5c; padding-bottom: 1mm; margin: 7mm 0 3mm 0;
                page-break-after: avoid; }
            h3 { font-size: 9.5pt; color: #334e68; margin: 4mm 0 1.5mm 0; page-break-after: avoid; }
            .after-cover { page-break-before: always; }
            .keep { page-break-inside: avoid; }
            .chart { width: 100%%; height: 62mm; display: block; margin: 1mm 0 3mm 0; }
            .cover-chart { height: 56mm; }
            .note { font-size: 7.5pt; color: #7b8794; margin: 1mm 0 0 0; }
            table.data { width: 100%%; border-collapse: collapse; -fs-table-paginate: paginate; margin-bottom: 2mm; }
            table.data th { background: #0f4c5c; color: #ffffff; font-weight: bold; font-size: 7.5pt; padding: 1.6mm 1.5mm;
                text-align: right; vertical-align: bottom; }
            table.data th.key, table.data td.key { text-align: left; }
            table.data td { padding: 1.3mm 1.5mm; text-align: right; border-bottom: 0.4pt solid #e4e7eb; font-size: 8pt;
                white-space: nowrap; }
            table.data tr.odd td { background: #f7f9fa; }
            table.data tr.total td { font-weight: bold; border-top: 1pt solid #334e68; border-bottom: none; background: #ffffff; }
            table.data tr { page-break-inside: avoid; }
            table.figures { width: 100%%; border-collapse: collapse; margin-bottom: 2mm; }
            table.figures td { padding: 1.2mm 1.5mm; border-bottom: 0.4pt solid #e4e7eb; font-size: 8.5pt; }
            table.figures td.num { text-align: right; font-weight: bold; }
            .empty { color: #7b8794; font-style: italic; margin: 1mm 0 3mm 0; }
            """;

    @Override
    public ReportFormat format() {
        return ReportFormat.PDF;
    }

    @Override
    public void render(Report report, OutputStream out) throws IOException {
        Map<String, JFreeChart> charts = new HashMap<>();
        ReportCharts.messageVolume(report).ifPresent(c -> charts.put("volume", c));
        ReportCharts.responseTimes(report).ifPresent(c -> charts.put("response-times", c));
        DefaultObjectDrawerFactory drawers = new DefaultObjectDrawerFactory();
        drawers.registerDrawer("application/x-convolens-chart", chartDrawer(charts));
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.useObjectDrawerFactory(drawers);
        builder.withProducer("Convolens");
        builder.withHtmlContent(html(report, charts.keySet()), null);
        builder.toStream(out);
        builder.run();
    }

    /** Draws the chart named by the element's {@code data-chart} into the box openhtmltopdf laid out for it. */
    private static FSObjectDrawer chartDrawer(Map<String, JFreeChart> charts) {
        return (element, x, y, width, height, device, context, dotsPerPixel) -> {
            JFreeChart chart = charts.get(element.getAttribute("data-chart"));
            if (chart == null) return null;
            float w = (float) width / dotsPerPixel;
            float h = (float) height / dotsPerPixel;
            try {
                device.drawWithGraphics((float) x, (float) y, w, h, g -> chart.draw(g, new Rectangle2D.Float(0, 0, w, h)));
            } catch (RuntimeException | Error e) {
                // a server without any font for Java2D cannot draw the chart's labels; the report is still worth sending
                log.warn("could not draw chart {}: {}", element.getAttribute("data-chart"), e.toString());
            }
            return null;
        };
    }

    static String html(Report report, Set<String> charts) {
        StringBuilder h = new StringBuilder(32_000);
        String title = report.period().title() + " for " + report.tenantName();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/><title>").append(esc(title))
                .append("</title><style>")
                .append(CSS.formatted(css(report.tenantName() + " \u2013 " + report.period().title()),
                        css(report.period().display() + " (" + report.zone().getId() + ")")))
                .append("</style></head><body>");
        cover(h, report, charts);
        for (SectionData section : report.sections()) {
            if (section.section() == Section.SUMMARY) continue;
            sectionBody(h, section, charts, report.section(Section.SUMMARY).isPresent());
        }
        h.append("</body></html>");
        return h.toString();
    }

    /**
     * The first page (title band, key-number cards with their change, the message-volume and response-time charts)
     * and, from page 2, the table of every key number; without a summary section, only the title band.
     */
    private static void cover(StringBuilder h, Report report, Set<String> charts) {
        h.append("<div class=\"band\"><div class=\"brand\">CONVOLENS</div><h1>").append(esc(report.period().title()))
                .append("</h1><p class=\"tenant\">").append(esc(report.tenantName())).append("</p><div class=\"when\">")
                .append(esc(report.period().display())).append(" &#183; ").append(esc(report.zone().getId()))
                .append("</div></div>");
        h.append("<p class=\"meta\">Generated ").append(esc(Display.time(report.generatedAt(), report.zone())))
                .append(" &#183; Data as of ").append(esc(report.dataAsOf() == null ? "no events in this period"
                        : Display.time(report.dataAsOf(), report.zone())))
                .append(" (newest event included)</p>");
        SectionData summary = report.section(Section.SUMMARY).orElse(null);
        if (summary == null) return;
        List<Figure> figures = summary.figures();
        List<Figure> cards = figures.subList(0, Math.min(8, figures.size()));
        h.append("<table class=\"cards\">");
        for (int i = 0; i < cards.size(); i++) {
            if (i % 4 == 0) h.append("<tr>");
            Figure f = cards.get(i);
            h.append("<td class=\"card\"><div class=\"label\">").append(esc(f.label())).append("</div><div class=\"value\">")
                    .append(esc(Display.format(f.kind(), f.value()))).append("</div><div class=\"change\">")
                    .append(changeSpan(f)).append(" vs ").append(esc(cardVersus(report.compared()))).append("</div></td>");
            if (i % 4 == 3 || i == cards.size() - 1) {
                for (int pad = i % 4; pad < 3; pad++) h.append("<td class=\"card\"></td>");
                h.append("</tr>");
            }
        }
        h.append("</table>");
        h.append("<p class=\"meta\">").append(esc(report.compared().sentence())).append("</p>");
        if (charts.contains("volume")) {
            h.append("<h3>Message volume per day</h3>");
            h.append("<object type=\"application/x-convolens-chart\" data-chart=\"volume\" class=\"chart cover-chart\"></object>");
        }
        if (charts.contains("response-times")) {
            h.append("<h3>Reply response time per day</h3>");
            h.append("<object type=\"application/x-convolens-chart\" data-chart=\"response-times\" class=\"chart cover-chart\"></object>");
        }
        h.append("<div class=\"after-cover\"><h2>Key numbers</h2><table class=\"data\"><thead><tr><th class=\"key\">Metric</th><th>This period</th><th>")
                .append(esc(capitalized(report.compared().versus()))).append("</th><th>Change</th></tr></thead><tbody>");
        int row = 0;
        for (Figure f : figures) {
            h.append("<tr class=\"").append(row++ % 2 == 1 ? "odd" : "").append("\"><td class=\"key\">").append(esc(f.label()))
                    .append("</td><td>").append(esc(Display.format(f.kind(), f.value()))).append("</td><td>")
                    .append(esc(Display.format(f.kind(), f.previous()))).append("</td><td>").append(changeSpan(f))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></div>");
    }

    /** "previous week", or on a card's narrow line "same part of previous week". */
    private static String cardVersus(ReportPeriod.Compared compared) {
        return compared.partial() ? "same part of " + compared.previousName() : compared.previousName();
    }

    /**
     * A section's figures, chart and tables. A short table is kept on one page with its title, and the section's
     * title stays with its figures and first short table, so no heading is left alone at the foot of a page.
     */
    private static void sectionBody(StringBuilder h, SectionData section, Set<String> charts, boolean coverCharts) {
        h.append("<div class=\"keep\">");
        h.append("<h2>").append(esc(section.section().title())).append("</h2>");
        if (!section.figures().isEmpty()) {
            h.append("<table class=\"figures\">");
            List<Figure> figures = section.figures();
            for (int i = 0; i < figures.size(); i += 2) {
                h.append("<tr>");
                for (int j = i; j < i + 2; j++) {
                    if (j < figures.size()) {
                        Figure f = figures.get(j);
                        h.append("<td>").append(esc(f.label())).append("</td><td class=\"num\">")
                                .append(esc(Display.format(f.kind(), f.value()))).append("</td>");
                    } else {
                        h.append("<td></td><td></td>");
                    }
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }
        boolean open = true;
        if (section.section() == Section.RESPONSE_TIMES && charts.contains("response-times") && !coverCharts) {
            h.append("<h3>Reply response time per day</h3>");
            h.append("<object type=\"application/x-convolens-chart\" data-chart=\"response-times\" class=\"chart\"></object>");
        }
        for (Table table : section.tables()) {
            boolean small = table.rows().size() <= SHORT_TABLE;
            if (open && !small) {
                h.append("</div>");
                open = false;
            }
            if (!open && small) h.append("<div class=\"keep\">");
            h.append("<h3>").append(esc(table.title())).append("</h3>");
            if (table.rows().isEmpty()) {
                h.append("<p class=\"empty\">Nothing in this period.</p>");
            } else {
                for (List<Integer> columns : columnGroups(table)) table(h, table, columns);
            }
            if (!open && small) h.append("</div>");
            if (open) {
                h.append("</div>");
                open = false;
            }
        }
        if (open) h.append("</div>");
    }

    /** The key column plus at most {@link #MAX_COLUMNS} - 1 others per printed table, split evenly. */
    static List<List<Integer>> columnGroups(Table table) {
        int measures = table.columns().size() - 1;
        int groups = Math.max(1, (int) Math.ceil(measures / (double) (MAX_COLUMNS - 1)));
        int size = (int) Math.ceil(measures / (double) groups);
        List<List<Integer>> out = new ArrayList<>();
        for (int start = 1; start <= measures; start += size) {
            List<Integer> columns = new ArrayList<>();
            columns.add(0);
            for (int i = start; i < Math.min(start + size, measures + 1); i++) columns.add(i);
            out.add(columns);
        }
        return out;
    }

    private static void table(StringBuilder h, Table table, List<Integer> columns) {
        h.append("<table class=\"data\"><thead><tr>");
        for (int c : columns) {
            h.append("<th").append(c == 0 ? " class=\"key\"" : "").append(">").append(esc(table.columns().get(c).label())).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        int row = 0;
        for (List<Object> values : table.rows()) {
            h.append("<tr class=\"").append(row++ % 2 == 1 ? "odd" : "").append("\">");
            cells(h, table, columns, values, null);
            h.append("</tr>");
        }
        if (table.total() != null) {
            h.append("<tr class=\"total\">");
            cells(h, table, columns, table.total(), "Period");
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    private static void cells(StringBuilder h, Table table, List<Integer> columns, List<Object> values, String keyLabel) {
        for (int c : columns) {
            Column column = table.columns().get(c);
            String text = c == 0 && keyLabel != null && values.get(0) == null ? keyLabel : Display.cell(column, values.get(c));
            h.append("<td").append(c == 0 ? " class=\"key\"" : "").append(">").append(esc(text)).append("</td>");
        }
    }

    private static String changeSpan(Figure f) {
        String css = switch (f.verdict()) {
            case 1 -> "good";
            case -1 -> "bad";
            default -> "flat";
        };
        return "<span class=\"" + css + "\">" + esc(Display.change(f)) + "</span>";
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Text for XHTML; characters the base-14 fonts lack (outside Windows-1252) become '?', not a missing glyph. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        java.nio.charset.CharsetEncoder cp1252 = java.nio.charset.Charset.forName("windows-1252").newEncoder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (Character.isHighSurrogate(ch) && i + 1 < s.length()) {
                        out.append('?');
                        i++;
                    } else if (ch < 0x20 || !cp1252.canEncode(ch)) {
                        out.append('?');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Text inside a CSS string literal of the page header. */
    private static String css(String s) {
        return esc(s).replace("\\", "\\\\").replace("&quot;", "\\\"");
    }
}
