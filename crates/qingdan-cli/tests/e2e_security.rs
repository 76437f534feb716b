//! Security at the edge (issue 15), over HTTP on SQLite and PostgreSQL:
//! * text from outside is checked: a NUL or another control character in any JSON field, query
//!   parameter or form field is a Chinese 400 naming the field (PostgreSQL refuses a NUL in
//!   text, which was a 500; SQLite stored it raw);
//! * a case creation retried with the same `Idempotency-Key` opens one case;
//! * tampering by the database's own administrator is named by `qingdan audit verify`: a case's
//!   party edited in the row (and its case file then refused), and the last five events deleted
//!   with the head rewound (caught by the anchor outside the database).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use serde_json::{Value, json};
use support::{STAFF_PASSWORD, Server, agent, api_token, create_staff, databases, post_json};

const OFFICE: &str = "县散装水泥办公室";

fn refused(status: u16, body: &Value, field: &str) {
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "control_character", "{body}");
    assert_eq!(body["error"]["field"], field, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("控制字符"), "{message}");
}

#[test]
fn a_nul_anywhere_is_a_400_naming_the_field_on_both_databases() {
    for kind in databases() {
        let server = Server::start(kind);
        create_staff(
            &server,
            &[
                ("sz01", "officer", OFFICE, Some("2099-12-31")),
                ("sz02", "officer", OFFICE, Some("2099-12-31")),
            ],
        );
        // Signing in, with no account needed.
        let (status, body) = post_json(
            &server,
            "/api/v1/auth/token",
            None,
            json!({"username": "sz\u{0}01", "password": STAFF_PASSWORD}),
        );
        refused(status, &body, "username");
        // A complaint's name, and its text with a bell in it.
        let text = "东坪镇某工地仍在使用袋装水泥，已持续一周";
        let (status, body) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": text, "name": "张\u{0}三"}),
        );
        refused(status, &body, "name");
        let (status, body) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": format!("{text}\u{7}")}),
        );
        refused(status, &body, "text");
        // A case's party: the field is named with its path.
        let token = api_token(&server, "sz01", STAFF_PASSWORD);
        let case = json!({
            "violation": "bagged-cement",
            "party": {"name": "安化县某建筑\u{0}工程有限公司", "kind": "organization"},
            "quantity": "12.5",
            "on": "2026-02-20",
            "officers": ["sz01", "sz02"]
        });
        let (status, body) = post_json(&server, "/api/v1/cases", Some(&token), case.clone());
        refused(status, &body, "party.name");
        // Without the NUL the same request is past the check (what the engine says of it is
        // another matter, but never a server error).
        let mut fine = case;
        fine["party"]["name"] = "安化县某建筑工程有限公司".into();
        let (status, body) = post_json(&server, "/api/v1/cases", Some(&token), fine);
        assert!(status < 500, "{body}");
        assert_ne!(body["error"]["code"], "control_character", "{body}");
        // Line breaks and tabs are text, not controls.
        let (status, body) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": format!("{text}\n现场有照片\t三张")}),
        );
        assert_eq!(status, 201, "{body}");
        // A query parameter.
        let (status, body) = server.json("/api/v1/search?q=%E6%B0%B4%00%E6%B3%A5");
        refused(status, &body, "q");
        // A page's form: refused before the route reads it (a page, not JSON).
        let mut r = agent()
            .post(&server.url("/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send("username=sz%0001&password=x&csrf=y")
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        let page = r.body_mut().read_to_string().unwrap();
        assert!(page.contains("“username”含有不可见的控制字符"), "{page}");
        // Nothing of it reached the record as a server error.
        let (status, _) = server.get("/healthz");
        assert_eq!(status, 200);
    }
}

