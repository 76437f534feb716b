//! The router in-process (no network): contract shapes, errors, OpenAPI coverage.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use qingdan_store::{NewCatalogVersion, Store};
use qingdan_web::{AppState, app};
use tower::ServiceExt;

const ANHUA: &str = include_str!("../../../data/seeds/anhua.txt");

async fn state(with_catalog: bool) -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("t.db")).await.unwrap();
    if with_catalog {
        let c = qingdan_core::parse_list(ANHUA).unwrap();
        store
            .import_catalog(NewCatalogVersion {
                source_name: "anhua.txt",
                source_text: ANHUA,
                catalog: &c,
                imported_at: "2026-11-27T00:00:00Z",
                actor: "test",
            })
            .await
            .unwrap();
    }
    let clock = std::sync::Arc::new(qingdan_web::clock::FixedClock(
        "2026-11-27T02:00:00Z".parse().unwrap(),
    ));
    (AppState::load(store, clock).await.unwrap(), dir)
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, String) {
    let response = app(state.clone())
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn error_bodies_are_exactly_the_contract() {
    let (s, _dir) = state(true).await;
    let (status, body) = get(&s, "/api/v1/search?q=%20%20").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        r#"{"error":{"code":"invalid_query","message":"请输入搜索词，例如“散装水泥”","field":"q"}}"#
    );
    let (status, body) = get(&s, "/api/v1/search?q=%EF%BC%8C%E3%80%82").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("只含标点"), "{body}");
    let (status, body) = get(&s, "/api/v1/search?q=a&kind=case").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"kind""#), "{body}");
    let (status, body) = get(&s, "/api/v1/search?q=a&offset=-1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"offset""#), "{body}");
    let long = "水".repeat(101);
    let (status, body) = get(&s, &format!("/api/v1/search?q={long}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("过长"), "{body}");
}

#[tokio::test]
async fn without_a_catalog_the_api_says_so() {
    let (s, _dir) = state(false).await;
    let (status, body) = get(&s, "/api/v1/catalog").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""code":"no_catalog""#));
    let (status, body) = get(&s, "/").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("尚未导入责任清单"));
    let (status, _) = get(&s, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn search_pages_and_totals() {
    let (s, _dir) = state(true).await;
    let (_, all) = get(&s, "/api/v1/search?q=%E6%B0%B4%E6%B3%A5&limit=100").await;
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    let total = all["total"].as_u64().unwrap() as usize;
    assert_eq!(all["hits"].as_array().unwrap().len(), total);
    let (_, page) = get(&s, "/api/v1/search?q=%E6%B0%B4%E6%B3%A5&limit=2&offset=2").await;
    let page: serde_json::Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["total"].as_u64().unwrap() as usize, total);
    assert_eq!(page["hits"][0]["ref"], all["hits"][2]["ref"]);
    let (_, items) = get(&s, "/api/v1/search?q=%E6%B0%B4%E6%B3%A5&kind=item").await;
    let items: serde_json::Value = serde_json::from_str(&items).unwrap();
    assert!(
        items["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["kind"] == "item")
    );
}

#[tokio::test]
async fn html_is_escaped_in_pages() {
    let (s, _dir) = state(true).await;
    let (status, body) = get(&s, "/search?q=%3Cscript%3E%E6%B0%B4").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("<script>"), "the query is escaped");
    assert!(body.contains("&lt;script&gt;") || body.contains("&#60;script&#62;"));
}

#[test]
fn openapi_lists_every_api_route() {
    let doc = qingdan_web::openapi();
    let mut paths: Vec<&str> = doc.paths.paths.keys().map(String::as_str).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/api/v1/attachments/{id}",
            "/api/v1/audit/verify",
            "/api/v1/auth/logout",
            "/api/v1/auth/me",
            "/api/v1/auth/password",
            "/api/v1/auth/token",
            "/api/v1/cases",
            "/api/v1/cases/{id}",
            "/api/v1/cases/{id}/documents/{kind}",
            "/api/v1/cases/{id}/file",
            "/api/v1/cases/{id}/steps",
            "/api/v1/catalog",
            "/api/v1/catalog/boundaries",
            "/api/v1/catalog/duties",
            "/api/v1/catalog/export/{format}",
            "/api/v1/catalog/services",
            "/api/v1/catalog/systems",
            "/api/v1/catalog/versions",
            "/api/v1/complaints",
            "/api/v1/complaints/track",
            "/api/v1/complaints/{id}",
            "/api/v1/complaints/{id}/steps",
            "/api/v1/conflicts",
            "/api/v1/decisions",
            "/api/v1/draws",
            "/api/v1/draws/seeds",
            "/api/v1/draws/{id}",
            "/api/v1/draws/{id}/candidates.csv",
            "/api/v1/draws/{id}/excluded.csv",
            "/api/v1/openapi.json",
            "/api/v1/plans",
            "/api/v1/plans/{id}",
            "/api/v1/registry",
            "/api/v1/registry/flags",
            "/api/v1/results",
            "/api/v1/routing/resolve",
            "/api/v1/rules/assess",
            "/api/v1/rules/late-fee",
            "/api/v1/search",
            "/api/v1/security/settings",
            "/api/v1/security/sign-in-failures",
            "/api/v1/security/sign-in-failures/clear",
            "/api/v1/tasks",
            "/api/v1/tasks/{id}",
            "/api/v1/tasks/{id}/attachments",
            "/api/v1/tasks/{id}/steps",
            "/api/v1/users",
            "/healthz",
        ]
    );
}

