package dev.convolens.storage;

import dev.convolens.event.Event;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes events as RFC 4180 CSV in the events table's column order, the bulk-load format both stores read.
 * Every present string is quoted so that an empty string stays empty; an absent value is an unquoted empty field,
 * which both DuckDB ({@code allow_quoted_nulls=false}) and PostgreSQL's COPY read as NULL. This runs for every
 * ingested event (on the request threads, see {@link EventBatch}), hence the hand-rolled formatting.
 */
final class EventCsv {

    /** The columns of a line, in order: the events table's. */
    static final String COLUMNS = JdbcEventStore.EVENT_COLUMNS;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private EventCsv() {}

    /** Appends the event's line, newline included; {@code timestamps} carries formatting from one line to the next. */
    static void line(StringBuilder out, Event e, Timestamps timestamps) {
        text(out, e.tenantId(), false);
        text(out, e.id(), true);
        text(out, e.type(), true);
        timestamps.append(out, e.timestamp());
        timestamps.append(out, e.receivedAt());
        text(out, e.botId(), true);
        text(out, e.channel(), true);
        text(out, e.conversationId(), true);
        text(out, e.sessionId(), true);
        text(out, e.userId(), true);
        text(out, e.staffId(), true);
        text(out, e.groupId(), true);
        text(out, e.taskId(), true);
        text(out, e.intent(), true);
        out.append(',');
        if (e.value() != null) out.append(e.value().doubleValue());
        out.append(',');
        if (e.durationMs() != null) out.append(e.durationMs().longValue());
        text(out, e.metadata(), true);
        out.append('\n');
    }

    /** UTC timestamps with microseconds; the date-and-time part is reused while the second does not change. */
    static final class Timestamps {
        private long second = Long.MIN_VALUE;
        private String prefix;

        void append(StringBuilder out, Instant t) {
            out.append(',');
            if (t.getEpochSecond() != second) {
                second = t.getEpochSecond();
                prefix = SECONDS.format(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC));
            }
            out.append(prefix).append('.');
            int micros = t.getNano() / 1000;
            for (int div = 100_000; div > 0; div /= 10) out.append((char) ('0' + micros / div % 10));
            out.append("+00");
        }
    }

    private static void text(StringBuilder out, String value, boolean separator) {
        if (separator) out.append(',');
        if (value == null) return;
        out.append('"');
        if (value.indexOf('"') < 0) {
            out.append(value);
        } else {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') out.append('"');
                out.append(c);
            }
        }
        out.append('"');
    }
}
