-- Shared by every Meldpunt service (module event-outbox).
-- event_log is the append-only history of each aggregate *and* the transactional outbox:
-- a row commits together with the state change it describes, and the relay publishes it later.
CREATE TABLE event_log (
    position      BIGSERIAL    PRIMARY KEY,          -- insertion order; the relay publishes in this order
    event_id      UUID         NOT NULL UNIQUE,      -- ce_id, stable across re-sends
    aggregate_id  UUID         NOT NULL,             -- the incident id: Kafka key and ce_subject
    sequence      BIGINT       NOT NULL,             -- ce_sequence: 1, 2, 3 ... per incident in this service
    event_type    TEXT         NOT NULL,             -- e.g. incident.reported
    topic         TEXT         NOT NULL,
    actor         TEXT         NOT NULL,             -- subject of the token, or 'system'
    occurred_at   TIMESTAMPTZ  NOT NULL,
    data          TEXT         NOT NULL,             -- CloudEvent data, kept byte for byte as it was hashed
    traceparent   TEXT,
    prev_hash     TEXT,
    hash          TEXT         NOT NULL,             -- SHA-256 over prev_hash and this row's canonical content
    published_at  TIMESTAMPTZ,
    CONSTRAINT event_log_sequence_unique UNIQUE (aggregate_id, sequence)
);

CREATE INDEX event_log_unpublished ON event_log (position) WHERE published_at IS NULL;

-- Wake the relay as soon as a transaction that appended events commits (NOTIFY is delivered on commit).
CREATE FUNCTION event_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('meldpunt_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER event_log_appended
    AFTER INSERT ON event_log
    FOR EACH STATEMENT EXECUTE FUNCTION event_log_notify();

-- Idempotent inbox: the id of every consumed event, recorded in the same transaction as its effect.
CREATE TABLE processed_event (
    event_id      UUID         PRIMARY KEY,
    event_type    TEXT         NOT NULL,
    source_topic  TEXT         NOT NULL,
    processed_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
