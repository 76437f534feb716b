-- 0006: nothing changes on PostgreSQL. Several processes share the database there, so an
-- append keeps locking the head row first (UPDATE … RETURNING) and the 0004 trigger stands.
SELECT 1;
