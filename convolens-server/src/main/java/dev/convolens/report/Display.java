package dev.convolens.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How people read the numbers: in the PDF and the mail body. One formatter per {@link Kind}, so a test can format
 * what the API answers and look for exactly that text in the document.
 */
public final class Display {
    /** Shown for a number that does not exist (an average of nothing). */
    public static final String NONE = "\u2013";
    /** How the live-chat tables show their {@code unassigned} row. */
    public static final String NO_AGENT = "Unassigned (no agent)";
    private static final String AGENT = "agent", UNASSIGNED = "unassigned";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private Display() {}

    public static String format(Kind kind, Object value) {
        if (value == null) return NONE;
        return switch (kind) {
            case DATE -> DAY.format((LocalDate) value);
            case TEXT -> value.toString();
            case COUNT -> pattern("#,##0").format(((Number) value).longValue());
            case MILLIS -> duration(((Number) value).longValue());
            case PERCENT -> pattern("0.0").format(((Number) value).doubleValue()) + "%";
            case RATE -> pattern("0.0").format(((Number) value).doubleValue() * 100) + "%";
            case DECIMAL -> pattern("0.00").format(((Number) value).doubleValue());
            case USD -> usd(((Number) value).doubleValue());
        };
    }

    /**
     * A table cell as people read it: the live-chat tables key requests no agent took (missed or still waiting) as
     * {@code unassigned}, which is not an agent's name, so it reads {@value #NO_AGENT}.
     */
    public static String cell(Column column, Object value) {
        if (AGENT.equals(column.key()) && UNASSIGNED.equals(value)) return NO_AGENT;
        return format(column.kind(), value);
    }

    /** "850 ms", "4.2 s", "15 s", "3 min 05 s", "2 h 05 min": the dashboard's duration format, the same in every file. */
    public static String duration(long millis) {
        long ms = Math.abs(millis);
        String sign = millis < 0 ? "-" : "";
        if (ms < 1_000) return sign + ms + " ms";
        if (ms < 9_950) return sign + pattern("0.0").format(ms / 1000.0) + " s";
        long seconds = Math.round(ms / 1000.0);
        if (seconds < 60) return sign + seconds + " s";
        if (seconds < 3600) return sign + (seconds / 60) + " min " + String.format(Locale.ROOT, "%02d", seconds % 60) + " s";
        long minutes = Math.round(ms / 60_000.0);
        return sign + (minutes / 60) + " h " + String.format(Locale.ROOT, "%02d", minutes % 60) + " min";
    }

    /** "$1,234.50"; amounts under a dollar keep up to four decimals ("$0.002"), LLM calls cost fractions of a cent. */
    static String usd(double amount) {
        return "$" + pattern(Math.abs(amount) < 1 && amount != 0 ? "0.00##" : "#,##0.00").format(amount);
    }

    /** "+12.5%" or "+2.1 pts"; the change of a figure against the previous period. */
    public static String change(Figure figure) {
        Double change = figure.change();
        if (change == null) return NONE;
        String number = pattern("0.0").format(Math.abs(change));
        String sign = number.equals("0.0") ? "" : change > 0 ? "+" : "-";
        return sign + number + (figure.changeInPoints() ? " pts" : "%");
    }

    /** "22 Nov 2026, 06:00 (Europe/Berlin)". */
    public static String time(Instant instant, ZoneId zone) {
        if (instant == null) return NONE;
        return TIME.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
    }

    private static DecimalFormat pattern(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ENGLISH));
    }
}
