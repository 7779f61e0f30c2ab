-- notification-service schema: obligations. The event log and inbox come from service-support (V0_1).

-- The latest known state of each incident, from incident-events. Every change to an incident's
-- obligations first locks this row, so consumers, REST calls and clock passes take locks in one order.
CREATE TABLE incident (
    id            UUID         PRIMARY KEY,
    reference     TEXT         NOT NULL,
    tlp           TEXT         NOT NULL,
    version       BIGINT       NOT NULL,              -- the incident's own version; older snapshots are ignored
    snapshot      JSONB        NOT NULL,              -- IncidentSnapshot as last received
    received_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Investigations learnt from investigation-events: which authorities may read an incident's obligations.
CREATE TABLE investigation (
    id            UUID         PRIMARY KEY,
    incident_id   UUID         NOT NULL,              -- no foreign key: the two topics are not ordered with each other
    authority     TEXT         NOT NULL,
    status        TEXT         NOT NULL,
    version       BIGINT       NOT NULL
);
CREATE INDEX investigation_incident ON investigation (incident_id, authority);

CREATE TABLE obligation (
    id                    UUID         PRIMARY KEY,   -- name-based UUID of incident, kind, party and recipient
    incident_id           UUID         NOT NULL REFERENCES incident (id),
    incident_reference    TEXT,
    kind                  TEXT         NOT NULL,
    party                 TEXT         NOT NULL,
    recipient             TEXT         NOT NULL,
    state                 TEXT         NOT NULL,
    legal_basis           TEXT         NOT NULL,
    clock_started_at      TIMESTAMPTZ,                -- null while WAITING
    due_at                TIMESTAMPTZ,
    fulfilled_at          TIMESTAMPTZ,                -- when the notification was submitted
    submission_reference  TEXT,
    delay_reason          TEXT,                       -- GDPR Art. 33(1): reasons for a late notification
    waive_justification   TEXT,                       -- GDPR Art. 33(5): documentation of the decision
    required_by_rules     BOOLEAN      NOT NULL,
    version               BIGINT       NOT NULL,
    history               JSONB        NOT NULL,      -- every state change with its reason, oldest first
    -- Exactly-once guards of the clock pass: set in the transaction that appends the event.
    due_soon_emitted_at   TIMESTAMPTZ,
    overdue_emitted_at    TIMESTAMPTZ
);
CREATE INDEX obligation_incident ON obligation (incident_id);
CREATE INDEX obligation_running_clock ON obligation (due_at) WHERE state = 'PENDING';
