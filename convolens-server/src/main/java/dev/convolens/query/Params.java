package dev.convolens.query;

import dev.convolens.event.Channel;
import dev.convolens.rollup.Granularity;
import dev.convolens.system.ApiException;
import java.util.Locale;

/** Reading query parameters, failing with the parameter's name and the reason. */
final class Params {
    private Params() {}

    static boolean isCsv(String format) {
        if (format == null || format.equals("json")) return false;
        if (format.equals("csv")) return true;
        throw ApiException.badRequest("format", "format must be 'json' or 'csv'");
    }

    /** hour, day, week or month; {@code fallback} when absent. */
    static Granularity granularity(String value, Granularity fallback) {
        if (value == null || value.isBlank()) return fallback;
        return switch (value) {
            case "hour" -> Granularity.HOUR;
            case "day" -> Granularity.DAY;
            case "week" -> Granularity.WEEK;
            case "month" -> Granularity.MONTH;
            default -> throw ApiException.badRequest("granularity", "granularity must be hour, day, week or month");
        };
    }

    static String wireName(Granularity granularity) {
        return granularity.name().toLowerCase(Locale.ROOT);
    }

    /** A channel filter as stored (lower case), or null. */
    static String channel(String value) {
        if (value == null || value.isBlank()) return null;
        return Channel.fromWireName(value).map(Channel::wireName).orElseThrow(() -> ApiException.badRequest("channel",
                "unknown channel '" + value + "'; valid: " + String.join(", ", Channel.wireNames())));
    }

    static String botId(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** {@code compare=previous}, or nothing. */
    static boolean comparePrevious(String value) {
        if (value == null || value.isBlank()) return false;
        if (value.equals("previous")) return true;
        throw ApiException.badRequest("compare", "compare must be 'previous'");
    }
}
