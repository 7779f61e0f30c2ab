-- Runs once, when the postgres container initialises an empty data volume.
-- Each service owns its database and migrates it with Flyway at start-up;
-- no service reads another service's tables (docs/design.md, Parts).
-- The password matches the local stack's; change both for anything but a laptop.
CREATE ROLE meldpunt LOGIN PASSWORD 'meldpunt';

CREATE DATABASE incident OWNER meldpunt;
CREATE DATABASE investigation OWNER meldpunt;
CREATE DATABASE notification OWNER meldpunt;
