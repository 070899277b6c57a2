package dev.convolens.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The demo's event stream as time advances: generates the conversations of each elapsed second and the agent shifts
 * of each new local day, and hands over every event whose time has come, in timestamp order and in bounded chunks.
 * Backfill and live traffic are the same stream, advanced by a month at once or by a second at a time.
 */
final class DemoStream {

    private final TrafficGenerator generator;
    private final Timeline timeline;
    private final ZoneId zone;
    private long nextSecond;
    private LocalDate nextDay;
    private long nextDayStartSecond;
    private long conversations;

    /**
     * @param generateFrom the first second whose conversations are generated
     * @param emitFrom events before this are dropped (they precede the window, or were stored by an earlier run)
     */
    DemoStream(TrafficGenerator generator, Instant generateFrom, Instant emitFrom) {
        this.generator = generator;
        this.zone = generator.zone();
        this.timeline = new Timeline(emitFrom.toEpochMilli());
        this.nextSecond = generateFrom.getEpochSecond();
        LocalDate first = generateFrom.atZone(zone).toLocalDate();
        generator.staffDay(first, timeline);
        startsNext(first.plusDays(1));
    }

    /**
     * Generates everything up to {@code to} and passes each event due by then to {@code sink}, oldest first, in
     * chunks of at most {@code chunkSize}; later events of conversations under way wait for a later call.
     */
    void advanceTo(Instant to, int chunkSize, Consumer<List<JsonNode>> sink) {
        long toSecond = to.getEpochSecond();
        long toMs = to.toEpochMilli();
        List<JsonNode> chunk = new ArrayList<>(Math.min(chunkSize, 1024));
        for (; nextSecond <= toSecond; nextSecond++) {
            if (nextSecond >= nextDayStartSecond) {
                generator.staffDay(nextDay, timeline);
                startsNext(nextDay.plusDays(1));
            }
            conversations += generator.second(nextSecond, timeline);
            // whatever comes later starts after this second, so everything due within it is final
            chunk = release(Math.min(nextSecond * 1000 + 999, toMs), chunk, chunkSize, sink);
        }
        chunk = release(toMs, chunk, chunkSize, sink);
        if (!chunk.isEmpty()) sink.accept(chunk);
    }

    private List<JsonNode> release(long untilMs, List<JsonNode> chunk, int chunkSize, Consumer<List<JsonNode>> sink) {
        while (timeline.release(untilMs, chunk, chunkSize - chunk.size()) > 0 && chunk.size() == chunkSize) {
            sink.accept(chunk);
            chunk = new ArrayList<>(chunkSize);
        }
        return chunk;
    }

    private void startsNext(LocalDate day) {
        nextDay = day;
        nextDayStartSecond = day.atStartOfDay(zone).toEpochSecond();
    }

    /** Conversations started so far. */
    long conversations() {
        return conversations;
    }

    /** Events generated but not yet due. */
    int pending() {
        return timeline.size();
    }
}
