-- A public warning's contributors are written one by one, as each sensor warning of the area is released, in
-- transactions of their own. Clustered on (public_id, warning_id) (0003), each of those rewrote the pages of its public
-- warning's rows, scattered over the table by area: in a storm of 10,000 gauges red at once, a quarter of every byte the
-- records database wrote. As an ordinary table their rows are appended in the order written, so the rows of one group
-- commit share pages, and the primary key's index holds only the two ids.
CREATE TABLE public_contributors_appended (
    public_id TEXT NOT NULL,
    warning_id TEXT NOT NULL,
    body TEXT NOT NULL,            -- the contributor as the public warning shows it
    PRIMARY KEY (public_id, warning_id)
);
INSERT INTO public_contributors_appended (public_id, warning_id, body) SELECT public_id, warning_id, body FROM public_contributors;
DROP TABLE public_contributors;
ALTER TABLE public_contributors_appended RENAME TO public_contributors;
