package dev.convolens.storage;

import dev.convolens.event.Event;
import dev.convolens.event.EventsStored;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events made ready for {@link EventStore#append}: each one's bulk-load line ({@link EventCsv}) and idempotency key,
 * computed by whichever thread builds the batch so that the single writer only decides and commits.
 */
public final class EventBatch {
    private final List<Event> events;
    private final byte[] csv;
    /** Line i of {@link #csv} is [lineEnd[i - 1], lineEnd[i]). */
    private final int[] lineEnd;
    private final long[] keys;
    private final List<EventsStored> announcements;

    private EventBatch(List<Event> events, byte[] csv, int[] lineEnd, long[] keys, List<EventsStored> announcements) {
        this.events = events;
        this.csv = csv;
        this.lineEnd = lineEnd;
        this.keys = keys;
        this.announcements = announcements;
    }

    public static EventBatch of(List<Event> events) {
        int n = events.size();
        int[] lineEnd = new int[n];
        long[] keys = new long[n];
        StringBuilder text = new StringBuilder(n * 480);
        EventCsv.Timestamps timestamps = new EventCsv.Timestamps();
        byte[] csv = new byte[n * 512];
        int length = 0;
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            keys[i] = EventKeys.key(e.tenantId(), e.id());
            text.setLength(0);
            EventCsv.line(text, e, timestamps);
            byte[] line = text.toString().getBytes(StandardCharsets.UTF_8);
            if (length + line.length > csv.length) csv = Arrays.copyOf(csv, Math.max(csv.length * 2, length + line.length));
            System.arraycopy(line, 0, csv, length, line.length);
            length += line.length;
            lineEnd[i] = length;
        }
        List<Event> copy = List.copyOf(events);
        return new EventBatch(copy, csv, lineEnd, keys, announce(copy, new BitSet()));
    }

    /** Per tenant: the time span, count and conversations of the events not in {@code skip}. */
    public static List<EventsStored> announce(List<Event> events, BitSet skip) {
        Map<String, Span> byTenant = new LinkedHashMap<>();
        for (int i = skip.nextClearBit(0); i < events.size(); i = skip.nextClearBit(i + 1)) {
            Event e = events.get(i);
            byTenant.computeIfAbsent(e.tenantId(), t -> new Span(e.timestamp())).add(e);
        }
        List<EventsStored> out = new ArrayList<>(byTenant.size());
        byTenant.forEach((tenant, a) -> out.add(new EventsStored(tenant, a.from, a.to, a.count, a.conversations)));
        return out;
    }

    private static final class Span {
        Instant from, to;
        int count;
        final Set<String> conversations = new HashSet<>();

        Span(Instant first) {
            from = first;
            to = first;
        }

        void add(Event e) {
            if (e.timestamp().isBefore(from)) from = e.timestamp();
            if (e.timestamp().isAfter(to)) to = e.timestamp();
            count++;
            if (e.conversationId() != null) conversations.add(e.conversationId());
        }
    }

    /** What to announce once this batch is committed without duplicates (computed by the thread that built it). */
    public List<EventsStored> announcements() {
        return announcements;
    }

    /** One batch of several, in order: what a group commit writes in one transaction. */
    public static EventBatch concat(List<EventBatch> parts) {
        if (parts.size() == 1) return parts.get(0);
        int n = 0, bytes = 0;
        for (EventBatch p : parts) {
            n += p.size();
            bytes += p.bytes();
        }
        List<Event> events = new ArrayList<>(n);
        byte[] csv = new byte[bytes];
        int[] lineEnd = new int[n];
        long[] keys = new long[n];
        int i = 0, offset = 0;
        for (EventBatch p : parts) {
            events.addAll(p.events);
            System.arraycopy(p.csv, 0, csv, offset, p.bytes());
            System.arraycopy(p.keys, 0, keys, i, p.size());
            for (int j = 0; j < p.size(); j++) lineEnd[i + j] = offset + p.lineEnd[j];
            i += p.size();
            offset += p.bytes();
        }
        List<EventsStored> announcements = new ArrayList<>();
        for (EventBatch p : parts) announcements.addAll(p.announcements);
        return new EventBatch(events, csv, lineEnd, keys, announcements);
    }

    public List<Event> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    Event event(int i) {
        return events.get(i);
    }

    long key(int i) {
        return keys[i];
    }

    private int bytes() {
        return lineEnd.length == 0 ? 0 : lineEnd[lineEnd.length - 1];
    }

    /** Writes the lines of the events not in {@code skip}, in order, as long runs. */
    void writeCsv(OutputStream out, BitSet skip) throws IOException {
        int i = 0;
        while (i < size()) {
            int from = skip.nextClearBit(i);
            if (from >= size()) break;
            int next = skip.nextSetBit(from);
            int to = next < 0 || next > size() ? size() : next;
            int start = from == 0 ? 0 : lineEnd[from - 1];
            out.write(csv, start, lineEnd[to - 1] - start);
            i = to;
        }
    }
}
