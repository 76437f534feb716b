//! The record of every act: an append-only, hash-chained event log.
//!
//! Each event carries the hash of the one before; its own hash covers its sequence number, time,
//! actor, action, subject, before/after states, reason and that previous hash. Altering an
//! event breaks its hash; deleting or reordering events breaks the sequence or the chain;
//! truncating the tail is caught by comparing with the chain head the store keeps. This module
//! only computes and checks; storing is `qingdan-store`'s.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash function of the chain, chosen when the database is created (`--audit-hash`) and
/// kept for its life: SHA-256 (FIPS 180-4), or SM3 (国密, GB/T 32905-2016) where a
/// commercial-cryptography assessment (密评) asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChainHash {
    /// SHA-256.
    #[default]
    Sha256,
    /// SM3.
    Sm3,
}

impl ChainHash {
    /// `sha256` or `sm3`, as stored and as the flag takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChainHash::Sha256 => "sha256",
            ChainHash::Sm3 => "sm3",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            ChainHash::Sha256 => "SHA-256",
            ChainHash::Sm3 => "SM3（GB/T 32905-2016）",
        }
    }

    /// Reads `sha256` or `sm3`.
    pub fn parse(text: &str) -> Option<ChainHash> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sha256" | "sha-256" => Some(ChainHash::Sha256),
            "sm3" => Some(ChainHash::Sm3),
            _ => None,
        }
    }

    /// Whether it is SHA-256 (the default, left out of manifests).
    pub fn is_sha256(&self) -> bool {
        *self == ChainHash::Sha256
    }

    /// The digest of `bytes`, lowercase hex.
    pub fn digest_hex(self, bytes: &[u8]) -> String {
        let mut h = Hasher::new(self);
        h.update(bytes);
        h.finish()
    }
}

enum Hasher {
    Sha256(Sha256),
    Sm3(sm3::Sm3),
}

impl Hasher {
    fn new(alg: ChainHash) -> Hasher {
        match alg {
            ChainHash::Sha256 => Hasher::Sha256(Sha256::new()),
            ChainHash::Sm3 => Hasher::Sm3(<sm3::Sm3 as sm3::Digest>::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha256(h) => Digest::update(h, bytes),
            Hasher::Sm3(h) => sm3::Digest::update(h, bytes),
        }
    }

    fn finish(self) -> String {
        match self {
            Hasher::Sha256(h) => hex(&h.finalize()),
            Hasher::Sm3(h) => hex(&sm3::Digest::finalize(h)),
        }
    }
}

/// The previous hash of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// 1, 2, 3 … without gaps.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who: a user name, or `system`.
    pub actor: String,
    /// What, as `subject.verb`, e.g. `catalog.imported`.
    pub action: String,
    /// The kind of record acted on, e.g. `catalog_version`.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// Its state before (JSON), if it existed.
    pub before: Option<String>,
    /// Its state after (JSON), if it still exists.
    pub after: Option<String>,
    /// Why (the reason given, or the rule that required it).
    pub reason: String,
    /// The digest ([`row_digest`]) of the record's stored row as this event left it, for the
    /// aggregates the store seals (cases, complaints, inspection tasks and plans); `None` for
    /// other events and for every event written before rows were sealed (migration 0015).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_hash: Option<String>,
    /// The previous event's hash ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// An event about to be recorded (the store assigns `seq`, `prev_hash` and `hash`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// The kind of record.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
    /// Why.
    pub reason: String,
    /// The digest of the record's row after the write (set by the store, see
    /// [`AuditEvent::row_hash`]).
    pub row_hash: Option<String>,
}

impl NewEvent {
    /// An event from its parts, with no before/after state; the named constructors below use
    /// it, so the log reads like the procedure.
    pub fn new(
        at: &str,
        actor: &str,
        action: &str,
        entity: &str,
        entity_id: &str,
        reason: &str,
    ) -> NewEvent {
        NewEvent {
            at: at.to_string(),
            actor: actor.to_string(),
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id: entity_id.to_string(),
            before: None,
            after: None,
            reason: reason.to_string(),
            row_hash: None,
        }
    }

    /// The same event with its after-state.
    pub fn with_after(mut self, after: String) -> NewEvent {
        self.after = Some(after);
        self
    }

    /// The same event with its before-state.
    pub fn with_before(mut self, before: String) -> NewEvent {
        self.before = Some(before);
        self
    }

