-- Call-and-response (叫应). One row per official asked to confirm a public warning (its latest asking version):
-- the reply code and the link's token id to find it by, when the first message was queued, the calling stage and when
-- its next step is due (an indexed wall-clock time swept like approvals), and once answered when, how and by whom.
CREATE TABLE confirmations (
    public_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    area_key TEXT NOT NULL,        -- the owning AreaWarningGrain
    version INTEGER NOT NULL,      -- the version that asked last
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    phone TEXT NULL,
    code TEXT NOT NULL,            -- 4-digit reply code
    token_id TEXT NOT NULL,        -- the link's id (the signature is checked, not stored)
    first_sent BIGINT NOT NULL,    -- wall clock
    stage INTEGER NOT NULL,        -- 0 asked, 1 called again, 2 township told, 3 county desk told
    due BIGINT NULL,               -- wall clock: the next step; NULL once answered or nothing more to do
    confirmed BIGINT NULL,
    channel TEXT NULL,             -- sms, link, dashboard
    confirmed_by TEXT NULL,
    note TEXT NULL,
    PRIMARY KEY (public_id, recipient_id)
);
CREATE INDEX ix_confirmations_due ON confirmations (due) WHERE due IS NOT NULL;
CREATE INDEX ix_confirmations_phone ON confirmations (phone, first_sent);
CREATE UNIQUE INDEX ix_confirmations_token ON confirmations (token_id);

-- Every mobile-originated SMS the gateway passed on, whatever became of it (never lost).
CREATE TABLE sms_inbound (
    seq {{serial}},
    at BIGINT NOT NULL,            -- when the engine got it
    sent_at BIGINT NULL,           -- the gateway's "at"
    from_phone TEXT NOT NULL,
    text TEXT NOT NULL,
    result TEXT NOT NULL,          -- confirmed, already-confirmed, unknown-number, unknown-code
    public_id TEXT NULL,
    recipient_id TEXT NULL
);
CREATE INDEX ix_sms_inbound_at ON sms_inbound (at);

-- Why an outbox message was made: NULL for a version's round, 'repeat' or 'escalation' (叫应).
ALTER TABLE outbox ADD COLUMN purpose TEXT NULL;

-- What the loudspeakers of a broadcast said they did.
CREATE TABLE broadcast_terminals (
    message_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    state TEXT NOT NULL,           -- played, failed
    at BIGINT NOT NULL,
    PRIMARY KEY (message_id, terminal_id)
){{without_rowid}};
