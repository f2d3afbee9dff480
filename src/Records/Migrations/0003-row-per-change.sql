-- Each change writes about its own bytes. A warning keeps the engine's version and the operators' actions (what people
-- see is derived from both on read, not stored a second time); a released change waiting for its public warnings to
-- confirm it is a row of its own, ordered by when it is due, so confirming it deletes a small row near the others
-- instead of rewriting the warning's row; the sensor warnings speaking in a public warning are a row each, written
-- when that one changes, not with the whole public warning.
CREATE TABLE handovers (
    due BIGINT NOT NULL,           -- wall clock: when to hand the change over again if not confirmed
    warning_id TEXT NOT NULL,
    PRIMARY KEY (due, warning_id)
){{without_rowid}};
INSERT INTO handovers (due, warning_id) SELECT handover_due, id FROM warnings WHERE handover_due IS NOT NULL;
DROP INDEX ix_warnings_handover_due;
ALTER TABLE warnings DROP COLUMN handover_due;
ALTER TABLE warnings DROP COLUMN visible;

CREATE TABLE public_contributors (
    public_id TEXT NOT NULL,
    warning_id TEXT NOT NULL,
    body TEXT NOT NULL,            -- the contributor as the public warning shows it
    PRIMARY KEY (public_id, warning_id)
){{without_rowid}};
