package dev.convolens.storage;

import dev.convolens.event.Event;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes events as RFC 4180 CSV in the staging column order, the bulk-load format both stores read.
 * Every present string is quoted so that an empty string stays empty; an absent value is an unquoted empty field,
 * which both DuckDB ({@code allow_quoted_nulls=false}) and PostgreSQL's COPY read as NULL. This runs on the single
 * writer thread for every stored event, hence the hand-rolled formatting.
 */
final class EventCsv {

    static final String COLUMNS = "seq, tenant_id, id, type, ts, received_at, bot_id, channel, conversation_id, "
            + "session_id, user_id, staff_id, group_id, task_id, intent, value, duration_ms, metadata";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private EventCsv() {}

    static StringBuilder write(List<Event> events, int[] positions) {
        StringBuilder out = new StringBuilder(events.size() * 320);
        Timestamps timestamps = new Timestamps();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            out.append(positions[i]);
            text(out, e.tenantId());
            text(out, e.id());
            text(out, e.type());
            timestamps.append(out, e.timestamp());
            timestamps.append(out, e.receivedAt());
            text(out, e.botId());
            text(out, e.channel());
            text(out, e.conversationId());
            text(out, e.sessionId());
            text(out, e.userId());
            text(out, e.staffId());
            text(out, e.groupId());
            text(out, e.taskId());
            text(out, e.intent());
            out.append(',');
            if (e.value() != null) out.append(e.value().doubleValue());
            out.append(',');
            if (e.durationMs() != null) out.append(e.durationMs().longValue());
            text(out, e.metadata());
            out.append('\n');
        }
        return out;
    }

    /** UTC timestamps with microseconds; the date-and-time part is reused while the second does not change. */
    private static final class Timestamps {
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

    private static void text(StringBuilder out, String value) {
        out.append(',');
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
