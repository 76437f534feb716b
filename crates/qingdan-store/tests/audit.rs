//! The audit chain on both backends: every write is recorded in its transaction, and direct
//! tampering with the rows (alter, delete, reorder, truncate) is named by the verifier.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod common;

use qingdan_core::audit::{ChainError, NewEvent};
use qingdan_store::{NewCatalogVersion, Store, VerifyError};

const ANHUA: &str = include_str!("../../../data/seeds/anhua.txt");

fn event(n: usize) -> NewEvent {
    NewEvent {
        at: format!("2026-11-27T08:00:{:02}Z", n % 60),
        actor: "officer-1".into(),
        action: "test.recorded".into(),
        entity: "thing".into(),
        entity_id: (n % 3).to_string(),
        before: n.is_multiple_of(2).then(|| format!("{{\"n\":{n}}}")),
        after: Some(format!("{{\"n\":{}}}", n + 1)),
        reason: "测试".into(),
        row_hash: None,
    }
}

async fn busy(store: &Store) {
    let c = qingdan_core::parse_list(ANHUA).unwrap();
    store
        .import_catalog(NewCatalogVersion {
            source_name: "anhua.txt",
            source_text: ANHUA,
            catalog: &c,
            imported_at: "2026-11-27T08:00:00Z",
            actor: "admin",
        })
        .await
        .unwrap();
    for n in 0..7 {
        store.record(event(n)).await.unwrap();
    }
}

