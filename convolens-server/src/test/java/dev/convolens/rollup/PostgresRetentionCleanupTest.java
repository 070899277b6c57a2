package dev.convolens.rollup;

import dev.convolens.support.Postgres;

class PostgresRetentionCleanupTest extends RetentionCleanupContract {
    @Override
    JobsHarness.Store store() {
        return JobsHarness.Store.postgres(Postgres.newDatabase());
    }
}
