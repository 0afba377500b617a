-- Each user's interface language: Indonesian (the default) or English.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en'));
