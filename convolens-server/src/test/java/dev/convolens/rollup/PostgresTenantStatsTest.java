package dev.convolens.rollup;

import dev.convolens.support.TestStore;

class PostgresTenantStatsTest extends TenantStatsContract {
    @Override
    TestStore store() {
        return TestStore.postgres();
    }
}
