//! End-to-end: the real binary, on SQLite and PostgreSQL, driven over HTTP and its CLI.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use support::{ANHUA, Db, Server, TestDb, databases, enc, write};

fn refs(hits: &serde_json::Value, kind: &str) -> Vec<String> {
    hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == kind)
        .map(|h| h["ref"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_catalog_api_on_every_database() {
    for db in databases() {
        let server = Server::start(db);
        let (status, health) = server.json("/healthz");
        assert_eq!(status, 200, "{db:?}");
        assert_eq!(health["status"], "ok");
        assert_eq!(
            health["database"],
            if db == Db::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        );

        let (_, c) = server.json("/api/v1/catalog");
        assert_eq!(c["bureau"], "安化县工业和信息化局", "{db:?}");
        assert_eq!(c["version"], 1);
        let n = &c["counts"];
        assert_eq!(
            [
                &n["duties"],
                &n["items"],
                &n["boundaries"],
                &n["systems"],
                &n["services"]
            ],
            [11, 56, 8, 8, 3]
        );

        let (_, duties) = server.json("/api/v1/catalog/duties");
        assert_eq!(duties.as_array().unwrap().len(), 11);
        let d6 = &duties[5];
        assert_eq!(d6["no"], 6);
        assert_eq!(d6["items"][3]["note"], "县散装水泥办公室");
        assert_eq!(d6["items"][4]["office"], "县散装水泥办公室");

        let (_, boundaries) = server.json("/api/v1/catalog/boundaries");
        let parties: usize = boundaries
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["parties"].as_array().unwrap().len())
            .sum();
        assert_eq!(parties, 19);
        assert_eq!(boundaries[7]["parties"][1]["department"], "县住建局");
        assert!(
            boundaries[7]["basis"]
                .as_str()
                .unwrap()
                .contains("第二十四条")
        );

        let (_, systems) = server.json("/api/v1/catalog/systems");
        assert_eq!(systems[4]["title"], "建筑工程散装水泥使用情况的监督检查");
        assert_eq!(systems[4]["sections"][0]["title"], "监督检查对象");

        let (_, services) = server.json("/api/v1/catalog/services");
        assert_eq!(services[0]["phone"], "0737-7230976");
        assert_eq!(services[1]["office"], "中小企业服务中心");

        // 散装水泥 and 水泥 both find §一.6's items, §三(五)(六) and boundary 8.
        for q in ["散装水泥", "水泥"] {
            let (status, hits) = server.json(&format!("/api/v1/search?q={}&limit=50", enc(q)));
            assert_eq!(status, 200);
            let items = refs(&hits, "item");
            for r in ["6.4", "6.5", "6.6"] {
                assert!(items.contains(&r.to_string()), "{q}: item {r} in {items:?}");
            }
            let systems = refs(&hits, "system");
            assert!(
                systems.contains(&"5".into()) && systems.contains(&"6".into()),
                "{q}: {systems:?}"
            );
            assert!(refs(&hits, "boundary").contains(&"8".into()), "{q}");
            assert!(
                hits["hits"][0]["snippet"]
                    .as_str()
                    .unwrap()
                    .contains("<mark>")
            );
        }
        let (_, hits) = server.json(&format!("/api/v1/search?q={}", enc("节能")));
        assert!(hits["total"].as_u64().unwrap() >= 3);

        // Errors in the contract's shape, in Chinese, naming the field.
        let (status, e) = server.json("/api/v1/search?q=");
        assert_eq!(status, 400);
        assert_eq!(e["error"]["field"], "q");
        assert_eq!(e["error"]["code"], "invalid_query");
        let (status, e) = server.json(&format!("/api/v1/search?q={}&limit=abc", enc("水泥")));
        assert_eq!(status, 400);
        assert_eq!(e["error"]["field"], "limit");
        assert!(e["error"]["message"].as_str().unwrap().contains("整数"));
        let (status, e) = server.json("/api/v1/nothing-here");
        assert_eq!(status, 404);
        assert_eq!(e["error"]["code"], "not_found");

        // OpenAPI describes every API endpoint the server routes.
        let (_, doc) = server.json("/api/v1/openapi.json");
        let paths = doc["paths"].as_object().unwrap();
        for p in [
            "/healthz",
            "/api/v1/openapi.json",
            "/api/v1/catalog",
            "/api/v1/catalog/duties",
            "/api/v1/catalog/boundaries",
            "/api/v1/catalog/systems",
            "/api/v1/catalog/services",
            "/api/v1/search",
        ] {
            assert!(paths.contains_key(p), "{p} missing from OpenAPI");
        }

        // Downloads.
        let (status, body) = server.get("/api/v1/catalog/export/json");
        assert_eq!(status, 200);
        assert_eq!(qingdan_core::parse_json(&body).unwrap().counts().items, 56);
        let (status, _) = server.get("/api/v1/catalog/export/pdf");
        assert_eq!(status, 400);

        assert!(server.stop().success(), "{db:?}: graceful shutdown exits 0");
    }
}

#[test]
fn import_versions_export_and_a_broken_list() {
    for db in databases() {
        let test_db = TestDb::new(db);
        let dir = test_db.dir.path().to_path_buf();

        // A broken table: a row loses a cell. Non-zero exit, Chinese message naming the line,
        // and nothing stored.
        let broken = ANHUA.replacen(
            "\t培育工业和信息化领域新的经济增长点\n\t\n",
            "\t培育工业和信息化领域新的经济增长点\n",
            1,
        );
        assert_ne!(broken, ANHUA);
        let out = test_db.run(&[
            "catalog",
            "import",
            write(&dir, "broken.txt", &broken).to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{db:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("行：") && err.contains("单元格"), "{err}");
        assert!(err.contains("当前版本不变"), "{err}");

        let out = test_db.run(&[
            "catalog",
            "import",
            write(&dir, "anhua.txt", ANHUA).to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8(out.stdout).unwrap();
        assert!(said.contains("已导入第 1 版"), "{said}");
        assert!(said.contains("56 个工作事项"), "{said}");

        // The broken import again, now over an existing catalog: still version 1.
        let out = test_db.run(&[
            "catalog",
            "import",
            dir.join("broken.txt").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2));

        let json = dir.join("export.json");
        let out = test_db.run(&[
            "catalog",
            "export",
            "--format",
            "json",
            "-o",
            json.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let xlsx = dir.join("export.xlsx");
        let out = test_db.run(&[
            "catalog",
            "export",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ]);
        assert!(out.status.success());
        assert_eq!(
            &std::fs::read(&xlsx).unwrap()[..2],
            b"PK",
            "an xlsx is a zip"
        );

        // Re-importing the JSON export gives the same catalog, as version 2.
        let out = test_db.run(&["catalog", "import", json.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8(out.stdout).unwrap().contains("第 2 版"));
        let again = dir.join("again.json");
        test_db.run(&[
            "catalog",
            "export",
            "--format",
            "json",
            "-o",
            again.to_str().unwrap(),
        ]);
        assert_eq!(
            std::fs::read(&json).unwrap(),
            std::fs::read(&again).unwrap()
        );

        let out = test_db.run(&["catalog", "versions"]);
        let listed = String::from_utf8(out.stdout).unwrap();
        assert!(
            listed.contains("* 第 2 版") && listed.contains("  第 1 版"),
            "{listed}"
        );

        let out = test_db.run(&[
            "catalog",
            "export",
            "--format",
            "json",
            "--version",
            "9",
            "-o",
            "x.json",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8(out.stderr)
                .unwrap()
                .contains("没有第 9 版")
        );

        // A server on this database serves version 2, and picks up version 3 imported by
        // another process while it runs.
        let server = Server::start_on(test_db, &[]);
        let (_, c) = server.json("/api/v1/catalog");
        assert_eq!(c["version"], 2, "{db:?}");
        let edited = ANHUA.replace("0737-7230976", "0737-7230000");
        let out = server.db.run(&[
            "catalog",
            "import",
            write(&dir, "v3.txt", &edited).to_str().unwrap(),
        ]);
        assert!(out.status.success());
        let mut seen = 0;
        for _ in 0..60 {
            let (_, c) = server.json("/api/v1/catalog");
            seen = c["version"].as_i64().unwrap();
            if seen == 3 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert_eq!(seen, 3, "{db:?}: the new version is served");
        let (_, services) = server.json("/api/v1/catalog/services");
        assert_eq!(services[0]["phone"], "0737-7230000");
    }
}

#[test]
fn pages_are_served_in_chinese() {
    let server = Server::start(Db::Sqlite);
    for (path, expect) in [
        ("/", "安化县工业和信息化局责任清单"),
        ("/duties", "承担新型墙体材料及散装水泥行业管理工作"),
        ("/boundaries", "散装水泥推广应用监管"),
        (
            "/boundaries/8",
            "县散装办对施工方违法使用袋装水泥行为进行行政处罚",
        ),
        ("/systems", "维护供用电秩序电力行政执法检查"),
        ("/systems/7", "入企业检查须经县优办批准"),
        ("/services", "tel:07377230976"),
        ("/search?q=%E6%B0%B4%E6%B3%A5", "<mark>水泥</mark>"),
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(expect), "{path} should contain {expect}");
        assert!(body.contains("lang=\"zh-CN\""));
    }
    let (status, body) = server.get("/boundaries/99");
    assert_eq!(status, 404);
    assert!(body.contains("没有这个职责边界"));
    let (status, body) = server.get("/no/such/page");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"));
}

#[test]
fn audit_verify_counts_and_names_the_first_bad_event() {
    for db in databases() {
        let test_db = TestDb::new(db);
        let dir = test_db.dir.path().to_path_buf();
        let file = write(&dir, "anhua.txt", ANHUA);
        for _ in 0..3 {
            assert!(
                test_db
                    .run(&["catalog", "import", file.to_str().unwrap()])
                    .status
                    .success()
            );
        }
        let out = test_db.run(&["audit", "verify"]);
        assert!(
            out.status.success(),
            "{db:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8(out.stdout).unwrap();
        assert!(
            said.contains("共 9 条事件"),
            "3 imports and the 6 offices the list names: {said}"
        );
        // Tamper directly in the database.
        let sql = "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2";
        match db {
            Db::Sqlite => {
                let path = dir.join("qingdan.db");
                let status = std::process::Command::new("python3")
                    .args(["-c", &format!("import sqlite3; c=sqlite3.connect('{}'); c.execute(\"{sql}\"); c.commit()", path.display())])
                    .status()
                    .unwrap();
                assert!(status.success());
            }
            Db::Postgres => {
                let url = test_db.args[1].clone();
                let base = url.split('?').next().unwrap().to_string();
                let schema = url.split("search_path%3D").nth(1).unwrap().to_string();
                let status = std::process::Command::new("psql")
                    .arg(&base)
                    .arg("-qc")
                    .arg(format!("SET search_path = \"{schema}\"; {sql}"))
                    .status()
                    .unwrap();
                assert!(status.success());
            }
        }
        let out = test_db.run(&["audit", "verify"]);
        assert_eq!(out.status.code(), Some(1), "{db:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("第 2 号事件"), "{err}");
    }
}
