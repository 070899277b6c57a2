package dev.convolens.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeyFileTest {
    @TempDir Path dir;

    @Test
    void generatedOnceKeptOwnerOnlyAndReusedAtTheNextStart() throws Exception {
        Path dataDir = dir.resolve("data");
        String first = AdminKeyFile.load(dataDir);
        Path file = dataDir.resolve("admin-key");

        assertThat(first).startsWith("cvl_").hasSize(47);
        assertThat(Files.readString(file).strip()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(AdminKeyFile.load(dataDir)).isEqualTo(first);
    }

    @Test
    void aKeyWrittenIntoTheFileByTheOperatorIsUsed() throws Exception {
        Files.writeString(dir.resolve("admin-key"), "  my-chosen-admin-key\n");
        assertThat(AdminKeyFile.load(dir)).isEqualTo("my-chosen-admin-key");
    }

    @Test
    void anEmptyFileIsAnErrorThatSaysWhatToDo() throws Exception {
        Files.writeString(dir.resolve("admin-key"), "\n");
        assertThatThrownBy(() -> AdminKeyFile.load(dir)).hasMessageContaining("is empty: delete it");
    }
}
