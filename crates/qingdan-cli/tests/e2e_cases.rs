//! Penalty cases over the real HTTP API, on SQLite and PostgreSQL: a bagged-cement case and
//! power cases from filing to archive, the days passing by restarting the server with a later
//! `--fixed-time`; illegal moves refused with a Chinese reason and recorded; access by office.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use serde_json::{Value, json};
use support::{Server, TestDb, agent, databases};

const PW: &str = support::STAFF_PASSWORD;
const CEMENT: &str = "县散装水泥办公室";
const POWER: &str = "法制安全股";

fn at(day: &str) -> String {
    format!("{day}T09:00:00+08:00")
}

fn send(
    server: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let agent = agent();
    let url = server.url(path);
    let mut r = if method == "GET" {
        let mut req = agent.get(&url);
        if let Some(t) = token {
            req = req.header("authorization", &format!("Bearer {t}"));
        }
        req.call().unwrap()
    } else {
        let mut req = agent.post(&url).header("content-type", "application/json");
        if let Some(t) = token {
            req = req.header("authorization", &format!("Bearer {t}"));
        }
        req.send(body.unwrap_or(json!({})).to_string()).unwrap()
    };
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    };
    (status, value)
}

fn token(server: &Server, user: &str, password: &str) -> String {
    support::api_token(server, user, password)
}

/// Everyone the stories need, created by the first administrator.
fn people(server: &Server) {
    support::create_staff(
        server,
        &[
            ("lixiang", "officer", CEMENT, Some("2099-12-31")),
            ("wangqiang", "officer", CEMENT, Some("2099-12-31")),
            ("laozhang", "officer", CEMENT, Some("2026-02-28")),
            (
                "radio01",
                "officer",
                "县无线电管理办公室",
                Some("2099-12-31"),
            ),
            ("dianli01", "officer", POWER, Some("2099-12-31")),
            ("dianli02", "officer", POWER, Some("2099-12-31")),
            ("fenguan", "leader", CEMENT, None),
            ("fazhi01", "legal", POWER, None),
        ],
    );
}

struct Day<'a> {
    server: &'a Server,
    tokens: std::collections::BTreeMap<&'static str, String>,
}