    /// A step of a procedure: action `{prefix}.{step}` on `entity` `id` (a case's `notify`, a
    /// complaint's `answer`, an inspection task's `visit`), with the step's one-line summary.
    pub fn step(
        prefix: &str,
        entity: &str,
        id: i64,
        step: &str,
        at: &str,
        actor: &str,
        summary: &str,
    ) -> NewEvent {
        Self::new(
            at,
            actor,
            &format!("{prefix}.{step}"),
            entity,
            &id.to_string(),
            summary,
        )
    }

    /// A penalty case was opened (立案申请) under `number`.
    pub fn case_opened(at: &str, actor: &str, id: i64, number: &str, party: &str) -> NewEvent {
        Self::new(
            at,
            actor,
            "case.opened",
            "case",
            &id.to_string(),
            &format!("{number} 立案申请：{party}"),
        )
    }

    /// A complaint was received; `identified` says whether the complainant left a name or a
    /// contact (kept apart, seen only by the handlers).
    pub fn complaint_received(
        at: &str,
        actor: &str,
        id: i64,
        summary: &str,
        identified: bool,
    ) -> NewEvent {
        let identity = if identified {
            "投诉人留有姓名或联系方式（另行保存，仅承办人可见）"
        } else {
            "匿名投诉"
        };
        Self::new(
            at,
            actor,
            "complaint.received",
            "complaint",
            &id.to_string(),
            &format!("{summary}；{identity}"),
        )
    }

    /// An inspection task was opened.
    pub fn task_opened(at: &str, actor: &str, id: i64, summary: &str) -> NewEvent {
        Self::new(
            at,
            actor,
            "task.opened",
            "inspection_task",
            &id.to_string(),
            summary,
        )
    }

    /// An officer's conflict of interest with a target was declared (回避, 行政处罚法 art. 43).
    pub fn conflict_declared(
        at: &str,
        actor: &str,
        officer: &str,
        target: &str,
        reason: &str,
    ) -> NewEvent {
        Self::new(
            at,
            actor,
            "conflict.declared",
            "conflict",
            &format!("{officer}:{target}"),
            &format!("申报利害关系：{officer} 与 {target}（{reason}），回避抽取"),
        )
    }

