package dev.convolens.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongSetTest {

    @Test
    void holdsExactlyTheKeysAddedThroughManyGrowths() {
        LongSet set = new LongSet(4);
        Set<Long> expected = new HashSet<>();
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long k = i % 3 == 0 ? random.nextInt(1_000) : random.nextLong();
            assertThat(set.add(k)).isEqualTo(expected.add(k));
        }
        assertThat(set.size()).isEqualTo(expected.size());
        for (long k : expected) assertThat(set.contains(k)).isTrue();
        Random other = new Random(8);
        for (int i = 0; i < 10_000; i++) {
            long k = other.nextLong();
            assertThat(set.contains(k)).isEqualTo(expected.contains(k));
        }
    }

    @Test
    void zeroIsAKeyLikeAnyOther() {
        LongSet set = new LongSet(0);
        assertThat(set.contains(0)).isFalse();
        assertThat(set.add(0)).isTrue();
        assertThat(set.add(0)).isFalse();
        assertThat(set.contains(0)).isTrue();
        assertThat(set.size()).isEqualTo(1);
    }
}
