-- Community monitoring (群测群防). One row per report, whoever sent it: the body as the API shows it, and the columns
-- the list filters by (area prefix, status, kind, observed time).
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    area {{code}} NOT NULL,         -- '' when an unknown number's SMS named no place
    kind TEXT NOT NULL,
    status TEXT NOT NULL,          -- pending, unverified, verified, rejected
    observed BIGINT NOT NULL,      -- event time
    received BIGINT NOT NULL,      -- wall clock
    phone TEXT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ix_reports_area ON reports (area, observed);
CREATE INDEX ix_reports_observed ON reports (observed);

-- Recipients by number: an SMS's sender is found without reading every roster entry.
CREATE TABLE recipient_phones (
    phone TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    PRIMARY KEY (phone, recipient_id)
){{without_rowid}};

-- The disaster information chain (四级灾情报送): one row per desk a damage or casualty report was forwarded to, with
-- the reply code it answers with, the deadline of the first report (初报) — an indexed due time swept like approvals,
-- cleared when acknowledged or once flagged overdue — and the acknowledgement.
CREATE TABLE report_chain (
    report_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    tier TEXT NOT NULL,            -- township, county, city
    name TEXT NOT NULL,
    phone TEXT NULL,
    code TEXT NOT NULL,            -- 4-digit reply code
    sent BIGINT NOT NULL,          -- wall clock
    deadline BIGINT NOT NULL,      -- wall clock: sent + Reports:FirstReportWithin
    due BIGINT NULL,               -- = deadline while neither acknowledged nor flagged
    acknowledged BIGINT NULL,
    channel TEXT NULL,             -- sms, dashboard
    acknowledged_by TEXT NULL,
    overdue BIGINT NULL,           -- when the sweeper flagged it
    PRIMARY KEY (report_id, recipient_id)
);
CREATE INDEX ix_report_chain_due ON report_chain (due) WHERE due IS NOT NULL;
CREATE INDEX ix_report_chain_phone ON report_chain (phone, sent);

-- When a verified report stops raising a warning (its hold ends): swept like hand-overs, the warning's grain decides again.
CREATE TABLE report_holds (
    due BIGINT NOT NULL,           -- wall clock
    warning_id TEXT NOT NULL,
    PRIMARY KEY (due, warning_id)
){{without_rowid}};
