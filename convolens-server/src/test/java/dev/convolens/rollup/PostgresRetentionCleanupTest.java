package dev.convolens.rollup;

import dev.convolens.support.TestStore;

class PostgresRetentionCleanupTest extends RetentionCleanupContract {
    @Override
    TestStore store() {
        return TestStore.postgres();
    }
}
