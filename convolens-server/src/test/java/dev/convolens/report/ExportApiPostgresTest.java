package dev.convolens.report;

import dev.convolens.support.OnPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same exports with the service on PostgreSQL: the report's SQL gives the same numbers on both stores. */
class ExportApiPostgresTest extends ExportApiTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.register(registry);
    }
}
