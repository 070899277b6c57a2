package dev.convolens.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DedupeKeysSettingTest {

    @Test
    void zeroMeansATenthOfTheHeapAtTwentyBytesAKeyButAtLeastAMillion() {
        // 6 GiB heap: 644,245,094 bytes for keys / 20 = 32,212,254 keys
        assertThat(StorageConfig.dedupeKeys(0, 6L << 30)).isEqualTo(32_212_254L);
        // 256 MiB heap would give 1,342,177; 64 MiB would give 335,544, so the floor applies
        assertThat(StorageConfig.dedupeKeys(0, 256L << 20)).isEqualTo(1_342_177L);
        assertThat(StorageConfig.dedupeKeys(0, 64L << 20)).isEqualTo(1_000_000L);
        assertThat(StorageConfig.dedupeKeys(5_000, 6L << 30)).isEqualTo(5_000L);
        assertThatThrownBy(() -> StorageConfig.dedupeKeys(-1, 6L << 30)).hasMessageContaining("convolens.dedupe-keys");
    }
}
