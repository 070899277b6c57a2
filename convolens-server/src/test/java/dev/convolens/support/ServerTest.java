package dev.convolens.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the whole service on a random port with a fresh DuckDB file; classes extending this share one running
 * service, so each test creates its own tenants (see {@link #newTenant}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTest {
    public static final String ADMIN_KEY = "test-admin-key";
    private static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("convolens-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        registry.add("convolens.data-dir", DATA_DIR::toString);
        registry.add("convolens.admin-key", () -> ADMIN_KEY);
        // tests call the monitors and jobs themselves, so that a timer cannot race them
        registry.add("convolens.monitor.enabled", () -> "false");
        registry.add("convolens.jobs.enabled", () -> "false");
        // one instance: a dirty range is readable as soon as it is committed
        registry.add("convolens.jobs.settle", () -> "0s");
    }

    protected Http http() {
        return new Http(port);
    }

    /** Creates a tenant with a unique id and answers it with a key holding the given scopes. */
    protected TestTenant newTenant(String timezone, String... scopes) {
        return TestTenants.create(http(), ADMIN_KEY, timezone, scopes);
    }

    protected static void assertStatus(Http.Response r, int status) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
    }
}
