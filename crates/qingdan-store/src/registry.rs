//! The registry of regulated parties: enterprises, construction projects, certificates.
//!
//! An import writes every accepted row (upserting by the natural key: 统一社会信用代码, 项目编号,
//! 证书编号) in multi-row statements inside **one** transaction, with one `registry.imported`
//! event carrying the file's SHA-256 and the counts, and a `registry_imports` row. A failure
//! leaves nothing half-written. The rows arrive validated (`qingdan-registry` parses them); this
//! module only stores them.

use crate::write::{Arg, Insert, Tx};
use crate::{Pool, Store, StoreError, on_pool};
use qingdan_core::audit::NewEvent;
use sqlx::Row;

/// An enterprise to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseRow {
    /// 统一社会信用代码 (validated).
    pub uscc: String,
    /// 企业名称.
    pub name: String,
    /// 类别 code (e.g. `wall-material-producer`).
    pub kind: String,
    /// 地址.
    pub address: String,
    /// 联系人.
    pub contact: Option<String>,
    /// 联系电话.
    pub phone: Option<String>,
    /// 有投诉.
    pub complained: bool,
    /// 产品质量事故.
    pub incident: bool,
    /// 专项监督检查不合格.
    pub failed_spot_check: bool,
}

/// A construction project to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    /// 项目编号.
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// 建设单位's 统一社会信用代码.
    pub builder_uscc: String,
    /// 建设地点.
    pub location: String,
    /// 位于禁止现场搅拌区域.
    pub no_site_mixing_zone: bool,
    /// 开工日期 (`YYYY-MM-DD`).
    pub started_on: Option<String>,
    /// 申请基金返退.
    pub refund_applied: bool,
    /// 使用水泥施工.
    pub uses_cement: bool,
    /// 被投诉违规使用墙体材料.
    pub wall_complaint: bool,
    /// 被投诉使用袋装水泥.
    pub cement_complaint: bool,
}

/// A certificate to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRow {
    /// 证书编号.
    pub number: String,
    /// The holder's 统一社会信用代码.
    pub enterprise_uscc: String,
    /// 产品名称.
    pub product: String,
    /// 有效期起 (`YYYY-MM-DD`).
    pub valid_from: String,
    /// 有效期至 (`YYYY-MM-DD`).
    pub valid_until: String,
}

