package dev.convolens.delivery;

import dev.convolens.support.OnPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same deliveries with the service on PostgreSQL, where instances race through row locks and the unique key. */
class ReportDeliveryPostgresTest extends ReportDeliveryTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.register(registry);
    }
}
