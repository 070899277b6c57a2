package dev.convolens.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentKeysTest {

    @Test
    void aKeyOfACoveredMinuteIsAskedForOnlyWhenItWasAdded() {
        RecentKeys keys = new RecentKeys(100, 1_000);
        keys.add(1_000, 42);

        assertThat(keys.mayBeStored(1_000, 42)).isTrue();
        assertThat(keys.mayBeStored(1_000, 43)).isFalse();
        // same key, other minute: a resend keeps its timestamp, so this is another event
        assertThat(keys.mayBeStored(1_001, 42)).isFalse();
        // before the coverage nothing is known
        assertThat(keys.mayBeStored(999, 7)).isTrue();
        keys.add(999, 7);
        assertThat(keys.size()).isEqualTo(1);
    }

    @Test
    void overTheBudgetTheOldestMinutesAreForgottenAndTheCoverageMovesPastThem() {
        RecentKeys keys = new RecentKeys(10, Long.MIN_VALUE);
        for (long minute = 0; minute < 4; minute++) {
            for (long k = 1; k <= 3; k++) keys.add(minute, minute * 10 + k);
        }
        keys.trim();

        // 12 keys > 10: trimmed to at most 9, so minute 0 goes and the coverage starts at minute 1
        assertThat(keys.size()).isEqualTo(9);
        assertThat(keys.coveredFrom()).isEqualTo(1);
        assertThat(keys.mayBeStored(0, 99)).isTrue();
        assertThat(keys.mayBeStored(1, 11)).isTrue();
        assertThat(keys.mayBeStored(1, 99)).isFalse();
        keys.trim();
        assertThat(keys.size()).isEqualTo(9);
    }
}
