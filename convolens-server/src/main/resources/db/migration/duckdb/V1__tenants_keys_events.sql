-- Tenants and their API keys (SPEC §11). Keys are stored as SHA-256 hashes only.
CREATE TABLE tenants (
    id          VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    timezone    VARCHAR NOT NULL,
    settings    VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id          VARCHAR PRIMARY KEY,
    tenant_id   VARCHAR NOT NULL,
    key_hash    VARCHAR NOT NULL UNIQUE,
    prefix      VARCHAR NOT NULL,
    scopes      VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);

-- Raw events. No index: DuckDB prunes row groups by the min/max of tenant_id and ts, and each batch is inserted
-- sorted by (tenant_id, ts), so one tenant's time range reads few row groups and age deletion is a range delete.
CREATE TABLE events (
    tenant_id        VARCHAR NOT NULL,
    id               VARCHAR NOT NULL,
    type             VARCHAR NOT NULL,
    ts               TIMESTAMPTZ NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    bot_id           VARCHAR,
    channel          VARCHAR,
    conversation_id  VARCHAR,
    session_id       VARCHAR,
    user_id          VARCHAR,
    staff_id         VARCHAR,
    group_id         VARCHAR,
    task_id          VARCHAR,
    intent           VARCHAR,
    value            DOUBLE,
    duration_ms      BIGINT,
    metadata         JSON
);
