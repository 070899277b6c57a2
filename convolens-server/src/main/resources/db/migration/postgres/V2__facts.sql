-- Conversation facts (SPEC §4), recomputed whole from raw events whenever one of the conversation's events arrives.
-- Replaced by delete + insert per conversation in one transaction.
CREATE TABLE conversations (
    tenant_id                 VARCHAR NOT NULL,
    conversation_id           VARCHAR NOT NULL,
    bot_id                    VARCHAR,
    channel                   VARCHAR,
    user_id                   VARCHAR,
    first_event_at            TIMESTAMPTZ NOT NULL,
    started_at                TIMESTAMPTZ NOT NULL,
    last_activity_at          TIMESTAMPTZ NOT NULL,
    first_inbound_at          TIMESTAMPTZ,
    first_response_at         TIMESTAMPTZ,
    first_response_ms         BIGINT,
    escalated_at              TIMESTAMPTZ,
    agent_first_response_at   TIMESTAMPTZ,
    agent_first_response_ms   BIGINT,
    agent_id                  VARCHAR,
    resolved_at               TIMESTAMPTZ,
    resolution_ms             BIGINT,
    closed_at                 TIMESTAMPTZ,
    session_completed_at      TIMESTAMPTZ,
    messages_in               INTEGER NOT NULL,
    messages_out              INTEGER NOT NULL,
    staff_replies             INTEGER NOT NULL,
    staff_ids                 VARCHAR,
    last_csat                 DOUBLE PRECISION,
    ai_handled                BOOLEAN NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL
);

-- Live-chat facts, one row per request (metadata.requestId, else the conversation).
CREATE TABLE livechats (
    tenant_id                 VARCHAR NOT NULL,
    request_id                VARCHAR NOT NULL,
    conversation_id           VARCHAR,
    bot_id                    VARCHAR,
    channel                   VARCHAR,
    group_id                  VARCHAR,
    staff_id                  VARCHAR,
    requested_at              TIMESTAMPTZ,
    accepted_at               TIMESTAMPTZ,
    missed_at                 TIMESTAMPTZ,
    ended_at                  TIMESTAMPTZ,
    agent_first_response_at   TIMESTAMPTZ,
    wait_ms                   BIGINT,
    duration_ms               BIGINT,
    agent_first_response_ms   BIGINT,
    status                    VARCHAR NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL
);

-- What changed since each job last looked (see DirtyRanges).
CREATE SEQUENCE dirty_ranges_seq;
CREATE TABLE dirty_ranges (
    seq         BIGINT NOT NULL,
    tenant_id   VARCHAR NOT NULL,
    from_ts     TIMESTAMPTZ NOT NULL,
    to_ts       TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE UNIQUE INDEX conversations_pk ON conversations (tenant_id, conversation_id);
CREATE INDEX conversations_tenant_started ON conversations (tenant_id, started_at);
CREATE UNIQUE INDEX livechats_pk ON livechats (tenant_id, request_id);
CREATE INDEX livechats_tenant_requested ON livechats (tenant_id, requested_at);
CREATE INDEX dirty_ranges_seq_idx ON dirty_ranges (seq);
-- facts are recomputed per conversation from its raw events
CREATE INDEX events_tenant_conversation ON events (tenant_id, conversation_id, ts);
