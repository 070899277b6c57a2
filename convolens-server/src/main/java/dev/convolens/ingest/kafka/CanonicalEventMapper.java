package dev.convolens.ingest.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code convolens.events}: one SPEC §2 event per record; the tenant comes from the body or a tenantId header. */
final class CanonicalEventMapper implements RecordMapper {
    private final JsonMapper json;

    CanonicalEventMapper(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mapped map(ConsumerRecord<String, byte[]> record) throws Poison {
        if (record.value() == null) throw new Poison("empty record");
        JsonNode node;
        try {
            node = json.readTree(record.value());
        } catch (JacksonException e) {
            throw new Poison("malformed JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) throw new Poison("an event must be a JSON object");
        ObjectNode event = (ObjectNode) node;
        String tenant = event.path("tenantId").isString() ? event.get("tenantId").asString()
                : RecordMapper.header(record, "tenantId");
        if (tenant == null || tenant.isBlank()) throw new Poison("tenantId: no tenantId in the event or its headers");
        if (!event.has("id") || event.get("id").isNull()) event.put("id", RecordMapper.offsetId(record));
        return new Mapped(tenant, event);
    }
}
