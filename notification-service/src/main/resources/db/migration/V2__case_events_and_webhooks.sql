-- notification-service: the case events it relays, and webhook subscriptions with their deliveries
-- (docs/webhooks.md). The stream feed of docs/streams.md reads case_event too.

ALTER TABLE incident ADD COLUMN severity TEXT;   -- for the minSeverity filter of webhooks and streams

-- Every incident, investigation and obligation event consumed, as it was consumed (data unfiltered).
-- Written in the consumer's transaction, with the inbox record; a webhook retried later, or a stream
-- resumed, is sent from here, filtered by the reader rule as things stand when it is sent.
CREATE TABLE case_event (
    event_id      UUID         PRIMARY KEY,
    type          TEXT         NOT NULL,          -- short name, e.g. incident.triaged
    incident_id   UUID         NOT NULL,
    source        TEXT         NOT NULL,
    time          TIMESTAMPTZ,
    sequence      BIGINT       NOT NULL,
    traceparent   TEXT,
    topic         TEXT         NOT NULL,
    data          TEXT         NOT NULL,          -- the CloudEvent's JSON data, as published
    received_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX case_event_received ON case_event (received_at);

CREATE TABLE webhook_subscription (
    id                          UUID         PRIMARY KEY,
    -- The token that created it: only that subject sees and changes it, and deliveries are
    -- filtered for its role and authority.
    owner_subject               TEXT         NOT NULL,
    owner_role                  TEXT         NOT NULL,
    owner_authority             TEXT,
    url                         TEXT         NOT NULL,
    description                 TEXT,
    filter_incident_id          UUID,
    filter_authority            TEXT,
    filter_types                TEXT,         -- comma-separated event names or families (obligation.*)
    filter_min_severity         TEXT,
    state                       TEXT         NOT NULL,   -- ACTIVE, PAUSED, DISABLED
    disabled_reason             TEXT,
    disabled_at                 TIMESTAMPTZ,
    failing_since               TIMESTAMPTZ,             -- first failed attempt since the last success
    secret                      TEXT         NOT NULL,
    previous_secret             TEXT,                    -- still signed with during a rotation's overlap
    previous_secret_until       TIMESTAMPTZ,
    created_at                  TIMESTAMPTZ  NOT NULL,
    updated_at                  TIMESTAMPTZ  NOT NULL,
    version                     BIGINT       NOT NULL
);
CREATE INDEX webhook_subscription_owner ON webhook_subscription (owner_subject, created_at);

-- One message per subscription and event. Recorded in the consumer's transaction; a worker claims
-- it with FOR UPDATE SKIP LOCKED and a lease, so several instances never send one message at once.
CREATE TABLE webhook_message (
    id               BIGSERIAL    PRIMARY KEY,        -- order of the messages of one incident
    subscription_id  UUID         NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    event_id         UUID         NOT NULL REFERENCES case_event (event_id),
    incident_id      UUID         NOT NULL,
    event_type       TEXT         NOT NULL,
    message_id       TEXT         NOT NULL,           -- webhook-id: the same on every attempt
    state            TEXT         NOT NULL,           -- PENDING, DELIVERED, FAILED (given up), SKIPPED
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL,
    lease_until      TIMESTAMPTZ,                     -- a worker is sending it until then
    created_at       TIMESTAMPTZ  NOT NULL,
    finished_at      TIMESTAMPTZ,
    last_error       TEXT,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_message_due ON webhook_message (next_attempt_at) WHERE state = 'PENDING';
-- "Is an earlier message of this incident still pending?": the order check of every claim.
CREATE INDEX webhook_message_order ON webhook_message (subscription_id, incident_id, id) WHERE state = 'PENDING';
CREATE INDEX webhook_message_failed ON webhook_message (subscription_id, created_at) WHERE state = 'FAILED';

-- Every attempt, for GET /subscriptions/{id}/deliveries.
CREATE TABLE webhook_attempt (
    id               BIGSERIAL    PRIMARY KEY,
    subscription_id  UUID         NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    message          BIGINT       REFERENCES webhook_message (id) ON DELETE CASCADE,  -- null for a test ping
    message_id       TEXT         NOT NULL,
    event_id         UUID,
    event_type       TEXT         NOT NULL,
    attempt          INT          NOT NULL,
    attempted_at     TIMESTAMPTZ  NOT NULL,
    result           TEXT         NOT NULL,           -- DELIVERED, RETRY, GONE, REFUSED
    status           INT,
    duration_ms      BIGINT       NOT NULL,
    error            TEXT,
    response_body    TEXT                              -- the first KiB of the answer
);
CREATE INDEX webhook_attempt_subscription ON webhook_attempt (subscription_id, attempted_at DESC, id DESC);
