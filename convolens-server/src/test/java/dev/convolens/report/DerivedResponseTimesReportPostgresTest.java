package dev.convolens.report;

import dev.convolens.support.OnPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same report with the service on PostgreSQL. */
class DerivedResponseTimesReportPostgresTest extends DerivedResponseTimesReportTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.register(registry);
    }
}
