-- Accounts and their roles, the PIC of each application, the audit trail and the login throttle.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    -- A Klien (OPD) account belongs to one agency; a Pihak Ketiga account to one vendor.
    agency_id INTEGER REFERENCES agencies (id),
    vendor_id INTEGER REFERENCES vendors (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'kasi', 'pic', 'service_desk', 'klien', 'pihak_ketiga', 'pimpinan')),
    PRIMARY KEY (user_id, role)
);

ALTER TABLE applications ADD COLUMN pic_user_id INTEGER REFERENCES users (id);
CREATE INDEX applications_pic ON applications (pic_user_id);

ALTER TABLE import_uploads ADD COLUMN user_id INTEGER REFERENCES users (id);

-- Who changed what, when, with the values before and after (JSON). Never updated or deleted.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    application_id INTEGER,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_log_application ON audit_log (application_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Failed logins per account and per address, to slow down guessing.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_failure_at TEXT NOT NULL,
    blocked_until TEXT
);