impl<'a> Day<'a> {
    fn new(server: &'a Server) -> Day<'a> {
        let mut tokens = std::collections::BTreeMap::new();
        for name in [
            "lixiang",
            "wangqiang",
            "laozhang",
            "radio01",
            "dianli01",
            "dianli02",
            "fenguan",
            "fazhi01",
        ] {
            tokens.insert(name, token(server, name, PW));
        }
        tokens.insert("admin", token(server, "admin", support::ADMIN_PASSWORD));
        Day { server, tokens }
    }

    fn step(&self, who: &'static str, id: i64, body: Value) -> Value {
        let (status, answer) = self.try_step(who, id, body.clone());
        assert_eq!(status, 200, "{who} {body}: {answer}");
        answer
    }

    fn try_step(&self, who: &'static str, id: i64, body: Value) -> (u16, Value) {
        send(
            self.server,
            "POST",
            &format!("/api/v1/cases/{id}/steps"),
            Some(&self.tokens[who]),
            Some(body),
        )
    }

    fn refused(&self, who: &'static str, id: i64, body: Value, status: u16, code: &str) -> String {
        let (got, answer) = self.try_step(who, id, body.clone());
        assert_eq!(got, status, "{who} {body}: {answer}");
        assert_eq!(answer["error"]["code"], code, "{who} {body}: {answer}");
        answer["error"]["message"].as_str().unwrap().to_string()
    }

    fn case(&self, who: &'static str, id: i64) -> Value {
        let (status, answer) = send(
            self.server,
            "GET",
            &format!("/api/v1/cases/{id}"),
            Some(&self.tokens[who]),
            None,
        );
        assert_eq!(status, 200, "{answer}");
        answer
    }

    fn open(&self, who: &'static str, body: Value) -> (u16, Value) {
        send(
            self.server,
            "POST",
            "/api/v1/cases",
            Some(&self.tokens[who]),
            Some(body),
        )
    }
}

/// Fetches a case document as the officer and returns its text (pdftotext, from
/// poppler-utils; the test fails without it).
fn document_text(server: &Server, token: &str, url: &str) -> String {
    let mut r = agent()
        .get(&server.url(url))
        .header("authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{url}");
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(kind, "application/pdf", "{url}");
    let pdf = r.body_mut().read_to_vec().unwrap();
    assert!(pdf.starts_with(b"%PDF"), "{url}");
    let path = server.db.dir.path().join("doc.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) is needed to read the documents");
    assert!(out.status.success(), "{url}");
    // Lines may break anywhere in Chinese text: compare without white space.
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn uscc(n: usize) -> String {
    qingdan_registry::uscc::generate(7, n + 1)
        .nth(n)
        .unwrap()
        .to_string()
}

fn actions(case: &Value) -> Vec<String> {
    case["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

fn deadline<'v>(case: &'v Value, key: &str) -> &'v Value {
    case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == key)
        .unwrap_or_else(|| panic!("no {key} deadline: {}", case["deadlines"]))
}

#[test]
fn a_bagged_cement_case_from_filing_to_archive() {
    for db in databases() {
        let mut server = Server::start_on(TestDb::new(db), &["--fixed-time", &at("2026-03-02")]);
        people(&server);
        let day = Day::new(&server);

        // An officer whose certificate lapsed cannot open a case (行政处罚法 第四十二条).
        let body = json!({
            "violation": "bagged-cement",
            "party": {"name": "安化县某建筑工程有限公司", "uscc": uscc(0)},
            "quantity": "12.5",
            "on": "2026-02-20",
            "facts": {"facts_clear": true}
        });
        let (status, answer) = day.open("laozhang", body.clone());
        assert_eq!(status, 403, "{db:?}: {answer}");
        // A bad credit code is refused in Chinese.
        let mut bad = body.clone();
        bad["party"]["uscc"] = "91430923MA4L00000".into();
        let (status, answer) = day.open("lixiang", bad);
        assert_eq!(
            (status, answer["error"]["field"].as_str()),
            (400, Some("party.uscc")),
            "{answer}"
        );

        let (status, created) = day.open("lixiang", body);
        assert_eq!(status, 201, "{db:?}: {created}");
        assert_eq!(created["number"], "安工信罚〔2026〕1号");
        assert_eq!(created["state"], "filing");
        let id = created["id"].as_i64().unwrap();

        // Skipping the leader's approval, and an officer approving, are refused.
        let evidence = json!({"action": "record_evidence", "officers": ["lixiang", "wangqiang"],
            "kind": "现场检查笔录", "description": "工地堆放袋装水泥 12.5 吨，有照片 3 张"});
        let m = day.refused("lixiang", id, evidence.clone(), 409, "wrong_step");
        assert!(m.contains("待立案审批"), "{m}");
        let (status, _) = day.try_step("lixiang", id, json!({"action": "approve_filing"}));
        assert_eq!(status, 403, "an officer does not approve filings");
        day.step(
            "fenguan",
            id,
            json!({"action": "approve_filing", "opinion": "同意立案"}),
        );
        // One officer; an officer of another office; the administrator.
        let m = day.refused(
            "lixiang",
            id,
            json!({"action": "record_evidence", "officers": ["lixiang"], "kind": "询问笔录", "description": "x"}),
            409,
            "two_officers",
        );
        assert!(m.contains("不得少于两人"), "{m}");
        let (status, _) = day.try_step("radio01", id, evidence.clone());
        assert_eq!(status, 403, "{db:?}: another office's officer");
        let (status, _) = send(
            &server,
            "GET",
            &format!("/api/v1/cases/{id}"),
            Some(&day.tokens["radio01"]),
            None,
        );
        assert_eq!(
            status, 403,
            "{db:?}: another office's officer cannot read it"
        );
        let (status, _) = day.try_step("admin", id, evidence.clone());
        assert_eq!(status, 403, "{db:?}: the administrator does not enforce");
        day.step("lixiang", id, evidence);
        day.step(
            "wangqiang",
            id,
            json!({"action": "finish_investigation", "findings": "使用袋装水泥 12.5 吨"}),
        );
        let m = day.refused(
            "fenguan",
            id,
            json!({"action": "decide"}),
            409,
            "wrong_step",
        );
        assert!(m.contains("待告知"), "deciding before notifying: {m}");

        // 3 March: the notice is served.
        server.restart(&["--fixed-time", &at("2026-03-03")]);
        let day = Day::new(&server);
        let case = day.step(
            "lixiang",
            id,
            json!({"action": "notify", "officers": ["lixiang", "wangqiang"]}),
        );
        assert_eq!(case["state"], "statement");
        assert_eq!(case["case"]["notice"]["proposed_fine"], "750.00");
        assert_eq!(deadline(&case, "statement")["due"], "2026-03-06");
        let m = day.refused(
            "fenguan",
            id,
            json!({"action": "decide"}),
            409,
            "window_open",
        );
        assert!(m.contains("2026-03-06"), "{m}");

        // 9 March: the statement period has run; decide, serve.
        server.restart(&["--fixed-time", &at("2026-03-09")]);
        let day = Day::new(&server);
        let case = day.step("fenguan", id, json!({"action": "decide"}));
        assert_eq!(case["state"], "service");
        assert_eq!(case["case"]["decision"]["fine"], "750.00");
        let basis = case["case"]["decision"]["basis"].to_string();
        assert!(
            basis.contains("湖南省散装水泥条例") && basis.contains("第二十三条"),
            "{basis}"
        );
        assert_eq!(deadline(&case, "decide")["met_on"], "2026-03-09");
        assert_eq!(deadline(&case, "decide")["due"], "2026-06-01");
        let case = day.step("lixiang", id, json!({"action": "serve_decision"}));
        assert_eq!(deadline(&case, "serve")["met_on"], "2026-03-09");
        assert_eq!(deadline(&case, "pay")["due"], "2026-03-24");
        // The documents, generated from the case: party, amount (figures and 大写), articles,
        // deadlines.
        let kinds: Vec<&str> = case["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "penalty_notice",
                "notice_receipt",
                "penalty_decision",
                "decision_receipt",
                "correction_order"
            ],
            "{db:?}"
        );
        let officer = &day.tokens["lixiang"];
        let notice = document_text(
            &server,
            officer,
            &format!("/api/v1/cases/{id}/documents/penalty_notice"),
        );
        for needle in [
            "行政处罚告知书",
            "安工信罚告〔2026〕1号",
            "安化县某建筑工程有限公司",
            "750.00",
            "柒佰伍拾元整",
            "第二十三条",
            "2026年3月6日",
        ] {
            assert!(
                notice.contains(needle),
                "{db:?}: notice lacks {needle}: {notice}"
            );
        }
        let decision = document_text(
            &server,
            officer,
            &format!("/api/v1/cases/{id}/documents/penalty_decision"),
        );
        for needle in [
            "行政处罚决定书",
            "安工信罚决〔2026〕1号",
            "安化县某建筑工程有限公司",
            "750.00",
            "柒佰伍拾元整",
            "湖南省散装水泥条例",
            "第二十三条",
            "十五日",
            "安化县人民政府",
            "安化县人民法院",
        ] {
            assert!(
                decision.contains(needle),
                "{db:?}: decision lacks {needle}: {decision}"
            );
        }
        let receipt = document_text(
            &server,
            officer,
            &format!("/api/v1/cases/{id}/documents/decision_receipt"),
        );
        assert!(
            receipt.contains("送达回证") && receipt.contains("2026年3月9日"),
            "{receipt}"
        );
        let order = document_text(
            &server,
            officer,
            &format!("/api/v1/cases/{id}/documents/correction_order"),
        );
        assert!(
            order.contains("责令改正通知书") && order.contains("责令"),
            "{order}"
        );
        // Another office cannot fetch them; an unknown kind is 404.
        let (status, _) = send(
            &server,
            "GET",
            &format!("/api/v1/cases/{id}/documents/penalty_decision"),
            Some(&day.tokens["radio01"]),
            None,
        );
        assert_eq!(status, 403);
        let (status, _) = send(
            &server,
            "GET",
            &format!("/api/v1/cases/{id}/documents/nonsense"),
            Some(officer),
            None,
        );
        assert_eq!(status, 404);
        day.refused("lixiang", id, json!({"action": "archive"}), 409, "unpaid");
        // Published (行政处罚法 第四十八条): anyone may read it, signed in or not.
        day.step("fenguan", id, json!({"action": "publish"}));
        day.refused(
            "fenguan",
            id,
            json!({"action": "publish"}),
            409,
            "already_published",
        );
        let (status, public) = send(&server, "GET", "/api/v1/decisions", None, None);
        assert_eq!(status, 200);
        assert_eq!(public[0]["number"], "安工信罚〔2026〕1号", "{public}");
        assert_eq!(public[0]["party"], "安化县某建筑工程有限公司");
        assert_eq!(public[0]["penalty"], "罚款人民币 750.00 元");
        let (status, page) = server.get("/decisions");
        assert_eq!(status, 200);
        assert!(
            page.contains("安工信罚〔2026〕1号"),
            "the public page lists it"
        );

        // 20 March: paid and archived.
        server.restart(&["--fixed-time", &at("2026-03-20")]);
        let day = Day::new(&server);
        day.refused(
            "lixiang",
            id,
            json!({"action": "record_payment", "amount": "800.00"}),
            409,
            "overpaid",
        );
        day.step(
            "lixiang",
            id,
            json!({"action": "record_payment", "amount": "750.00"}),
        );
        let case = day.step("lixiang", id, json!({"action": "archive"}));
        assert_eq!(case["state"], "archived");
        assert!(case["next"].as_array().unwrap().is_empty());
        day.refused("lixiang", id, json!({"action": "archive"}), 409, "closed");

        // The history is the audit log: every step, and every refused attempt, in order.
        let case = day.case("fenguan", id);
        let acts = actions(&case);
        let steps: Vec<&str> = acts
            .iter()
            .map(String::as_str)
            .filter(|a| *a != "case.refused")
            .collect();
        assert_eq!(
            steps,
            [
                "case.opened",
                "case.approve_filing",
                "case.record_evidence",
                "case.finish_investigation",
                "case.notify",
                "case.decide",
                "case.serve_decision",
                "case.publish",
                "case.record_payment",
                "case.archive"
            ],
            "{db:?}"
        );
        let refused = acts.iter().filter(|a| *a == "case.refused").count();
        assert_eq!(
            refused, 8,
            "{db:?}: every refused step is recorded: {acts:?}"
        );
        // Unknown steps are refused by the parser before anything is read.
        let (status, answer) = day.try_step("lixiang", id, json!({"action": "skip"}));
        assert_eq!(status, 400, "{answer}");
        // The list shows it to its office and to the leader, not to another office.
        let (_, list) = send(
            &server,
            "GET",
            "/api/v1/cases",
            Some(&day.tokens["radio01"]),
            None,
        );
        assert!(list.as_array().unwrap().is_empty(), "{list}");
        let (_, list) = send(
            &server,
            "GET",
            "/api/v1/cases",
            Some(&day.tokens["fenguan"]),
            None,
        );
        assert_eq!(list[0]["number"], "安工信罚〔2026〕1号");
        // And the chain holds.
        let out = server.db.run(&["audit", "verify"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        case_file_round_trip(&server, &day.tokens["lixiang"], id);
    }
}

/// The case file (案卷): downloaded, verified alone and against the record, then refused after
/// a document in it is altered.
fn case_file_round_trip(server: &Server, token: &str, id: i64) {
    let mut r = agent()
        .get(&server.url(&format!("/api/v1/cases/{id}/file")))
        .header("authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let zip_bytes = r.body_mut().read_to_vec().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes.clone())).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    for want in [
        "manifest.json",
        "卷内目录.txt",
        "case.json",
        "events.json",
        "documents/01-行政处罚告知书.pdf",
        "documents/02-送达回证.pdf",
        "documents/03-行政处罚决定书.pdf",
        "documents/04-送达回证.pdf",
        "documents/05-责令改正通知书.pdf",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    let manifest: Value = {
        use std::io::Read;
        let mut s = String::new();
        archive
            .by_name("manifest.json")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        serde_json::from_str(&s).unwrap()
    };
    assert_eq!(manifest["case"]["number"], "安工信罚〔2026〕1号");
    let events: Vec<&str> = manifest["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(events.first(), Some(&"case.opened"));
    assert!(events.contains(&"case.archive"), "{events:?}");

    let path = server.db.dir.path().join("case-file.zip");
    std::fs::write(&path, &zip_bytes).unwrap();
    let p = path.to_str().unwrap();
    let out = server.db.run(&["case", "verify-file", p]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("自身完整"), "{stdout}");
    assert!(stdout.contains("审计记录一致"), "{stdout}");
    let out = server.db.run(&["case", "verify-file", "--offline", p]);
    assert!(out.status.success());

    // The export itself is in the case's history.
    let (_, case) = send(
        server,
        "GET",
        &format!("/api/v1/cases/{id}"),
        Some(token),
        None,
    );
    assert!(actions(&case).iter().any(|a| a == "case.file_exported"));

    // A decision swapped for another PDF: named, and the command fails.
    let mut forged = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        use std::io::{Read, Write};
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        if name.starts_with("documents/03-") {
            buf = b"%PDF-1.7 another decision".to_vec();
        }
        forged
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        forged.write_all(&buf).unwrap();
    }
    std::fs::write(&path, forged.finish().unwrap().into_inner()).unwrap();
    let out = server.db.run(&["case", "verify-file", p]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a forged file must not verify");
    assert!(
        stderr.contains("documents/03-行政处罚决定书.pdf 已被改动"),
        "{stderr}"
    );
}

/// An electricity-theft case (电力法 第七十一条) through the general procedure, its stages
/// named by the six steps of §三(七); and a small one decided on the spot.
#[test]
fn power_cases_general_and_on_the_spot() {
    for db in databases() {
        let mut server = Server::start_on(TestDb::new(db), &["--fixed-time", &at("2026-04-07")]);
        people(&server);
        let day = Day::new(&server);
        let (status, created) = day.open(
            "dianli01",
            json!({
                "violation": "electricity-theft",
                "party": {"name": "某砂石加工厂", "uscc": uscc(1)},
                "quantity": "2000",
                "on": "2026-04-01",
                "facts": {"facts_clear": true, "first_offence": true}
            }),
        );
        assert_eq!(status, 201, "{db:?}: {created}");
        let id = created["id"].as_i64().unwrap();
        let mut seen = vec![
            day.case("dianli01", id)["power_step"]
                .as_str()
                .unwrap()
                .to_string(),
        ];
        day.step(
            "fenguan",
            id,
            json!({"action": "approve_filing", "opinion": "同意审查方案"}),
        );
        day.step(
            "dianli01",
            id,
            json!({"action": "record_evidence", "officers": ["dianli01", "dianli02"],
            "kind": "用电检查笔录", "description": "绕越计量装置用电，少交电费 2000 元"}),
        );
        seen.push(
            day.case("dianli01", id)["power_step"]
                .as_str()
                .unwrap()
                .to_string(),
        );
        day.step(
            "dianli01",
            id,
            json!({"action": "finish_investigation", "findings": "窃电，少交电费 2000 元"}),
        );
        let case = day.step(
            "dianli02",
            id,
            json!({"action": "notify", "officers": ["dianli01", "dianli02"]}),
        );
        seen.push(case["power_step"].as_str().unwrap().to_string());
        let fine = case["case"]["notice"]["proposed_fine"]
            .as_str()
            .unwrap()
            .to_string();

        server.restart(&["--fixed-time", &at("2026-04-13")]);
        let day = Day::new(&server);
        day.step(
            "dianli01",
            id,
            json!({"action": "record_statement", "text": "承认窃电，请求从轻", "waive": false}),
        );
        let case = day.step("fenguan", id, json!({"action": "decide"}));
        assert_eq!(case["case"]["decision"]["fine"], fine.as_str(), "{db:?}");
        seen.push(case["power_step"].as_str().unwrap().to_string());
        let case = day.step("dianli02", id, json!({"action": "serve_decision"}));
        seen.push(case["power_step"].as_str().unwrap().to_string());
        day.step(
            "dianli02",
            id,
            json!({"action": "record_payment", "amount": fine}),
        );
        let case = day.step("dianli02", id, json!({"action": "archive"}));
        seen.push(case["power_step"].as_str().unwrap().to_string());
        assert_eq!(
            seen,
            [
                "审查方案",
                "调查取证",
                "告知书送达签收",
                "决定书送达签收",
                "执行",
                "归档"
            ],
            "{db:?}"
        );
        assert_eq!(case["number"], "安工信罚〔2026〕1号");

        // On the spot: 800 yuan, facts clear, no objection (§三(七)三.(一); 第五十一条).
        let spot = json!({
            "violation": "power-facility",
            "party": {"name": "某施工队", "uscc": uscc(2)},
            "procedure": "simple",
            "officers": ["dianli01", "dianli02"],
            "facts": {"facts_clear": true, "no_objection": true, "corrected_by_deadline": false, "proposed_fine": "800"}
        });
        let (status, created) = day.open("dianli01", spot.clone());
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["state"], "on_the_spot");
        assert_eq!(created["number"], "安工信罚〔2026〕2号");
        let id = created["id"].as_i64().unwrap();
        let case = day.step(
            "dianli01",
            id,
            json!({"action": "spot_decide", "officers": ["dianli01", "dianli02"]}),
        );
        assert_eq!(case["case"]["decision"]["fine"], "800.00");
        day.step(
            "dianli01",
            id,
            json!({"action": "record_payment", "amount": "800"}),
        );
        day.refused(
            "dianli01",
            id,
            json!({"action": "archive"}),
            409,
            "not_reported",
        );
        day.step("dianli01", id, json!({"action": "report_filing"}));
        let case = day.step("dianli01", id, json!({"action": "archive"}));
        assert_eq!(case["state"], "archived");
        // 5,000 yuan cannot be decided on the spot.
        let mut big = spot;
        big["facts"]["proposed_fine"] = "5000".into();
        let (status, answer) = day.open("dianli01", big);
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (409, Some("simple_not_allowed")),
            "{answer}"
        );
        let out = server.db.run(&["audit", "verify"]);
        assert!(out.status.success());
    }
}

/// 100 cases opened at once over HTTP get 安工信罚〔2026〕1号 … 100号, none twice, none
/// skipped, on SQLite and PostgreSQL.
#[test]
fn a_hundred_concurrent_openings_over_http_are_numbered_without_gaps() {
    for db in databases() {
        let server = Server::start_on(TestDb::new(db), &["--fixed-time", &at("2026-05-11")]);
        people(&server);
        let officer = token(&server, "lixiang", PW);
        let numbers = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..100)
                .map(|i| {
                    let server = &server;
                    let officer = &officer;
                    scope.spawn(move || {
                        let (status, created) = send(
                            server,
                            "POST",
                            "/api/v1/cases",
                            Some(officer),
                            Some(json!({
                                "violation": "bagged-cement",
                                "party": {"name": format!("并发当事人{i}"), "uscc": uscc(i)},
                                "quantity": "1",
                                "on": "2026-05-01"
                            })),
                        );
                        assert_eq!(status, 201, "{created}");
                        created["number"].as_str().unwrap().to_string()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .collect::<Vec<String>>()
        });
        let mut seqs: Vec<u32> = numbers
            .iter()
            .map(|n| {
                n.strip_prefix("安工信罚〔2026〕")
                    .and_then(|r| r.strip_suffix('号'))
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=100).collect::<Vec<u32>>(), "{db:?}");
        let out = server.db.run(&["audit", "verify"]);
        assert!(out.status.success(), "{db:?}");
    }
}
