package dev.convolens.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type the platform accepts (SPEC §2); anything else is rejected at ingest. */
public enum EventType {
    MESSAGE_RECEIVED("message.received"),
    MESSAGE_SENT("message.sent"),
    MESSAGE_DELIVERED("message.delivered"),
    MESSAGE_READ("message.read"),
    MESSAGE_FAILED("message.failed"),
    CONVERSATION_STARTED("conversation.started"),
    CONVERSATION_ESCALATED("conversation.escalated"),
    CONVERSATION_RESOLVED("conversation.resolved"),
    CONVERSATION_CLOSED("conversation.closed"),
    RESPONSE_AI_GENERATED("response.ai_generated"),
    RESPONSE_STAFF_SENT("response.staff_sent"),
    RESPONSE_TIME_RECORDED("response.time_recorded"),
    TASK_CREATED("task.created"),
    TASK_ASSIGNED("task.assigned"),
    TASK_COMPLETED("task.completed"),
    TASK_SLA_BREACHED("task.sla_breached"),
    INTENT_CLASSIFIED("intent.classified"),
    INTENT_CONFIDENCE_LOW("intent.confidence_low"),
    INTENT_ACTION_TAKEN("intent.action_taken"),
    SATISFACTION_SURVEY_SENT("satisfaction.survey_sent"),
    SATISFACTION_RATING_RECEIVED("satisfaction.rating_received"),
    SATISFACTION_FEEDBACK_RECEIVED("satisfaction.feedback_received"),
    STAFF_LOGIN("staff.login"),
    STAFF_LOGOUT("staff.logout"),
    STAFF_STATUS_CHANGED("staff.status_changed"),
    LIVECHAT_REQUESTED("livechat.requested"),
    LIVECHAT_ACCEPTED("livechat.accepted"),
    LIVECHAT_MISSED("livechat.missed"),
    LIVECHAT_MESSAGE("livechat.message"),
    LIVECHAT_ENDED("livechat.ended"),
    SESSION_STARTED("session.started"),
    SESSION_COMPLETED("session.completed"),
    LLM_CALL("llm.call"),
    HTTP_CALL("http.call"),
    SEMANTIC_SEARCH_QUERY("semantic_search.query"),
    VARIABLE_CHANGED("variable.changed"),
    TAG_CHANGED("tag.changed");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }
}
