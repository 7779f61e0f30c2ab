-- investigation-service schema. The event log and inbox come from service-support (V0_1).

-- Incidents as learnt from incident-events: only what access checks and snapshots need.
-- Every incident.* event carries the whole snapshot, so a row is replaced by any newer version.
CREATE TABLE incident (
    id                    UUID         PRIMARY KEY,
    reference             TEXT         NOT NULL,
    tlp                   TEXT         NOT NULL,
    status                TEXT         NOT NULL,
    required_authorities  TEXT         NOT NULL DEFAULT '',   -- comma-separated, e.g. 'AP,IGJ'
    version               BIGINT       NOT NULL,              -- the incident's own version
    learnt_at             TIMESTAMPTZ  NOT NULL
);

CREATE TABLE investigation (
    id                  UUID         PRIMARY KEY,
    incident_id         UUID         NOT NULL REFERENCES incident (id),
    incident_reference  TEXT         NOT NULL,
    authority           TEXT         NOT NULL,
    status              TEXT         NOT NULL,
    basis               TEXT         NOT NULL,
    assignee            TEXT,
    opened_at           TIMESTAMPTZ  NOT NULL,
    assigned_at         TIMESTAMPTZ,
    concluded_at        TIMESTAMPTZ,
    outcome             TEXT,
    summary             TEXT,
    measures            JSONB,                                -- list of strings, set on conclusion
    finding_count       INTEGER      NOT NULL DEFAULT 0,
    version             BIGINT       NOT NULL,
    -- docs/design.md "Investigations": one investigation per authority per incident, however often
    -- the incident is triaged or an event is redelivered.
    CONSTRAINT investigation_one_per_authority UNIQUE (incident_id, authority)
);
CREATE INDEX investigation_newest ON investigation (opened_at DESC, id DESC);
CREATE INDEX investigation_status ON investigation (status);

CREATE TABLE finding (
    id                UUID         PRIMARY KEY,
    investigation_id  UUID         NOT NULL REFERENCES investigation (id),
    incident_id       UUID         NOT NULL,                  -- SHARED findings reach every authority on this incident
    authority         TEXT         NOT NULL,
    visibility        TEXT         NOT NULL,
    text              TEXT         NOT NULL,
    recorded_by       TEXT         NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX finding_investigation ON finding (investigation_id, recorded_at, id);