#[test]
fn the_same_idempotency_key_twice_opens_one_case() {
    for kind in databases() {
        let server = Server::start(kind);
        create_staff(
            &server,
            &[
                ("sz01", "officer", OFFICE, Some("2099-12-31")),
                ("sz02", "officer", OFFICE, Some("2099-12-31")),
            ],
        );
        let token = api_token(&server, "sz01", STAFF_PASSWORD);
        let case = json!({
            "violation": "bagged-cement",
            "party": {"name": "安化县某建筑工程有限公司", "uscc": "91430923MA4L0A1B72"},
            "quantity": "12.5",
            "on": "2026-02-20",
            "officers": ["sz01", "sz02"]
        });
        let send =
            |key: &str, body: &Value| send_keyed(&server, "/api/v1/cases", Some(&token), key, body);
        let (status, replayed, first) = send("3f2b9c1e-retry", &case);
        assert_eq!(status, 201, "{first}");
        assert!(!replayed);
        // The client did not hear the answer and sends the same request again.
        let (status, replayed, again) = send("3f2b9c1e-retry", &case);
        assert_eq!(status, 201, "{again}");
        assert!(replayed, "the answer says it is the first one's");
        assert_eq!(again["id"], first["id"]);
        assert_eq!(again["number"], first["number"]);
        let mut r = agent()
            .get(&server.url("/api/v1/cases"))
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .unwrap();
        let list: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(list.as_array().map(Vec::len), Some(1), "one case: {list}");
        // The same key for another request is refused; a new key opens the next case.
        let mut other = case.clone();
        other["quantity"] = "3".into();
        let (status, _, e) = send("3f2b9c1e-retry", &other);
        assert_eq!(status, 409, "{e}");
        assert!(
            e["error"]["message"]
                .as_str()
                .unwrap()
                .contains("已用于另一请求"),
            "{e}"
        );
        let (status, _, next) = send("another-key", &other);
        assert_eq!(status, 201, "{next}");
        assert_ne!(next["number"], first["number"]);
        // A key that is not one.
        let (status, _, e) = send("a key with spaces", &other);
        assert_eq!(status, 400, "{e}");
        assert_eq!(e["error"]["field"], "Idempotency-Key", "{e}");
    }
}

