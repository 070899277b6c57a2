package dev.convolens.schedule;

import dev.convolens.support.OnPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same schedule routes with the service on PostgreSQL. */
class ScheduleApiPostgresTest extends ScheduleApiTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.register(registry);
    }
}
