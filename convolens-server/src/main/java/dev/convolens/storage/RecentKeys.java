package dev.convolens.storage;

import java.util.Map;
import java.util.TreeMap;

/**
 * The keys ({@link EventKeys}) of stored events, by UTC minute of their timestamp, complete for every minute from
 * {@link #coveredFrom} on: an event of a covered minute whose key is absent is certainly new, so only keys that are
 * present (a resend, or a rare hash collision) and events older than the coverage need a look at the table. When the
 * keys exceed the budget the oldest minutes are forgotten and the coverage starts later. Not thread-safe.
 */
final class RecentKeys {
    private final long budget;
    private final TreeMap<Long, LongSet> byMinute = new TreeMap<>();
    private long coveredFrom;
    private long size;
    private long lastMinute = Long.MIN_VALUE;
    private LongSet lastSet;

    /** Empty and complete from {@code coveredFrom} (epoch minute) on: the table holds no event of a later minute. */
    RecentKeys(long budget, long coveredFrom) {
        if (budget < 1) throw new IllegalArgumentException("the key budget must be positive, not " + budget);
        this.budget = budget;
        this.coveredFrom = coveredFrom;
    }

    static long minute(java.time.Instant ts) {
        return Math.floorDiv(ts.getEpochSecond(), 60);
    }

    long coveredFrom() {
        return coveredFrom;
    }

    long size() {
        return size;
    }

    /** True when the table may hold an event with this key and minute, and must be asked. */
    boolean mayBeStored(long minute, long key) {
        if (minute < coveredFrom) return true;
        LongSet set = set(minute, false);
        return set != null && set.contains(key);
    }

    /** Records a stored event; a minute before the coverage is not kept. */
    void add(long minute, long key) {
        if (minute < coveredFrom) return;
        if (set(minute, true).add(key)) size++;
    }

    /** Forgets the oldest minutes until the keys fit the budget again (with 10% room, so this runs rarely). */
    void trim() {
        if (size <= budget) return;
        long target = budget - budget / 10;
        while (size > target && !byMinute.isEmpty()) {
            Map.Entry<Long, LongSet> oldest = byMinute.pollFirstEntry();
            size -= oldest.getValue().size();
            coveredFrom = oldest.getKey() + 1;
        }
        lastMinute = Long.MIN_VALUE;
        lastSet = null;
    }

    private LongSet set(long minute, boolean create) {
        if (minute == lastMinute) return lastSet;
        LongSet set = create ? byMinute.computeIfAbsent(minute, m -> new LongSet(16)) : byMinute.get(minute);
        if (set != null) {
            lastMinute = minute;
            lastSet = set;
        }
        return set;
    }
}
