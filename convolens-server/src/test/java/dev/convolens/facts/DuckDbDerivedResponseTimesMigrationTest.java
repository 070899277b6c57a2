package dev.convolens.facts;

import dev.convolens.support.TestStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbDerivedResponseTimesMigrationTest extends DerivedResponseTimesMigrationContract {
    @TempDir
    Path dir;

    @Override
    TestStore store() {
        return TestStore.duckDb(dir);
    }
}
