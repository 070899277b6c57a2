package dev.convolens.storage;

import dev.convolens.support.TestStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStorageTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    TestStore store() {
        return TestStore.duckDb(dir);
    }
}
