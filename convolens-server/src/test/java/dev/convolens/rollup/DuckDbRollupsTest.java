package dev.convolens.rollup;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.storage.DuckDbDialect;
import dev.convolens.storage.SqlDialect;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbRollupsTest extends RollupsContract {
    @TempDir
    static Path dir;

    @Override
    HikariDataSource newDataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setDriverClassName("org.duckdb.DuckDBDriver");
        ds.setJdbcUrl("jdbc:duckdb:" + dir.resolve("rollups.duckdb"));
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
