package dev.convolens.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.storage.SqlDialect;
import dev.convolens.support.OnPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same tests with the service on PostgreSQL. */
class DerivedResponseTimesApiPostgresTest extends DerivedResponseTimesApiTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        OnPostgres.register(registry);
    }

    @Autowired
    SqlDialect dialect;

    @Test
    void theseTestsRunOnPostgresql() {
        assertThat(dialect.name()).isEqualTo("postgres");
    }
}
