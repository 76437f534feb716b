//! An officer whose certificate is not yet valid (`qingdan user create --certificate-valid-from`)
//! is refused on every path an officer acts on — opening a case (the access policy), being named
//! on a case step and on an inspection task (the engines), being drawn (excluded from the draw) —
//! and may act from the certificate's first day on. SQLite and PostgreSQL.
//! The rule is `qingdan_personnel::may_enforce` (《行政处罚法》第四十二条).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};
use support::{STAFF_PASSWORD, Server, TestDb, api_token, bin, create_staff, databases, post_json};

const OFFICE: &str = "县散装水泥办公室";

/// `qingdan user create` with the password on standard input.
fn user_create(db: &TestDb, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(bin())
        .args(&db.args)
        .args(["user", "create"])
        .args(args)
        .env("QINGDAN_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", support::FIRST_PASSWORD).as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn code(e: &Value) -> &str {
    e["error"]["code"].as_str().unwrap_or_default()
}

#[test]
fn a_certificate_not_yet_valid_is_refused_on_every_path() {
    for kind in databases() {
        let db = TestDb::new(kind);
        let builder: String = qingdan_registry::uscc::generate(91, 1)
            .map(|u| u.to_string())
            .next()
            .unwrap();
        let csv = format!(
            "项目编号,项目名称,建设单位统一社会信用代码,建设地点,是否在禁止现场搅拌区域,是否申请基金返退\r\nAH-2026-101,东坪镇安置小区三期,{builder},东坪镇,是,否\r\n"
        );
        let file = support::write(db.dir.path(), "项目.csv", &csv);
        let out = db.run(&[
            "registry",
            "import",
            "--kind",
            "projects",
            file.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );

        let mut server = Server::start_on(db, &["--fixed-time", "2026-03-09T09:00:00+08:00"]);
        create_staff(
            &server,
            &[
                ("sz01", "officer", OFFICE, Some("2027-12-31")),
                ("sz02", "officer", OFFICE, Some("2027-12-31")),
                ("fenguan", "leader", OFFICE, None),
            ],
        );
        // The command line, beside the running server (the list's offices exist now).
        // The first valid day after the last: refused, naming the field.
        let out = user_create(
            &server.db,
            &[
                "xinren",
                "--role",
                "officer",
                "--office",
                OFFICE,
                "--certificate",
                "湘工信执-X01",
                "--certificate-valid-from",
                "2028-01-01",
                "--certificate-valid-until",
                "2027-12-31",
            ],
        );
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("certificate_valid_from"), "{err}");
        let out = user_create(
            &server.db,
            &[
                "xinren",
                "--role",
                "officer",
                "--office",
                OFFICE,
                "--certificate",
                "湘工信执-X01",
                "--certificate-valid-from",
                "2026-03-10",
                "--certificate-valid-until",
                "2027-12-31",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("执法证有效期 2026-03-10 至 2027-12-31"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );

        // The operator set xinren's password: he replaces it at his first sign-in.
        support::first_sign_in(&server, "xinren");
        let t = |u: &str| api_token(&server, u, STAFF_PASSWORD);
        let (xinren, sz01, leader) = (t("xinren"), t("sz01"), t("fenguan"));
        let new_case = json!({"violation": "bagged-cement", "quantity": "3",
            "party": {"name": "安化县某建筑工程有限公司", "uscc": builder}, "on": "2026-03-01"});

        // 1. Opening a case: the access policy refuses the day before the first valid day.
        let (status, e) = post_json(&server, "/api/v1/cases", Some(&xinren), new_case.clone());
        assert_eq!(status, 403, "{kind:?}: {e}");
        assert_eq!(code(&e), "certificate_not_yet_valid", "{e}");
        assert!(
            e["error"]["message"]
                .as_str()
                .unwrap()
                .contains("2026-03-10"),
            "{e}"
        );

        // 2. Named on a case step: the case engine refuses.
        let (status, case) = post_json(&server, "/api/v1/cases", Some(&sz01), new_case.clone());
        assert_eq!(status, 201, "{case}");
        let steps = format!("/api/v1/cases/{}/steps", case["id"]);
        let (status, e) = post_json(
            &server,
            &steps,
            Some(&leader),
            json!({"action": "approve_filing"}),
        );
        assert_eq!(status, 200, "{e}");
        let evidence = json!({"action": "record_evidence", "officers": ["sz01", "xinren"],
            "kind": "现场检查笔录", "description": "工地现场堆放袋装水泥 3 吨"});
        let (status, e) = post_json(&server, &steps, Some(&sz01), evidence.clone());
        assert_eq!(status, 409, "{e}");
        assert_eq!(code(&e), "certificate_not_yet_valid", "{e}");

        // 3. Named on an inspection task: the task engine refuses.
        let task = |officers: Value| json!({"system": "no-site-mixing", "target": "AH-2026-101", "officers": officers});
        let (status, e) = post_json(
            &server,
            "/api/v1/tasks",
            Some(&sz01),
            task(json!(["sz01", "xinren"])),
        );
        assert_eq!(status, 409, "{e}");
        assert_eq!(code(&e), "certificate_not_yet_valid", "{e}");

        // 4. Drawn: excluded from the office's draw, with the reason published in the record.
        let (status, e) = post_json(
            &server,
            "/api/v1/draws/seeds",
            Some(&leader),
            json!({"year": 2026, "seed": "5eed".repeat(16)}),
        );
        assert_eq!(status, 201, "{e}");
        let (status, drawn) = post_json(&server, "/api/v1/tasks", Some(&sz01), task(Value::Null));
        assert_eq!(status, 201, "{drawn}");
        let record = &drawn["officer_draw"];
        let excluded = record["excluded"].as_array().unwrap();
        assert!(
            excluded.iter().any(|x| x["officer"] == "xinren"
                && x["reason"].as_str().unwrap().contains("2026-03-10 起生效")),
            "{record}"
        );
        assert!(
            !record["eligible"]
                .as_array()
                .unwrap()
                .contains(&json!("xinren"))
        );

        // Refusals are recorded.
        let events = server.db.run(&["audit", "verify"]);
        assert!(events.status.success());

        // From the first valid day on, the same acts are allowed.
        server.restart(&["--fixed-time", "2026-03-10T09:00:00+08:00"]);
        let xinren = api_token(&server, "xinren", STAFF_PASSWORD);
        let sz01 = api_token(&server, "sz01", STAFF_PASSWORD);
        let (status, e) = post_json(&server, &steps, Some(&sz01), evidence);
        assert_eq!(status, 200, "{kind:?} first valid day: {e}");
        let (status, e) = post_json(&server, "/api/v1/cases", Some(&xinren), new_case);
        assert_eq!(status, 201, "{kind:?} first valid day: {e}");
    }
}
