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
            })
            .await
            .unwrap();
    }
    (AppState::load(store).await.unwrap(), dir)
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
            "/api/v1/catalog",
            "/api/v1/catalog/boundaries",
            "/api/v1/catalog/duties",
            "/api/v1/catalog/export/{format}",
            "/api/v1/catalog/services",
            "/api/v1/catalog/systems",
            "/api/v1/catalog/versions",
            "/api/v1/openapi.json",
            "/api/v1/search",
            "/healthz",
        ]
    );
}