/// A priority flag a complaint sets on a registered party (§三(三)三: 有投诉的认定企业优先;
/// §三(四)三、§三(五)三: 被投诉的建设项目必查).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryFlag<'a> {
    /// An enterprise (by 统一社会信用代码) complained about.
    EnterpriseComplained(&'a str),
    /// A project (by 项目编号) complained about for bagged cement or site mixing.
    ProjectCementComplaint(&'a str),
    /// A project complained about for its wall materials.
    ProjectWallComplaint(&'a str),
    /// An enterprise whose product had a quality incident (产品出现质量事故).
    EnterpriseIncident(&'a str),
    /// An enterprise that failed a national or county special spot check (专项监督检查不合格).
    EnterpriseFailedSpotCheck(&'a str),
}

impl<'a> RegistryFlag<'a> {
    /// The update that sets the flag.
    fn sql(&self) -> &'static str {
        match self {
            RegistryFlag::EnterpriseComplained(_) => {
                "UPDATE enterprises SET complained = TRUE WHERE uscc = $1"
            }
            RegistryFlag::ProjectCementComplaint(_) => {
                "UPDATE projects SET cement_complaint = TRUE WHERE code = $1"
            }
            RegistryFlag::ProjectWallComplaint(_) => {
                "UPDATE projects SET wall_complaint = TRUE WHERE code = $1"
            }
            RegistryFlag::EnterpriseIncident(_) => {
                "UPDATE enterprises SET incident = TRUE WHERE uscc = $1"
            }
            RegistryFlag::EnterpriseFailedSpotCheck(_) => {
                "UPDATE enterprises SET failed_spot_check = TRUE WHERE uscc = $1"
            }
        }
    }

    /// The flagged party's key: a credit code or a project code.
    pub fn key(&self) -> &'a str {
        match *self {
            RegistryFlag::EnterpriseComplained(k)
            | RegistryFlag::ProjectCementComplaint(k)
            | RegistryFlag::ProjectWallComplaint(k)
            | RegistryFlag::EnterpriseIncident(k)
            | RegistryFlag::EnterpriseFailedSpotCheck(k) => k,
        }
    }

    /// Sets the flag in `tx`; an unregistered key is [`StoreError::NotFound`].
    pub(crate) async fn set(&self, tx: &mut Tx) -> Result<(), StoreError> {
        let key = self.key();
        if tx.execute(self.sql(), &[key.into()]).await? == 0 {
            return Err(StoreError::NotFound(format!(
                "“{key}”不是已登记的企业统一社会信用代码或建设项目编号"
            )));
        }
        Ok(())
    }
}

/// The rows of one import.
#[derive(Debug, Clone, Copy)]
pub enum RegistryRows<'a> {
    /// 企业.
    Enterprises(&'a [EnterpriseRow]),
    /// 建设项目.
    Projects(&'a [ProjectRow]),
    /// 证书.
    Certificates(&'a [CertificateRow]),
}

impl RegistryRows<'_> {
    /// `enterprises`, `projects`, `certificates`.
    pub fn kind(&self) -> &'static str {
        match self {
            RegistryRows::Enterprises(_) => "enterprises",
            RegistryRows::Projects(_) => "projects",
            RegistryRows::Certificates(_) => "certificates",
        }
    }

    /// How many.
    pub fn len(&self) -> usize {
        match self {
            RegistryRows::Enterprises(r) => r.len(),
            RegistryRows::Projects(r) => r.len(),
            RegistryRows::Certificates(r) => r.len(),
        }
    }

    /// None at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What is recorded about an import.
#[derive(Debug, Clone)]
pub struct RegistryImport<'a> {
    /// The file's name.
    pub file_name: &'a str,
    /// The file's SHA-256.
    pub sha256: &'a str,
    /// Data rows read.
    pub total_rows: i64,
    /// Rows rejected (each with its reasons in the report the importer gave).
    pub rejected: i64,
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: &'a str,
}

/// How many of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryCounts {
    /// 企业.
    pub enterprises: i64,
    /// 建设项目.
    pub projects: i64,
    /// 证书.
    pub certificates: i64,
}

/// Rows per statement. PostgreSQL: 2,500 rows of at most 11 columns (27,500 parameters, under its
/// 65,535). SQLite: 25 rows, because the driver's cost per statement grows faster than its
/// parameters. Measured over 100,000 rows (`QINGDAN_BENCH_ROWS=100000 cargo bench -p
/// qingdan-store --bench registry`): 10 rows 119k rows/s, 25 rows 131k, 50 rows 110k, 100 rows
/// 69k, 500 rows 17k; 2,500-row statements took 278 s for a million.
fn chunk(pool: &Pool) -> usize {
    match pool {
        Pool::Sqlite(_) => 25,
        Pool::Postgres(_) => 2500,
    }
}

fn placeholders(rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push(',');
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push(',');
            }
            s.push('$');
            s.push_str(&(r * cols + c + 1).to_string());
        }
        s.push(')');
    }
    s
}

/// Columns an import never overwrites: flags set by complaints, incidents and spot checks (the
/// planner's priorities), which a spreadsheet does not carry.
const KEPT_ON_REIMPORT: &[&str] = &[
    "complained",
    "incident",
    "failed_spot_check",
    "uses_cement",
    "wall_complaint",
    "cement_complaint",
];

fn upsert_sql(table: &str, columns: &[&str], key: &str, rows: usize) -> String {
    let updates: Vec<String> = columns
        .iter()
        .filter(|c| **c != key && !KEPT_ON_REIMPORT.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {} ON CONFLICT ({key}) DO UPDATE SET {}",
        columns.join(", "),
        placeholders(rows, columns.len()),
        updates.join(", ")
    )
}

const ENTERPRISE_COLUMNS: &[&str] = &[
    "uscc",
    "name",
    "kind",
    "address",
    "contact",
    "phone",
    "complained",
    "incident",
    "failed_spot_check",
    "updated_at",
];
const PROJECT_COLUMNS: &[&str] = &[
    "code",
    "name",
    "builder_uscc",
    "location",
    "no_site_mixing_zone",
    "started_on",
    "refund_applied",
    "uses_cement",
    "wall_complaint",
    "cement_complaint",
    "updated_at",
];
const CERTIFICATE_COLUMNS: &[&str] = &[
    "number",
    "enterprise_uscc",
    "product",
    "valid_from",
    "valid_until",
    "updated_at",
];

