-- 0010: yearly inspection plans. The draw seed of a year is announced (and recorded) before a
-- plan is drawn with it, so the seed is fixed before the candidates are known; the plan keeps
-- the planner's JSON and the verifiable draw record it published.
CREATE TABLE draw_seeds (
    year         INTEGER PRIMARY KEY,
    seed         TEXT    NOT NULL,
    announced_at TEXT    NOT NULL,
    actor        TEXT    NOT NULL
);
CREATE TABLE inspection_plans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    year        INTEGER NOT NULL,
    as_of       TEXT    NOT NULL,
    seed        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    draw_record TEXT,
    items       INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    actor       TEXT    NOT NULL
);
-- One plan a year: once drawn with the public seed, a plan cannot be drawn again to a liking.
CREATE UNIQUE INDEX inspection_plans_year ON inspection_plans (year);
