package dev.convolens.storage;

/** A 64-bit hash of an event's (tenant, id); equal keys only suggest a duplicate, the store confirms it. */
final class EventKeys {
    private EventKeys() {}

    /** (tenant, id) as one string, for the exact comparisons a key only suggests. */
    static String exact(dev.convolens.event.Event e) {
        return e.tenantId() + '\u0000' + e.id();
    }

    static long key(String tenantId, String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < tenantId.length(); i++) h = (h ^ tenantId.charAt(i)) * 0x100000001b3L;
        // a separator outside the char range, so that ("ab", "c") and ("a", "bc") differ
        h = (h ^ 0x10000) * 0x100000001b3L;
        for (int i = 0; i < id.length(); i++) h = (h ^ id.charAt(i)) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