impl Store {
    /// Stores one import's accepted rows, its record and its event, in one transaction.
    /// `progress` is called after each chunk with the rows written so far. Returns the import's id.
    pub async fn import_registry(
        &self,
        import: RegistryImport<'_>,
        rows: RegistryRows<'_>,
        mut progress: impl FnMut(usize),
    ) -> Result<i64, StoreError> {
        let at = import.at;
        let size = chunk(&self.pool);
        let accepted = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        let (id, _) = self
            .write(async |tx| {
                let mut done = 0usize;
                match rows {
                    RegistryRows::Enterprises(list) => {
                        for chunk in list.chunks(size) {
                            let mut args: Vec<Arg<'_>> = Vec::with_capacity(chunk.len() * 10);
                            for r in chunk {
                                args.extend::<[Arg<'_>; 10]>([
                                    r.uscc.as_str().into(),
                                    r.name.as_str().into(),
                                    r.kind.as_str().into(),
                                    r.address.as_str().into(),
                                    r.contact.as_deref().into(),
                                    r.phone.as_deref().into(),
                                    r.complained.into(),
                                    r.incident.into(),
                                    r.failed_spot_check.into(),
                                    at.into(),
                                ]);
                            }
                            let sql =
                                upsert_sql("enterprises", ENTERPRISE_COLUMNS, "uscc", chunk.len());
                            tx.execute(&sql, &args).await?;
                            done += chunk.len();
                            progress(done);
                        }
                    }
                    RegistryRows::Projects(list) => {
                        for chunk in list.chunks(size) {
                            let mut args: Vec<Arg<'_>> = Vec::with_capacity(chunk.len() * 11);
                            for r in chunk {
                                args.extend::<[Arg<'_>; 11]>([
                                    r.code.as_str().into(),
                                    r.name.as_str().into(),
                                    r.builder_uscc.as_str().into(),
                                    r.location.as_str().into(),
                                    r.no_site_mixing_zone.into(),
                                    r.started_on.as_deref().into(),
                                    r.refund_applied.into(),
                                    r.uses_cement.into(),
                                    r.wall_complaint.into(),
                                    r.cement_complaint.into(),
                                    at.into(),
                                ]);
                            }
                            let sql = upsert_sql("projects", PROJECT_COLUMNS, "code", chunk.len());
                            tx.execute(&sql, &args).await?;
                            done += chunk.len();
                            progress(done);
                        }
                    }
                    RegistryRows::Certificates(list) => {
                        for chunk in list.chunks(size) {
                            let mut args: Vec<Arg<'_>> = Vec::with_capacity(chunk.len() * 6);
                            for r in chunk {
                                args.extend::<[Arg<'_>; 6]>([
                                    r.number.as_str().into(),
                                    r.enterprise_uscc.as_str().into(),
                                    r.product.as_str().into(),
                                    r.valid_from.as_str().into(),
                                    r.valid_until.as_str().into(),
                                    at.into(),
                                ]);
                            }
                            let sql = upsert_sql(
                                "certificates",
                                CERTIFICATE_COLUMNS,
                                "number",
                                chunk.len(),
                            );
                            tx.execute(&sql, &args).await?;
                            done += chunk.len();
                            progress(done);
                        }
                    }
                }
                let id = tx
                    .insert_id(
                        &Insert::into("registry_imports")
                            .set("kind", rows.kind())
                            .set("file_name", import.file_name)
                            .set("sha256", import.sha256)
                            .set("total_rows", import.total_rows)
                            .set("accepted", accepted)
                            .set("rejected", import.rejected)
                            .set("imported_at", at)
                            .set("actor", import.actor),
                    )
                    .await?;
                let event = NewEvent::registry_imported(
                    at,
                    import.actor,
                    id,
                    rows.kind(),
                    import.file_name,
                    import.sha256,
                    import.total_rows,
                    accepted,
                    import.rejected,
                );
                Ok((id, event))
            })
            .await?;
        Ok(id)
    }

    /// Sets a priority flag on a registered party with its event (`registry.flagged`); an
    /// unregistered key is [`StoreError::NotFound`] and records nothing.
    pub async fn flag_registry(
        &self,
        flag: RegistryFlag<'_>,
        actor: &str,
        at: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        let key = flag.key();
        self.write(async |tx| {
            flag.set(tx).await?;
            Ok(((), NewEvent::registry_flagged(at, actor, key, reason)))
        })
        .await?;
        Ok(())
    }

    /// How many parties are registered.
    pub async fn registry_counts(&self) -> Result<RegistryCounts, StoreError> {
        on_pool!(self, p => {
            let row = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM enterprises) AS e, (SELECT COUNT(*) FROM projects) AS p, \
                 (SELECT COUNT(*) FROM certificates) AS c",
            )
            .fetch_one(p)
            .await?;
            Ok(RegistryCounts {
                enterprises: row.try_get("e")?,
                projects: row.try_get("p")?,
                certificates: row.try_get("c")?,
            })
        })
    }

    /// Enterprises whose name or code contains `q` (all when empty), by name, at most `limit`.
    pub async fn enterprises(&self, q: &str, limit: i64) -> Result<Vec<EnterpriseRow>, StoreError> {
        let pattern = format!("%{}%", q.replace(['%', '_'], ""));
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT uscc, name, kind, address, contact, phone, complained, incident, \
                 failed_spot_check FROM enterprises WHERE name LIKE $1 OR uscc LIKE $1 \
                 ORDER BY name, uscc LIMIT $2",
            )
            .bind(&pattern)
            .bind(limit)
            .fetch_all(p)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(EnterpriseRow {
                    uscc: r.try_get("uscc")?,
                    name: r.try_get("name")?,
                    kind: r.try_get("kind")?,
                    address: r.try_get("address")?,
                    contact: r.try_get("contact")?,
                    phone: r.try_get("phone")?,
                    complained: r.try_get("complained")?,
                    incident: r.try_get("incident")?,
                    failed_spot_check: r.try_get("failed_spot_check")?,
                });
            }
            Ok(out)
        })
    }

    /// One project by its code.
    pub async fn project(&self, code: &str) -> Result<Option<ProjectRow>, StoreError> {
        Ok(self
            .projects_where("WHERE code = $1", Some(code))
            .await?
            .into_iter()
            .next())
    }

    /// Every project (for the planner's snapshot).
    pub async fn all_projects(&self) -> Result<Vec<ProjectRow>, StoreError> {
        self.projects_where("", None).await
    }

    async fn projects_where(
        &self,
        filter: &'static str,
        code: Option<&str>,
    ) -> Result<Vec<ProjectRow>, StoreError> {
        let sql = format!(
            "SELECT code, name, builder_uscc, location, no_site_mixing_zone, started_on, \
             refund_applied, uses_cement, wall_complaint, cement_complaint FROM projects {filter} \
             ORDER BY code"
        );
        on_pool!(self, p => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            if let Some(c) = code {
                q = q.bind(c);
            }
            let rows = q.fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(ProjectRow {
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    builder_uscc: r.try_get("builder_uscc")?,
                    location: r.try_get("location")?,
                    no_site_mixing_zone: r.try_get("no_site_mixing_zone")?,
                    started_on: r.try_get("started_on")?,
                    refund_applied: r.try_get("refund_applied")?,
                    uses_cement: r.try_get("uses_cement")?,
                    wall_complaint: r.try_get("wall_complaint")?,
                    cement_complaint: r.try_get("cement_complaint")?,
                });
            }
            Ok(out)
        })
    }

    /// Every certificate (for the planner's snapshot).
    pub async fn all_certificates(&self) -> Result<Vec<CertificateRow>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT number, enterprise_uscc, product, valid_from, valid_until FROM certificates \
                 ORDER BY number",
            )
            .fetch_all(p)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(CertificateRow {
                    number: r.try_get("number")?,
                    enterprise_uscc: r.try_get("enterprise_uscc")?,
                    product: r.try_get("product")?,
                    valid_from: r.try_get("valid_from")?,
                    valid_until: r.try_get("valid_until")?,
                });
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_cell() {
        assert_eq!(placeholders(2, 3), "($1,$2,$3),($4,$5,$6)");
        let sql = upsert_sql("t", &["k", "a", "complained"], "k", 1);
        assert_eq!(
            sql,
            "INSERT INTO t (k, a, complained) VALUES ($1,$2,$3) ON CONFLICT (k) DO UPDATE SET \
             a = excluded.a",
            "a re-import keeps the flags"
        );
    }
}