    /// A file was attached to a record; the event carries its SHA-256.
    #[allow(
        clippy::too_many_arguments,
        reason = "the attachment's facts, each recorded"
    )]
    pub fn attachment_added(
        at: &str,
        actor: &str,
        entity: &str,
        entity_id: &str,
        attachment: i64,
        name: &str,
        content_type: &str,
        size: usize,
        sha256: &str,
    ) -> NewEvent {
        let after = serde_json::json!({
            "attachment": attachment,
            "name": name,
            "content_type": content_type,
            "size": size,
            "sha256": sha256,
        });
        Self::new(
            at,
            actor,
            "attachment.added",
            entity,
            entity_id,
            &format!("附件 {name}（{content_type}，{size} 字节，SHA-256 {sha256}）"),
        )
        .with_after(after.to_string())
    }

    /// The year's draw seed was announced (双随机抽查).
    pub fn seed_announced(at: &str, actor: &str, year: i64, seed: &str) -> NewEvent {
        Self::new(
            at,
            actor,
            "draw.seed_announced",
            "draw_seed",
            &year.to_string(),
            &format!("公布 {year} 年度双随机抽查随机种子 {seed}"),
        )
        .with_after(serde_json::json!({"year": year, "seed": seed}).to_string())
    }

    /// The year's inspection plan was made; `draw_record` is its published draw, if any.
    pub fn plan_created(
        at: &str,
        actor: &str,
        id: i64,
        summary: &str,
        draw_record: Option<&str>,
    ) -> NewEvent {
        let event = Self::new(
            at,
            actor,
            "plan.created",
            "inspection_plan",
            &id.to_string(),
            summary,
        );
        match draw_record {
            Some(d) => event.with_after(d.to_string()),
            None => event,
        }
    }

    /// A registry import was stored (`kind`: enterprises, projects or certificates).
    #[allow(
        clippy::too_many_arguments,
        reason = "the import's facts, each recorded"
    )]
    pub fn registry_imported(
        at: &str,
        actor: &str,
        id: i64,
        kind: &str,
        file: &str,
        sha256: &str,
        total_rows: i64,
        accepted: i64,
        rejected: i64,
    ) -> NewEvent {
        let summary = serde_json::json!({
            "kind": kind,
            "file": file,
            "sha256": sha256,
            "total_rows": total_rows,
            "accepted": accepted,
            "rejected": rejected,
        });
        let what = match kind {
            "enterprises" => "企业",
            "projects" => "建设项目",
            _ => "证书",
        };
        Self::new(
            at,
            actor,
            "registry.imported",
            "registry_import",
            &id.to_string(),
            &format!(
                "导入{what}：{total_rows} 行，写入 {accepted} 行，拒收 {rejected} 行（文件 SHA-256 {sha256}）"
            ),
        )
        .with_after(summary.to_string())
    }

    /// A priority flag was set on a registered party (`key`: a credit code or project code).
    pub fn registry_flagged(at: &str, actor: &str, key: &str, reason: &str) -> NewEvent {
        Self::new(at, actor, "registry.flagged", "registry", key, reason)
    }

    /// An office (股室) was created.
    pub fn office_created(at: &str, actor: &str, id: i64, name: &str) -> NewEvent {
        Self::new(
            at,
            actor,
            "office.created",
            "office",
            &id.to_string(),
            "设立股室",
        )
        .with_after(name.to_string())
    }

    /// A user was created (the record carries no password hash).
    pub fn user_created(at: &str, actor: &str, id: i64, summary: String) -> NewEvent {
        Self::new(
            at,
            actor,
            "user.created",
            "user",
            &id.to_string(),
            "创建用户",
        )
        .with_after(summary)
    }

    /// A user signed in (a session or an API token was issued).
    pub fn signed_in(at: &str, username: &str, user_id: i64, kind: &str) -> NewEvent {
        Self::new(
            at,
            username,
            "user.signed_in",
            "user",
            &user_id.to_string(),
            "登录",
        )
        .with_after(kind.to_string())
    }

    /// A user signed out.
    pub fn signed_out(at: &str, username: &str, user_id: i64) -> NewEvent {
        Self::new(
            at,
            username,
            "user.signed_out",
            "user",
            &user_id.to_string(),
            "退出登录",
        )
    }

    /// A sign-in failed (wrong password, unknown user or locked).
    pub fn sign_in_failed(at: &str, username: &str, why: &str) -> NewEvent {
        Self::new(at, username, "user.sign_in_failed", "user", username, why)
    }

    /// An attempt outside the access policy was refused.
    pub fn access_denied(at: &str, actor: &str, action: &str, target: &str, why: &str) -> NewEvent {
        Self::new(at, actor, "access.denied", "request", target, why).with_after(action.to_string())
    }

    /// A list version was imported.
    pub fn catalog_imported(at: &str, actor: &str, version: i64, summary: String) -> NewEvent {
        NewEvent {
            at: at.to_string(),
            actor: actor.to_string(),
            action: "catalog.imported".into(),
            entity: "catalog_version".into(),
            entity_id: version.to_string(),
            before: None,
            after: Some(summary),
            reason: "导入责任清单新版本".into(),
            row_hash: None,
        }
    }

    /// Seals this event as number `seq` after `prev_hash` with SHA-256.
    pub fn seal(self, seq: i64, prev_hash: &str) -> AuditEvent {
        self.seal_with(ChainHash::Sha256, seq, prev_hash)
    }

    /// Seals this event as number `seq` after `prev_hash` with the chain's hash `alg`.
    pub fn seal_with(self, alg: ChainHash, seq: i64, prev_hash: &str) -> AuditEvent {
        let mut e = AuditEvent {
            seq,
            at: self.at,
            actor: self.actor,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            before: self.before,
            after: self.after,
            reason: self.reason,
            row_hash: self.row_hash,
            prev_hash: prev_hash.to_string(),
            hash: String::new(),
        };
        e.hash = hash_with(alg, &e);
        e
    }
}

/// The hash an event must carry: SHA-256 over its fields, each length-prefixed so no two
/// different events serialise alike, lowercase hex. An event with a row digest hashes it last,
/// after the previous hash; one without hashes exactly as every event did before digests
/// existed, so the chain written by older versions still verifies.
pub fn hash_of(e: &AuditEvent) -> String {
    hash_with(ChainHash::Sha256, e)
}

