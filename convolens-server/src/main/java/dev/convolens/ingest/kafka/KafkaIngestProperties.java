package dev.convolens.ingest.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled consume the topics below
 * @param bootstrapServers the Kafka cluster
 * @param groupId consumer group shared by every instance
 * @param eventsTopic canonical events (JSON, key = conversationId, tenant from the body's tenantId or a tenantId header)
 * @param metadataTopic hbf MetadataEvents (seed 003)
 * @param maxPollRecords most records handed to one ingest call
 * @param concurrency consumers per topic in this instance (at most one per partition does work)
 * @param retryMaxInterval longest pause between retries of a batch the store could not take
 */
@ConfigurationProperties("convolens.kafka")
record KafkaIngestProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("convolens") String groupId,
        @DefaultValue("convolens.events") String eventsTopic,
        @DefaultValue("hbf.interaction.metadata") String metadataTopic,
        @DefaultValue("10000") int maxPollRecords,
        @DefaultValue("2") int concurrency,
        @DefaultValue("30s") Duration retryMaxInterval) {}
