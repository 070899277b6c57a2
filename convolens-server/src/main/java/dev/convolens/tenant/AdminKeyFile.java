package dev.convolens.tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service admin key when {@code convolens.admin-key} is not set: generated once, kept in {@code admin-key} in the
 * data directory (owner read/write only) and read back at every later start, so a restart never invalidates it.
 */
final class AdminKeyFile {
    private static final Logger log = LoggerFactory.getLogger(AdminKeyFile.class);
    static final String NAME = "admin-key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AdminKeyFile() {}

    /** The key kept in {@code dataDir}, created there first when missing. */
    static String load(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(NAME);
        try {
            if (Files.exists(file)) return read(file);
            Files.createDirectories(file.getParent());
            String key = ApiKeys.newKey();
            try {
                write(file, key);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            }
            log.warn("convolens.admin-key is not set: generated the service admin key and kept it in {} (owner-only); "
                    + "it stays the same at every start. Read it with `cat {}`, or set convolens.admin-key "
                    + "(env CONVOLENS_ADMIN_KEY) to choose one", file, file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the generated admin key in " + file
                    + " (set convolens.admin-key, or make the data directory writable)", e);
        }
    }

    private static String read(Path file) throws IOException {
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (key.isEmpty()) throw new IllegalStateException(file + " is empty: delete it to generate a new admin key");
        log.info("service admin key read from {} (convolens.admin-key is not set)", file);
        return key;
    }

    private static void write(Path file, String key) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
