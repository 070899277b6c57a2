package dev.convolens.ingest;

import dev.convolens.storage.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestConfig {
    @Bean
    GroupCommitWriter groupCommitWriter(EventStore store, ApplicationEventPublisher publisher,
            IngestProperties properties, MeterRegistry meters) {
        return new GroupCommitWriter(store, publisher, properties, meters);
    }
}
