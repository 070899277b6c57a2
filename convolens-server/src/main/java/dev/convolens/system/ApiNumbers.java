package dev.convolens.system;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The API's one rounding rule, so that no answer carries float noise such as {@code 7979.399999999998}:
 * milliseconds, counts and tokens are whole; fractions (rates 0..1) have 4 decimals; percents, scores, ratings and
 * other averages 2; US dollars 6.
 */
public final class ApiNumbers {
    private ApiNumbers() {}

    public static Long whole(Double v) {
        return v == null ? null : Math.round(v);
    }

    public static Double fraction(Double v) {
        return decimals(v, 4);
    }

    public static Double percent(Double v) {
        return decimals(v, 2);
    }

    public static Double usd(Double v) {
        return decimals(v, 6);
    }

    /** A value of a catalog metric by its unit. */
    public static Object of(String unit, Double v) {
        return switch (unit) {
            case "count", "tokens", "ms" -> whole(v);
            case "ratio" -> fraction(v);
            case "usd" -> usd(v);
            default -> percent(v);
        };
    }

    private static Double decimals(Double v, int scale) {
        if (v == null || v.isNaN() || v.isInfinite()) return v;
        return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).doubleValue();
    }
}
