package dev.convolens.report;

/**
 * One key number of a section, with the same number over the previous period when the report compares
 * ({@code previous} may be null: nothing to compare with). {@code lowerIsBetter} decides whether a rise is good news.
 */
public record Figure(String key, String label, Kind kind, Number value, Number previous, boolean lowerIsBetter) {

    /**
     * The change from the previous period: relative (percent) for counts, durations and decimals, in points for
     * percentages and rates; null when there is nothing to compare with.
     */
    public Double change() {
        if (value == null || previous == null) return null;
        double now = value.doubleValue();
        double before = previous.doubleValue();
        return switch (kind) {
            case PERCENT -> now - before;
            case RATE -> (now - before) * 100;
            default -> before == 0 ? null : (now - before) / Math.abs(before) * 100;
        };
    }

    /** Whether the change is measured in points (percentages and rates) rather than percent. */
    public boolean changeInPoints() {
        return kind == Kind.PERCENT || kind == Kind.RATE;
    }

    /** +1 when the change is good news, -1 when bad, 0 when flat or unknown. */
    public int verdict() {
        Double change = change();
        if (change == null || Math.abs(change) < 0.05) return 0;
        return (change > 0) != lowerIsBetter ? 1 : -1;
    }
}
