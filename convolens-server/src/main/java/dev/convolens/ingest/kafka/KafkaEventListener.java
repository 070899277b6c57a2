package dev.convolens.ingest.kafka;

import dev.convolens.ingest.IngestResult;
import dev.convolens.ingest.IngestService;
import dev.convolens.ingest.Rejection;
import dev.convolens.tenant.TenantService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;
import tools.jackson.databind.JsonNode;

/**
 * One polled batch of a topic: mapped per record, stored per tenant through the same validation and group commit as
 * HTTP, and acknowledged (offsets committed) only after the store committed and every unstorable record is safely in
 * {@code <topic>.dlq}. If the store refuses, the batch is not acknowledged and is redelivered; ids derived from the
 * offsets make that redelivery a duplicate, not a second copy.
 */
final class KafkaEventListener implements BatchAcknowledgingMessageListener<String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);
    static final String REASON_HEADER = "convolens-dlq-reason";

    private final RecordMapper mapper;
    private final IngestService ingest;
    private final TenantService tenants;
    private final KafkaTemplate<String, byte[]> dlq;
    private final Counter deadLettered;

    KafkaEventListener(RecordMapper mapper, IngestService ingest, TenantService tenants,
            KafkaTemplate<String, byte[]> dlq, MeterRegistry meters, String topic) {
        this.mapper = mapper;
        this.ingest = ingest;
        this.tenants = tenants;
        this.dlq = dlq;
        this.deadLettered = Counter.builder("convolens.kafka.dead_lettered").tag("topic", topic)
                .description("Records sent to the dead-letter topic").register(meters);
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
        Map<String, List<ConsumerRecord<String, byte[]>>> sources = new LinkedHashMap<>();
        Map<String, List<JsonNode>> events = new LinkedHashMap<>();
        List<Dead> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                RecordMapper.Mapped m = mapper.map(record);
                sources.computeIfAbsent(m.tenantId(), t -> new ArrayList<>()).add(record);
                events.computeIfAbsent(m.tenantId(), t -> new ArrayList<>()).add(m.event());
            } catch (RecordMapper.Poison p) {
                dead.add(new Dead(record, p.getMessage()));
            }
        }
        for (Map.Entry<String, List<JsonNode>> e : events.entrySet()) {
            String tenant = e.getKey();
            List<ConsumerRecord<String, byte[]>> from = sources.get(tenant);
            if (tenants.find(tenant).isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : from) dead.add(new Dead(r, "tenantId: no tenant '" + tenant + "'"));
                continue;
            }
            // throws when the store refuses: nothing is acknowledged and the container redelivers the batch
            IngestResult result = ingest.ingest(tenant, e.getValue(), List.of());
            for (Rejection r : result.rejected()) dead.add(new Dead(from.get(r.index()), r.field() + ": " + r.error()));
        }
        for (Dead d : dead) send(d);
        ack.acknowledge();
    }

    private void send(Dead d) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(d.record.topic() + ".dlq", d.record.key(), d.record.value());
        d.record.headers().forEach(h -> out.headers().add(h));
        out.headers().add(REASON_HEADER, d.reason.getBytes(StandardCharsets.UTF_8));
        out.headers().add("convolens-source", (d.record.topic() + "/" + d.record.partition() + "/" + d.record.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            dlq.send(out).get(30, TimeUnit.SECONDS);
            deadLettered.increment();
            log.warn("{} offset {} dead-lettered: {}", d.record.topic(), d.record.offset(), d.reason);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter " + d.record.topic() + "@" + d.record.offset(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        }
    }

    private record Dead(ConsumerRecord<String, byte[]> record, String reason) {}
}
