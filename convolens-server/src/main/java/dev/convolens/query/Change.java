package dev.convolens.query;

import dev.convolens.system.ApiNumbers;

/** Percent changes between a period and the one before it. */
final class Change {
    private Change() {}

    /** (current - previous) / previous * 100, to 2 decimals; null when either is null or previous is 0. */
    static Double percent(Number current, Number previous) {
        if (current == null || previous == null || previous.doubleValue() == 0) return null;
        return ApiNumbers.percent((current.doubleValue() - previous.doubleValue()) / previous.doubleValue() * 100);
    }
}