fn first_bad(r: Result<qingdan_store::Verified, VerifyError>) -> ChainError {
    match r {
        Err(VerifyError::Chain(e)) => e,
        other => panic!("expected a chain error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_intact_chain_verifies_and_imports_are_recorded() {
    for (name, store, _dir) in common::backends().await {
        busy(&store).await;
        let mut pages = 0;
        assert_eq!(
            store.verify_audit(|_| pages += 1).await.unwrap().events,
            8,
            "{name}"
        );
        assert!(pages >= 1);
        let history = store.events_for("catalog_version", "1").await.unwrap();
        assert_eq!(history.len(), 1, "{name}");
        assert_eq!(history[0].action, "catalog.imported");
        assert_eq!(history[0].actor, "admin");
        assert_eq!(history[0].seq, 1);
        assert_eq!(store.events_for("thing", "0").await.unwrap().len(), 3);
    }
}

#[tokio::test]
async fn tampering_is_named() {
    type Case = (&'static str, &'static str, fn(ChainError) -> bool);
    let cases: [Case; 5] = [
        (
            "altered",
            "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3",
            |e| e == ChainError::Altered { seq: 3 },
        ),
        ("deleted", "DELETE FROM audit_events WHERE seq = 4", |e| {
            e == ChainError::Gap {
                expected: 4,
                found: 5,
            }
        }),
        (
            "reordered",
            "UPDATE audit_events SET seq = -1 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = -1",
            |e| e.seq() == 2,
        ),
        ("truncated", "DELETE FROM audit_events WHERE seq = 8", |e| {
            e == ChainError::Truncated { last: 7, head: 8 }
        }),
        (
            "rewritten",
            "UPDATE audit_events SET reason = '改写', hash = 'ab' WHERE seq = 5",
            |e| e == ChainError::Altered { seq: 5 },
        ),
    ];
    for (what, sql, expected) in cases {
        for (name, store, _dir, raw) in common::backends_with_raw().await {
            busy(&store).await;
            raw.exec(sql).await;
            let e = first_bad(store.verify_audit(|_| {}).await);
            assert!(expected(e.clone()), "{name} {what}: {e:?}");
            assert!(e.to_string().contains(&format!("第 {} 号", e.seq())), "{e}");
        }
    }
}

#[tokio::test]
async fn concurrent_appends_keep_one_chain() {
    for (name, store, _dir) in common::backends().await {
        let mut tasks = Vec::new();
        for n in 0..40 {
            let s = store.clone();
            tasks.push(tokio::spawn(async move { s.record(event(n)).await }));
        }
        let mut seqs: Vec<i64> = Vec::new();
        for t in tasks {
            seqs.push(t.await.unwrap().unwrap().seq);
        }
        seqs.sort_unstable();
        assert_eq!(
            seqs,
            (1..=40).collect::<Vec<_>>(),
            "{name}: gap-free, no duplicates"
        );
        assert_eq!(
            store.verify_audit(|_| {}).await.unwrap().events,
            40,
            "{name}"
        );
    }
}

/// Two stores on one SQLite file (two processes, as `qingdan catalog import` beside a running
/// server): each appends from the head it last saw, the database refuses a stale one and the
/// appender re-reads the head, so the interleaved chain has no gap and verifies.
#[tokio::test]
async fn two_processes_on_one_sqlite_file_keep_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.db");
    let a = Store::open_sqlite(&path).await.unwrap();
    let b = Store::open_sqlite(&path).await.unwrap();
    let mut seqs = Vec::new();
    for n in 0..20 {
        let store = if n % 3 == 0 { &a } else { &b };
        seqs.push(store.record(event(n)).await.unwrap().seq);
    }
    assert_eq!(seqs, (1..=20).collect::<Vec<i64>>());
    // Concurrently, too.
    let mut tasks = Vec::new();
    for n in 0..40 {
        let store = if n % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move { store.record(event(n)).await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(a.verify_audit(|_| {}).await.unwrap().events, 60);
    a.close().await;
    b.close().await;
}

/// The database's administrator deletes the last events and rewinds the head: the chain in the
/// database still holds, the anchor outside it does not; events then written in the deleted
/// ones' place are caught too (one number anchored with two hashes). Both backends.
#[tokio::test]
async fn the_anchor_outside_the_database_catches_a_deleted_tail_and_its_replacement() {
    use qingdan_store::AnchorFile;
    for (name, store, _dir, raw) in common::backends_with_raw().await {
        let anchor_dir = tempfile::tempdir().unwrap();
        let plain = store.clone();
        let store = store
            .anchored(AnchorFile::open(anchor_dir.path()).unwrap())
            .await
            .unwrap();
        busy(&store).await;
        let v = store.verify_audit(|_| {}).await.unwrap();
        assert_eq!((v.events, v.anchored), (8, Some(8)), "{name}");
        assert_eq!(v.anchor_key.map(|k| k.len()), Some(12));

        raw.exec(
            "DELETE FROM audit_events WHERE seq > 6; \
             UPDATE audit_head SET seq = 6, hash = (SELECT hash FROM audit_events WHERE seq = 6) \
             WHERE id = 1",
        )
        .await;
        // Without the anchor the database alone looks whole: that is why it is kept outside.
        assert_eq!(
            plain.verify_audit(|_| {}).await.unwrap().events,
            6,
            "{name}"
        );
        let e = first_bad(store.verify_audit(|_| {}).await);
        assert_eq!(
            e,
            ChainError::BehindAnchor {
                last: 6,
                anchored: 8
            },
            "{name}"
        );
        assert!(e.to_string().contains("末尾 2 个事件被删除"), "{e}");

        // New events written where the deleted ones were.
        store.record(event(100)).await.unwrap();
        store.record(event(101)).await.unwrap();
        assert_eq!(
            plain.verify_audit(|_| {}).await.unwrap().events,
            8,
            "{name}"
        );
        assert_eq!(
            first_bad(store.verify_audit(|_| {}).await),
            ChainError::Rewritten { seq: 7 },
            "{name}"
        );

        // A forged anchor line (no key) is refused, naming its line.
        let log = anchor_dir.path().join("anchor.log");
        let mut text = std::fs::read_to_string(&log).unwrap();
        text.push_str(&format!(
            "qingdan-anchor-v1 99 {} {}\n",
            "a".repeat(64),
            "b".repeat(64)
        ));
        std::fs::write(&log, text).unwrap();
        match store.verify_audit(|_| {}).await {
            Err(VerifyError::Anchor(e)) => assert!(e.to_string().contains("校验码不符"), "{e}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}
