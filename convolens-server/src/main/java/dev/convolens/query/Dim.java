package dev.convolens.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A dimension a metric can be filtered or grouped by. Each maps to a column of the sample rows of {@link Samples}:
 * channel (the event's, else its conversation's, else 'other'), bot (the event's, else its conversation's), agent
 * (staff), intent and group (live-chat team). A missing value groups as {@code none}.
 */
enum Dim {
    CHANNEL("channel"), BOT("bot"), AGENT("agent"), INTENT("intent"), GROUP("grp");

    /** The key of a group whose dimension value is missing. */
    static final String NONE = "none";

    private final String sampleColumn;

    Dim(String sampleColumn) {
        this.sampleColumn = sampleColumn;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The column of a sample row holding this dimension. */
    String sampleColumn() {
        return sampleColumn;
    }

    static Optional<Dim> fromWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName().equals(name)).findFirst();
    }
}
