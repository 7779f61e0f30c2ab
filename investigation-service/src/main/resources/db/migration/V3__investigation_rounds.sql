-- A reopened incident can be investigated again (docs/design.md, "Rounds"): an authority whose
-- investigation concluded may open a new one. What must never happen is two open investigations of
-- one authority into one incident, from a routed and a manual opening racing each other.
ALTER TABLE investigation DROP CONSTRAINT investigation_one_per_authority;
CREATE UNIQUE INDEX investigation_one_open_per_authority ON investigation (incident_id, authority)
    WHERE status <> 'CONCLUDED';
CREATE INDEX investigation_by_incident ON investigation (incident_id, authority);
