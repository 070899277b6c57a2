package dev.convolens.rollup;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.storage.PostgresDialect;
import dev.convolens.storage.SqlDialect;
import dev.convolens.support.Postgres;

class PostgresRollupsTest extends RollupsContract {

    @Override
    HikariDataSource newDataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(Postgres.newDatabase());
        ds.setUsername("postgres");
        ds.setPassword("postgres");
        return ds;
    }

    @Override
    SqlDialect dialect() {
        return new PostgresDialect();
    }

    @Override
    String migrations() {
        return "classpath:db/migration/postgres";
    }
}
