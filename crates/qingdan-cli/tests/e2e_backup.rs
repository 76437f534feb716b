//! Backup and restore (issue 17, 备份与恢复), on the SQLite file while the server writes:
//! `qingdan backup` takes a consistent copy under load and verifies it; `qingdan restore` loads
//! it into an empty database where `qingdan audit verify` passes and every write acknowledged
//! before the backup began is present; a non-empty target and a damaged copy are refused.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use support::{Db, Server, TestDb, agent};

fn complaint(server_url: &str, n: usize) -> Option<String> {
    let mut r = agent()
        .post(&format!("{server_url}/api/v1/complaints"))
        .header("content-type", "application/json")
        .send(json!({"text": format!("东坪镇第{n}号工地仍在使用袋装水泥，已持续一周")}).to_string())
        .ok()?;
    if r.status().as_u16() != 201 {
        return None;
    }
    let v: Value = serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()?;
    v["code"].as_str().map(|c| c.replace(['-', ' '], ""))
}

#[test]
fn a_backup_under_write_load_restores_with_every_acknowledged_write() {
    let server = Server::start_on(
        TestDb::new(Db::Sqlite),
        &["--complaints-per-hour", "100000"],
    );
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (acks, stop, url) = (acknowledged.clone(), stop.clone(), server.base.clone());
            std::thread::spawn(move || {
                let mut n = w * 100_000;
                while !stop.load(Ordering::Relaxed) {
                    if let Some(code) = complaint(&url, n) {
                        acks.lock().unwrap().push(code);
                    }
                    n += 1;
                }
            })
        })
        .collect();
    while acknowledged.lock().unwrap().len() < 40 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Everything acknowledged before the backup starts must be in it.
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let file = server.db.dir.path().join("qingdan-backup.db");
    let out = server.db.run(&["backup", "-o", file.to_str().unwrap()]);
    let during = acknowledged.lock().unwrap().len() - before.len();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("备份完成"), "{stdout}");
    assert!(
        stdout.contains("库外锚点"),
        "the anchor travels with the copy: {stdout}"
    );
    assert!(during > 0, "the server kept writing during the backup");

    // Restore into an empty place, and verify there.
    let target = TestDb::new(Db::Sqlite);
    let out = target.run(&["restore", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let out = target.run(&["audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = std::process::Command::new("sqlite3")
        .arg(&target.args[1])
        .arg("SELECT code FROM complaints")
        .output()
        .unwrap();
    let codes = String::from_utf8_lossy(&listed.stdout);
    let present: std::collections::BTreeSet<&str> = codes.lines().collect();
    let missing: Vec<&String> = before
        .iter()
        .filter(|c| !present.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing: {missing:?}"
    );

    // A second restore into the now non-empty database is refused.
    let out = target.run(&["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("已有记录"));

    // A damaged copy fails its verification and is not restored.
    let damaged = server.db.dir.path().join("damaged.db");
    std::fs::copy(&file, &damaged).unwrap();
    std::fs::create_dir_all(server.db.dir.path().join("damaged.db.audit")).unwrap();
    for name in ["audit.key", "anchor.log"] {
        let mut src = file.as_os_str().to_os_string();
        src.push(".audit");
        std::fs::copy(
            std::path::PathBuf::from(src).join(name),
            server.db.dir.path().join("damaged.db.audit").join(name),
        )
        .unwrap();
    }
    let out = std::process::Command::new("sqlite3")
        .arg(&damaged)
        .arg("DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events); UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)) WHERE id = 1;")
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = server
        .db
        .run(&["backup", "verify", damaged.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // The last event's complaint: the row outlives its deleted event (the anchor copied before
    // the snapshot may not reach that event; the sealed rows do).
    assert!(err.contains("核验未通过"), "{err}");
    assert!(
        err.contains("没有任何审计事件") || err.contains("事件被删除"),
        "{err}"
    );
    let fresh = TestDb::new(Db::Sqlite);
    let out = fresh.run(&["restore", damaged.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不予恢复"));
}

/// Scheduled backups (`serve --backup-dir --backup-every --backup-keep`): taken and verified
/// while the server runs, only the newest kept, each one restorable by `backup verify`, and
/// the last success exposed in `/metrics`.
#[test]
fn scheduled_backups_are_taken_verified_and_pruned() {
    let db = TestDb::new(Db::Sqlite);
    let dir = db.dir.path().join("backups");
    let server = Server::start_on(
        db,
        &[
            "--backup-dir",
            dir.to_str().unwrap(),
            "--backup-every",
            "1s",
            "--backup-keep",
            "2",
        ],
    );
    let listed = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.retain(|p| p.extension().is_some_and(|e| e == "db"));
        v.sort();
        v
    };
    // Watch until three different backups have been seen (each a second apart, each verified
    // before it is kept).
    let start = std::time::Instant::now();
    let mut seen = std::collections::BTreeSet::new();
    while seen.len() < 3 && start.elapsed() < std::time::Duration::from_secs(60) {
        seen.extend(listed(&dir));
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(seen.len() >= 3, "three backups taken: {seen:?}");
    let (_, text) = server.get("/metrics");
    let taken = text
        .lines()
        .find(|l| l.starts_with("qingdan_backup_last_success_timestamp_seconds"))
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    assert!(taken > 0, "the last success is in /metrics");
    let mut server = server;
    let _ = server.child.kill();
    let _ = server.child.wait();
    // Only the newest two are kept (three only if the kill fell between a backup's rename and
    // its pruning).
    let files = listed(&dir);
    assert!(
        (2..=3).contains(&files.len()),
        "the newest two are kept: {files:?}"
    );
    if files.len() == 2 {
        let oldest = seen.iter().next().unwrap();
        assert!(!files.contains(oldest), "the oldest was pruned: {files:?}");
    }
    for f in &files {
        let mut anchor = f.as_os_str().to_os_string();
        anchor.push(".audit");
        assert!(std::path::PathBuf::from(anchor).join("anchor.log").exists());
        let out = server.db.run(&["backup", "verify", f.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// PostgreSQL (README, 备份与恢复): the anchor directory copied first, then `pg_dump`, restored
/// with `pg_restore` into a new database, where `qingdan backup verify` passes against the
/// copied anchor; a plan row changed in the restored database then fails it.
#[test]
fn a_postgres_dump_restored_elsewhere_passes_backup_verify() {
    if !support::databases().contains(&Db::Postgres) {
        return;
    }
    let base =
        std::env::var("QINGDAN_TEST_DATABASE_URL").unwrap_or_else(|_| support::DEFAULT_PG.into());
    let (server_url, _) = base.rsplit_once('/').unwrap();
    let src = support::unique("qd_src");
    let dst = support::unique("qd_dst");
    let psql = |sql: &str| {
        let out = std::process::Command::new("psql")
            .arg(&base)
            .args(["-v", "ON_ERROR_STOP=1", "-qc", sql])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    psql(&format!("CREATE DATABASE \"{src}\""));
    psql(&format!("CREATE DATABASE \"{dst}\""));
    let dir = tempfile::tempdir().unwrap();
    let anchor = dir.path().join("audit");
    let run = |db: &str, anchor: &std::path::Path, args: &[&str]| {
        std::process::Command::new(support::bin())
            .args(["--database-url", &format!("{server_url}/{db}")])
            .arg("--audit-dir")
            .arg(anchor)
            .args(args)
            .env("QINGDAN_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(
        &src,
        &anchor,
        &["demo", "load", "--enterprises", "30", "--projects", "30"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The anchor first, then the dump.
    let anchor_copy = dir.path().join("qingdan.pgdump.audit");
    std::fs::create_dir_all(&anchor_copy).unwrap();
    for name in ["audit.key", "anchor.log"] {
        std::fs::copy(anchor.join(name), anchor_copy.join(name)).unwrap();
    }
    let dump = dir.path().join("qingdan.pgdump");
    let out = std::process::Command::new("pg_dump")
        .arg("-Fc")
        .arg("-f")
        .arg(&dump)
        .arg(format!("{server_url}/{src}"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new("pg_restore")
        .arg("-d")
        .arg(format!("{server_url}/{dst}"))
        .arg(&dump)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&dst, &anchor_copy, &["backup", "verify"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("库外锚点"), "{stdout}");
    // Changed after the restore: named.
    let out = std::process::Command::new("psql")
        .arg(format!("{server_url}/{dst}"))
        .args(["-qc", "UPDATE inspection_plans SET items = items + 1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = run(&dst, &anchor_copy, &["backup", "verify"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("检查计划"));
    psql(&format!("DROP DATABASE \"{dst}\""));
    psql(&format!("DROP DATABASE \"{src}\""));
}
