//! People, offices, sessions and API tokens, and failed sign-ins. Every write is audited in its
//! transaction. Passwords arrive already hashed and tokens as their SHA-256: this crate never
//! sees a secret.

use crate::write::Insert;
use crate::{Store, StoreError, on_pool};
use qingdan_core::audit::NewEvent;
use sqlx::Row;

/// An office (股室).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Its id.
    pub id: i64,
    /// Its name, e.g. 县散装水泥办公室.
    pub name: String,
}

/// A user as stored (without the password hash unless asked for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// `public`, `officer`, `leader`, `legal`, `admin` or `auditor`.
    pub role: String,
    /// The office's name.
    pub office: Option<String>,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// 执法证 number.
    pub certificate_number: Option<String>,
    /// First day valid.
    pub certificate_valid_from: Option<String>,
    /// Last day valid.
    pub certificate_valid_until: Option<String>,
    /// The password was generated and must be changed.
    pub must_change_password: bool,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
    /// When created.
    pub created_at: String,
    /// When the password was last set (its creation time for users made before this was
    /// recorded, migration 0016).
    pub password_changed_at: String,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Sign-in name.
    pub username: &'a str,
    /// Name shown.
    pub display_name: &'a str,
    /// Role.
    pub role: &'a str,
    /// Office name (must exist).
    pub office: Option<&'a str>,
    /// The argon2id PHC string.
    pub password_hash: &'a str,
    /// 执法证 number.
    pub certificate_number: Option<&'a str>,
    /// First day valid.
    pub certificate_valid_from: Option<&'a str>,
    /// Last day valid.
    pub certificate_valid_until: Option<&'a str>,
    /// Must change the password at first sign-in.
    pub must_change_password: bool,
}

/// The columns of [`UserRecord`], for `concat!` into constant queries.
macro_rules! user_select {
    () => {
        "SELECT u.id, u.username, u.display_name, u.role, o.name AS office, u.password_hash, \
         u.certificate_number, u.certificate_valid_from, u.certificate_valid_until, \
         u.must_change_password, u.disabled, u.created_at, \
         COALESCE(u.password_changed_at, u.created_at) AS password_changed_at \
         FROM users u LEFT JOIN offices o ON o.id = u.office_id"
    };
}

macro_rules! user_from_row {
    ($row:expr) => {
        UserRecord {
            id: $row.try_get("id")?,
            username: $row.try_get("username")?,
            display_name: $row.try_get("display_name")?,
            role: $row.try_get("role")?,
            office: $row.try_get("office")?,
            password_hash: $row.try_get("password_hash")?,
            certificate_number: $row.try_get("certificate_number")?,
            certificate_valid_from: $row.try_get("certificate_valid_from")?,
            certificate_valid_until: $row.try_get("certificate_valid_until")?,
            must_change_password: $row.try_get::<i64, _>("must_change_password")? != 0,
            disabled: $row.try_get::<i64, _>("disabled")? != 0,
            created_at: $row.try_get("created_at")?,
            password_changed_at: $row.try_get("password_changed_at")?,
        }
    };
}

/// Is this a unique-constraint violation (SQLite 2067/1555, PostgreSQL 23505)?
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => matches!(d.code().as_deref(), Some("2067" | "1555" | "23505")),
        _ => false,
    }
}

