-- notification-service: the durable feed that GET /streams/events serves (docs/streams.md).

-- One row per kept case event. The consumer's transaction stages the row without a position; the
-- sequencer gives committed rows their positions later, one sequencing transaction at a time under an
-- advisory lock, so positions become visible in order and without holes (docs/streams.md, "Why a
-- reader never passes a position that commits later").
CREATE TABLE stream_feed (
    entry          BIGSERIAL    PRIMARY KEY,            -- staging order only; never shown to a reader
    event_id       UUID         NOT NULL UNIQUE REFERENCES case_event (event_id) ON DELETE CASCADE,
    position       BIGINT       UNIQUE,                 -- null until the sequencer has placed it
    positioned_at  TIMESTAMPTZ                          -- when it was placed; retention counts from here
);
CREATE INDEX stream_feed_unplaced ON stream_feed (entry) WHERE position IS NULL;
CREATE INDEX stream_feed_positioned_at ON stream_feed (positioned_at);

-- Positions up to purged_through were removed by retention: a resume from before it gets `reset`.
CREATE TABLE stream_feed_horizon (
    id               INT     PRIMARY KEY CHECK (id = 1),
    purged_through   BIGINT  NOT NULL
);
INSERT INTO stream_feed_horizon (id, purged_through) VALUES (1, 0);

-- Single-use tickets for clients that cannot send a header (the browser's EventSource) and for the
-- dashboard's sign-in link. Only a hash of the ticket is kept.
CREATE TABLE stream_ticket (
    ticket_hash       TEXT         PRIMARY KEY,
    subject           TEXT         NOT NULL,
    organisation      TEXT         NOT NULL,
    role              TEXT         NOT NULL,
    authority         TEXT,
    purpose           TEXT         NOT NULL,              -- STREAM or DASHBOARD
    expires_at        TIMESTAMPTZ  NOT NULL,              -- when the ticket can no longer be redeemed
    token_expires_at  TIMESTAMPTZ  NOT NULL,              -- the token it was issued for: what it opens ends then
    used_at           TIMESTAMPTZ
);
CREATE INDEX stream_ticket_expires ON stream_ticket (expires_at);

-- Dashboard sessions behind the HttpOnly cookie; kept in the database so every instance, and an
-- instance after a restart, knows them.
CREATE TABLE dashboard_session (
    session_hash   TEXT         PRIMARY KEY,
    subject        TEXT         NOT NULL,
    organisation   TEXT         NOT NULL,
    role           TEXT         NOT NULL,
    authority      TEXT,
    created_at     TIMESTAMPTZ  NOT NULL,
    expires_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX dashboard_session_expires ON dashboard_session (expires_at);
