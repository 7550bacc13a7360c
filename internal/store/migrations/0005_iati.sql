-- Open data: an institution's IATI organisation identifier, and a
-- project's OECD DAC sectors (codes separated by spaces).
ALTER TABLE institutions ADD COLUMN iati_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN sectors TEXT NOT NULL DEFAULT '';
