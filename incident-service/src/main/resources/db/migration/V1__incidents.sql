-- incident-service schema. The event log and inbox come from module event-outbox (V0_1).
CREATE SEQUENCE incident_reference_seq START 1;

CREATE TABLE incident (
    id                    UUID         PRIMARY KEY,
    reference             TEXT         NOT NULL UNIQUE,
    status                TEXT         NOT NULL,
    severity              TEXT         NOT NULL,
    tlp                   TEXT         NOT NULL,
    title                 TEXT         NOT NULL,
    organisation_name     TEXT         NOT NULL,
    organisation_kind     TEXT         NOT NULL,
    required_authorities  TEXT         NOT NULL DEFAULT '',   -- comma-separated, e.g. 'AP,IGJ'
    details               JSONB        NOT NULL,              -- IncidentDetails as stated by analysts
    reported_by_subject   TEXT         NOT NULL,
    reported_by_org       TEXT,
    reported_at           TIMESTAMPTZ  NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL,
    version               BIGINT       NOT NULL
);
CREATE INDEX incident_list ON incident (reported_at DESC, id DESC);
CREATE INDEX incident_status ON incident (status);

-- Investigations learnt from investigation-events: drives INVESTIGATING/RESOLVED and investigator access.
CREATE TABLE incident_investigation (
    investigation_id  UUID         PRIMARY KEY,
    incident_id       UUID         NOT NULL REFERENCES incident (id),
    authority         TEXT         NOT NULL,
    concluded         BOOLEAN      NOT NULL DEFAULT FALSE,
    opened_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX incident_investigation_incident ON incident_investigation (incident_id);

-- Idempotency-Key of POST /incidents: a repeat returns the first response.
CREATE TABLE idempotency_key (
    subject        TEXT         NOT NULL,
    key            TEXT         NOT NULL,
    request_hash   TEXT         NOT NULL,
    incident_id    UUID         NOT NULL,
    response_body  TEXT         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, key)
);
