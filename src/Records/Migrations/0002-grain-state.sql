-- Orleans grain state of a single engine (sensor rule state, hazard sources, regions), one row per grain with a
-- version for optimistic concurrency; written through the same group commit as the records. A cluster keeps its
-- grain state in Redis.
CREATE TABLE grain_state (
    state_name TEXT NOT NULL,
    grain_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (state_name, grain_id)
);