impl Store {
    /// Creates the offices that do not exist yet (by name), each audited; returns all offices.
    pub async fn ensure_offices(
        &self,
        names: &[&str],
        actor: &str,
        at: &str,
    ) -> Result<Vec<Office>, StoreError> {
        let existing: Vec<String> = self.offices().await?.into_iter().map(|o| o.name).collect();
        for name in names {
            if existing.iter().any(|e| e == name) {
                continue;
            }
            // One office, one transaction: a second process creating the same office at once
            // loses on the unique name, and that office exists either way.
            let created = self
                .insert_with_event(
                    Insert::into("offices")
                        .set("name", *name)
                        .set("created_at", at)
                        .unique(String::new()),
                    |id| NewEvent::office_created(at, actor, id, name),
                )
                .await;
            match created {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        self.offices().await
    }

    /// All offices, by name.
    pub async fn offices(&self) -> Result<Vec<Office>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query("SELECT id, name FROM offices ORDER BY name").fetch_all(p).await?;
            rows.iter()
                .map(|r| Ok(Office { id: r.try_get("id")?, name: r.try_get("name")? }))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Creates a user, audited. A taken username is [`StoreError::Conflict`]; an unknown office
    /// is [`StoreError::NotFound`].
    pub async fn create_user(
        &self,
        u: NewUser<'_>,
        actor: &str,
        at: &str,
    ) -> Result<UserRecord, StoreError> {
        let summary = serde_json::json!({
            "username": u.username, "display_name": u.display_name, "role": u.role,
            "office": u.office, "certificate_number": u.certificate_number,
            "certificate_valid_until": u.certificate_valid_until,
        })
        .to_string();
        let (id, _) = self
            .write(async |tx| {
                let office_id = match u.office {
                    None => None,
                    Some(name) => Some(
                        tx.fetch_optional_i64(
                            "SELECT id FROM offices WHERE name = $1",
                            &[name.into()],
                        )
                        .await?
                        .ok_or_else(|| StoreError::NotFound(format!("股室“{name}”不存在")))?,
                    ),
                };
                let id = tx
                    .insert_id(
                        &Insert::into("users")
                            .set("username", u.username)
                            .set("display_name", u.display_name)
                            .set("role", u.role)
                            .set("office_id", office_id)
                            .set("password_hash", u.password_hash)
                            .set("certificate_number", u.certificate_number)
                            .set("certificate_valid_from", u.certificate_valid_from)
                            .set("certificate_valid_until", u.certificate_valid_until)
                            .set("must_change_password", i64::from(u.must_change_password))
                            .set("disabled", 0)
                            .set("created_at", at)
                            .set("password_changed_at", at)
                            .unique(format!("用户名“{}”已存在", u.username)),
                    )
                    .await?;
                Ok((id, NewEvent::user_created(at, actor, id, summary)))
            })
            .await?;
        self.user_by_id(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("刚创建的用户 {id} 读不到")))
    }

    /// A user by sign-in name.
    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        const SQL: &str = concat!(user_select!(), " WHERE u.username = $1");
        on_pool!(self, p => {
            match sqlx::query(SQL).bind(username).fetch_optional(p).await? {
                None => Ok(None),
                Some(row) => Ok(Some((|| Ok::<_, sqlx::Error>(user_from_row!(row)))()?)),
            }
        })
    }

