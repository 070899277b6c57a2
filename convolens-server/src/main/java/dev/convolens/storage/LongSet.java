package dev.convolens.storage;

/** An open-addressing set of longs (linear probing, at most 5/8 full): 8 to 16 bytes per key, no boxing. */
final class LongSet {
    private static final long EMPTY = 0;
    private long[] slots;
    private int size;
    private boolean hasZero;

    LongSet(int expected) {
        int capacity = 16;
        while (capacity * 5 / 8 < expected) capacity <<= 1;
        slots = new long[capacity];
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        if (key == EMPTY) return hasZero;
        int mask = slots.length - 1;
        for (int i = (int) (key ^ key >>> 32) & mask; ; i = i + 1 & mask) {
            long s = slots[i];
            if (s == key) return true;
            if (s == EMPTY) return false;
        }
    }

    /** Adds the key; false if it was already there. */
    boolean add(long key) {
        if (key == EMPTY) {
            if (hasZero) return false;
            hasZero = true;
            size++;
            return true;
        }
        if ((size + 1) * 8L > slots.length * 5L) grow();
        if (!insert(slots, key)) return false;
        size++;
        return true;
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = (int) (key ^ key >>> 32) & mask; ; i = i + 1 & mask) {
            long s = table[i];
            if (s == key) return false;
            if (s == EMPTY) {
                table[i] = key;
                return true;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long s : slots) if (s != EMPTY) insert(bigger, s);
        slots = bigger;
    }
}
