//! `qingdan backup`, `qingdan backup verify` and `qingdan restore` (issue 17, 备份与恢复).
//!
//! A backup of the SQLite database is a consistent online copy (`VACUUM INTO`, taken while the
//! server writes) with the audit anchor beside it (`FILE.audit/`: the key and the anchor log,
//! copied *before* the database, so every anchored event is in the copy). It is verified —
//! the engine's integrity check, the audit chain against that anchor, every sealed row — before
//! the command says it is done; a copy that fails is deleted. A restore writes only into an
//! empty database, puts the backup's anchor in place (keeping the old one aside, which records
//! what happened after the backup) and verifies the result.

use crate::DbArgs;
use anyhow::{Context, Result, bail};
use qingdan_store::{AnchorFile, Store};
use std::path::{Path, PathBuf};

/// The anchor directory that travels with a backup file.
fn anchor_of(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".audit");
    PathBuf::from(name)
}

fn copy_anchor(from: &Path, to: &Path) -> Result<bool> {
    let key = from.join(qingdan_store::anchor::KEY_FILE);
    if !key.exists() {
        return Ok(false);
    }
    std::fs::create_dir_all(to).with_context(|| format!("无法创建 {}", to.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700))?;
    }
    for name in [
        qingdan_store::anchor::KEY_FILE,
        qingdan_store::anchor::LOG_FILE,
    ] {
        let src = from.join(name);
        if src.exists() {
            std::fs::copy(&src, to.join(name))
                .with_context(|| format!("无法复制 {}", src.display()))?;
        }
    }
    Ok(true)
}

/// Opens a database file and checks it: integrity, the chain against `anchor` (if present),
/// every sealed row. Answers the summary line.
async fn verify_file(file: &Path, anchor: &Path) -> Result<String> {
    let store = Store::open_sqlite(file)
        .await
        .with_context(|| format!("无法打开 {}", file.display()))?;
    let result = check(&store, anchor).await;
    store.close().await;
    result
}

/// Checks a backup file without touching it: a missing file is an error (opening would create
/// an empty database), and the check runs on a temporary copy (opening migrates a backup made
/// by an older version, which would change the file).
async fn verify_backup(file: &Path) -> Result<String> {
    if !file.is_file() {
        bail!("备份文件 {} 不存在", file.display());
    }
    let tmp = tempfile_dir()?;
    let copy = tmp.join("backup.db");
    std::fs::copy(file, &copy).with_context(|| format!("无法读取 {}", file.display()))?;
    let result = verify_file(&copy, &anchor_of(file)).await;
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// A fresh private directory under the system's temporary directory.
fn tempfile_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    for n in 0..100u32 {
        let dir = base.join(format!("qingdan-verify-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.into()),
        }
    }
    bail!("无法在 {} 下建立临时目录", base.display())
}

async fn check(store: &Store, anchor: &Path) -> Result<String> {
    let problems = store.integrity_check().await?;
    if !problems.is_empty() {
        bail!("数据库完整性检查未通过：{}", problems.join("；"));
    }
    let store = match AnchorFile::open_existing(anchor)? {
        Some(a) => store.clone().verifying_against(a),
        None => store.clone(),
    };
    match store.verify_audit(|_| {}).await {
        Ok(v) => Ok(qingdan_app::record::verified_summary(&v)),
        Err(e) => bail!("审计记录核验未通过：{e}"),
    }
}

/// `qingdan backup -o FILE`.
pub(crate) async fn backup(db: &DbArgs, output: &Path) -> Result<()> {
    if db.database_url.is_some() {
        bail!(
            "PostgreSQL 数据库请用 pg_dump 备份、psql 恢复（见 README“备份与恢复”）；\
             恢复到新库后用 qingdan --database-url … audit verify 核验"
        );
    }
    let store = db.open_database().await?;
    eprintln!("正在备份 {} ……", db.describe());
    let done = take(&store, db.anchor_dir().as_deref(), output).await;
    store.close().await;
    println!("{}", done?);
    Ok(())
}

/// Takes a verified backup of `store` (SQLite) to `output`, with the anchor in `anchor_dir`
/// copied beside it first; answers the line to report. A copy that fails verification is
/// deleted. Shared by `qingdan backup` and the server's scheduled backups.
pub(crate) async fn take(
    store: &Store,
    anchor_dir: Option<&Path>,
    output: &Path,
) -> Result<String> {
    if output.exists() {
        bail!("备份文件 {} 已存在，不会覆盖", output.display());
    }
    let partial = output.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let anchor_copy = anchor_of(output);
    // The anchor first: every line in the copy then names an event the database copy holds.
    let anchored = match anchor_dir {
        Some(dir) => copy_anchor(dir, &anchor_copy)?,
        None => false,
    };
    store
        .backup_sqlite(&partial)
        .await
        .with_context(|| format!("备份到 {} 失败", partial.display()))?;
    match verify_file(&partial, &anchor_copy).await {
        Ok(summary) => {
            std::fs::rename(&partial, output)
                .with_context(|| format!("无法写入 {}", output.display()))?;
            let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
            Ok(format!(
                "备份完成：{}（{} 字节）{}。{summary}",
                output.display(),
                size,
                if anchored {
                    format!("，审计锚点在 {}", anchor_copy.display())
                } else {
                    "，无审计锚点".to_string()
                }
            ))
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_dir_all(&anchor_copy);
            Err(e.context("备份未通过核验，已删除"))
        }
    }
}

/// The server's scheduled backups (`serve --backup-dir DIR --backup-every 24h --backup-keep
/// 30`): every `every`, a verified backup named `qingdan-YYYYMMDDTHHMMSSZ.db` in `dir`; then
/// only the newest `keep` are kept (with their anchors). `done` is told each success (the
/// backup-age metric).
pub(crate) async fn schedule(
    store: Store,
    anchor_dir: Option<PathBuf>,
    dir: PathBuf,
    every: std::time::Duration,
    keep: usize,
    done: impl Fn(),
) {
    loop {
        tokio::time::sleep(every).await;
        if let Err(e) = std::fs::create_dir_all(&dir) {
            tracing::error!(dir = %dir.display(), error = %e, "scheduled backup: cannot create the directory");
            continue;
        }
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let file = dir.join(format!("qingdan-{stamp}.db"));
        match take(&store, anchor_dir.as_deref(), &file).await {
            Ok(line) => {
                // Logged, never printed: the server's standard output may be closed.
                tracing::info!(file = %file.display(), summary = %line, "scheduled backup verified");
                done();
                prune(&dir, keep.max(1));
            }
            Err(e) => tracing::error!(error = %format!("{e:#}"), "scheduled backup failed"),
        }
    }
}

/// Keeps the newest `keep` scheduled backups in `dir` (names sort by time), removing the
/// others with their anchors.
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("qingdan-") && n.ends_with(".db"))
        })
        .collect();
    files.sort();
    let excess = files.len().saturating_sub(keep);
    for old in files.into_iter().take(excess) {
        let _ = std::fs::remove_file(&old);
        let _ = std::fs::remove_dir_all(anchor_of(&old));
        tracing::info!(file = %old.display(), "old backup removed");
    }
}

