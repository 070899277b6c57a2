package dev.convolens.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a {@link ServerTest} at a fresh embedded PostgreSQL database instead of DuckDB. */
public final class OnPostgres {
    private static String url;

    private OnPostgres() {}

    /** Every PostgreSQL-backed server test shares one database, as they share one running service. */
    public static synchronized void register(DynamicPropertyRegistry registry) {
        if (url == null) url = Postgres.newDatabase();
        registry.add("convolens.store", () -> "postgres");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
