package dev.convolens.rollup;

import dev.convolens.support.Postgres;

class PostgresTenantStatsTest extends TenantStatsContract {
    @Override
    JobsHarness.Store store() {
        return JobsHarness.Store.postgres(Postgres.newDatabase());
    }
}
