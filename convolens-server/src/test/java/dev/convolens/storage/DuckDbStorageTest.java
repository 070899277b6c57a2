package dev.convolens.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStorageTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    HikariDataSource newDataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setDriverClassName("org.duckdb.DuckDBDriver");
        ds.setJdbcUrl("jdbc:duckdb:" + dir.resolve("test.duckdb"));
        ds.setMaximumPoolSize(4);
        return ds;
    }

    @Override
    SqlDialect dialect() {
        return new DuckDbDialect(dir.resolve("staging"));
    }

    @Override
    String migrations() {
        return "classpath:db/migration/duckdb";
    }
}