async fn post(state: &AppState, uri: &str, body: &str) -> (StatusCode, serde_json::Value) {
    let response = app(state.clone())
        .oneshot(
            Request::post(uri)
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn assess_answers_the_contract() {
    let (s, _dir) = state(true).await;
    let (status, a) = post(
        &s,
        "/api/v1/rules/assess",
        r#"{"violation":"bagged-cement","quantity":"12.5","party":"organization","on":"2026-03-01","facts":{"facts_clear":true}}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["fine"]["amount"], "750.00");
    assert_eq!(a["fine"]["min"], "750.00");
    assert_eq!(a["procedure"], "simple");
    assert_eq!(a["enforcer"], "县散装水泥办公室（县工信局）");
    assert_eq!(a["refer_to"], serde_json::Value::Null);
    assert_eq!(a["measures"][0], "责令停止违法行为");
    assert!(a["basis"][0].as_str().unwrap().contains("第二十三条第一款"));
    assert!(a["reasons"].as_array().unwrap().len() >= 2);

    let (_, a) = post(
        &s,
        "/api/v1/rules/assess",
        r#"{"violation":"site-mixing","quantity":"10","party":"organization","on":"2026-03-01"}"#,
    )
    .await;
    assert_eq!(a["refer_to"], "县住建局");
    assert_eq!(a["fine"], serde_json::Value::Null);
}

#[tokio::test]
async fn assess_refuses_bad_input_naming_the_field() {
    let (s, _dir) = state(true).await;
    let cases = [
        (
            r#"{"violation":"nope","quantity":"1","party":"citizen","on":"2026-03-01"}"#,
            "violation",
        ),
        (
            r#"{"violation":"bagged-cement","quantity":"-3","party":"citizen","on":"2026-03-01"}"#,
            "quantity",
        ),
        (
            r#"{"violation":"bagged-cement","quantity":"abc","party":"citizen","on":"2026-03-01"}"#,
            "quantity",
        ),
        (
            r#"{"violation":"bagged-cement","quantity":"1","party":"alien","on":"2026-03-01"}"#,
            "party",
        ),
        (
            r#"{"violation":"bagged-cement","quantity":"1","party":"citizen","on":"2026-02-30"}"#,
            "on",
        ),
        (
            r#"{"violation":"bagged-cement","quantity":"1","party":"citizen","on":"2027-01-01"}"#,
            "on",
        ),
        (
            r#"{"violation":"clay-brick","quantity":"1","party":"citizen","on":"2026-03-01","facts":{"harm":"huge"}}"#,
            "facts.harm",
        ),
        (
            r#"{"violation":"clay-brick","quantity":"1","party":"citizen","on":"2026-03-01","facts":{"circumstances":["lucky"]}}"#,
            "facts.circumstances",
        ),
        (
            r#"{"violation":"clay-brick","quantity":"100","party":"citizen","on":"2026-03-01","facts":{"corrected_by_deadline":false,"proposed_fine":"9999"}}"#,
            "facts.proposed_fine",
        ),
        (r#"{"violation":"bagged-cement""#, "body"),
    ];
    for (body, field) in cases {
        let (status, e) = post(&s, "/api/v1/rules/assess", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(e["error"]["field"], field, "{body}: {e}");
        let message = e["error"]["message"].as_str().unwrap();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese: {message}"
        );
    }
}

#[tokio::test]
async fn late_fee_answers_the_contract() {
    let (s, _dir) = state(true).await;
    let (status, f) = post(
        &s,
        "/api/v1/rules/late-fee",
        r#"{"kind":"wall-fund","principal":"10000","due":"2016-01-31","paid_on":"2016-03-01"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{f}");
    assert_eq!(f["days"], 30);
    assert_eq!(f["rate"], "0.0005");
    assert_eq!(f["amount"], "150.00");
    assert_eq!(f["capped"], false);
    let (status, e) = post(
        &s,
        "/api/v1/rules/late-fee",
        r#"{"kind":"fine","principal":"100","due":"2026-01-31","paid_on":"2026-01-01"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["error"]["field"], "paid_on");
}

#[tokio::test]
async fn routing_answers_the_contract() {
    let (s, _dir) = state(true).await;
    let (status, r) = post(
        &s,
        "/api/v1/routing/resolve",
        r#"{"text":"工地上自己拌混凝土归谁管"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["department"], "县住建局");
    assert_eq!(r["boundary_no"], 8);
    assert_eq!(r["matter"], "散装水泥推广应用监管");
    assert!(r["basis"].as_str().unwrap().contains("第二十四条"));
    assert!(!r["explanation"].as_str().unwrap().is_empty());
    let (_, r) = post(
        &s,
        "/api/v1/routing/resolve",
        r#"{"text":"我家的猫走丢了"}"#,
    )
    .await;
    assert_eq!(r["department"], serde_json::Value::Null);
    assert!(!r["explanation"].as_str().unwrap().is_empty());
    let (status, e) = post(&s, "/api/v1/routing/resolve", r#"{"text":"   "}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["error"]["field"], "text");
    let (status, e) = post(&s, "/api/v1/routing/resolve", r#"{"text":"asdf？？？"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "nonsense is refused");
    assert_eq!(e["error"]["field"], "text");
    assert!(e["error"]["message"].as_str().unwrap().contains("无法识别"));
    let (status, e) = post(&s, "/api/v1/routing/resolve", r#"{"words":"x"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["error"]["field"], "body");
}

/// An officer of 县散装水泥办公室 with the password `Zhifa-2026-anhua`, certified until 2099
/// or not at all.
async fn officer(s: &AppState, name: &str, certified: bool) -> qingdan_store::UserRecord {
    staff(s, name, "officer", certified).await
}

/// A user of `role` in 县散装水泥办公室 (with a certificate when `certified`), whose first
/// sign-in already replaced the password the administrator set.
async fn staff(s: &AppState, name: &str, role: &str, certified: bool) -> qingdan_store::UserRecord {
    s.store()
        .ensure_offices(&["县散装水泥办公室"], "test", "2026-11-27T00:00:00Z")
        .await
        .unwrap();
    let user = qingdan_app::users::create(
        s.store(),
        &qingdan_app::users::NewUser {
            username: name.into(),
            display_name: None,
            role: role.into(),
            office: Some("县散装水泥办公室".into()),
            password: "Zhifa-2026-anhua".into(),
            certificate: certified.then(|| "43092300001".into()),
            certificate_valid_from: None,
            certificate_valid_until: certified.then(|| "2099-12-31".into()),
        },
        "test",
        "2026-11-27T00:00:00Z",
    )
    .await
    .unwrap();
    let hash = user.password_hash.clone();
    s.store()
        .set_password(&user, &hash, "", "2026-11-27T00:00:00Z")
        .await
        .unwrap();
    s.store().user_by_name(name).await.unwrap().unwrap()
}

/// A POST whose declared length is `declared` bytes (the body itself is short: a declared
/// length over the route's limit is refused before anything is read).
async fn post_declared(
    state: &AppState,
    uri: &str,
    declared: usize,
    token: Option<&str>,
) -> (StatusCode, String) {
    let mut request = Request::post(uri)
        .header("content-type", "application/octet-stream")
        .header("content-length", declared.to_string());
    if let Some(t) = token {
        request = request.header("authorization", format!("Bearer {t}"));
    }
    let response = app(state.clone())
        .oneshot(request.body(Body::from(vec![b'x'; 16])).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

/// Body limits are the route's: 1 MB for the API (and pages), 10 MB for an attachment upload.
#[tokio::test]
async fn each_route_has_its_body_limit() {
    let (s, _dir) = state(true).await;
    let mb = 1024 * 1024;
    let (status, body) = post_declared(&s, "/api/v1/rules/assess", 2 * mb, None).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body.contains("请求内容超过 1024 KB 上限"), "{body}");
    let (status, body) = post_declared(&s, "/login", 2 * mb, None).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "pages have the default: {body}"
    );

    // An officer uploads: 2 MB passes the limit (and the task does not exist), 11 MB does not.
    officer(&s, "lixiang", true).await;
    let (status, token) = post(
        &s,
        "/api/v1/auth/token",
        r#"{"username":"lixiang","password":"Zhifa-2026-anhua"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let token = token["token"].as_str().unwrap().to_string();
    let upload = "/api/v1/tasks/999/attachments?name=a.png";
    let (status, body) = post_declared(&s, upload, 2 * mb, Some(&token)).await;
    assert_ne!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let (status, body) = post_declared(&s, upload, 11 * mb, Some(&token)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body.contains("10240 KB"), "{body}");
}

/// A browser sends the session cookie with every request, a cross-site page's too: an unsafe API
/// request signed in by the cookie alone needs the session's CSRF token in `X-CSRF-Token`; a
/// bearer token needs none (issue 15).
#[tokio::test]
async fn a_cookie_signed_api_post_needs_the_csrf_header() {
    let (s, _dir) = state(true).await;
    let user = officer(&s, "lixiang", true).await;
    let token = "a-session-token-for-the-test-0123456789";
    let hash = qingdan_identity::hash_token(token);
    s.store()
        .create_session(&hash, &user, "session", "2026-11-27T02:00:00Z", "")
        .await
        .unwrap();
    let send = |headers: Vec<(&'static str, String)>| {
        let s = s.clone();
        async move {
            let mut r = Request::post("/api/v1/cases").header("content-type", "application/json");
            for (k, v) in headers {
                r = r.header(k, v);
            }
            let response = app(s)
                .oneshot(r.body(Body::from("{}")).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&bytes).to_string())
        }
    };
    let cookie = format!("qingdan_session={token}");
    let (status, body) = send(vec![("cookie", cookie.clone())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains(r#""code":"csrf_required""#), "{body}");
    let (_, body) = send(vec![
        ("cookie", cookie.clone()),
        ("x-csrf-token", "forged".into()),
    ])
    .await;
    assert!(
        body.contains("csrf_required"),
        "a wrong token is refused too: {body}"
    );

    // The right token: the request reaches the handler (which refuses the empty case).
    let good = qingdan_identity::csrf_token(&hash, "api");
    let (status, body) = send(vec![
        ("cookie", cookie.clone()),
        ("x-csrf-token", good.clone()),
    ])
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(!body.contains("csrf_required"), "{body}");
    // The same token as a bearer token needs no CSRF header.
    let (status, body) = send(vec![("authorization", format!("Bearer {token}"))]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // `me` tells a cookie client its token; reading needs none.
    let response = app(s.clone())
        .oneshot(
            Request::get("/api/v1/auth/me")
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "a signed-in answer is not cached"
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let me: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(me["csrf_token"], good.as_str());
}

/// Changing the password ends the user's other sessions and tokens; the one that changed it
/// stays (issue 15, 等保 2.0).
#[tokio::test]
async fn a_password_change_ends_the_other_tokens() {
    let (s, _dir) = state(true).await;
    officer(&s, "wangqiang", false).await;
    let sign_in = r#"{"username":"wangqiang","password":"Zhifa-2026-anhua"}"#;
    let (_, first) = post(&s, "/api/v1/auth/token", sign_in).await;
    let (_, second) = post(&s, "/api/v1/auth/token", sign_in).await;
    let first = first["token"].as_str().unwrap().to_string();
    let second = second["token"].as_str().unwrap().to_string();
    let me = |token: String| {
        let s = s.clone();
        async move {
            app(s)
                .oneshot(
                    Request::get("/api/v1/auth/me")
                        .header("authorization", format!("Bearer {token}"))
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(me(second.clone()).await, StatusCode::OK);
    let response = app(s.clone())
        .oneshot(
            Request::post("/api/v1/auth/password")
                .header("authorization", format!("Bearer {first}"))
                .header("content-type", "application/json")
                .body(Body::from(
                    r#"{"current_password":"Zhifa-2026-anhua","new_password":"Xin-mima-2026-anhua"}"#,
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(second).await,
        StatusCode::UNAUTHORIZED,
        "the other token is over"
    );
    assert_eq!(
        me(first).await,
        StatusCode::OK,
        "the one that changed it stays"
    );
}

/// A session or token unused for 31 minutes is over; one unused for 29 is not (等保 2.0,
/// default 30 minutes idle).
#[tokio::test]
async fn a_session_idle_for_thirty_one_minutes_is_over() {
    let (s, _dir) = state(true).await; // the clock stands at 2026-11-27T02:00:00Z
    let user = officer(&s, "zhaomin", false).await;
    for (token, last_used, want) in [
        (
            "token-used-31-minutes-ago-0000000000",
            "2026-11-27T01:29:00Z",
            StatusCode::UNAUTHORIZED,
        ),
        (
            "token-used-29-minutes-ago-0000000000",
            "2026-11-27T01:31:00Z",
            StatusCode::OK,
        ),
    ] {
        s.store()
            .create_session(
                &qingdan_identity::hash_token(token),
                &user,
                "api",
                last_used,
                "",
            )
            .await
            .unwrap();
        let status = app(s.clone())
            .oneshot(
                Request::get("/api/v1/auth/me")
                    .header("authorization", format!("Bearer {token}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
            .status();
        assert_eq!(status, want, "last used {last_used}");
    }
}

/// A method a path does not take is the client's 405 with `Allow`, in the API's error format
/// (it was a 403 logged at ERROR, which anyone could flood); HEAD is answered as GET; an id
/// too large for an integer is the API's JSON 400, not axum's plain text.
#[tokio::test]
async fn a_wrong_method_is_405_and_a_bad_path_parameter_is_a_json_400() {
    let (s, _dir) = state(true).await;
    let send = |method: &'static str, uri: &'static str| {
        let s = s.clone();
        async move {
            let response = app(s)
                .oneshot(
                    Request::builder()
                        .method(method)
                        .uri(uri)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            let status = response.status();
            let allow = response
                .headers()
                .get("allow")
                .map(|v| v.to_str().unwrap().to_string());
            let kind = response
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string());
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (
                status,
                allow,
                kind,
                String::from_utf8_lossy(&bytes).to_string(),
            )
        }
    };
    let (status, allow, _, body) = send("PATCH", "/api/v1/cases").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    assert_eq!(allow.as_deref(), Some("GET, POST"));
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"]["code"], "method_not_allowed");
    assert!(v["error"]["message"].as_str().unwrap().contains("PATCH"));
    let (status, _, _, _) = send("HEAD", "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, kind, body) = send("GET", "/api/v1/draws/9223372036854775808").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(kind.unwrap().starts_with("application/json"), "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"]["code"], "invalid_path", "{body}");
}

/// Sends `method uri` with a JSON `body`, a bearer `token` and the client address `from` (as
/// the server's connection info gives it), answering status and JSON.
async fn send_from(
    s: &AppState,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: &str,
    from: &str,
) -> (StatusCode, serde_json::Value) {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .extension(axum::extract::ConnectInfo(
            format!("{from}:40000")
                .parse::<std::net::SocketAddr>()
                .unwrap(),
        ));
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    let response = app(s.clone())
        .oneshot(r.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = if bytes.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null)
    };
    (status, value)
}

async fn sign_in_from(
    s: &AppState,
    name: &str,
    password: &str,
    from: &str,
) -> (StatusCode, serde_json::Value) {
    let body = serde_json::json!({"username": name, "password": password}).to_string();
    send_from(s, "POST", "/api/v1/auth/token", None, &body, from).await
}

/// 等保 2.0 8.1.4.1 b: a stranger's wrong passwords from his address delay only him; the
/// officer at his desk signs in; the 安全管理员 sees the failures and releases the delay; the
/// 系统管理员 cannot.
#[tokio::test]
async fn a_stranger_cannot_lock_an_officer_out_and_the_security_officer_releases_delays() {
    let (s, _dir) = state(true).await;
    officer(&s, "lixiang", true).await;
    let stranger = "203.0.113.66";
    for _ in 0..5 {
        let (status, _) = sign_in_from(&s, "lixiang", "wrong-password-1A", stranger).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The stranger now waits, even with the right password.
    let (status, body) = sign_in_from(&s, "lixiang", "Zhifa-2026-anhua", stranger).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("加倍"),
        "{body}"
    );
    // The officer, from his own desk, is not affected.
    let (status, body) = sign_in_from(&s, "lixiang", "Zhifa-2026-anhua", "10.20.0.5").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The 安全管理员 (created by the administrator, first password changed) sees it.
    let security = qingdan_app::users::create(
        s.store(),
        &qingdan_app::users::NewUser {
            username: "anquan".into(),
            display_name: None,
            role: "security".into(),
            office: None,
            password: "Baomi-2026-guanli".into(),
            certificate: None,
            certificate_valid_from: None,
            certificate_valid_until: None,
        },
        "admin",
        "2026-11-27T00:00:00Z",
    )
    .await
    .unwrap();
    assert!(security.must_change_password, "set by someone else");
    let (_, body) = sign_in_from(&s, "anquan", "Baomi-2026-guanli", "10.20.0.9").await;
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(body["must_change_password"], true);
    // Reading is allowed before the change …
    let (status, list) = send_from(
        &s,
        "GET",
        "/api/v1/security/sign-in-failures",
        Some(&token),
        "",
        "10.20.0.9",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list[0]["username"], "lixiang", "{list}");
    assert_eq!(list[0]["address"], stranger);
    assert_eq!(list[0]["failures"], 5);
    assert!(list[0]["delayed_until"].is_string(), "{list}");
    // … acting is not.
    let clear = serde_json::json!({"username": "lixiang", "address": stranger}).to_string();
    let (status, body) = send_from(
        &s,
        "POST",
        "/api/v1/security/sign-in-failures/clear",
        Some(&token),
        &clear,
        "10.20.0.9",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"]["code"], "must_change_password");
    let change = serde_json::json!({"current_password": "Baomi-2026-guanli", "new_password": "Xin-Baomi-2026-mima"}).to_string();
    let (status, body) = send_from(
        &s,
        "POST",
        "/api/v1/auth/password",
        Some(&token),
        &change,
        "10.20.0.9",
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, body) = send_from(
        &s,
        "POST",
        "/api/v1/security/sign-in-failures/clear",
        Some(&token),
        &clear,
        "10.20.0.9",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["cleared"], 5);
    let (status, _) = sign_in_from(&s, "lixiang", "Zhifa-2026-anhua", stranger).await;
    assert_eq!(status, StatusCode::OK, "released");
    // The settings say what is in force.
    let (status, settings) = send_from(
        &s,
        "GET",
        "/api/v1/security/settings",
        Some(&token),
        "",
        "10.20.0.9",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["session_idle_minutes"], 30);
    assert_eq!(settings["password_max_age_days"], 90);
    assert_eq!(settings["lockout_free_failures"], 5);

    // The officer (no 安全管理员) is refused the security API.
    let (_, body) = sign_in_from(&s, "lixiang", "Zhifa-2026-anhua", "10.20.0.5").await;
    let officer_token = body["token"].as_str().unwrap().to_string();
    let (status, _) = send_from(
        &s,
        "GET",
        "/api/v1/security/sign-in-failures",
        Some(&officer_token),
        "",
        "10.20.0.5",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// 等保 2.0 8.1.4.1 a (定期更换): a password older than 90 days must be changed before
/// anything but reading.
#[tokio::test]
async fn an_expired_password_allows_reading_only_until_changed() {
    let (s, _dir) = state(true).await;
    let user = officer(&s, "lixiang", true).await;
    // The password was last set 91 days before the server's day (2026-11-27).
    s.store()
        .set_password(
            &user,
            &user.password_hash.clone(),
            "",
            "2026-08-28T02:00:00Z",
        )
        .await
        .unwrap();
    let (_, body) = sign_in_from(&s, "lixiang", "Zhifa-2026-anhua", "10.20.0.5").await;
    assert_eq!(body["must_change_password"], true, "{body}");
    let token = body["token"].as_str().unwrap().to_string();
    let (status, _) = send_from(&s, "GET", "/api/v1/cases", Some(&token), "", "10.20.0.5").await;
    assert_eq!(status, StatusCode::OK, "reading is allowed");
    let (status, body) =
        send_from(&s, "POST", "/api/v1/cases", Some(&token), "{}", "10.20.0.5").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"]["code"], "must_change_password");
    // 89 days is still fine.
    s.store()
        .set_password(
            &user,
            &user.password_hash.clone(),
            "",
            "2026-08-30T02:00:00Z",
        )
        .await
        .unwrap();
    let (_, body) = sign_in_from(&s, "lixiang", "Zhifa-2026-anhua", "10.20.0.5").await;
    assert_eq!(body["must_change_password"], false, "{body}");
}

/// A user of `role` with a known API token (password already changed, so not read-only).
async fn token_for(s: &AppState, name: &str, role: &str) -> String {
    let user = staff(s, name, role, role == "officer").await;
    let token = format!("token-of-{name}-0123456789abcdef");
    s.store()
        .create_session(
            &qingdan_identity::hash_token(&token),
            &user,
            "api",
            "2026-11-27T02:00:00Z",
            "",
        )
        .await
        .unwrap();
    token
}

/// The string fields of a JSON schema, as the paths `ApiJson` names (`party.name`,
/// `officers[0]`), with `$ref`s resolved against the document.
fn string_fields(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    path: &str,
    out: &mut Vec<String>,
) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return string_fields(doc, &doc["components"]["schemas"][name], path, out);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema[key].as_array() {
            for o in options {
                string_fields(doc, o, path, out);
            }
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        serde_json::Value::String(t) => vec![t.as_str()],
        serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str()).collect(),
        _ => Vec::new(),
    };
    if types.contains(&"string") && !path.is_empty() && !out.contains(&path.to_string()) {
        out.push(path.to_string());
    }
    if let Some(props) = schema["properties"].as_object() {
        for (k, v) in props {
            let at = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            string_fields(doc, v, &at, out);
        }
    }
    if types.contains(&"array") {
        string_fields(doc, &schema["items"], &format!("{path}[0]"), out);
    }
}

/// A body with only `path` set to `value` (objects and one-element arrays made on the way).
fn body_at(path: &str, value: serde_json::Value) -> serde_json::Value {
    let Some((head, rest)) = path.split_once('.') else {
        return match path.strip_suffix("[0]") {
            Some(name) => serde_json::json!({ name: [value] }),
            None => serde_json::json!({ path: value }),
        };
    };
    let inner = body_at(rest, value);
    match head.strip_suffix("[0]") {
        Some(name) => serde_json::json!({ name: [inner] }),
        None => serde_json::json!({ head: inner }),
    }
}

/// Issue 15: a NUL in any string field the OpenAPI declares — every request body's, every
/// string query parameter's — is a Chinese 400 `control_character` naming that field, for a
/// caller the route admits (tried as each role in turn).
#[tokio::test]
async fn a_nul_in_every_string_field_the_openapi_declares_is_refused_naming_it() {
    let (s, _dir) = state(true).await;
    let mut tokens = vec![None];
    for (name, role) in [
        ("sz01", "officer"),
        ("fenguan", "leader"),
        ("fazhi", "legal"),
        ("guanli", "admin"),
        ("shenji", "auditor"),
        ("baomi", "security"),
    ] {
        tokens.push(Some(token_for(&s, name, role).await));
    }
    let doc = serde_json::to_value(qingdan_web::openapi()).unwrap();
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let uri = path
                .replace("{id}", "1")
                .replace("{format}", "json")
                .replace("{kind}", "notice");
            let mut probes: Vec<(String, String, Option<serde_json::Value>)> = Vec::new();
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            let mut fields = Vec::new();
            string_fields(&doc, schema, "", &mut fields);
            for f in fields {
                let body = body_at(&f, serde_json::Value::String("甲\u{0}乙".into()));
                probes.push((f, uri.clone(), Some(body)));
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                let mut types = Vec::new();
                string_fields(&doc, &p["schema"], "x", &mut types);
                if p["in"] == "query" && !types.is_empty() {
                    let name = p["name"].as_str().unwrap();
                    probes.push((name.to_string(), format!("{uri}?{name}=%E7%94%B2%00"), None));
                }
            }
            for (field, uri, body) in probes {
                let mut answered = None;
                for token in &tokens {
                    let mut r = Request::builder()
                        .method(method.to_uppercase().as_str())
                        .uri(&uri);
                    if let Some(t) = token {
                        r = r.header("authorization", format!("Bearer {t}"));
                    }
                    let req = match &body {
                        Some(b) => r
                            .header("content-type", "application/json")
                            .body(Body::from(b.to_string()))
                            .unwrap(),
                        None => r.body(Body::empty()).unwrap(),
                    };
                    let response = app(s.clone()).oneshot(req).await.unwrap();
                    let status = response.status();
                    let bytes = response.into_body().collect().await.unwrap().to_bytes();
                    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
                        continue;
                    }
                    answered = Some((
                        status,
                        serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_default(),
                    ));
                    break;
                }
                let ok = matches!(&answered, Some((StatusCode::BAD_REQUEST, v))
                    if v["error"]["code"] == "control_character" && v["error"]["field"] == field.as_str());
                if ok {
                    checked.push(format!("{method} {path} {field}"));
                } else {
                    failures.push(format!("{method} {path} {field}: {answered:?}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} refused wrongly:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        checked.len() >= 40,
        "only {} fields checked: {checked:?}",
        checked.len()
    );
    eprintln!(
        "{} string fields refused a NUL, naming the field",
        checked.len()
    );
}
