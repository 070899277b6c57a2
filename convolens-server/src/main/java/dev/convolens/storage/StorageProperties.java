package dev.convolens.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param store {@code duckdb} (embedded, one process) or {@code postgres} (then {@code spring.datasource.*})
 * @param dataDir where the DuckDB file, staging files and generated reports live
 * @param poolSize JDBC connections per instance
 * @param dedupeKeys DuckDB: keys of the newest stored events kept in memory for deduplication; 0 = a tenth of the heap
 * @param duckdbCheckpointThreshold DuckDB: WAL size at which a commit also checkpoints
 */
@ConfigurationProperties("convolens")
public record StorageProperties(@DefaultValue("duckdb") String store, @DefaultValue("./data") Path dataDir,
        @DefaultValue("10") int poolSize, @DefaultValue("0") long dedupeKeys,
        @DefaultValue("256MB") DataSize duckdbCheckpointThreshold) {}
