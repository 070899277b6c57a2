package dev.convolens.query;

import dev.convolens.support.OnPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same tests with the service on PostgreSQL. */
class LiveChatApiPostgresTest extends LiveChatApiTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.register(registry);
    }
}
