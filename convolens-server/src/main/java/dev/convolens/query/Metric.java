package dev.convolens.query;

import java.util.List;
import java.util.Set;

/**
 * One entry of the catalog: what it measures, its unit, how values combine, the dimensions it can be filtered and
 * grouped by, the exact definition over facts/raw events ({@link Samples}) and the rollup columns that hold the same
 * numbers ({@link Read}). {@code companion} names the average whose sample counts rank a percentile's groups.
 */
record Metric(String name, String unit, Kind kind, double quantile, double scale, String description,
        Set<Dim> dimensions, Samples samples, List<Read> rollups, String companion) {

    /** How a metric's value is made from its samples. */
    enum Kind {
        /** SUM(num): counts and totals; a period without samples is 0. */
        SUM,
        /** scale * SUM(num) / SUM(den): averages, rates and scores; null without samples. */
        RATIO,
        /** percentile_cont(quantile) of num: exact, never combined across periods; null without samples. */
        PERCENTILE
    }

    /**
     * Rollup columns holding this metric: {@code num} / {@code den} summed over rows (for SUM and RATIO), or the
     * stored {@code percentile} of exactly one row; {@code where} narrows the table's rows further.
     */
    record Read(RollupTable table, String where, String num, String den, String percentile) {}

    /** Whether values are whole numbers (counts, tokens). */
    boolean integral() {
        return kind == Kind.SUM && !unit.equals("usd");
    }

    boolean has(Dim dim) {
        return dimensions.contains(dim);
    }
}
