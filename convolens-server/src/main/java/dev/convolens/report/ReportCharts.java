package dev.convolens.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report's two charts, drawn by JFreeChart into the PDF as vector graphics: message volume (received and sent
 * per day, bars) and response times (average, median and 95th percentile per day, lines, in seconds).
 */
final class ReportCharts {
    static final Color TEAL = new Color(0x0F, 0x4C, 0x5C);
    static final Color AMBER = new Color(0xE3, 0x9B, 0x2D);
    static final Color SKY = new Color(0x5A, 0xA9, 0xC8);
    static final Color GRID = new Color(0xDD, 0xE3, 0xE6);
    static final Color INK = new Color(0x3E, 0x4C, 0x59);

    private ReportCharts() {}

    /** Received and sent messages per day, from the summary's or the conversations section's daily table. */
    static Optional<JFreeChart> messageVolume(Report report) {
        Optional<Table> days = report.section(Section.SUMMARY).flatMap(s -> s.table("days"))
                .or(() -> report.section(Section.CONVERSATIONS).flatMap(s -> s.table("days")));
        if (days.isEmpty()) return Optional.empty();
        Table t = days.get();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Object> in = t.column("messagesIn");
        List<Object> out = t.column("messagesOut");
        List<Object> dates = t.column("date");
        for (int i = 0; i < dates.size(); i++) {
            String day = label((LocalDate) dates.get(i), dates.size());
            data.addValue((Number) in.get(i), "Received", day);
            data.addValue((Number) out.get(i), "Sent", day);
        }
        CategoryPlot plot = new CategoryPlot(data, axis(dates.size()), numberAxis("Messages", false), bars());
        return Optional.of(chart(plot));
    }

    /** Average, median and 95th percentile reply response time per day, in seconds. */
    static Optional<JFreeChart> responseTimes(Report report) {
        Optional<Table> days = report.section(Section.RESPONSE_TIMES).flatMap(s -> s.table("days"));
        if (days.isEmpty()) return Optional.empty();
        Table t = days.get();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Object> dates = t.column("date");
        String[][] series = {{"responseTimeAvgMs", "Average"}, {"responseTimeP50Ms", "Median"}, {"responseTimeP95Ms", "95th percentile"}};
        for (String[] s : series) {
            List<Object> values = t.column(s[0]);
            for (int i = 0; i < dates.size(); i++) {
                Object v = values.get(i);
                data.addValue(v == null ? null : ((Number) v).doubleValue() / 1000.0, s[1], label((LocalDate) dates.get(i), dates.size()));
            }
        }
        LineAndShapeRenderer lines = new LineAndShapeRenderer(true, dates.size() <= 14);
        Color[] colors = {TEAL, SKY, AMBER};
        for (int i = 0; i < colors.length; i++) {
            lines.setSeriesPaint(i, colors[i]);
            lines.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.2f : 1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            lines.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        CategoryPlot plot = new CategoryPlot(data, axis(dates.size()), numberAxis("Seconds", true), lines);
        return Optional.of(chart(plot));
    }

    private static BarRenderer bars() {
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setItemMargin(0.05);
        bars.setMaximumBarWidth(0.06);
        bars.setSeriesPaint(0, TEAL);
        bars.setSeriesPaint(1, AMBER);
        return bars;
    }

    private static CategoryAxis axis(int days) {
        CategoryAxis axis = new CategoryAxis();
        axis.setTickLabelFont(new Font("SansSerif", Font.PLAIN, 9));
        axis.setTickLabelPaint(INK);
        axis.setAxisLineVisible(false);
        axis.setTickMarksVisible(false);
        axis.setCategoryMargin(0.2);
        axis.setLowerMargin(0.01);
        axis.setUpperMargin(0.01);
        if (days > 14) axis.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        return axis;
    }

    private static NumberAxis numberAxis(String label, boolean decimals) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(new Font("SansSerif", Font.PLAIN, 9));
        axis.setLabelPaint(INK);
        axis.setTickLabelFont(new Font("SansSerif", Font.PLAIN, 9));
        axis.setTickLabelPaint(INK);
        axis.setAxisLineVisible(false);
        axis.setTickMarksVisible(false);
        if (!decimals) axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        else axis.setNumberFormatOverride(new DecimalFormat("0.#"));
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    private static JFreeChart chart(CategoryPlot plot) {
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(0.6f));
        plot.setDomainGridlinesVisible(false);
        plot.setInsets(new RectangleInsets(4, 2, 2, 6));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(new Font("SansSerif", Font.PLAIN, 9));
        legend.setItemPaint(INK);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String label(LocalDate day, int days) {
        return DateTimeFormatter.ofPattern(days <= 7 ? "EEE d" : "d MMM", Locale.ENGLISH).format(day);
    }
}
