-- Messages that must reach people: e-mail (with calendar files) and the service-desk webhook,
-- written to an outbox in the transaction of the action that caused them and sent by a worker;
-- reminders, in the app and by e-mail; each user's calendar feed and reminder preferences.

-- Raised on every change of a meeting, for the SEQUENCE of its calendar invitation.
ALTER TABLE meetings ADD COLUMN ics_sequence INTEGER NOT NULL DEFAULT 0;

ALTER TABLE users ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users (calendar_token) WHERE calendar_token IS NOT NULL;
ALTER TABLE users ADD COLUMN remind_meeting BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN remind_signature BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN remind_idle BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment BLOB,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Every attempt to send, with what happened.
CREATE TABLE outbox_attempts (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    at TEXT NOT NULL,
    ok BOOLEAN NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX outbox_attempts_message ON outbox_attempts (outbox_id, id);

-- Reminders in the app; the key makes each reminder once.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, kind, key)
);
