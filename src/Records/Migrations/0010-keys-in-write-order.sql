-- Fewer pages per change (issue 15's bytes). SQLite's write-ahead log takes a whole page for every page a commit
-- touches, so an index entry costs a page unless the commit's other entries land beside it.
--
-- The onset index without the id: entries of one onset are kept in the order they were inserted (SQLite appends the
-- rowid, PostgreSQL the heap position), so a storm's warnings, all of one event-time minute, are appended to the same
-- one or two pages instead of scattered by id over the whole run of that minute (about a KB a change). The listing's
-- order (onset, then id, newest first) is kept: the index gives the onset, the few rows of one onset are sorted by id.
DROP INDEX ix_warnings_onset;
CREATE INDEX ix_warnings_onset ON warnings (onset);

-- A warning's areas as the key alone: an ordinary table kept a row in insertion order beside the key's index of the
-- same two columns (two b-trees written per area); clustered on its key, one.
CREATE TABLE warning_areas_keyed (
    area {{code}} NOT NULL,
    warning_id TEXT NOT NULL,
    PRIMARY KEY (area, warning_id)
){{without_rowid}};
INSERT INTO warning_areas_keyed (area, warning_id) SELECT area, warning_id FROM warning_areas;
DROP TABLE warning_areas;
ALTER TABLE warning_areas_keyed RENAME TO warning_areas;
