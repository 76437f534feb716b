-- 0016: sign-in security (issue 15, 等保 2.0 8.1.4.1 and level 3's 三员分立).
-- Failed sign-ins are counted per account and client address, so a stranger cannot lock an
-- officer out; rows written before carry no address (NULL) and age out within a day.
ALTER TABLE login_failures ADD COLUMN address TEXT;
CREATE INDEX login_failures_user_address_at ON login_failures (username, address, at);
-- The 安全管理员 (`security`) role, and when the password was last set (for its expiry,
-- 定期更换; NULL for users created before: their creation time counts).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('public', 'officer', 'leader', 'legal', 'admin', 'auditor', 'security'));
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
