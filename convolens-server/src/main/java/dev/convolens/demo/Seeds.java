package dev.convolens.demo;

/** Derives independent seeds from (seed, key) pairs: {@link java.util.Random} gives correlated streams for nearby seeds. */
final class Seeds {
    private Seeds() {}

    static long mix(long seed, long key, long salt) {
        long z = seed + key * 0x9E3779B97F4A7C15L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
