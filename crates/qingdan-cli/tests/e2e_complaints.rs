//! Complaints (投诉举报) over the real HTTP API, on SQLite and PostgreSQL: the public submits
//! and tracks by code; a matter of another department is referred on intake; the office
//! accepts and answers; the complainant's name and contact are seen only by the handler —
//! masked for the office before acceptance, for the leader, and never in the tracking answer
//! or the record; another office is refused (403, recorded); submissions are rate limited.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use serde_json::{Value, json};
use support::{
    STAFF_PASSWORD, Server, TestDb, agent, api_token, create_staff, databases, post_json,
};

const NAME: &str = "张三丰";
const PHONE: &str = "13812345678";

fn get(server: &Server, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = agent().get(&server.url(path));
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let mut r = req.call().unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[test]
fn a_complaint_from_intake_to_answer_keeps_the_complainant_private() {
    for kind in databases() {
        let db = TestDb::new(kind);
        let firm = qingdan_registry::uscc::generate(11, 1)
            .next()
            .unwrap()
            .to_string();
        let csv = format!(
            "统一社会信用代码,企业名称,类别,地址\r\n{firm},安化县某混凝土有限公司,预拌混凝土企业,东坪镇\r\n"
        );
        let file = support::write(db.dir.path(), "企业.csv", &csv);
        let out = db.run(&[
            "registry",
            "import",
            "--kind",
            "enterprises",
            file.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let server = Server::start_on(db, &["--complaints-per-hour", "4"]);
        create_staff(
            &server,
            &[
                ("sz01", "officer", "县散装水泥办公室", Some("2027-12-31")),
                (
                    "radio01",
                    "officer",
                    "县无线电管理办公室",
                    Some("2027-12-31"),
                ),
                ("sz02", "officer", "县散装水泥办公室", Some("2027-12-31")),
                ("fenguan", "leader", "县散装水泥办公室", None),
            ],
        );
        let sz = api_token(&server, "sz01", STAFF_PASSWORD);
        let colleague = api_token(&server, "sz02", STAFF_PASSWORD);
        let radio = api_token(&server, "radio01", STAFF_PASSWORD);
        let leader = api_token(&server, "fenguan", STAFF_PASSWORD);

        // 1. The public, not signed in.
        let (status, body) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": "东坪镇某小区工地仍在大量使用袋装水泥，已持续一周", "place": "东坪镇",
                   "name": NAME, "contact": PHONE}),
        );
        assert_eq!(status, 201, "{kind:?}: {body}");
        assert_eq!(body["office"], "县散装水泥办公室", "{body}");
        assert_eq!(body["status"], "received");
        let code = body["code"].as_str().unwrap().to_string();
        assert_eq!(code.len(), 14, "XXXX-XXXX-XXXX: {code}");

        // 2. Another department's matter is referred on intake, and the public is told.
        let (status, referred) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": "某工地在禁止现场搅拌区域内现场搅拌混凝土，噪声扰民"}),
        );
        assert_eq!(status, 201, "{referred}");
        assert_eq!(referred["status"], "referred", "{referred}");
        assert_eq!(referred["referred_to"], "县住建局", "{referred}");
        // Referred on intake, it has no office: no officer reads it, a leader does.
        let (_, all) = get(&server, "/api/v1/complaints", Some(&leader));
        let referred_id = all
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["status"] == "referred")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (status, _) = get(
            &server,
            &format!("/api/v1/complaints/{referred_id}"),
            Some(&sz),
        );
        assert_eq!(
            status, 403,
            "an officer may not read a complaint of no office"
        );
        let (status, _) = get(
            &server,
            &format!("/api/v1/complaints/{referred_id}"),
            Some(&leader),
        );
        assert_eq!(status, 200);

        // 3. A bad contact is refused, in Chinese, naming the field.
        let (status, bad) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": "东坪镇某工地仍在使用袋装水泥", "contact": "12345"}),
        );
        assert_eq!(status, 400);
        assert_eq!(bad["error"]["field"], "contact", "{bad}");
        assert!(!bad["error"]["message"].as_str().unwrap().is_ascii());

        // 4. Tracking: the status, never the identity or the text.
        let (status, t) = get(
            &server,
            &format!("/api/v1/complaints/track?code={code}"),
            None,
        );
        assert_eq!(status, 200, "{t}");
        assert_eq!(t["status"], "received");
        let shown = t.to_string();
        assert!(!shown.contains(NAME) && !shown.contains("138"), "{shown}");
        assert!(
            !shown.contains("袋装水泥"),
            "the text is not shown to whoever holds the code"
        );
        let mut typo: Vec<char> = code.chars().collect();
        typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
        let typo: String = typo.into_iter().collect();
        let (status, e) = get(
            &server,
            &format!("/api/v1/complaints/track?code={typo}"),
            None,
        );
        assert_eq!(status, 400, "a mistyped code fails its check symbol: {e}");

        // 5. Another office may not see it at all; the attempt is recorded.
        let (_, list) = get(&server, "/api/v1/complaints", Some(&sz));
        let id = list[0]["id"].as_i64().unwrap();
        let (status, _) = get(&server, &format!("/api/v1/complaints/{id}"), Some(&radio));
        assert_eq!(status, 403);
        let (_, other) = get(&server, "/api/v1/complaints", Some(&radio));
        assert!(other.as_array().unwrap().is_empty(), "{other}");
        // The public is refused the office's list.
        let (status, _) = get(&server, "/api/v1/complaints", None);
        assert_eq!(status, 401);

        // 6. Before acceptance the office sees the identity masked.
        let (status, c) = get(&server, &format!("/api/v1/complaints/{id}"), Some(&sz));
        assert_eq!(status, 200, "{c}");
        assert_eq!(c["complainant"]["name"], "张**", "{c}");
        assert_eq!(c["complainant"]["contact"], "138****5678");
        assert_eq!(c["complainant"]["masked"], true);

        // 7. Accepted: the handler sees it in full; the leader (not handling it) masked.
        let (status, c) = post_json(
            &server,
            &format!("/api/v1/complaints/{id}/steps"),
            Some(&sz),
            json!({"action": "accept"}),
        );
        assert_eq!(status, 200, "{c}");
        assert_eq!(c["handler"], "sz01");
        assert_eq!(c["complainant"]["name"], NAME, "{c}");
        assert_eq!(c["complainant"]["contact"], PHONE);
        let (_, c) = get(&server, &format!("/api/v1/complaints/{id}"), Some(&leader));
        assert_eq!(c["complainant"]["name"], "张**", "{c}");

        // A colleague of the same office reads it but may not move what sz01 handles: neither
        // refer it elsewhere nor link it (a stranger's complaint closed, a firm flagged).
        for step in [
            json!({"action": "refer", "department": "县住建局", "reason": "属住建部门职责"}),
            json!({"action": "link", "target": firm}),
        ] {
            let (status, e) = post_json(
                &server,
                &format!("/api/v1/complaints/{id}/steps"),
                Some(&colleague),
                step.clone(),
            );
            assert_eq!(status, 409, "{step}: {e}");
            assert_eq!(e["error"]["code"], "not_handler", "{e}");
        }
        let (_, c) = get(&server, &format!("/api/v1/complaints/{id}"), Some(&sz));
        assert_eq!(c["status"], "handling", "{c}");
        assert!(c["target"].is_null(), "{c}");

        // The complaint names a registered enterprise: linked, it is inspected first.
        let (status, e) = post_json(
            &server,
            &format!("/api/v1/complaints/{id}/steps"),
            Some(&sz),
            json!({"action": "link", "target": "91430923MA4L0A1B2X"}),
        );
        assert_eq!(status, 400, "an unregistered target: {e}");
        assert_eq!(e["error"]["code"], "unknown_target");
        let (status, c) = post_json(
            &server,
            &format!("/api/v1/complaints/{id}/steps"),
            Some(&sz),
            json!({"action": "link", "target": firm}),
        );
        assert_eq!(status, 200, "{c}");
        assert_eq!(c["target"], firm.as_str());

        // 8. An answer must say what was found; then the public reads it.
        let (status, e) = post_json(
            &server,
            &format!("/api/v1/complaints/{id}/steps"),
            Some(&sz),
            json!({"action": "answer", "result": "已处理"}),
        );
        assert_eq!(status, 409, "{e}");
        assert_eq!(e["error"]["code"], "result_too_short");
        let (status, c) = post_json(
            &server,
            &format!("/api/v1/complaints/{id}/steps"),
            Some(&sz),
            json!({"action": "answer", "result": "经现场核查，该工地确有使用袋装水泥情况，已责令停止并立案查处。"}),
        );
        assert_eq!(status, 200, "{c}");
        let (_, t) = get(
            &server,
            &format!("/api/v1/complaints/track?code={code}"),
            None,
        );
        assert_eq!(t["status"], "answered");
        assert!(t["result"].as_str().unwrap().contains("已责令停止"), "{t}");

        // 9. The history is the record: received, accepted, the colleague's refused attempts,
        // linked, refused, answered — and no event
        // names the complainant.
        let actions: Vec<&str> = c["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "complaint.received",
                "complaint.accept",
                "complaint.refused", // the colleague's refer
                "complaint.refused", // and link
                "complaint.link",
                "complaint.refused",
                "complaint.answer"
            ]
        );
        let history = c["history"].to_string();
        assert!(
            !history.contains(NAME) && !history.contains(PHONE),
            "{history}"
        );

        // 10. Submissions are limited per address (4 an hour here; three so far).
        let (status, _) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": "东坪镇另一处工地也在使用袋装水泥"}),
        );
        assert_eq!(status, 201);
        let (status, e) = post_json(
            &server,
            "/api/v1/complaints",
            None,
            json!({"text": "东坪镇第三处工地也在使用袋装水泥"}),
        );
        assert_eq!(status, 429, "{e}");

        let out = server.db.run(&["audit", "verify"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
