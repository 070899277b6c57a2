package dev.convolens.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.storage.DuckDbDialect;
import dev.convolens.storage.PostgresDialect;
import dev.convolens.storage.SqlDialect;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** A backend under test: a fresh database of one store, its dialect and its migrations. */
public record TestStore(String url, String migrations, SqlDialect dialect) {

    public static TestStore duckDb(Path dir) {
        return new TestStore("jdbc:duckdb:" + dir.resolve("convolens.duckdb"), "classpath:db/migration/duckdb",
                new DuckDbDialect(dir.resolve("staging")));
    }

    /** A new, empty database on the shared embedded PostgreSQL server. */
    public static TestStore postgres() {
        return postgres(Postgres.newDatabase());
    }

    public static TestStore postgres(String url) {
        return new TestStore(url, "classpath:db/migration/postgres", new PostgresDialect());
    }

    /** A pooled, migrated data source; the caller closes it. */
    public HikariDataSource open() {
        return open(null);
    }

    /** A pooled data source migrated up to {@code target} (a version; null: the latest); the caller closes it. */
    public HikariDataSource open(String target) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        if (url.startsWith("jdbc:duckdb:")) {
            ds.setDriverClassName("org.duckdb.DuckDBDriver");
            ds.setMinimumIdle(1);
        } else {
            ds.setUsername("postgres");
            ds.setPassword("postgres");
        }
        ds.setMaximumPoolSize(4);
        var flyway = Flyway.configure().dataSource(ds).locations(migrations);
        if (target != null) flyway.target(target);
        flyway.load().migrate();
        return ds;
    }
}
