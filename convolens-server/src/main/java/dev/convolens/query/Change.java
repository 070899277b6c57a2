package dev.convolens.query;

/** Percent changes between a period and the one before it. */
final class Change {
    private Change() {}

    /** (current - previous) / previous * 100; null when either is null or previous is 0. */
    static Double percent(Number current, Number previous) {
        if (current == null || previous == null || previous.doubleValue() == 0) return null;
        return (current.doubleValue() - previous.doubleValue()) / previous.doubleValue() * 100;
    }
}