    /// A user by id.
    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        const SQL: &str = concat!(user_select!(), " WHERE u.id = $1");
        on_pool!(self, p => {
            match sqlx::query(SQL).bind(id).fetch_optional(p).await? {
                None => Ok(None),
                Some(row) => Ok(Some((|| Ok::<_, sqlx::Error>(user_from_row!(row)))()?)),
            }
        })
    }

    /// All users, by name.
    pub async fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        const SQL: &str = concat!(user_select!(), " ORDER BY u.username");
        on_pool!(self, p => {
            let rows = sqlx::query(SQL).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push((|| Ok::<_, sqlx::Error>(user_from_row!(row)))()?);
            }
            Ok(out)
        })
    }

    /// Replaces a user's password hash and clears “must change”, audited (the hash is not in
    /// the record), and ends every other session and API token of the user in the same
    /// transaction (等保 2.0: a changed password leaves no old credential alive); the session
    /// `keep` (a token hash) that changed it stays. Returns how many were ended.
    pub async fn set_password(
        &self,
        user: &UserRecord,
        password_hash: &str,
        keep: &str,
        at: &str,
    ) -> Result<u64, StoreError> {
        let (ended, _) = self
            .write(async |tx| {
                tx.execute(
                    "UPDATE users SET password_hash = $1, must_change_password = 0, \
                     password_changed_at = $2 WHERE id = $3",
                    &[password_hash.into(), at.into(), user.id.into()],
                )
                .await?;
                let ended = tx
                    .execute(
                        "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
                        &[user.id.into(), keep.into()],
                    )
                    .await?;
                let reason = if ended == 0 {
                    "修改密码".to_string()
                } else {
                    format!("修改密码；其余 {ended} 个会话和令牌同时作废")
                };
                let event = NewEvent::new(
                    at,
                    &user.username,
                    "user.password_changed",
                    "user",
                    &user.id.to_string(),
                    &reason,
                );
                Ok((ended, event))
            })
            .await?;
        Ok(ended)
    }

    /// Disables (signing out every session and token) or re-enables a user, audited.
    pub async fn set_user_disabled(
        &self,
        username: &str,
        disabled: bool,
        actor: &str,
        at: &str,
    ) -> Result<UserRecord, StoreError> {
        self.write(async |tx| {
            let id = tx
                .fetch_optional_i64(
                    "UPDATE users SET disabled = $1 WHERE username = $2 RETURNING id",
                    &[i64::from(disabled).into(), username.into()],
                )
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("用户“{username}”不存在")))?;
            if disabled {
                tx.execute("DELETE FROM sessions WHERE user_id = $1", &[id.into()])
                    .await?;
            }
            let (action, reason) = if disabled {
                ("user.disabled", "停用账户（已签发的会话和令牌同时作废）")
            } else {
                ("user.enabled", "启用账户")
            };
            let event = NewEvent::new(at, actor, action, "user", &id.to_string(), reason)
                .with_after(username.to_string());
            Ok(((), event))
        })
        .await?;
        self.user_by_name(username)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("用户“{username}”不存在")))
    }

    /// How many users have a role.
    pub async fn count_role(&self, role: &str) -> Result<i64, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1").bind(role).fetch_one(p).await?))
    }

    /// Opens a session or API token (stored as its hash), audited as a sign-in.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: &UserRecord,
        kind: &str,
        at: &str,
        address: &str,
    ) -> Result<(), StoreError> {
        self.write(async |tx| {
            tx.insert(
                &Insert::into("sessions")
                    .set("token_hash", token_hash)
                    .set("user_id", user.id)
                    .set("kind", kind)
                    .set("created_at", at)
                    .set("last_seen", at),
            )
            .await?;
            // A success forgets the failures from the same address only: a stranger's
            // failures elsewhere keep delaying him.
            tx.execute(
                "DELETE FROM login_failures WHERE username = $1 AND COALESCE(address, '') = $2",
                &[user.username.as_str().into(), address.into()],
            )
            .await?;
            Ok(((), NewEvent::signed_in(at, &user.username, user.id, kind)))
        })
        .await?;
        Ok(())
    }

    /// The session or token with this hash: its user, kind, created and last-seen times.
    pub async fn session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(UserRecord, String, String, String)>, StoreError> {
        let row: Option<(i64, String, String, String)> = on_pool!(self, p => {
            sqlx::query_as("SELECT user_id, kind, created_at, last_seen FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(p)
                .await?
        });
        let Some((user_id, kind, created, seen)) = row else {
            return Ok(None);
        };
        Ok(self
            .user_by_id(user_id)
            .await?
            .map(|u| (u, kind, created, seen)))
    }

    /// Notes that a session was used (not audited: not an act).
    pub async fn touch_session(&self, token_hash: &str, at: &str) -> Result<(), StoreError> {
        on_pool!(self, p => {
            sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2").bind(at).bind(token_hash).execute(p).await?;
        });
        Ok(())
    }

    /// Ends a session, audited as a sign-out. Returns whether it existed.
    pub async fn delete_session(
        &self,
        token_hash: &str,
        user: &UserRecord,
        at: &str,
    ) -> Result<bool, StoreError> {
        let ended = self
            .write(async |tx| {
                let n = tx
                    .execute(
                        "DELETE FROM sessions WHERE token_hash = $1",
                        &[token_hash.into()],
                    )
                    .await?;
                if n == 0 {
                    // Nothing to end and nothing to record: leave without committing.
                    return Err(StoreError::NotFound(String::new()));
                }
                Ok(((), NewEvent::signed_out(at, &user.username, user.id)))
            })
            .await;
        match ended {
            Ok(_) => Ok(true),
            Err(StoreError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Records a failed sign-in (for lock-out), audited.
    pub async fn record_login_failure(
        &self,
        username: &str,
        address: &str,
        why: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(async |tx| {
            tx.insert(
                &Insert::into("login_failures")
                    .set("username", username)
                    .set("address", address)
                    .set("at", at),
            )
            .await?;
            let why = if address.is_empty() {
                why.to_string()
            } else {
                format!("{why}（来自 {address}）")
            };
            Ok(((), NewEvent::sign_in_failed(at, username, &why)))
        })
        .await?;
        Ok(())
    }

    /// Failed sign-ins for a name from an address (`""` when unknown) at or after `since`,
    /// oldest first.
    pub async fn login_failures_since(
        &self,
        username: &str,
        address: &str,
        since: &str,
    ) -> Result<Vec<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar(
            "SELECT at FROM login_failures WHERE username = $1 AND COALESCE(address, '') = $2 \
             AND at >= $3 ORDER BY at")
            .bind(username).bind(address).bind(since).fetch_all(p).await?))
    }

    /// Failed sign-ins at or after `since`, grouped by account and address, most failures
    /// first: (user name, address, failures, last failure). For the 安全管理员.
    pub async fn login_failure_groups(
        &self,
        since: &str,
    ) -> Result<Vec<(String, String, i64, String)>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_as(
            "SELECT username, COALESCE(address, '') AS address, COUNT(*) AS n, MAX(at) AS last \
             FROM login_failures WHERE at >= $1 GROUP BY username, COALESCE(address, '') \
             ORDER BY n DESC, last DESC LIMIT 200")
            .bind(since).fetch_all(p).await?))
    }

    /// Forgets the failed sign-ins of an account from an address, ending its delay (the
    /// 安全管理员's act, audited).
    pub async fn clear_login_failures(
        &self,
        username: &str,
        address: &str,
        actor: &str,
        at: &str,
    ) -> Result<u64, StoreError> {
        let (n, _) = self
            .write(async |tx| {
                let n = tx
                    .execute(
                        "DELETE FROM login_failures WHERE username = $1 AND COALESCE(address, '') = $2",
                        &[username.into(), address.into()],
                    )
                    .await?;
                let event = NewEvent::new(
                    at,
                    actor,
                    "security.lockout_cleared",
                    "login_failures",
                    &format!("{username}@{address}"),
                    &format!("解除登录延迟：{username}（来自 {address}），清除 {n} 次失败记录"),
                );
                Ok((n, event))
            })
            .await?;
        Ok(n)
    }
}
