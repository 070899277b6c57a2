package dev.convolens.facts;

import dev.convolens.support.TestStore;

class PostgresFactsTest extends FactsContract {
    @Override
    TestStore store() {
        return TestStore.postgres();
    }
}
