-- A row the relay can never publish (too large for the broker, an event type this build does not
-- know) is parked with its reason instead of blocking every incident behind it. Later rows of the
-- same incident wait behind it, so per-incident order still holds; other incidents flow on.
ALTER TABLE event_log ADD COLUMN parked_at TIMESTAMPTZ;
ALTER TABLE event_log ADD COLUMN parked_reason TEXT;
CREATE INDEX event_log_parked ON event_log (aggregate_id) WHERE parked_at IS NOT NULL AND published_at IS NULL;
