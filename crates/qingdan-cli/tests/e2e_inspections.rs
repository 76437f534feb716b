//! The registry, yearly plans and public draws through the real binary, on SQLite and
//! PostgreSQL: `qingdan registry import` writes good rows and reports each bad one (row, column,
//! reason), or writes nothing with `--strict`; `qingdan demo load` fills a county and makes a
//! plan that meets every frequency rule; a plan cannot be made before the year's seed is
//! announced, and a seed cannot be changed; the published draw re-runs with `qingdan draw
//! verify` from what the public pages serve, and an edited record is rejected.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use serde_json::{Value, json};
use support::{
    STAFF_PASSWORD, Server, TestDb, agent, api_token, create_staff, databases, post_json,
};

fn get_text(server: &Server, path: &str, token: Option<&str>) -> (u16, String) {
    let mut req = agent().get(&server.url(path));
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let mut r = req.call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

fn uscc(n: usize) -> Vec<String> {
    qingdan_registry::uscc::generate(77, n)
        .map(|u| u.to_string())
        .collect()
}

#[test]
fn registry_import_reports_every_bad_row() {
    let db = TestDb::new(support::Db::Sqlite);
    let codes = uscc(3);
    let mut bad = codes[2].clone();
    bad.pop();
    bad.push(if codes[2].ends_with('0') { '1' } else { '0' });
    let csv = format!(
        "统一社会信用代码,企业名称,类别,地址\r\n{},安化县甲建材有限公司,新型墙体材料生产企业,东坪镇\r\n{},安化县乙混凝土有限公司,预拌混凝土企业,梅城镇\r\n{bad},安化县丙公司,新型墙体材料生产企业,江南镇\r\n",
        codes[0], codes[1]
    );
    let file = support::write(db.dir.path(), "企业.csv", &csv);
    let f = file.to_str().unwrap();
    // --strict: a bad row stops everything.
    let out = db.run(&["registry", "import", "--kind", "enterprises", "--strict", f]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(format!("{f}.错误报告.csv")).unwrap();
    assert!(report.contains("统一社会信用代码"), "{report}");
    assert!(
        report.starts_with("\u{feff}行,列,值,原因"),
        "Excel reads it as UTF-8"
    );
    assert!(
        report.contains(&format!("4,\"统一社会信用代码\",\"{bad}\"")),
        "{report}"
    );
    // Without: the good rows are written, the bad one reported.
    let out = db.run(&["registry", "import", "--kind", "enterprises", f]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("读取 3 行，写入 2 行，拒收 1 行"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("第4行"), "{stderr}");
    // Re-importing updates in place, and the record holds.
    let out = db.run(&["registry", "import", "--kind", "enterprises", f]);
    assert!(out.status.success());
    let out = db.run(&["audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_demo_county_gets_a_plan_and_a_draw_anyone_can_verify() {
    let mut hashes = Vec::new();
    for kind in databases() {
        // A plan needs an announced seed, and a seed is announced once.
        let server = Server::start(kind);
        create_staff(
            &server,
            &[
                (
                    "qiang01",
                    "officer",
                    "县墙体材料改革办公室",
                    Some("2027-12-31"),
                ),
                ("fenguan", "leader", "县墙体材料改革办公室", None),
            ],
        );
        let officer = api_token(&server, "qiang01", STAFF_PASSWORD);
        let leader = api_token(&server, "fenguan", STAFF_PASSWORD);
        let (status, e) = post_json(
            &server,
            "/api/v1/plans",
            Some(&officer),
            json!({"as_of": "2026-03-02"}),
        );
        assert_eq!(status, 409, "{e}");
        assert_eq!(e["error"]["code"], "no_seed");
        let seed = "5eed".repeat(16);
        let (status, e) = post_json(
            &server,
            "/api/v1/draws/seeds",
            Some(&officer),
            json!({"year": 2026, "seed": seed}),
        );
        assert_eq!(status, 403, "only a leader announces the seed: {e}");
        let (status, s) = post_json(
            &server,
            "/api/v1/draws/seeds",
            Some(&leader),
            json!({"year": 2026, "seed": seed}),
        );
        assert_eq!(status, 201, "{s}");
        let (status, e) = post_json(
            &server,
            "/api/v1/draws/seeds",
            Some(&leader),
            json!({"year": 2026, "seed": "ab".repeat(16)}),
        );
        assert_eq!(status, 409, "{e}");
        drop(server);

        // The demo county: loaded by the command, served by the server.
        let db = TestDb::new(kind);
        let out = db.run(&[
            "demo",
            "load",
            "--enterprises",
            "600",
            "--projects",
            "400",
            "--as-of",
            "2026-03-02",
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{kind:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("条频次规则全部满足"), "{stdout}");
        let password = stdout
            .split("密码均为 ")
            .nth(1)
            .and_then(|s| s.split('（').next())
            .unwrap()
            .to_string();
        let out = db.run(&["demo", "load"]);
        assert_eq!(out.status.code(), Some(2), "a second load is refused");
        let server = Server::start_on(db, &["--fixed-time", "2026-03-02T09:00:00+08:00"]);
        let officer = api_token(&server, "officer001", &password);
        let (status, plans) = get_text(&server, "/api/v1/plans", Some(&officer));
        assert_eq!(status, 200, "{plans}");
        let plans: Value = serde_json::from_str(&plans).unwrap();
        let id = plans[0]["id"].as_i64().unwrap();
        let (_, plan) = get_text(&server, &format!("/api/v1/plans/{id}"), Some(&officer));
        let plan: Value = serde_json::from_str(&plan).unwrap();
        let rules = plan["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 10, "{plan}");
        assert!(rules.iter().all(|r| r["status"] == "met"), "{plan}");
        // One plan a year: drawn once with the public seed, never again.
        let (status, e) = post_json(
            &server,
            "/api/v1/plans",
            Some(&officer),
            json!({"as_of": "2026-03-02"}),
        );
        assert_eq!(status, 409, "{e}");
        assert_eq!(e["error"]["code"], "plan_exists", "{e}");
        // The public is refused the plan but sees the draw.
        let (status, _) = get_text(&server, &format!("/api/v1/plans/{id}"), None);
        assert_eq!(status, 401);
        let (status, page) = get_text(&server, "/draws", None);
        assert_eq!(status, 200);
        assert!(page.contains("qingdan draw verify"), "{page}");
        let (_, draws) = get_text(&server, "/api/v1/draws", None);
        let draws: Value = serde_json::from_str(&draws).unwrap();
        let draw_id = draws[0]["id"].as_i64().unwrap();
        hashes.push(draws[0]["record_hash"].as_str().unwrap().to_string());
        assert!(draws[0]["seed_announced_at"].is_string(), "{draws}");
        let (_, record) = get_text(&server, &format!("/api/v1/draws/{draw_id}"), None);
        let (_, candidates) = get_text(
            &server,
            &format!("/api/v1/draws/{draw_id}/candidates.csv"),
            None,
        );
        let (_, excluded) = get_text(
            &server,
            &format!("/api/v1/draws/{draw_id}/excluded.csv"),
            None,
        );
        let dir = tempfile::tempdir().unwrap();
        let r = support::write(dir.path(), "record.json", &record);
        let c = support::write(dir.path(), "candidates.csv", &candidates);
        let x = support::write(dir.path(), "excluded.csv", &excluded);
        let (r, c, x) = (
            r.to_str().unwrap(),
            c.to_str().unwrap(),
            x.to_str().unwrap(),
        );
        let out = server
            .db
            .run(&["draw", "verify", r, "--candidates", c, "--exclude", x]);
        assert!(
            out.status.success(),
            "{kind:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // An edited record (one selected id swapped for another candidate) is rejected.
        let mut edited: Value = serde_json::from_str(&record).unwrap();
        let selected: Vec<String> = edited["selected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let other = candidates
            .lines()
            .skip(1)
            .find(|l| !l.is_empty() && !selected.iter().any(|s| s == l) && !excluded.contains(l))
            .unwrap()
            .to_string();
        edited["selected"][0] = Value::String(other);
        let r2 = support::write(dir.path(), "edited.json", &edited.to_string());
        let out = server.db.run(&[
            "draw",
            "verify",
            r2.to_str().unwrap(),
            "--candidates",
            c,
            "--exclude",
            x,
        ]);
        assert!(!out.status.success(), "an edited record must not verify");
        // A quality incident recorded on a certified enterprise (it will be inspected first);
        // an unregistered one and an unknown kind are refused.
        let firm = candidates.lines().nth(1).unwrap().trim().to_string();
        let (status, e) = post_json(
            &server,
            "/api/v1/registry/flags",
            Some(&officer),
            json!({"target": firm, "flag": "incident", "reason": "县市场监管局质量事故通报〔2026〕3号"}),
        );
        assert_eq!(status, 204, "{e}");
        let (status, e) = post_json(
            &server,
            "/api/v1/registry/flags",
            Some(&officer),
            json!({"target": "91430923MA4L0A1B2X", "flag": "incident", "reason": "通报"}),
        );
        assert_eq!(status, 400, "{e}");
        assert_eq!(e["error"]["code"], "unknown_target");
        let (status, e) = post_json(
            &server,
            "/api/v1/registry/flags",
            Some(&officer),
            json!({"target": firm, "flag": "rumour", "reason": "听说"}),
        );
        assert_eq!(status, 400, "{e}");
        assert_eq!(e["error"]["field"], "flag");
        let out = server.db.run(&["audit", "verify"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The same county and seed give the same draw on every backend.
    assert!(hashes.windows(2).all(|w| w[0] == w[1]), "{hashes:?}");
}

fn send_bytes(server: &Server, path: &str, token: &str, bytes: &[u8]) -> (u16, Value) {
    let mut r = agent()
        .post(&server.url(path))
        .header("authorization", &format!("Bearer {token}"))
        .header("content-type", "application/octet-stream")
        .send(bytes)
        .unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// An inspection of a construction project under §三(五) through the real API: refused with
/// one officer, with an expired certificate, and when a step is skipped; approved by the
/// leader, visited by two officers, decided (order to correct), followed up after the deadline
/// and published; an attachment is checked by content and its hash recorded; officers drawn
/// for a second task skip the expired one; another office is refused.
#[test]
fn an_inspection_task_runs_its_declared_steps() {
    for kind in databases() {
        let db = TestDb::new(kind);
        let builder = uscc(1).remove(0);
        let csv = format!(
            "项目编号,项目名称,建设单位统一社会信用代码,建设地点,是否在禁止现场搅拌区域,是否申请基金返退\r\nAH-2026-001,东坪镇安置小区二期,{builder},东坪镇,是,否\r\nAH-2026-002,梅城镇中学教学楼,{builder},梅城镇,是,否\r\n"
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
        let mut server = Server::start_on(db, &["--fixed-time", "2026-03-02T09:00:00+08:00"]);
        create_staff(
            &server,
            &[
                ("sz01", "officer", "县散装水泥办公室", Some("2027-12-31")),
                ("sz02", "officer", "县散装水泥办公室", Some("2027-12-31")),
                ("sz03", "officer", "县散装水泥办公室", Some("2026-01-31")),
                (
                    "radio01",
                    "officer",
                    "县无线电管理办公室",
                    Some("2027-12-31"),
                ),
                ("fenguan", "leader", "县散装水泥办公室", None),
            ],
        );
        let t = |u: &str| api_token(&server, u, STAFF_PASSWORD);
        let (sz01, radio, leader) = (t("sz01"), t("radio01"), t("fenguan"));
        let open = |officers: Value| {
            post_json(
                &server,
                "/api/v1/tasks",
                Some(&sz01),
                json!({"system": "no-site-mixing", "target": "AH-2026-001", "officers": officers}),
            )
        };
        let (status, e) = open(json!(["sz01"]));
        assert_eq!(status, 409, "{kind:?}: {e}");
        let (status, e) = open(json!(["sz01", "sz03"]));
        assert_eq!(status, 409, "{e}");
        assert_eq!(e["error"]["code"], "certificate_expired", "{e}");
        let (status, task) = open(json!(["sz01", "sz02"]));
        assert_eq!(status, 201, "{task}");
        assert_eq!(task["target_name"], "东坪镇安置小区二期");
        assert_eq!(task["next"][0]["code"], "approval");
        let id = task["id"].as_i64().unwrap();
        let steps = format!("/api/v1/tasks/{id}/steps");

        // Skipping the leader's approval is refused, and recorded.
        let visit = |officers: Value| {
            json!({"action": "step", "step": "site-visit", "officers": officers,
            "records": [{"kind": "site_record", "reference": "现场检查笔录 第1号"}]})
        };
        let (status, e) = post_json(&server, &steps, Some(&sz01), visit(json!(["sz01", "sz02"])));
        assert_eq!(status, 409, "{e}");
        let (status, e) = post_json(
            &server,
            &steps,
            Some(&leader),
            json!({"action": "step", "step": "approval",
            "records": [{"kind": "approval_form", "reference": "安工信检审〔2026〕1号"}]}),
        );
        assert_eq!(status, 200, "{e}");
        let (status, e) = post_json(&server, &steps, Some(&sz01), visit(json!(["sz01"])));
        assert_eq!(status, 409, "one officer: {e}");
        let (status, e) = post_json(&server, &steps, Some(&sz01), visit(json!(["sz01", "sz02"])));
        assert_eq!(status, 200, "{e}");

        // Evidence: a photo by content; a text file named .jpg is refused.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
        let (status, a) = send_bytes(
            &server,
            &format!("/api/v1/tasks/{id}/attachments?name=%E7%8E%B0%E5%9C%BA.png"),
            &sz01,
            png,
        );
        assert_eq!(status, 201, "{a}");
        assert_eq!(a["content_type"], "image/png");
        let (status, e) = send_bytes(
            &server,
            &format!("/api/v1/tasks/{id}/attachments?name=photo.jpg"),
            &sz01,
            b"not a photo",
        );
        assert_eq!(status, 400, "{e}");
        let mut r = agent()
            .get(&server.url(a["url"].as_str().unwrap()))
            .header("authorization", &format!("Bearer {sz01}"))
            .call()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(
            r.body_mut().read_to_vec().unwrap(),
            png.to_vec(),
            "the bytes filed come back"
        );
        let (status, _) = get_text(&server, a["url"].as_str().unwrap(), Some(&radio));
        assert_eq!(status, 403, "another office may not read the evidence");

        let (status, task) = post_json(
            &server,
            &steps,
            Some(&leader),
            json!({"action": "decide",
            "outcomes": [{"kind": "order_correct", "measure": "停止使用袋装水泥，改用散装水泥", "deadline": "2026-03-16"}],
            "records": [{"kind": "result_report", "reference": "检查结果报告"}]}),
        );
        assert_eq!(status, 200, "{task}");
        assert_eq!(task["state"], "follow_up");
        assert_eq!(task["follow_up_due"], "2026-03-16");

        // After the deadline: followed up, closed, published.
        server.restart(&["--fixed-time", "2026-03-17T09:00:00+08:00"]);
        let sz01 = api_token(&server, "sz01", STAFF_PASSWORD);
        let (status, task) = post_json(
            &server,
            &steps,
            Some(&sz01),
            json!({"action": "follow_up", "corrected": true,
            "officers": ["sz01", "sz02"], "records": [{"kind": "follow_up_record", "reference": "跟踪复查记录"}]}),
        );
        assert_eq!(status, 200, "{task}");
        assert_eq!(task["state"], "closed");
        let actions: Vec<&str> = task["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["action"].as_str().unwrap())
            .collect();
        for a in [
            "task.opened",
            "task.refused",
            "task.step",
            "attachment.added",
            "task.decide",
            "task.follow_up",
        ] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
        let (_, results) = get_text(&server, "/api/v1/results", None);
        assert!(
            results.contains("东坪镇安置小区二期") && results.contains("责令限期改正"),
            "{results}"
        );
        let (status, _) = get_text(
            &server,
            &format!("/api/v1/tasks/{id}"),
            Some(&api_token(&server, "radio01", STAFF_PASSWORD)),
        );
        assert_eq!(status, 403);

        // 回避: once sz02 declares a relation with the first project, naming sz02 is refused.
        let sz02 = api_token(&server, "sz02", STAFF_PASSWORD);
        let (status, e) = post_json(
            &server,
            "/api/v1/conflicts",
            Some(&sz02),
            json!({"target": "AH-2026-001", "reason": "近亲属在建设单位任职"}),
        );
        assert_eq!(status, 201, "{e}");
        let (status, e) = post_json(
            &server,
            "/api/v1/conflicts",
            Some(&sz02),
            json!({"officer": "sz01", "target": "AH-2026-001", "reason": "代他人申报"}),
        );
        assert_eq!(status, 403, "only a leader declares for another: {e}");
        let (status, e) = post_json(
            &server,
            "/api/v1/tasks",
            Some(&sz01),
            json!({"system": "no-site-mixing", "target": "AH-2026-001", "officers": ["sz01", "sz02"]}),
        );
        assert_eq!(status, 409, "{e}");
        assert_eq!(e["error"]["code"], "conflict_of_interest", "{e}");

        // Officers drawn: two, never the one whose certificate lapsed.
        let leader = api_token(&server, "fenguan", STAFF_PASSWORD);
        let (status, _) = post_json(
            &server,
            "/api/v1/draws/seeds",
            Some(&leader),
            json!({"year": 2026, "seed": "c0ffee".repeat(6)}),
        );
        assert_eq!(status, 201);
        let (status, task) = post_json(
            &server,
            "/api/v1/tasks",
            Some(&sz01),
            json!({"system": "no-site-mixing", "target": "AH-2026-002"}),
        );
        assert_eq!(status, 201, "{task}");
        let draw = &task["officer_draw"];
        let selected: Vec<&str> = draw["selected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(selected.len(), 2, "{draw}");
        assert!(!selected.contains(&"sz03"), "{draw}");
        assert!(draw["excluded"].to_string().contains("sz03"), "{draw}");

        // A decision to file a penalty case: the task page offers the 立案 form, prefilled.
        let id2 = task["id"].as_i64().unwrap();
        let steps2 = format!("/api/v1/tasks/{id2}/steps");
        let (status, e) = post_json(
            &server,
            &steps2,
            Some(&leader),
            json!({"action": "step", "step": "approval",
            "records": [{"kind": "approval_form", "reference": "安工信检审〔2026〕2号"}]}),
        );
        assert_eq!(status, 200, "{e}");
        let (status, e) = post_json(
            &server,
            &steps2,
            Some(&sz01),
            json!({"action": "step", "step": "site-visit",
            "officers": selected, "records": [{"kind": "site_record", "reference": "现场检查笔录 第2号"}]}),
        );
        assert_eq!(status, 200, "{e}");
        let (status, e) = post_json(
            &server,
            &steps2,
            Some(&leader),
            json!({"action": "decide",
            "outcomes": [{"kind": "penalty_case", "violation": "bagged-cement"}],
            "records": [{"kind": "result_report", "reference": "检查结果报告"}]}),
        );
        assert_eq!(status, 200, "{e}");
        let (status, page) = get_text(&server, &format!("/tasks/{id2}"), Some(&sz01));
        assert_eq!(status, 200);
        // The builder (建设单位) is the party; it is not in the enterprise registry here, so
        // only its credit code is filled in.
        let link =
            format!("/cases/new?violation=bagged-cement&#38;party_name=&#38;party_uscc={builder}");
        assert!(page.contains(&link), "{page}");
        let (status, form) = get_text(&server, &link.replace("&#38;", "&"), Some(&sz01));
        assert_eq!(status, 200);
        assert!(form.contains(&format!("value=\"{builder}\"")), "{form}");
        assert!(form.contains("value=\"bagged-cement\" selected"), "{form}");

        let out = server.db.run(&["audit", "verify"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
