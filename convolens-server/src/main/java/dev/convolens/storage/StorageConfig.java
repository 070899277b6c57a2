package dev.convolens.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.tenant.JdbcTenantStore;
import dev.convolens.tenant.TenantStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Picks the backend from {@code convolens.store}; everything above it sees only the storage interfaces. */
@Configuration(proxyBeanMethods = false)
class StorageConfig {

    @Bean
    SqlDialect sqlDialect(StorageProperties properties) {
        return switch (properties.store()) {
            case "duckdb" -> new DuckDbDialect(properties.dataDir().resolve("staging"));
            case "postgres" -> new PostgresDialect();
            default -> throw new IllegalStateException(
                    "convolens.store must be 'duckdb' or 'postgres', not '" + properties.store() + "'");
        };
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(StorageProperties properties, SqlDialect dialect, Environment env) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("convolens-" + dialect.name());
        config.setMaximumPoolSize(properties.poolSize());
        if (dialect instanceof DuckDbDialect) {
            Path dir = properties.dataDir().toAbsolutePath().normalize();
            prepareDataDir(dir);
            config.setDriverClassName("org.duckdb.DuckDBDriver");
            config.setJdbcUrl("jdbc:duckdb:" + dir.resolve("convolens.duckdb"));
            // one DuckDB instance backs every pooled connection; keeping one open keeps the instance alive
            config.setMinimumIdle(1);
            // a commit that pushes the WAL past the threshold checkpoints inline, stalling ingest for that long
            config.setConnectionInitSql("SET checkpoint_threshold = '"
                    + properties.duckdbCheckpointThreshold().toMegabytes() + "MB'");
            config.setExceptionOverrideClassName(DuckDbConnectionFailures.class.getName());
        } else {
            // reports and the generated admin key live there, and health measures its free space
            prepareDataDir(properties.dataDir().toAbsolutePath().normalize());
            String url = env.getProperty("spring.datasource.url");
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("convolens.store=postgres needs spring.datasource.url=jdbc:postgresql://..., got "
                        + url);
            }
            config.setJdbcUrl(url);
            config.setUsername(env.getProperty("spring.datasource.username"));
            config.setPassword(env.getProperty("spring.datasource.password"));
        }
        return new HikariDataSource(config);
    }

    /** Health component {@code store}. */
    @Bean
    StoreHealth storeHealthIndicator(DataSource dataSource, java.time.Clock clock) {
        return new StoreHealth(dataSource, clock);
    }

    @Bean
    EventStore eventStore(DataSource dataSource, SqlDialect dialect, StorageProperties properties, StoreHealth health) {
        return new JdbcEventStore(dataSource, dialect, dedupeKeys(properties.dedupeKeys(), Runtime.getRuntime().maxMemory()),
                health);
    }

    @Bean
    TenantStore tenantStore(JdbcTemplate jdbc, JsonMapper json) {
        return new JdbcTenantStore(jdbc, json);
    }

    /** The configured key budget, or for 0 a tenth of the heap at ~20 bytes a key (at least a million). */
    static long dedupeKeys(long configured, long maxHeapBytes) {
        if (configured < 0) throw new IllegalStateException("convolens.dedupe-keys must be 0 (auto) or more, not " + configured);
        return configured > 0 ? configured : Math.max(1_000_000, maxHeapBytes / 10 / 20);
    }

    private static void prepareDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Path staging = dir.resolve("staging");
            if (Files.isDirectory(staging)) {
                try (Stream<Path> leftovers = Files.list(staging)) {
                    for (Path p : leftovers.toList()) Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare data directory " + dir, e);
        }
    }
}
