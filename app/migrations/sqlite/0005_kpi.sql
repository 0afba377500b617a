-- The KPIs of SOP-DINKOMINFO-012: satisfaction surveys of the agencies about their vendors,
-- and the monthly targets set by the Kasi.

-- At most one survey a month per application, opened when a meeting is signed.
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    month TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings (id),
    opened_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    UNIQUE (application_id, month)
);

-- One response per person per survey; a blank element is NULL, never 0.
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys (id),
    user_id INTEGER REFERENCES users (id),
    respondent TEXT NOT NULL,
    respondent_key TEXT NOT NULL,
    answered_on TEXT NOT NULL,
    ketepatan_waktu INTEGER CHECK (ketepatan_waktu BETWEEN 1 AND 4),
    kualitas_hasil INTEGER CHECK (kualitas_hasil BETWEEN 1 AND 4),
    komunikasi INTEGER CHECK (komunikasi BETWEEN 1 AND 4),
    tindak_lanjut INTEGER CHECK (tindak_lanjut BETWEEN 1 AND 4),
    dokumentasi INTEGER CHECK (dokumentasi BETWEEN 1 AND 4),
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (survey_id, respondent_key)
);
CREATE INDEX survey_responses_answered ON survey_responses (answered_on);

-- Targets per month: overall (no application) or for one application.
CREATE TABLE kpi_targets (
    id INTEGER PRIMARY KEY,
    month TEXT NOT NULL,
    application_id INTEGER REFERENCES applications (id),
    meetings INTEGER CHECK (meetings IS NULL OR meetings >= 0),
    satisfaction REAL CHECK (satisfaction IS NULL OR satisfaction BETWEEN 25 AND 100),
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX kpi_targets_overall ON kpi_targets (month) WHERE application_id IS NULL;
CREATE UNIQUE INDEX kpi_targets_application ON kpi_targets (month, application_id) WHERE application_id IS NOT NULL;
