package dev.convolens.ingest.kafka;

import dev.convolens.ingest.IngestService;
import dev.convolens.tenant.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/** The Kafka way in (SPEC §3.3), only when {@code convolens.kafka.enabled}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("convolens.kafka.enabled")
class KafkaIngestConfig {

    @Bean
    KafkaTemplate<String, byte[]> deadLetterTemplate(KafkaIngestProperties p) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    @Bean
    DefaultKafkaConsumerFactory<String, byte[]> convolensConsumerFactory(KafkaIngestProperties p, MeterRegistry meters) {
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, p.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, p.maxPollRecords(),
                // a poll should be able to fill a whole batch: the store's cost is per commit, not per event
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        // exposes kafka_consumer_fetch_manager_records_lag_max and friends
        factory.addListener(new MicrometerConsumerListener<>(meters));
        return factory;
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> eventsTopicContainer(KafkaIngestProperties p,
            DefaultKafkaConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> dlq,
            IngestService ingest, TenantService tenants, JsonMapper json, MeterRegistry meters) {
        return container(p, p.eventsTopic(), consumers, new KafkaEventListener(new CanonicalEventMapper(json), ingest,
                tenants, dlq, meters, p.eventsTopic()));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> metadataTopicContainer(KafkaIngestProperties p,
            DefaultKafkaConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> dlq,
            IngestService ingest, TenantService tenants, JsonMapper json, MeterRegistry meters) {
        return container(p, p.metadataTopic(), consumers, new KafkaEventListener(new MetadataEventMapper(json), ingest,
                tenants, dlq, meters, p.metadataTopic()));
    }

    private static ConcurrentMessageListenerContainer<String, byte[]> container(KafkaIngestProperties p, String topic,
            DefaultKafkaConsumerFactory<String, byte[]> consumers, KafkaEventListener listener) {
        ContainerProperties props = new ContainerProperties(topic);
        props.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        props.setMessageListener(listener);
        props.setSyncCommits(true);
        ConcurrentMessageListenerContainer<String, byte[]> container = new ConcurrentMessageListenerContainer<>(consumers, props);
        container.setConcurrency(p.concurrency());
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(p.retryMaxInterval().toMillis());
        // a batch the store refused is retried for as long as it takes: skipping it would lose acknowledged data
        container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        container.setBeanName(topic.replace('.', '-') + "-consumer");
        return container;
    }
}
