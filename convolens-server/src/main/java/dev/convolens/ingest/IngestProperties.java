package dev.convolens.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestBytes largest request body, both as sent and after gunzip
 * @param queueCapacity events accepted but not yet committed; beyond it requests get 503 + Retry-After
 * @param maxCommitEvents most events written in one group commit
 * @param commitTimeout how long a request waits for its commit before answering 503 (the events may still land;
 *     a retry with the same ids is deduplicated)
 * @param maxFutureSkew how far in the future an event's timestamp may be
 * @param writers threads committing groups; 0 = as many as the store can use at once (2)
 * @param maxJsonDepth deepest nesting of objects and arrays in a body (the array of events counts as one level)
 * @param maxStringChars longest string value in a body, in characters
 * @param maxNumberDigits longest number in a body, in characters
 * @param maxNameChars longest field name in a body, in characters
 * @param maxTokens most JSON tokens in one body (NDJSON: in one line)
 * @param maxMetadataKeys most field names in one event's metadata, counted at any depth
 * @param maxInflightBytes bytes of ingest bodies being read or parsed at once (by Content-Length); 0 = heap / 16
 * @param bodyTimeout the longest a body may take to arrive
 */
@ConfigurationProperties("convolens.ingest")
public record IngestProperties(
        @DefaultValue("10MB") DataSize maxRequestBytes,
        @DefaultValue("200000") int queueCapacity,
        @DefaultValue("50000") int maxCommitEvents,
        @DefaultValue("30s") Duration commitTimeout,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("0") int writers,
        @DefaultValue("32") int maxJsonDepth,
        @DefaultValue("65536") int maxStringChars,
        @DefaultValue("1000") int maxNumberDigits,
        @DefaultValue("1024") int maxNameChars,
        @DefaultValue("5000000") long maxTokens,
        @DefaultValue("256") int maxMetadataKeys,
        @DefaultValue("0") DataSize maxInflightBytes,
        @DefaultValue("30s") Duration bodyTimeout) {

    /** The in-flight budget in bytes, resolving 0 to a sixteenth of the heap (never below one largest body). */
    public long inflightBudget() {
        long budget = maxInflightBytes.toBytes() > 0 ? maxInflightBytes.toBytes() : Runtime.getRuntime().maxMemory() / 16;
        return Math.max(budget, maxRequestBytes.toBytes());
    }
}
