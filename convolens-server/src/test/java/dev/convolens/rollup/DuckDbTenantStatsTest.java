package dev.convolens.rollup;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbTenantStatsTest extends TenantStatsContract {
    @TempDir
    Path dir;

    @Override
    JobsHarness.Store store() {
        return JobsHarness.Store.duckdb(dir);
    }
}
