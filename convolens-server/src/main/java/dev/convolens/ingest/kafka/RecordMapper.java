package dev.convolens.ingest.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.node.ObjectNode;

/** Turns one Kafka record into one canonical event and its tenant, or says why it cannot. */
interface RecordMapper {

    Mapped map(ConsumerRecord<String, byte[]> record) throws Poison;

    record Mapped(String tenantId, ObjectNode event) {}

    /** A record that can never be stored; it goes to the dead-letter topic with this reason. */
    final class Poison extends Exception {
        Poison(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The id a record's event gets when it brings none: redelivery of the same offset is then a duplicate. */
    static String offsetId(ConsumerRecord<?, ?> record) {
        return "kafka:" + record.topic() + ":" + record.partition() + ":" + record.offset();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
