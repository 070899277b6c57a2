package dev.convolens.rollup;

import dev.convolens.support.TestStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbRetentionCleanupTest extends RetentionCleanupContract {
    @TempDir
    Path dir;

    @Override
    TestStore store() {
        return TestStore.duckDb(dir);
    }
}
