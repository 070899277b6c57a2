package dev.convolens.demo;

import java.util.List;
import java.util.PriorityQueue;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events generated ahead of their time, released in timestamp order once the clock reaches them; events with the
 * same timestamp leave in the order they were scheduled, so a conversation never replies before it is asked.
 */
final class Timeline {

    private record Entry(long atMs, long order, ObjectNode event) {}

    private final long floorMs;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.atMs != b.atMs
            ? Long.compare(a.atMs, b.atMs) : Long.compare(a.order, b.order));
    private long order;

    /** Events due before {@code floorMs} are dropped: they lie before the window being generated, or were sent before. */
    Timeline(long floorMs) {
        this.floorMs = floorMs;
    }

    void schedule(long atMs, ObjectNode event) {
        if (atMs >= floorMs) queue.add(new Entry(atMs, order++, event));
    }

    /** Moves the events due at or before {@code untilMs} into {@code out}, at most {@code max}; answers how many. */
    int release(long untilMs, List<? super ObjectNode> out, int max) {
        int n = 0;
        Entry next;
        while (n < max && (next = queue.peek()) != null && next.atMs <= untilMs) {
            out.add(queue.poll().event);
            n++;
        }
        return n;
    }

    int size() {
        return queue.size();
    }
}
