-- 0014: the 审计管理员 (`auditor`) role (三员分立, 等保 2.0 level 3): the role check widened.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('public', 'officer', 'leader', 'legal', 'admin', 'auditor'));