/// `qingdan backup verify FILE`: a SQLite backup file (with `FILE.audit/` when present), or,
/// with `--database-url`, a PostgreSQL database restored from `pg_dump`.
pub(crate) async fn verify(db: &DbArgs, file: Option<&Path>) -> Result<()> {
    let summary = match (file, &db.database_url) {
        (Some(file), _) => verify_backup(file).await?,
        (None, Some(_)) => {
            let (store, dir) = db.open_for_verify().await?;
            let anchor = dir.unwrap_or_default();
            let result = check(&store, &anchor).await;
            store.close().await;
            result?
        }
        (None, None) => bail!("请给出备份文件，或用 --database-url 指明恢复后的 PostgreSQL 数据库"),
    };
    println!("备份核验通过。{summary}");
    Ok(())
}

/// `qingdan restore FILE`: into an empty (or missing) SQLite database.
pub(crate) async fn restore(db: &DbArgs, file: &Path) -> Result<()> {
    if db.database_url.is_some() {
        bail!("PostgreSQL 数据库请用 psql 恢复 pg_dump 的备份（见 README“备份与恢复”）");
    }
    if !file.exists() {
        bail!("备份文件 {} 不存在", file.display());
    }
    eprintln!("正在核验备份 {} ……", file.display());
    verify_backup(file)
        .await
        .context("备份未通过核验，不予恢复")?;
    let target = db.db.clone();
    if target.exists() {
        let store = Store::open_sqlite(&target).await?;
        let empty = store.is_empty().await?;
        store.close().await;
        if !empty {
            bail!(
                "目标数据库 {} 已有记录：恢复只写入空数据库（请换一个路径，或先把它移走）",
                target.display()
            );
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = target.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    let partial = target.with_extension("restoring");
    std::fs::copy(file, &partial).with_context(|| format!("无法写入 {}", partial.display()))?;
    std::fs::rename(&partial, &target)?;
    if let Some(dir) = db.anchor_dir() {
        if dir.exists() {
            let stamp = jiff::Timestamp::now()
                .strftime("%Y%m%dT%H%M%SZ")
                .to_string();
            let mut aside = dir.as_os_str().to_os_string();
            aside.push(format!(".before-restore-{stamp}"));
            std::fs::rename(&dir, PathBuf::from(&aside))
                .with_context(|| format!("无法移开原审计锚点 {}", dir.display()))?;
            eprintln!(
                "原审计锚点已移至 {}（其中记有备份之后的事件）",
                PathBuf::from(aside).display()
            );
        }
        copy_anchor(&anchor_of(file), &dir)?;
    }
    let (store, dir) = db.open_for_verify().await?;
    let result = check(&store, &dir.unwrap_or_default()).await;
    store.close().await;
    println!("恢复完成：{}。{}", target.display(), result?);
    Ok(())
}
