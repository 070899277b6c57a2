package dev.convolens.ingest;

import dev.convolens.event.Event;
import dev.convolens.storage.AppendResult;
import dev.convolens.storage.RetentionProperties;
import dev.convolens.system.ApiException;
import dev.convolens.system.RetryLaterException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one way into the store for every producer: validates event by event, commits the valid ones, reports the rest. */
@Service
public class IngestService {

    private final EventValidator validator;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final Duration commitTimeout;
    private final Counter accepted, duplicates, rejected;

    IngestService(JsonMapper json, Clock clock, IngestProperties properties, RetentionProperties retention,
            GroupCommitWriter writer, MeterRegistry meters) {
        this.validator = new EventValidator(json, properties.maxFutureSkew(), Duration.ofDays(retention.rawEvents()),
                properties.maxMetadataKeys());
        this.writer = writer;
        this.clock = clock;
        this.commitTimeout = properties.commitTimeout();
        this.accepted = counter(meters, "accepted");
        this.duplicates = counter(meters, "duplicate");
        this.rejected = counter(meters, "rejected");
    }

    /**
     * Validates each event for the tenant, stores the valid ones and answers once they are committed. Entries of
     * {@code items} that are null stand for input that could not be parsed; {@code parseErrors} says why.
     */
    public IngestResult ingest(String tenantId, List<JsonNode> items, List<Rejection> parseErrors) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Rejection> rejections = new ArrayList<>(parseErrors);
        List<Event> valid = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item == null) continue;
            try {
                valid.add(validator.validate(item, tenantId, now));
            } catch (EventValidator.Invalid e) {
                rejections.add(new Rejection(i, e.field, e.getMessage()));
            }
        }
        rejections.sort(java.util.Comparator.comparingInt(Rejection::index));
        rejected.increment(rejections.size());
        if (valid.size() > writer.capacity()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too many events", valid.size()
                    + " events in one request; send at most " + writer.capacity());
        }
        AppendResult result = await(writer.submit(valid));
        accepted.increment(result.storedCount());
        duplicates.increment(result.duplicateCount());
        return new IngestResult(result.storedCount(), result.duplicateCount(), rejections);
    }

    private AppendResult await(CompletableFuture<AppendResult> commit) {
        try {
            return commit.get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RetryLaterException("the commit did not finish within " + commitTimeout.toSeconds()
                    + " s; resend the batch (ids make it safe)", 5);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetryLaterException retry) throw retry;
            throw new RetryLaterException("the store did not commit the batch: " + e.getCause().getMessage(), 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLaterException("interrupted while waiting for the commit", 5);
        }
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("convolens.ingest.events").tag("outcome", outcome)
                .description("Events by ingest outcome").register(meters);
    }
}
