-- 0007: the day a penalty decision was published (行政处罚法 art. 48), for the public list.
ALTER TABLE cases ADD COLUMN published_on TEXT;
CREATE INDEX cases_published ON cases (published_on);
