package dev.convolens.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated, immutable event as stored. Timestamps are kept to the microsecond, the precision
 * both stores share; {@code metadata} is a JSON object's text or null.
 */
public record Event(
        String tenantId,
        String id,
        String type,
        Instant timestamp,
        Instant receivedAt,
        String botId,
        String channel,
        String conversationId,
        String sessionId,
        String userId,
        String staffId,
        String groupId,
        String taskId,
        String intent,
        Double value,
        Long durationMs,
        String metadata) {

    public Event {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder for producers that fill an event field by field (adapters, demo, tests). */
    public static final class Builder {
        private String tenantId, id, type, botId, channel, conversationId, sessionId, userId, staffId, groupId,
                taskId, intent, metadata;
        private Instant timestamp, receivedAt;
        private Double value;
        private Long durationMs;

        public Builder tenantId(String v) { tenantId = v; return this; }
        public Builder id(String v) { id = v; return this; }
        public Builder type(String v) { type = v; return this; }
        public Builder type(EventType v) { type = v.wireName(); return this; }
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        public Builder receivedAt(Instant v) { receivedAt = v; return this; }
        public Builder botId(String v) { botId = v; return this; }
        public Builder channel(String v) { channel = v; return this; }
        public Builder conversationId(String v) { conversationId = v; return this; }
        public Builder sessionId(String v) { sessionId = v; return this; }
        public Builder userId(String v) { userId = v; return this; }
        public Builder staffId(String v) { staffId = v; return this; }
        public Builder groupId(String v) { groupId = v; return this; }
        public Builder taskId(String v) { taskId = v; return this; }
        public Builder intent(String v) { intent = v; return this; }
        public Builder value(Double v) { value = v; return this; }
        public Builder durationMs(Long v) { durationMs = v; return this; }
        public Builder metadata(String v) { metadata = v; return this; }

        public Event build() {
            return new Event(tenantId, id, type, timestamp, receivedAt == null ? timestamp : receivedAt, botId, channel,
                    conversationId, sessionId, userId, staffId, groupId, taskId, intent, value, durationMs, metadata);
        }
    }
}
