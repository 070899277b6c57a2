package dev.convolens.facts;

import java.time.Clock;
import javax.sql.DataSource;

/** Lets tests of other packages (the rollups) build conversation facts with the real store. */
public final class TestFactStores {
    private TestFactStores() {}

    public static FactStore jdbc(DataSource dataSource, Clock clock) {
        return new JdbcFactStore(dataSource, clock);
    }
}