fn verify(server: &Server) -> (bool, String, String) {
    let out = server.db.run(&["audit", "verify"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn tampering_in_the_database_is_named_by_audit_verify_on_both_databases() {
    for kind in databases() {
        let mut server = Server::start(kind);
        create_staff(
            &server,
            &[
                ("sz01", "officer", OFFICE, Some("2099-12-31")),
                ("sz02", "officer", OFFICE, Some("2099-12-31")),
            ],
        );
        let token = api_token(&server, "sz01", STAFF_PASSWORD);
        for party in [
            "安化县甲建筑有限公司",
            "安化县乙建筑有限公司",
            "安化县丙建筑有限公司",
        ] {
            let (status, body) = post_json(
                &server,
                "/api/v1/cases",
                Some(&token),
                json!({
                    "violation": "bagged-cement",
                    "party": {"name": party},
                    "quantity": "2",
                    "on": "2026-02-20",
                    "officers": ["sz01", "sz02"]
                }),
            );
            assert_eq!(status, 201, "{body}");
        }
        let (ok, out, err) = verify(&server);
        assert!(ok, "{kind:?}: {err}");
        assert!(out.contains("库外锚点"), "{out}");
        assert!(out.contains("业务数据 3 行与审计记录一致"), "{out}");

        // 1. The second case's party changed in its row: verify names the case, and its case
        //    file is refused while the row and the record disagree.
        server
            .db
            .sql("UPDATE cases SET party_name = '伪造的当事人' WHERE id = 2");
        let (ok, _, err) = verify(&server);
        assert!(!ok, "{kind:?}: an edited row must fail");
        assert!(err.contains("案件 2 的数据行与第"), "{kind:?}: {err}");
        assert!(err.contains("被直接改动"), "{err}");
        let mut r = agent()
            .get(&server.url("/api/v1/cases/2/file"))
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .unwrap();
        let body: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(r.status().as_u16(), 409, "{body}");
        assert_eq!(body["error"]["code"], "record_mismatch", "{body}");
        // Put back exactly as it was, the row agrees again.
        server
            .db
            .sql("UPDATE cases SET party_name = '安化县乙建筑有限公司' WHERE id = 2");
        let (ok, _, err) = verify(&server);
        assert!(ok, "{kind:?}: {err}");

        // 2. The last five events deleted and the head rewound to the new last one: the chain
        //    in the database holds, the anchor outside it does not agree.
        let _ = server.child.kill();
        let _ = server.child.wait();
        server.db.sql(
            "DELETE FROM audit_events WHERE seq > (SELECT seq FROM audit_head WHERE id = 1) - 5; \
             UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_events), \
             hash = (SELECT hash FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)) \
             WHERE id = 1;",
        );
        let (ok, _, err) = verify(&server);
        assert!(!ok, "{kind:?}: a deleted tail must fail");
        assert!(err.contains("末尾 5 个事件被删除"), "{kind:?}: {err}");
    }
}

/// Sends `body` to `path` with a bearer token (if any) and an `Idempotency-Key`: status,
/// whether the answer is a replay, and the JSON.
fn send_keyed(
    server: &Server,
    path: &str,
    token: Option<&str>,
    key: &str,
    body: &Value,
) -> (u16, bool, Value) {
    let mut req = agent()
        .post(&server.url(path))
        .header("content-type", "application/json")
        .header("idempotency-key", key);
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let mut r = req.send(body.to_string()).unwrap();
    let status = r.status().as_u16();
    let replayed = r.headers().get("idempotent-replayed").is_some();
    let text = r.body_mut().read_to_string().unwrap();
    (
        status,
        replayed,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

/// A retried complaint intake registers one complaint (the same tracking code), a retried
/// case step is taken once (not refused as out of order), on both databases.
#[test]
fn retried_complaints_and_steps_happen_once_on_both_databases() {
    for kind in databases() {
        let server = Server::start(kind);
        create_staff(
            &server,
            &[
                ("sz01", "officer", OFFICE, Some("2099-12-31")),
                ("sz02", "officer", OFFICE, Some("2099-12-31")),
                ("fenguan", "leader", OFFICE, None),
            ],
        );
        // The public's intake.
        let complaint =
            json!({"text": "东坪镇某工地仍在使用袋装水泥，已持续一周", "contact": "13800138000"});
        let key = "4f1c2a9e-7d3b-4c55-9a10-complaint1";
        let (status, replayed, first) =
            send_keyed(&server, "/api/v1/complaints", None, key, &complaint);
        assert_eq!((status, replayed), (201, false), "{kind:?}: {first}");
        let (status, replayed, again) =
            send_keyed(&server, "/api/v1/complaints", None, key, &complaint);
        assert_eq!((status, replayed), (201, true), "{kind:?}: {again}");
        assert_eq!(
            again["code"], first["code"],
            "one complaint, one tracking code"
        );
        let (status, _, e) =
            send_keyed(&server, "/api/v1/complaints", None, "short-key", &complaint);
        assert_eq!(status, 400, "{e}");
        assert_eq!(e["error"]["field"], "Idempotency-Key", "{e}");

        // A case, and its approval retried.
        let officer = api_token(&server, "sz01", STAFF_PASSWORD);
        let leader = api_token(&server, "fenguan", STAFF_PASSWORD);
        let (status, case) = post_json(
            &server,
            "/api/v1/cases",
            Some(&officer),
            json!({"violation": "bagged-cement", "party": {"name": "安化县甲建筑有限公司"},
                   "quantity": "2", "on": "2026-02-20", "officers": ["sz01", "sz02"]}),
        );
        assert_eq!(status, 201, "{case}");
        let path = format!("/api/v1/cases/{}/steps", case["id"]);
        let approve = json!({"action": "approve_filing"});
        let (status, replayed, first) =
            send_keyed(&server, &path, Some(&leader), "approve-1", &approve);
        assert_eq!((status, replayed), (200, false), "{kind:?}: {first}");
        let (status, replayed, again) =
            send_keyed(&server, &path, Some(&leader), "approve-1", &approve);
        assert_eq!((status, replayed), (200, true), "{kind:?}: {again}");
        assert_eq!(again["state"], first["state"]);
        let approvals = again["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["action"] == "case.approve_filing")
            .count();
        assert_eq!(approvals, 1, "{kind:?}: the step was taken once: {again}");
        // The same key for another step is refused.
        let (status, _, e) = send_keyed(
            &server,
            &path,
            Some(&leader),
            "approve-1",
            &json!({"action": "suspend", "reason": "x"}),
        );
        assert_eq!(status, 409, "{e}");
    }
}

/// SM3 (国密, GB/T 32905-2016) for the chain, chosen when the database is created, verified as
/// SM3 by `qingdan audit verify`, and kept: asking a database with records for another hash is
/// refused. Both databases.
#[test]
fn an_sm3_chain_is_chosen_at_install_and_kept_on_both_databases() {
    for kind in databases() {
        let server = Server::start_on(support::TestDb::new(kind), &["--audit-hash", "sm3"]);
        create_staff(
            &server,
            &[
                ("sz01", "officer", OFFICE, Some("2099-12-31")),
                ("sz02", "officer", OFFICE, Some("2099-12-31")),
            ],
        );
        let token = api_token(&server, "sz01", STAFF_PASSWORD);
        let (status, case) = post_json(
            &server,
            "/api/v1/cases",
            Some(&token),
            json!({"violation": "bagged-cement", "party": {"name": "安化县甲建筑有限公司"},
                   "quantity": "2", "on": "2026-02-20", "officers": ["sz01", "sz02"]}),
        );
        assert_eq!(status, 201, "{case}");
        let (ok, out, err) = verify(&server);
        assert!(ok, "{kind:?}: {err}");
        assert!(out.contains("SM3（GB/T 32905-2016）"), "{kind:?}: {out}");
        // The chain cannot be switched once it holds records.
        let out = server
            .db
            .run(&["--audit-hash", "sha256", "catalog", "versions"]);
        assert!(!out.status.success(), "{kind:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("安装后不能改为 SHA-256"), "{kind:?}: {err}");
        let out = server
            .db
            .run(&["--audit-hash", "md5", "catalog", "versions"]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("只能是 sha256 或 sm3"));
    }
}
