package dev.convolens.ingest.kafka;

import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hbf.interaction.metadata}: seed 003's MetadataEvent (LLM, HTTP, SEMANTIC_SEARCH, VARIABLE, TAG) mapped to
 * {@code llm.call}, {@code http.call}, {@code semantic_search.query}, {@code variable.changed}, {@code tag.changed}
 * (SPEC §3.3). Provider payloads differ, so the usual spellings of tokens, cost and model are all read.
 */
final class MetadataEventMapper implements RecordMapper {
    private final JsonMapper json;

    MetadataEventMapper(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mapped map(ConsumerRecord<String, byte[]> record) throws Poison {
        if (record.value() == null) throw new Poison("empty record");
        JsonNode m;
        try {
            m = json.readTree(record.value());
        } catch (JacksonException e) {
            throw new Poison("malformed JSON: " + e.getOriginalMessage());
        }
        if (!m.isObject()) throw new Poison("a MetadataEvent must be a JSON object");
        String tenant = RecordMapper.header(record, "tenantId");
        if (tenant == null) tenant = text(m, "tenantId");
        if (tenant == null || tenant.isBlank()) throw new Poison("tenantId: neither the tenantId header nor the body has one");
        String type = RecordMapper.header(record, "eventType");
        if (type == null) type = text(m, "type");
        if (type == null) throw new Poison("type: the MetadataEvent has no type");

        ObjectNode e = json.createObjectNode();
        e.put("id", RecordMapper.offsetId(record));
        String session = text(m, "sessionId") != null ? text(m, "sessionId") : record.key();
        if (session != null) e.put("conversationId", session).put("sessionId", session);
        if (text(m, "timestamp") != null) e.put("timestamp", text(m, "timestamp"));
        if (m.path("duration").isNumber()) e.put("durationMs", Math.max(0, Math.round(m.get("duration").asDouble())));
        JsonNode payload = m.path("payload");
        ObjectNode meta = e.putObject("metadata");
        copy(m, "hbfEventId", meta, "hbfEventId");
        copy(m, "organizationId", meta, "organizationId");
        copy(m, "friendlyName", meta, "friendlyName");
        if (m.has("hasError")) meta.put("hasError", m.path("hasError").asBoolean(false));
        switch (type.toUpperCase(Locale.ROOT)) {
            case "LLM" -> {
                e.put("type", "llm.call");
                JsonNode tokens = first(payload, "tokens", "totalTokens", "total_tokens", "usage.total_tokens", "usage.totalTokens");
                if (tokens != null && tokens.isNumber()) meta.put("tokens", tokens.asLong());
                JsonNode cost = first(payload, "costUsd", "cost", "usage.costUsd");
                if (cost != null && cost.isNumber()) meta.put("costUsd", cost.asDouble());
                JsonNode model = first(payload, "model", "modelName");
                if (model != null) meta.put("model", model.asString());
                JsonNode provider = first(payload, "provider");
                if (provider != null) meta.put("provider", provider.asString());
            }
            case "HTTP" -> {
                e.put("type", "http.call");
                JsonNode status = first(payload, "status", "statusCode", "response.status");
                if (status != null && status.isNumber()) meta.put("status", status.asInt());
                JsonNode method = first(payload, "method", "request.method");
                if (method != null) meta.put("method", method.asString());
            }
            case "SEMANTIC_SEARCH" -> {
                e.put("type", "semantic_search.query");
                JsonNode results = first(payload, "results", "documents", "hits");
                JsonNode count = first(payload, "resultCount", "count");
                meta.put("resultCount", results != null && results.isArray() ? results.size()
                        : count != null && count.isNumber() ? count.asInt() : 0);
            }
            case "VARIABLE" -> {
                e.put("type", "variable.changed");
                copy(payload, "key", meta, "key");
                if (payload.has("oldValue")) meta.set("oldValue", payload.get("oldValue"));
                if (payload.has("newValue")) meta.set("newValue", payload.get("newValue"));
            }
            case "TAG" -> {
                e.put("type", "tag.changed");
                for (String f : new String[] {"current", "added", "removed"}) {
                    if (payload.has(f)) meta.set(f, payload.get(f));
                }
            }
            default -> throw new Poison("type: unknown MetadataEvent type '" + type + "'");
        }
        return new Mapped(tenant, e);
    }

    /** The first present value among dotted paths. */
    private static JsonNode first(JsonNode node, String... paths) {
        for (String path : paths) {
            JsonNode v = node;
            for (String part : path.split("\\.")) v = v.path(part);
            if (!v.isMissingNode() && !v.isNull()) return v;
        }
        return null;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) to.set(as, from.get(field));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
