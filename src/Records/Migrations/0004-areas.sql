-- Named areas with their boundaries, the same for every silo: a county (GB/T 2260, 6 digits), a township (9) or a
-- village (GB/T 10114, 12), its name, the area it lies in, and its boundary as a GeoJSON Polygon or MultiPolygon
-- geometry (WGS84, validated by the API before it is stored). CAP's areaDesc and polygon and the dashboard's map use them.
CREATE TABLE areas (
    code {{code}} PRIMARY KEY,
    name TEXT NOT NULL,
    parent {{code}} NULL,
    polygon TEXT NULL,             -- GeoJSON geometry, or null when only the name is known
    updated BIGINT NOT NULL        -- wall clock: when it was put
);
CREATE INDEX ix_areas_parent ON areas (parent, code);
