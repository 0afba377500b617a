-- The eight steps of SOP-DINKOMINFO-012: scheduling, the vendor's report, review, action items,
-- documentation, delivery, the Kasi's signature (which locks the row) and the service-desk reply.

-- Step 1: when and where; the channel used to reach vendor and agency. Imported rows have none.
ALTER TABLE meetings ADD COLUMN starts_at TEXT;
ALTER TABLE meetings ADD COLUMN duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 5 AND 720);
ALTER TABLE meetings ADD COLUMN place TEXT;
ALTER TABLE meetings ADD COLUMN channel TEXT CHECK (channel IS NULL OR channel IN ('telepon', 'email'));
ALTER TABLE meetings ADD COLUMN cancelled_at TEXT;
ALTER TABLE meetings ADD COLUMN cancel_reason TEXT;
-- Step 2 and step 3.
ALTER TABLE meetings ADD COLUMN report TEXT;
ALTER TABLE meetings ADD COLUMN review TEXT;
-- Step 7: the signature of the current revision. A correction starts revision + 1, unsigned.
ALTER TABLE meetings ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE meetings ADD COLUMN signer_name TEXT;
ALTER TABLE meetings ADD COLUMN signed_at TEXT;
ALTER TABLE meetings ADD COLUMN fingerprint TEXT;

-- A double click schedules one meeting, not two.
CREATE UNIQUE INDEX meetings_one_per_start ON meetings (application_id, starts_at)
    WHERE starts_at IS NOT NULL AND cancelled_at IS NULL;

-- A signed row is locked: the only change allowed is starting a correction (the next revision,
-- unsigned, with the same content), and it cannot be deleted.
CREATE TRIGGER meetings_signed_locked BEFORE UPDATE ON meetings
WHEN OLD.signed AND NOT (
    NEW.revision = OLD.revision + 1 AND NOT NEW.signed
    AND NEW.application_id IS OLD.application_id AND NEW.no IS OLD.no
    AND NEW.meeting_date IS OLD.meeting_date AND NEW.client_name IS OLD.client_name
    AND NEW.agency_id IS OLD.agency_id AND NEW.vendor_id IS OLD.vendor_id
    AND NEW.progress IS OLD.progress AND NEW.notes IS OLD.notes
)
BEGIN
    SELECT RAISE(ABORT, 'baris yang sudah ditandatangani Kasi tidak dapat diubah');
END;
CREATE TRIGGER meetings_signed_no_delete BEFORE DELETE ON meetings WHEN OLD.signed
BEGIN
    SELECT RAISE(ABORT, 'baris yang sudah ditandatangani Kasi tidak dapat dihapus');
END;

-- Who did each step and when; `started_at` is when the step's form was opened.
CREATE TABLE meeting_steps (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    revision INTEGER NOT NULL,
    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 8),
    started_at TEXT,
    done_at TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    user_name TEXT NOT NULL,
    PRIMARY KEY (meeting_id, revision, step)
);

-- Every signed revision, kept whole and never changed: a correction leaves it readable.
CREATE TABLE signed_rows (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    revision INTEGER NOT NULL,
    no INTEGER NOT NULL,
    meeting_date TEXT NOT NULL,
    client TEXT NOT NULL,
    vendor TEXT NOT NULL,
    progress TEXT NOT NULL,
    notes TEXT NOT NULL,
    signer_id INTEGER REFERENCES users (id),
    signer_name TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    UNIQUE (meeting_id, revision)
);
CREATE TRIGGER signed_rows_no_update BEFORE UPDATE ON signed_rows
BEGIN
    SELECT RAISE(ABORT, 'signed_rows is append-only');
END;
CREATE TRIGGER signed_rows_no_delete BEFORE DELETE ON signed_rows
BEGIN
    SELECT RAISE(ABORT, 'signed_rows is append-only');
END;

-- Step 4: "Catatan" as action items, carried from meeting to meeting until closed.
CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    text TEXT NOT NULL,
    closed_meeting_id INTEGER REFERENCES meetings (id),
    closed_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX action_items_open ON action_items (application_id) WHERE closed_at IS NULL;

-- What each later meeting decided about an open item: carried on, or closed.
CREATE TABLE action_item_decisions (
    item_id INTEGER NOT NULL REFERENCES action_items (id),
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    decision TEXT NOT NULL CHECK (decision IN ('lanjut', 'selesai')),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (item_id, meeting_id)
);

-- Step 2: the application's features, which the vendor marks as in progress or done.
CREATE TABLE features (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('rencana', 'dikerjakan', 'selesai')),
    updated_at TEXT NOT NULL,
    UNIQUE (application_id, name)
);

-- Step 8: each application's service-desk ticket and its thread.
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    number TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    created_at TEXT NOT NULL
);
CREATE TABLE ticket_replies (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    revision INTEGER NOT NULL,
    body TEXT NOT NULL,
    author_id INTEGER REFERENCES users (id),
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (meeting_id, revision)
);
CREATE INDEX ticket_replies_ticket ON ticket_replies (ticket_id, id);