/// The hash an event must carry in a chain of `alg`: the same length-prefixed fields, hashed
/// with `alg`.
pub fn hash_with(alg: ChainHash, e: &AuditEvent) -> String {
    let mut h = Hasher::new(alg);
    let mut field = |s: &str| {
        h.update(&(s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    field(&e.seq.to_string());
    field(&e.at);
    field(&e.actor);
    field(&e.action);
    field(&e.entity);
    field(&e.entity_id);
    for state in [&e.before, &e.after] {
        match state {
            Some(s) => {
                field("1");
                field(s);
            }
            None => field("0"),
        }
    }
    field(&e.reason);
    field(&e.prev_hash);
    if let Some(row) = &e.row_hash {
        field("row");
        field(row);
    }
    h.finish()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest of a stored row: SHA-256 over the table's name and each column's name and value
/// (text as the database gives it, `None` for NULL), length-prefixed, lowercase hex. The store
/// puts it in the event of every write of a sealed aggregate and recomputes it when verifying,
/// so a row edited behind the application's back no longer matches its last event.
pub fn row_digest<'a>(
    table: &str,
    columns: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    field(table);
    for (name, value) in columns {
        field(name);
        match value {
            Some(v) => {
                field("1");
                field(v);
            }
            None => field("0"),
        }
    }
    hex(&h.finalize())
}

/// Why the chain does not hold, naming the first bad event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// An event's content does not match its hash (altered).
    #[error("第 {seq} 号事件的内容与其哈希不符（已被篡改）")]
    Altered {
        /// The event.
        seq: i64,
    },
    /// An event does not point at the one before (reordered, or one before it replaced).
    #[error("第 {seq} 号事件记录的前一哈希与第 {prev} 号事件不符（顺序被打乱或前一事件被替换）")]
    Broken {
        /// The event.
        seq: i64,
        /// The one before it.
        prev: i64,
    },
    /// A number is missing or out of order (deleted or reordered).
    #[error("事件编号不连续：应为第 {expected} 号，实为第 {found} 号（有事件被删除或顺序被打乱）")]
    Gap {
        /// The number expected.
        expected: i64,
        /// The number found.
        found: i64,
    },
    /// The log ends before the head the store recorded (the tail was deleted).
    #[error("日志止于第 {last} 号事件，但链头记录为第 {head} 号（末尾事件被删除）")]
    Truncated {
        /// The last event present.
        last: i64,
        /// The head recorded.
        head: i64,
    },
    /// The head's hash differs from the last event's.
    #[error("链头哈希与第 {seq} 号事件不符")]
    HeadMismatch {
        /// The last event.
        seq: i64,
    },
    /// A checkpoint disagrees with the event it covers.
    #[error("第 {seq} 号事件与检查点记录的哈希不符")]
    Checkpoint {
        /// The event.
        seq: i64,
    },
    /// The anchor kept outside the database recorded another hash for this event: the chain
    /// was rewritten from here on (an event changed and every later hash recomputed, or the
    /// tail deleted and new events written in its place).
    #[error(
        "第 {seq} 号事件的哈希与库外锚点记录的不符：审计链自此处起被改写\
         （事件被改动后重算了哈希，或末尾事件被删除后又写入了新事件）"
    )]
    Rewritten {
        /// The event.
        seq: i64,
    },
    /// The anchor kept outside the database recorded events beyond the last one stored: the
    /// tail was deleted and the head rewound.
    #[error(
        "数据库中的日志止于第 {last} 号事件，但库外锚点记录到第 {anchored} 号：\
         末尾 {missing} 个事件被删除，链头被改回",
        missing = .anchored - .last
    )]
    BehindAnchor {
        /// The last event present.
        last: i64,
        /// The last event the anchor recorded.
        anchored: i64,
    },
}

impl ChainError {
    /// The number of the first bad event.
    pub fn seq(&self) -> i64 {
        match self {
            ChainError::Altered { seq }
            | ChainError::Broken { seq, .. }
            | ChainError::HeadMismatch { seq }
            | ChainError::Checkpoint { seq }
            | ChainError::Rewritten { seq } => *seq,
            ChainError::Gap { expected, .. } => *expected,
            ChainError::Truncated { last, .. } | ChainError::BehindAnchor { last, .. } => last + 1,
        }
    }
}

/// Checks events one at a time, in the order stored.
#[derive(Debug, Clone)]
pub struct Verifier {
    expected: i64,
    prev_hash: String,
    alg: ChainHash,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier::new(ChainHash::Sha256)
    }
}

impl Verifier {
    /// A verifier of a chain hashed with `alg`.
    pub fn new(alg: ChainHash) -> Verifier {
        Verifier {
            expected: 1,
            prev_hash: GENESIS.to_string(),
            alg,
        }
    }

