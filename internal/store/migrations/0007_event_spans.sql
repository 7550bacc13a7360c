-- The events that run into a later calendar year, few among many: the
-- longest of them bounds how far before a year a list must look for
-- events overlapping it (Reader.longestSpan), read from this index alone
-- instead of every event after each write.
CREATE INDEX events_multiyear ON events (start_date, end_date) WHERE start_date <> '' AND substr(end_date, 1, 4) > substr(start_date, 1, 4);
