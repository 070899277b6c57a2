package dev.convolens.storage;

import dev.convolens.event.Event;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes events as RFC 4180 CSV in the staging column order, the bulk-load format both stores read.
 * Every present string is quoted so that an empty string stays empty; an absent value is an unquoted empty field,
 * which both DuckDB ({@code allow_quoted_nulls=false}) and PostgreSQL's COPY read as NULL.
 */
final class EventCsv {

    static final String COLUMNS = "seq, tenant_id, id, type, ts, received_at, bot_id, channel, conversation_id, "
            + "session_id, user_id, staff_id, group_id, task_id, intent, value, duration_ms, metadata";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

    private EventCsv() {}

    static void write(Writer out, List<Event> events, int[] positions) throws IOException {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            out.write(Integer.toString(positions[i]));
            text(out, e.tenantId());
            text(out, e.id());
            text(out, e.type());
            timestamp(out, e.timestamp());
            timestamp(out, e.receivedAt());
            text(out, e.botId());
            text(out, e.channel());
            text(out, e.conversationId());
            text(out, e.sessionId());
            text(out, e.userId());
            text(out, e.staffId());
            text(out, e.groupId());
            text(out, e.taskId());
            text(out, e.intent());
            out.write(',');
            if (e.value() != null) out.write(Double.toString(e.value()));
            out.write(',');
            if (e.durationMs() != null) out.write(Long.toString(e.durationMs()));
            text(out, e.metadata());
            out.write('\n');
        }
    }

    private static void timestamp(Writer out, Instant instant) throws IOException {
        out.write(',');
        TIMESTAMP.formatTo(instant, out);
    }

    private static void text(Writer out, String value) throws IOException {
        out.write(',');
        if (value == null) return;
        out.write('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '"') {
                out.write(value, start, i - start + 1);
                out.write('"');
                start = i + 1;
            }
        }
        out.write(value, start, value.length() - start);
        out.write('"');
    }
}
