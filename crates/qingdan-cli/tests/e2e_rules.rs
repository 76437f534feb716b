//! End-to-end: the rules through the real binary, over HTTP, its pages and its CLI.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use support::{Db, Server, TestDb, agent, enc};

fn post(server: &Server, path: &str, body: &str) -> (u16, serde_json::Value) {
    let mut r = agent()
        .post(&server.url(path))
        .header("content-type", "application/json")
        .send(body)
        .unwrap();
    let status = r.status().as_u16();
    (
        status,
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap(),
    )
}

#[test]
fn rules_over_http_pages_and_cli() {
    let server = Server::start(Db::Sqlite);
    let (status, a) = post(
        &server,
        "/api/v1/rules/assess",
        r#"{"violation":"electricity-theft","quantity":"1000","party":"organization","on":"2026-03-01","facts":{"facts_clear":true,"no_objection":true,"proposed_fine":"1000"}}"#,
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["fine"]["amount"], "1000.00");
    assert_eq!(a["fine"]["max"], "5000.00");
    assert_eq!(
        a["procedure"], "general",
        "exactly 1,000 yuan takes the general procedure"
    );
    assert!(
        a["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("恰为"))
    );

    let (status, e) = post(
        &server,
        "/api/v1/rules/late-fee",
        r#"{"kind":"fine","principal":"x","due":"2026-01-01","paid_on":"2026-02-01"}"#,
    );
    assert_eq!(status, 400);
    assert_eq!(e["error"]["field"], "principal");

    let (status, page) = server.get(&format!(
        "/rules?violation=bagged-cement&quantity=12.5&party=organization&on=2026-03-01&facts_clear=1&circumstance={}",
        enc("promptly-corrected")
    ));
    assert_eq!(status, 200);
    assert!(page.contains("750.00 元"), "the page shows the fine");
    assert!(page.contains("第二十三条第一款"));
    let (status, page) = server.get("/rules?violation=bagged-cement&quantity=-1&on=2026-03-01");
    assert_eq!(status, 400);
    assert!(page.contains("数量应大于 0"));

    // The CLI gives the same answer and refuses the same way.
    let db = TestDb::new(Db::Sqlite);
    let out = db.run(&[
        "assess",
        "--violation",
        "bagged-cement",
        "--quantity",
        "12.5",
        "--party",
        "organization",
        "--on",
        "2026-03-01",
        "--facts-clear",
        "true",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli["fine"]["amount"], "750.00");
    assert_eq!(cli["procedure"], "simple");
    let out = db.run(&[
        "assess",
        "--violation",
        "bagged-cement",
        "--quantity",
        "abc",
        "--on",
        "2026-03-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("quantity"));
    let out = db.run(&[
        "late-fee",
        "--kind",
        "wall-fund",
        "--principal",
        "10000",
        "--due",
        "2016-01-31",
        "--paid-on",
        "2016-03-01",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("150.00 元"));
}

#[test]
fn routing_over_http_page_and_cli() {
    let server = Server::start(Db::Sqlite);
    let cases = [
        ("工地上自己拌混凝土归谁管", Some("县住建局"), Some(8)),
        ("建筑工地违规用袋装水泥", Some("县工信局"), Some(8)),
        ("省发改委核准的项目由谁申报", Some("县发改局"), Some(4)),
        ("省经信委审批的项目", Some("县工信局"), Some(4)),
        ("企业想把内部物流外包出去", Some("县工信局"), Some(6)),
        ("要建设物流中心项目", Some("县发改局"), Some(6)),
        ("开展电子商务业务", Some("县商务局"), Some(6)),
        ("办理道路运输经营许可证", Some("县交通运输局"), Some(6)),
        ("我家的猫走丢了", None, None),
    ];
    for (text, department, boundary) in cases {
        let (status, r) = post(
            &server,
            "/api/v1/routing/resolve",
            &serde_json::json!({ "text": text }).to_string(),
        );
        assert_eq!(status, 200, "{text}: {r}");
        assert_eq!(r["department"].as_str(), department, "{text}: {r}");
        assert_eq!(
            r["boundary_no"].as_u64(),
            boundary.map(|b: u64| b),
            "{text}"
        );
        assert!(!r["explanation"].as_str().unwrap().is_empty());
    }
    let (status, e) = post(&server, "/api/v1/routing/resolve", r#"{"text":""}"#);
    assert_eq!(status, 400);
    assert_eq!(e["error"]["field"], "text");

    let (status, page) = server.get(&format!("/route?text={}", enc("工地上自己拌混凝土归谁管")));
    assert_eq!(status, 200);
    assert!(
        page.contains("请找：<strong>县住建局</strong>"),
        "the page names the department"
    );

    let db = TestDb::new(Db::Sqlite);
    let out = db.run(&["route", "工地上自己拌混凝土归谁管"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("负责部门：县住建局")
    );
    let out = db.run(&["route", "  "]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_revised_benchmark_file_is_used_and_a_broken_one_refused() {
    let db = TestDb::new(Db::Sqlite);
    let shipped = include_str!("../../../data/discretion/benchmark-v1.json");
    let revised = shipped
        .replace("\"v1\"", "\"v2\"")
        .replace("[\"0\", \"1/3\"]", "[\"0\", \"1/4\"]")
        .replace("[\"1/3\", \"2/3\"]", "[\"1/4\", \"3/4\"]")
        .replace("[\"2/3\", \"1\"]", "[\"3/4\", \"1\"]");
    let file = support::write(db.dir.path(), "v2.json", &revised);
    let args = [
        "assess",
        "--violation",
        "clay-brick",
        "--quantity",
        "100",
        "--on",
        "2026-03-01",
        "--corrected-by-deadline",
        "false",
        "--first-offence",
        "true",
        "--json",
        "--benchmark",
    ];
    let mut with = args.to_vec();
    with.push(file.to_str().unwrap());
    let out = db.run(&with);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["fine"]["amount"], "3250.00");
    let broken = support::write(
        db.dir.path(),
        "broken.json",
        &shipped.replace("\"0.5\"", "\"2\""),
    );
    let mut with = args.to_vec();
    with.push(broken.to_str().unwrap());
    let out = db.run(&with);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("broken.json")
    );
}
