package dev.convolens.report;

/**
 * What a number means, so that every renderer shows it the same way: a JSON number, an Excel cell with a number
 * format, a formatted PDF string. Values keep the query API's units: durations in milliseconds, rates as fractions.
 */
public enum Kind {
    /** A local date (the row's day). */
    DATE,
    TEXT,
    /** A whole count. */
    COUNT,
    /** A duration in whole milliseconds; smaller is better. */
    MILLIS,
    /** A percentage 0..100, such as the CSAT score. */
    PERCENT,
    /** A fraction 0..1, such as the escalation rate; shown as a percentage. */
    RATE,
    /** A plain decimal, such as an average rating or an NPS score. */
    DECIMAL,
    /** US dollars. */
    USD;

    /** Whether the value is a number (not a date or text). */
    public boolean numeric() {
        return this != DATE && this != TEXT;
    }
}
