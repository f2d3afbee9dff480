-- The monitoring centre's records. Times are Unix milliseconds (UTC); JSON bodies are what the API shows.

-- One row per sensor warning (episode): small, rewritten on each of its own changes only.
CREATE TABLE warnings (
    id TEXT PRIMARY KEY,
    sensor_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    hazard TEXT NOT NULL,
    level TEXT NOT NULL,
    status TEXT NOT NULL,
    region {{code}} NOT NULL,
    onset BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    approval_due BIGINT NULL,      -- wall clock: a pending warning is escalated then
    handover_due BIGINT NULL,      -- wall clock: a released change not yet confirmed by its public warnings
    visible TEXT NOT NULL,         -- as people see it (operators' actions applied)
    engine TEXT NOT NULL,          -- the engine's own last version
    approval TEXT NOT NULL         -- the operators' actions
);
CREATE INDEX ix_warnings_onset ON warnings (onset, id);
CREATE INDEX ix_warnings_region_onset ON warnings (region, onset);
CREATE INDEX ix_warnings_sensor ON warnings (sensor_id, onset);
CREATE INDEX ix_warnings_open ON warnings (status) WHERE status IN ('active', 'pending-approval');
CREATE INDEX ix_warnings_approval_due ON warnings (approval_due) WHERE approval_due IS NOT NULL;
CREATE INDEX ix_warnings_handover_due ON warnings (handover_due) WHERE handover_due IS NOT NULL;

CREATE TABLE warning_areas (
    area {{code}} NOT NULL,
    warning_id TEXT NOT NULL,
    PRIMARY KEY (area, warning_id)
);

-- The public warning of one (area, hazard): what its grain works from, written with each version.
CREATE TABLE area_warnings (
    area_key TEXT PRIMARY KEY,
    state TEXT NOT NULL
);

CREATE TABLE public_warnings (
    id TEXT PRIMARY KEY,
    area_key TEXT NOT NULL,
    area {{code}} NOT NULL,
    hazard TEXT NOT NULL,
    status TEXT NOT NULL,
    updated BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ix_public_warnings_updated ON public_warnings (updated, id);
CREATE INDEX ix_public_warnings_area ON public_warnings (area, updated);
CREATE INDEX ix_public_warnings_active ON public_warnings (status) WHERE status = 'active';

-- Which sensor warnings a public warning spoke for (for ?source= and publications of a sensor warning).
CREATE TABLE public_warning_sources (
    warning_id TEXT NOT NULL,
    public_id TEXT NOT NULL,
    PRIMARY KEY (warning_id, public_id)
);

-- The transactional outbox: one row per (public warning version, channel, recipient), inserted in the transaction
-- that stores the version; dispatchers on any silo lease due rows.
CREATE TABLE outbox (
    message_id TEXT PRIMARY KEY,
    warning_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    state TEXT NOT NULL,           -- queued, sending, sent, delivered, failed
    attempts INTEGER NOT NULL,
    queued BIGINT NOT NULL,
    sent BIGINT NULL,
    delivered BIGINT NULL,
    failed BIGINT NULL,
    detail TEXT NULL,
    due BIGINT NULL,               -- set while queued: when it may be taken
    lease_owner TEXT NULL,
    lease_until BIGINT NULL,       -- set while sending: when another silo may take it back
    message TEXT NOT NULL          -- the message as sent (text, target, body)
);
CREATE INDEX ix_outbox_due ON outbox (channel, due) WHERE due IS NOT NULL;
CREATE INDEX ix_outbox_lease ON outbox (lease_until) WHERE lease_until IS NOT NULL;
CREATE INDEX ix_outbox_warning ON outbox (warning_id, version);

-- Named lists: recipients by the areas they cover.
CREATE TABLE recipients (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE recipient_areas (
    area {{code}} NOT NULL,
    recipient_id TEXT NOT NULL,
    PRIMARY KEY (area, recipient_id)
);
CREATE INDEX ix_recipient_areas_recipient ON recipient_areas (recipient_id);

CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE subscription_areas (
    area {{code}} NOT NULL,        -- '' for a subscription to every area
    subscription_id TEXT NOT NULL,
    PRIMARY KEY (area, subscription_id)
);

CREATE TABLE silences (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL,
    from_ms BIGINT NOT NULL,
    to_ms BIGINT NOT NULL,
    released INTEGER NOT NULL,     -- 1 once the area grains it held were refreshed after its end
    body TEXT NOT NULL
);
CREATE INDEX ix_silences_to ON silences (to_ms);
CREATE TABLE silence_held (
    id {{serial}},
    silence_id TEXT NOT NULL,
    area_key TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ix_silence_held ON silence_held (silence_id);

CREATE TABLE audit (
    seq {{serial}},
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ix_audit_at ON audit (at);
CREATE INDEX ix_audit_actor ON audit (actor, at);

-- Sensors registered through the API (the registry file stays a file).
CREATE TABLE sensors (
    id TEXT PRIMARY KEY,
    updated BIGINT NOT NULL,
    body TEXT NOT NULL
);
