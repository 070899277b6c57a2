package dev.convolens.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param store {@code duckdb} (embedded, one process) or {@code postgres} (then {@code spring.datasource.*})
 * @param dataDir where the DuckDB file, staging files and generated reports live
 * @param poolSize JDBC connections per instance
 */
@ConfigurationProperties("convolens")
public record StorageProperties(@DefaultValue("duckdb") String store, @DefaultValue("./data") Path dataDir,
        @DefaultValue("10") int poolSize) {}
