//! Text from outside is checked at the edge: a NUL or another control character in any JSON
//! field, query parameter or form field is a Chinese 400 naming the field, on both databases
//! (PostgreSQL refuses a NUL in text, which was a 500; SQLite stored it raw). Issue 15.

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
