//! Upgrade: a database written by the code before the storage refactor (`fixtures/v0`, made by
//! `fixtures/v0/make.sh` with the binary of 715d81c) opens with this binary, is migrated, and
//! serves every case, task, complaint, plan, draw and the registry exactly as the old binary
//! did; the record still verifies and the data can still be worked on. SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use support::{Db, Server, TestDb, agent, api_token, databases, post_json};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/v0")
        .join(name)
}

fn read_json(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh database of `kind` holding the fixture.
fn restored(kind: Db) -> TestDb {
    let db = TestDb::new(kind);
    match kind {
        Db::Sqlite => {
            std::fs::copy(fixture("qingdan.db"), db.dir.path().join("qingdan.db")).unwrap();
        }
        Db::Postgres => {
            let url = &db.args[1];
            let schema = url.rsplit("search_path%3D").next().unwrap().to_string();
            let base = url.split('?').next().unwrap();
            let dump = std::fs::read_to_string(fixture("postgres.sql"))
                .unwrap()
                .replace("CREATE SCHEMA fixture_v0;\n", "")
                .replace("fixture_v0", &schema);
            let path = db.dir.path().join("restore.sql");
            std::fs::write(&path, dump).unwrap();
            let out = Command::new("psql")
                .arg(base)
                .args(["-v", "ON_ERROR_STOP=1", "-q", "-f"])
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "restoring the v0 dump: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    db
}

/// The values that are random by design and so differ in the PostgreSQL run of the story:
/// (PostgreSQL's, SQLite's).
fn differences(kind: Db) -> Vec<(String, String)> {
    if kind == Db::Sqlite {
        return Vec::new();
    }
    let d = read_json(fixture("postgres-differences.json"));
    let mut out = Vec::new();
    for v in d["complaint_codes"].as_object().unwrap().values() {
        out.push((
            v["postgres"].as_str().unwrap().to_string(),
            v["sqlite"].as_str().unwrap().to_string(),
        ));
    }
    for v in d["case_file_manifest_sha256"].as_array().unwrap() {
        out.push((
            v["postgres"].as_str().unwrap().to_string(),
            v["sqlite"].as_str().unwrap().to_string(),
        ));
    }
    out
}

fn send(server: &Server, method: &str, path: &str, token: Option<&str>) -> (u16, Vec<u8>) {
    assert_eq!(method, "GET", "the fixture's requests are reads");
    let mut req = agent().get(&server.url(path));
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let mut r = req.call().unwrap();
    let status = r.status().as_u16();
    (status, r.body_mut().read_to_vec().unwrap())
}

#[test]
fn a_v0_database_is_upgraded_and_served_unchanged() {
    let requests = read_json(fixture("expected/requests.json"));
    let at = requests["fixed_time"].as_str().unwrap().to_string();
    for kind in databases() {
        let diffs = differences(kind);
        let server = Server::start_on(restored(kind), &["--fixed-time", &at]);
        assert!(
            server.admin_password.is_none(),
            "{kind:?}: the fixture has its administrator"
        );
        // Sign in in the recorded order: each sign-in is an event, so the record's count and
        // every later sequence number match the old server's answers.
        let mut tokens: BTreeMap<String, String> = BTreeMap::new();
        let passwords: BTreeMap<&str, &str> = requests["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| Some((r["user"].as_str()?, r["password"].as_str()?)))
            .collect();
        for user in requests["sign_in_order"].as_array().unwrap() {
            let user = user.as_str().unwrap();
            tokens.insert(user.into(), api_token(&server, user, passwords[user]));
        }
        for r in requests["requests"].as_array().unwrap() {
            let file = r["file"].as_str().unwrap();
            let mut path = r["path"].as_str().unwrap().to_string();
            for (pg, sqlite) in &diffs {
                path = path.replace(sqlite.as_str(), pg);
            }
            let token = r["user"].as_str().map(|u| tokens[u].as_str());
            let (status, body) = send(&server, r["method"].as_str().unwrap(), &path, token);
            // The one answer that changed on purpose (issue 15, 三员分立): the system
            // administrator no longer verifies the record of his own acts; an 审计管理员 does,
            // below. (It is the last request, so no later sequence number moves.)
            if r["user"] == "admin" && path == "/api/v1/audit/verify" {
                assert_eq!(status, 403, "{kind:?}: {}", String::from_utf8_lossy(&body));
                continue;
            }
            assert_eq!(
                u64::from(status),
                r["status"].as_u64().unwrap(),
                "{kind:?} {path}: {}",
                String::from_utf8_lossy(&body)
            );
            let want = std::fs::read(fixture(&format!("expected/{file}"))).unwrap();
            if file.ends_with(".json") {
                let mut text = String::from_utf8(body).unwrap();
                for (pg, sqlite) in &diffs {
                    text = text.replace(pg.as_str(), sqlite);
                }
                let got: Value = serde_json::from_str(&text).unwrap();
                let want: Value = serde_json::from_slice(&want).unwrap();
                assert_eq!(got, want, "{kind:?} {path} differs from {file}");
            } else {
                assert_eq!(body, want, "{kind:?} {path} differs from {file}");
            }
        }
        // The 审计管理员 the administrator creates after the upgrade verifies the record: the
        // old server's answer, with three more events (the administrator's refused attempt,
        // the new user, the new user's sign-in).
        let (status, body) = post_json(
            &server,
            "/api/v1/users",
            Some(&tokens["admin"]),
            serde_json::json!({"username": "shenji", "role": "auditor",
                "password": "Hecha-2026-anhua"}),
        );
        assert_eq!(status, 201, "{kind:?}: {body}");
        let auditor = api_token(&server, "shenji", "Hecha-2026-anhua");
        let (status, body) = send(&server, "GET", "/api/v1/audit/verify", Some(&auditor));
        assert_eq!(status, 200, "{kind:?}");
        let got: Value = serde_json::from_slice(&body).unwrap();
        let want = read_json(fixture("expected/audit-verify.json"));
        let events = want["events"].as_i64().unwrap() + 3;
        assert_eq!(got["ok"], true, "{kind:?}: {got}");
        assert_eq!(got["events"], events, "{kind:?}: {got}");
        let message = got["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("审计链完整：共 {events} 条事件")),
            "{kind:?}: {message}"
        );
        // Rows written by the old version have events without a row digest: counted apart,
        // sealed by their next write; none disagrees.
        assert_eq!(got["rows_checked"], 0, "{kind:?}: {got}");
        assert_eq!(got["row_problems"], json!([]), "{kind:?}: {got}");
        assert!(message.contains("12 行为旧版本写入"), "{kind:?}: {message}");

        // The upgraded data can be worked on: the case awaiting approval is approved.
        let (status, body) = post_json(
            &server,
            "/api/v1/cases/5/steps",
            Some(&tokens["fenguan"]),
            serde_json::json!({"action": "approve_filing"}),
        );
        assert_eq!(status, 200, "{kind:?}: {body}");
        assert_eq!(body["state"], "investigation", "{kind:?}: {body}");
        // The record still holds, read beside the running server; the approved case is now
        // sealed by its step.
        let out = server.db.run(&["audit", "verify"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{kind:?}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("业务数据 1 行与审计记录一致；另有 11 行"),
            "{kind:?}: {stdout}"
        );
    }
}
