package dev.convolens.report;

import dev.convolens.support.OnPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same comparison with the service on PostgreSQL. */
class ReportMatchesQueryApiPostgresTest extends ReportMatchesQueryApiTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.register(registry);
    }
}
