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
    tenant_id   VARCHAR NOT NULL REFERENCES tenants (id),
    key_hash    VARCHAR NOT NULL UNIQUE,
    prefix      VARCHAR NOT NULL,
    scopes      VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- Raw events, one partition per UTC month (created by the application as data arrives) so that retention drops
-- whole partitions. The unique index is the idempotency guarantee across instances and also serves the
-- (tenant, id) lookups of deduplication; the second index serves every tenant-and-time query.
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
    value            DOUBLE PRECISION,
    duration_ms      BIGINT,
    metadata         JSONB
) PARTITION BY RANGE (ts);
CREATE UNIQUE INDEX events_tenant_id_ts ON events (tenant_id, id, ts);
CREATE INDEX events_tenant_ts ON events (tenant_id, ts);
