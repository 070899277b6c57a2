package dev.convolens.facts;

import dev.convolens.support.TestStore;

class PostgresDerivedResponseTimesMigrationTest extends DerivedResponseTimesMigrationContract {
    @Override
    TestStore store() {
        return TestStore.postgres();
    }
}
