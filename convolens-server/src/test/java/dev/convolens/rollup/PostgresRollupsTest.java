package dev.convolens.rollup;

import dev.convolens.support.TestStore;

class PostgresRollupsTest extends RollupsContract {
    @Override
    TestStore store() {
        return TestStore.postgres();
    }
}
