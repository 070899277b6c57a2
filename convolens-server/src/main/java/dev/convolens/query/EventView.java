package dev.convolens.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.convolens.event.Event;
import java.time.Instant;

/** An event as the API shows it: the wire contract of SPEC §2 plus when it was received. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventView(String id, String type, Instant timestamp, Instant receivedAt, String tenantId, String botId,
        String channel, String conversationId, String sessionId, String userId, String staffId, String groupId,
        String taskId, String intent, Double value, Long durationMs, @JsonRawValue String metadata) {

    static EventView of(Event e) {
        return new EventView(e.id(), e.type(), e.timestamp(), e.receivedAt(), e.tenantId(), e.botId(), e.channel(),
                e.conversationId(), e.sessionId(), e.userId(), e.staffId(), e.groupId(), e.taskId(), e.intent(),
                e.value(), e.durationMs(), e.metadata());
    }
}
