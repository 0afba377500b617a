-- The progress log of FRM-DINKOMINFO-020: agencies (OPD), vendors, applications and meeting rows.
-- Instants are UTC (RFC 3339 text on SQLite); dates are calendar dates in WIB (YYYY-MM-DD).

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    abbreviation TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE UNIQUE INDEX agencies_name_key ON agencies (lower(name));
CREATE UNIQUE INDEX agencies_abbreviation_key ON agencies (lower(abbreviation));

CREATE TABLE vendors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    vendor_id INTEGER NOT NULL REFERENCES vendors (id),
    pic_name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'berjalan' CHECK (status IN ('berjalan', 'selesai', 'ditunda')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_agency ON applications (agency_id);
CREATE INDEX applications_vendor ON applications (vendor_id);

-- A meeting is a row of the form. `no` is the row's number within its application's form.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    no INTEGER CHECK (no IS NULL OR no > 0),
    meeting_date TEXT NOT NULL,
    client_name TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    vendor_id INTEGER NOT NULL REFERENCES vendors (id),
    progress TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    signed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (application_id, no)
);
CREATE INDEX meetings_date ON meetings (meeting_date);
CREATE INDEX meetings_application_date ON meetings (application_id, meeting_date);

-- Files uploaded on the import page, kept until they are imported or discarded, so that the
-- preview and the confirmation may reach different server instances.
CREATE TABLE import_uploads (
    id INTEGER PRIMARY KEY,
    batch TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX import_uploads_batch ON import_uploads (batch);
