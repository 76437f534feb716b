//! The access matrix over the real HTTP API, on SQLite and PostgreSQL: every route in the
//! policy, for every kind of caller, is admitted or refused exactly as the policy says;
//! refusals of signed-in users are recorded; every API route is in the policy.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use qingdan_identity::{Action, Actor, Certificate, Role, Subject, authorize};
use qingdan_web::auth::{POLICY, POLICY_HEADER, record_scoped};
use support::{Server, agent, databases};

fn token(server: &Server, user: &str, password: &str) -> String {
    let mut r = agent()
        .post(&server.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .send(serde_json::json!({"username": user, "password": password}).to_string())
        .unwrap();
    let body = r.body_mut().read_to_string().unwrap();
    assert_eq!(r.status().as_u16(), 200, "{user}: {body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn create(server: &Server, admin: &str, body: serde_json::Value) -> u16 {
    let r = agent()
        .post(&server.url("/api/v1/users"))
        .header("authorization", &format!("Bearer {admin}"))
        .header("content-type", "application/json")
        .send(body.to_string())
        .unwrap();
    r.status().as_u16()
}

/// A concrete request for a policy row.
fn call(server: &Server, method: &str, path: &str, bearer: Option<&str>) -> (u16, Option<String>) {
    let url = server.url(
        &path
            .replace("{format}", "json")
            .replace("{no}", "1")
            .replace("{id}", "1"),
    );
    // Redirects are not followed: a page's refusal is a redirect to /login carrying the header.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let response = if method == "GET" {
        let mut req = agent.get(&url);
        if let Some(t) = bearer {
            req = req.header("authorization", &format!("Bearer {t}"));
        }
        req.call()
    } else {
        let mut req = agent.post(&url).header("content-type", "application/json");
        if let Some(t) = bearer {
            req = req.header("authorization", &format!("Bearer {t}"));
        }
        req.send("{}")
    };
    let r = response.unwrap();
    let policy = r
        .headers()
        .get(POLICY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (r.status().as_u16(), policy)
}

#[test]
fn the_whole_matrix_over_http() {
    for db in databases() {
        let server = Server::start(db);
        let admin_pw = server
            .admin_password
            .clone()
            .expect("the first start prints the admin's one-time password");
        let one_time = token(&server, "admin", &admin_pw);
        // A one-time password must be replaced before anything but reading.
        let (status, policy) = call(&server, "POST", "/api/v1/users", Some(&one_time));
        assert_eq!(
            (status, policy),
            (403, None),
            "{db:?}: must change the password first"
        );
        let (status, _) = call(&server, "GET", "/api/v1/users", Some(&one_time));
        assert_eq!(status, 200, "{db:?}: reading is allowed");
        let r = agent()
            .post(&server.url("/api/v1/auth/password"))
            .header("authorization", &format!("Bearer {one_time}"))
            .header("content-type", "application/json")
            .send(serde_json::json!({"current_password": admin_pw, "new_password": "Guanli-2026-anhua"}).to_string())
            .unwrap();
        assert_eq!(r.status().as_u16(), 204, "{db:?}");
        let admin_pw = "Guanli-2026-anhua".to_string();
        let admin = one_time;
        let pw = "Zhifa-2026-anhua";
        let office = "县散装水泥办公室";
        for (name, role, cert_until) in [
            ("officer1", "officer", Some("2099-12-31")),
            ("leader1", "leader", None),
            ("legal1", "legal", None),
            ("citizen1", "public", None),
            ("auditor1", "auditor", None),
            ("security1", "security", None),
        ] {
            let mut body = serde_json::json!({"username": name, "role": role,
                "password": support::FIRST_PASSWORD, "office": office});
            if let Some(until) = cert_until {
                body["certificate"] = "湘工信执-0001".into();
                body["certificate_valid_until"] = until.into();
            }
            assert_eq!(create(&server, &admin, body), 201, "{db:?} {name}");
            // The password the administrator set is replaced at the first sign-in.
            support::first_sign_in(&server, name);
        }
        // Refused creations: a taken name, an unknown office, a weak password.
        assert_eq!(
            create(
                &server,
                &admin,
                serde_json::json!({"username": "leader1", "role": "leader", "password": pw})
            ),
            409
        );
        assert_eq!(
            create(
                &server,
                &admin,
                serde_json::json!({"username": "x1x", "role": "officer", "password": pw, "office": "无此股"})
            ),
            400
        );
        assert_eq!(
            create(
                &server,
                &admin,
                serde_json::json!({"username": "x2x", "role": "officer", "password": "short"})
            ),
            400
        );

        let today = qingdan_web::clock::Clock::today(&qingdan_web::clock::SystemClock);
        let callers: Vec<(&str, Option<String>, Subject)> = vec![
            ("anonymous", None, Subject::Anonymous),
            (
                "citizen1",
                Some(token(&server, "citizen1", pw)),
                actor("citizen1", Role::Public, None),
            ),
            (
                "officer1",
                Some(token(&server, "officer1", pw)),
                actor("officer1", Role::Officer, Some(office)),
            ),
            (
                "leader1",
                Some(token(&server, "leader1", pw)),
                actor("leader1", Role::Leader, Some(office)),
            ),
            (
                "legal1",
                Some(token(&server, "legal1", pw)),
                actor("legal1", Role::Legal, Some(office)),
            ),
            (
                "admin",
                Some(admin.clone()),
                actor("admin", Role::Admin, None),
            ),
            (
                "auditor1",
                Some(token(&server, "auditor1", pw)),
                actor("auditor1", Role::Auditor, Some(office)),
            ),
            (
                "security1",
                Some(token(&server, "security1", pw)),
                actor("security1", Role::Security, Some(office)),
            ),
        ];
        let mut refused = 0;
        // Signing out revokes the caller's token, so that row goes last.
        let mut rows: Vec<_> = POLICY.iter().collect();
        rows.sort_by_key(|(_, path, _)| *path == "/api/v1/auth/logout");
        for (method, path, action) in rows {
            for (who, bearer, subject) in &callers {
                // Record-scoped actions pass the gate on the role alone; the handler then
                // judges the record (tested with real cases in e2e_cases).
                let expected_ok = if record_scoped(*action) {
                    role_admits(subject, *action)
                } else {
                    authorize(subject, *action, None, today).is_ok()
                };
                let (status, policy) = call(&server, method, path, bearer.as_deref());
                if expected_ok {
                    assert!(
                        policy.is_none(),
                        "{db:?}: {who} {method} {path} ({action:?}) refused by the policy ({status})"
                    );
                } else {
                    let expected = if matches!(subject, Subject::Anonymous) {
                        "unauthenticated"
                    } else {
                        "forbidden"
                    };
                    assert_eq!(
                        policy.as_deref(),
                        Some(expected),
                        "{db:?}: {who} {method} {path} ({action:?}) got {status}"
                    );
                    if expected == "forbidden" {
                        assert_eq!(status, 403);
                        refused += 1;
                    } else {
                        assert!(
                            status == 401 || status == 303,
                            "{who} {method} {path}: {status}"
                        );
                    }
                }
            }
        }
        assert!(refused > 0);
        // Every caller was signed out by the last row: their tokens no longer work.
        for (who, bearer, _) in &callers[1..] {
            let (status, _) = call(&server, "GET", "/api/v1/auth/me", bearer.as_deref());
            assert_eq!(status, 401, "{who}");
        }
        let admin = token(&server, "admin", &admin_pw);

        // Refusals are recorded in the audit log, which still verifies.
        let url = match db {
            support::Db::Sqlite => format!(
                "sqlite://{}",
                server.db.dir.path().join("qingdan.db").display()
            ),
            support::Db::Postgres => server.db.args[1].clone(),
        };
        let denied = tokio::runtime::Runtime::new().unwrap().block_on(async {
            let store = qingdan_store::Store::open(&url).await.unwrap();
            let events = store
                .events_for("request", "GET /api/v1/users")
                .await
                .unwrap();
            store.close().await;
            events
        });
        assert!(
            denied
                .iter()
                .any(|e| e.action == "access.denied" && e.actor == "officer1"),
            "{db:?}: the officer's refused attempt to list users is recorded"
        );
        // 三员分立: the 系统管理员 may not verify the record that records his own acts; the
        // 审计管理员 does.
        let (status, _) = call(&server, "GET", "/api/v1/audit/verify", Some(&admin));
        assert_eq!(
            status, 403,
            "{db:?}: the system administrator does not audit"
        );
        let auditor = token(&server, "auditor1", pw);
        let mut r = agent()
            .get(&server.url("/api/v1/audit/verify"))
            .header("authorization", &format!("Bearer {auditor}"))
            .call()
            .unwrap();
        let report: serde_json::Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(report["ok"], true, "{report}");
        let out = server.db.run(&["audit", "verify"]);
        assert!(out.status.success());

        // A wrong password five times from this address delays the next attempt from here
        // (429), and says so in Chinese (other addresses: e2e and web tests).
        for _ in 0..5 {
            let r = agent()
                .post(&server.url("/api/v1/auth/token"))
                .header("content-type", "application/json")
                .send(r#"{"username":"leader1","password":"wrong-password-1"}"#)
                .unwrap();
            assert_eq!(r.status().as_u16(), 401);
        }
        let mut r = agent()
            .post(&server.url("/api/v1/auth/token"))
            .header("content-type", "application/json")
            .send(serde_json::json!({"username": "leader1", "password": pw}).to_string())
            .unwrap();
        assert_eq!(
            r.status().as_u16(),
            429,
            "{db:?}: locked even with the right password"
        );
        let body = r.body_mut().read_to_string().unwrap();
        assert!(body.contains("登录失败次数过多"), "{body}");
        // The 安全管理员 sees the delay and releases it; the account signs in again.
        let security = token(&server, "security1", pw);
        let mut r = agent()
            .get(&server.url("/api/v1/security/sign-in-failures"))
            .header("authorization", &format!("Bearer {security}"))
            .call()
            .unwrap();
        let list: serde_json::Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(list[0]["username"], "leader1", "{list}");
        assert_eq!(list[0]["address"], "127.0.0.1", "{list}");
        let r = agent()
            .post(&server.url("/api/v1/security/sign-in-failures/clear"))
            .header("authorization", &format!("Bearer {security}"))
            .header("content-type", "application/json")
            .send(serde_json::json!({"username": "leader1", "address": "127.0.0.1"}).to_string())
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{db:?}");
        token(&server, "leader1", pw);

        // A revoked token no longer works.
        let t = token(&server, "legal1", pw);
        let r = agent()
            .post(&server.url("/api/v1/auth/logout"))
            .header("authorization", &format!("Bearer {t}"))
            .send("")
            .unwrap();
        assert_eq!(r.status().as_u16(), 204);
        let (status, _) = call(&server, "GET", "/api/v1/auth/me", Some(&t));
        assert_eq!(status, 401);
    }
}

fn actor(name: &str, role: Role, office: Option<&str>) -> Subject {
    Subject::User(Actor {
        user_id: 0,
        username: name.into(),
        role,
        office: office.map(str::to_string),
        certificate: (role == Role::Officer)
            .then(|| Certificate::parse("湘工信执-0001", "2099-12-31").unwrap()),
    })
}

fn role_admits(subject: &Subject, action: Action) -> bool {
    let roles = qingdan_identity::allowed_roles(action);
    match subject {
        Subject::Anonymous => roles.contains(&Role::Public),
        Subject::User(a) => roles.contains(&a.role),
    }
}

#[test]
fn every_api_route_is_in_the_policy() {
    let doc = serde_json::to_value(qingdan_web::openapi()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let m = method.to_uppercase();
            assert!(
                qingdan_web::auth::action_of(&m, path).is_some(),
                "{m} {path} is routed but not in the access policy"
            );
        }
    }
    // And nothing in the policy is stale: every API row is a documented route.
    for (method, path, _) in POLICY
        .iter()
        .filter(|(_, p, _)| p.starts_with("/api/") || *p == "/healthz")
    {
        let item = &doc["paths"][path];
        assert!(
            item.get(method.to_lowercase()).is_some(),
            "{method} {path} in the policy but not routed"
        );
    }
    let _ = Action::ViewCatalog;
}

#[test]
fn sign_in_attempts_are_limited_per_address() {
    let server = Server::start_on(
        support::TestDb::new(support::Db::Sqlite),
        &["--sign-in-per-minute", "3"],
    );
    let attempt = || {
        agent()
            .post(&server.url("/api/v1/auth/token"))
            .header("content-type", "application/json")
            .send(r#"{"username":"nobody","password":"whatever-123"}"#)
            .unwrap()
    };
    for _ in 0..3 {
        assert_eq!(attempt().status().as_u16(), 401);
    }
    let mut r = attempt();
    assert_eq!(r.status().as_u16(), 429, "the fourth attempt in a minute");
    assert!(
        r.body_mut()
            .read_to_string()
            .unwrap()
            .contains("请求过于频繁")
    );
    // Reading pages is not limited.
    assert_eq!(server.get("/").0, 200);
}
