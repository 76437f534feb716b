//! Catalog versions on both backends: import, read back, versions stay readable.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod common;

use qingdan_core::parse_list;
use qingdan_store::{Backend, NewCatalogVersion, Store, sha256_hex};

const ANHUA: &str = include_str!("../../../data/seeds/anhua.txt");

#[tokio::test]
async fn versions_are_kept_and_the_newest_is_current() {
    for (name, store, _dir) in common::backends().await {
        assert!(
            store.current_catalog().await.unwrap().is_none(),
            "{name}: empty at first"
        );
        assert_eq!(store.current_version().await.unwrap(), None);

        let first = parse_list(ANHUA).unwrap();
        let v1 = store
            .import_catalog(NewCatalogVersion {
                source_name: "anhua.txt",
                source_text: ANHUA,
                catalog: &first,
                imported_at: "2026-11-27T08:00:00Z",
                actor: "test",
            })
            .await
            .unwrap();
        assert_eq!(v1.bureau, "安化县工业和信息化局", "{name}");
        assert_eq!(v1.counts.items, 56);
        assert_eq!(v1.source_sha256, sha256_hex(ANHUA));

        let edited_text = ANHUA.replace("0737-7230976", "0737-7230000");
        let second = parse_list(&edited_text).unwrap();
        let v2 = store
            .import_catalog(NewCatalogVersion {
                source_name: "anhua-2.txt",
                source_text: &edited_text,
                catalog: &second,
                imported_at: "2026-11-28T08:00:00Z",
                actor: "test",
            })
            .await
            .unwrap();
        assert!(v2.id > v1.id, "{name}");

        let current = store.current_catalog().await.unwrap().unwrap();
        assert_eq!(current.info, v2, "{name}");
        assert_eq!(current.catalog, second);
        assert_eq!(store.current_version().await.unwrap(), Some(v2.id));

        let old = store.catalog_version(v1.id).await.unwrap().unwrap();
        assert_eq!(old.catalog, first, "{name}: earlier versions stay readable");
        assert_eq!(old.catalog.services[0].phone, "0737-7230976");
        assert_eq!(
            store.catalog_source(v1.id).await.unwrap().as_deref(),
            Some(ANHUA)
        );
        assert!(store.catalog_version(v2.id + 100).await.unwrap().is_none());

        let versions = store.catalog_versions().await.unwrap();
        assert_eq!(
            versions,
            vec![v2.clone(), v1.clone()],
            "{name}: newest first"
        );
        store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn both_backends_really_run() {
    let stores = common::backends().await;
    for (name, store, _) in &stores {
        // A visible line in CI (run with --nocapture): which databases the storage tests used.
        let version = store.server_version().await.unwrap();
        println!("storage tests ran on {name}: {version}");
    }
    let backends: Vec<Backend> = stores.iter().map(|(_, s, _)| s.backend()).collect();
    assert!(backends.contains(&Backend::Sqlite));
    if std::env::var("QINGDAN_SKIP_POSTGRES").as_deref() != Ok("1") {
        assert!(
            backends.contains(&Backend::Postgres),
            "PostgreSQL must run, not skip"
        );
    }
}

#[tokio::test]
async fn reopening_migrates_once_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.db");
    let c = parse_list(ANHUA).unwrap();
    {
        let store = Store::open_sqlite(&path).await.unwrap();
        store
            .import_catalog(NewCatalogVersion {
                source_name: "a",
                source_text: ANHUA,
                catalog: &c,
                imported_at: "2026-11-27T08:00:00Z",
                actor: "test",
            })
            .await
            .unwrap();
        store.close().await;
    }
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert_eq!(store.current_catalog().await.unwrap().unwrap().catalog, c);

    // PostgreSQL: two opens of the same schema (two app processes starting) both succeed.
    if std::env::var("QINGDAN_SKIP_POSTGRES").as_deref() != Ok("1") {
        let url = std::env::var("QINGDAN_TEST_DATABASE_URL")
            .unwrap_or_else(|_| common::DEFAULT_PG.into());
        let schema = common::unique_schema();
        let (a, b) = tokio::join!(
            Store::open_postgres(&url, Some(&schema)),
            Store::open_postgres(&url, Some(&schema))
        );
        a.unwrap();
        b.unwrap();
    }
}

#[tokio::test]
async fn unsupported_urls_are_refused_in_chinese() {
    let e = Store::open("mysql://x").await.unwrap_err();
    assert!(e.to_string().contains("不支持的数据库地址"), "{e}");
}

#[tokio::test]
async fn two_processes_opening_a_new_sqlite_file_at_once_both_migrate_cleanly() {
    // Regression: the migration ledger row is claimed first, so the second opener waits and
    // then skips, instead of re-running the DDL.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let (a, b) = tokio::join!(Store::open_sqlite(&path), Store::open_sqlite(&path));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.current_version().await.unwrap(), None);
    assert_eq!(b.verify_audit(|_| {}).await.unwrap().events, 0);
}