    /// Checks the next event.
    pub fn push(&mut self, e: &AuditEvent) -> Result<(), ChainError> {
        if e.seq != self.expected {
            return Err(ChainError::Gap {
                expected: self.expected,
                found: e.seq,
            });
        }
        if hash_with(self.alg, e) != e.hash {
            return Err(ChainError::Altered { seq: e.seq });
        }
        if e.prev_hash != self.prev_hash {
            return Err(ChainError::Broken {
                seq: e.seq,
                prev: e.seq - 1,
            });
        }
        self.expected += 1;
        self.prev_hash.clone_from(&e.hash);
        Ok(())
    }

    /// How many events were checked.
    pub fn count(&self) -> i64 {
        self.expected - 1
    }

    /// The last hash checked.
    pub fn last_hash(&self) -> &str {
        &self.prev_hash
    }

    /// Ends the check against the head the store recorded (`seq`, `hash`).
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<i64, ChainError> {
        let last = self.count();
        if head_seq > last {
            return Err(ChainError::Truncated {
                last,
                head: head_seq,
            });
        }
        if head_seq == last && head_hash != self.prev_hash {
            return Err(ChainError::HeadMismatch { seq: last });
        }
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let e = NewEvent::catalog_imported(
                    "2026-11-27T00:00:00Z",
                    "admin",
                    seq,
                    format!("{{\"v\":{seq}}}"),
                )
                .seal(seq, &prev);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(events: &[AuditEvent]) -> Result<i64, ChainError> {
        let mut v = Verifier::default();
        for e in events {
            v.push(e)?;
        }
        let (seq, hash) = events
            .last()
            .map(|e| (e.seq, e.hash.clone()))
            .unwrap_or((0, GENESIS.into()));
        v.finish(seq, &hash)
    }

    /// GB/T 32905-2016 附录 A: example 1 ("abc") and example 2 ("abcd" × 16).
    #[test]
    fn sm3_matches_the_standard_examples() {
        assert_eq!(
            ChainHash::Sm3.digest_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            ChainHash::Sm3.digest_hex("abcd".repeat(16).as_bytes()),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
        // FIPS 180-4 for SHA-256, the default.
        assert_eq!(
            ChainHash::Sha256.digest_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn an_sm3_chain_verifies_only_as_sm3() {
        let mut prev = GENESIS.to_string();
        let events: Vec<AuditEvent> =
            (1..=3)
                .map(|seq| {
                    let e = NewEvent::new("2026-12-05T00:00:00Z", "a", "x.y", "x", "1", "r")
                        .seal_with(ChainHash::Sm3, seq, &prev);
                    prev = e.hash.clone();
                    e
                })
                .collect();
        let mut v = Verifier::new(ChainHash::Sm3);
        for e in &events {
            v.push(e).unwrap();
        }
        assert_eq!(v.finish(3, &events[2].hash), Ok(3));
        let mut sha = Verifier::default();
        assert_eq!(sha.push(&events[0]), Err(ChainError::Altered { seq: 1 }));
        assert_eq!(ChainHash::parse("SM3"), Some(ChainHash::Sm3));
        assert_eq!(ChainHash::parse("md5"), None);
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn altering_any_field_names_the_event() {
        for field in 0..6 {
            let mut events = chain(5);
            let e = &mut events[2];
            match field {
                0 => e.actor.push('x'),
                1 => e.after = None,
                2 => e.reason = "改".into(),
                3 => e.at = "2026-11-28T00:00:00Z".into(),
                4 => e.entity_id = "99".into(),
                _ => e.action = "catalog.deleted".into(),
            }
            assert_eq!(
                verify(&events),
                Err(ChainError::Altered { seq: 3 }),
                "field {field}"
            );
        }
    }

    #[test]
    fn deleting_or_reordering_names_the_event() {
        let mut events = chain(5);
        events.remove(1);
        assert_eq!(verify(&events).unwrap_err().seq(), 2);
        let mut events = chain(5);
        events.swap(2, 3);
        assert_eq!(verify(&events).unwrap_err().seq(), 3);
        // Renumbering after a deletion does not help: the chain breaks.
        let mut events = chain(5);
        events.remove(1);
        for (i, e) in events.iter_mut().enumerate() {
            e.seq = i as i64 + 1;
            e.hash = hash_of(e);
        }
        assert_eq!(verify(&events), Err(ChainError::Broken { seq: 2, prev: 1 }));
    }

    #[test]
    fn a_deleted_tail_is_caught_by_the_head() {
        let events = chain(5);
        let mut v = Verifier::default();
        for e in &events[..4] {
            v.push(e).unwrap();
        }
        assert_eq!(
            v.finish(5, &events[4].hash),
            Err(ChainError::Truncated { last: 4, head: 5 })
        );
    }
}
