#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! Case storage on both backends: gap-free numbers under concurrency, optimistic steps, the
//! audit chain.

mod common;

use qingdan_store::{CaseStep, NewCaseRow, StoreError};

fn new_case<'a>(party: &'a str) -> NewCaseRow<'a> {
    NewCaseRow {
        prefix: "安工信罚",
        year: 2026,
        office: "县散装水泥办公室",
        violation: "bagged-cement",
        procedure: "general",
        stage: "filing",
        party_name: party,
        party_uscc: None,
        data: "{}",
        actor: "li",
        at: "2026-03-02T01:00:00Z",
    }
}

fn number(seq: i64) -> String {
    format!("安工信罚〔2026〕{seq}号")
}

/// 100 concurrent openings give 100 distinct numbers 1..=100, on SQLite and PostgreSQL, and
/// the audit chain holds one event per case.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_openings_get_gap_free_numbers() {
    for (name, store, _dir) in common::backends().await {
        let mut tasks = Vec::new();
        for i in 0..100 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let party = format!("当事人{i}");
                store.create_case(new_case(&party), number).await
            }));
        }
        let mut seqs = Vec::new();
        for t in tasks {
            let row = t.await.unwrap().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(row.number, number(row.seq), "{name}");
            seqs.push(row.seq);
        }
        seqs.sort_unstable();
        assert_eq!(
            seqs,
            (1..=100).collect::<Vec<i64>>(),
            "{name}: distinct and gap-free"
        );
        let count = store.verify_audit(|_| {}).await.unwrap();
        assert_eq!(count, 100, "{name}");
        // Another year starts again at 1.
        let mut next_year = new_case("明年的当事人");
        next_year.year = 2027;
        let row = store
            .create_case(next_year, |s| format!("安工信罚〔2027〕{s}号"))
            .await
            .unwrap();
        assert_eq!(row.number, "安工信罚〔2027〕1号", "{name}");
        store.close().await;
    }
}

/// A step saves only from the version it was computed on; the loser of a race gets a
/// Chinese conflict and writes nothing.
#[tokio::test]
async fn a_step_from_a_stale_version_is_refused() {
    for (name, store, _dir) in common::backends().await {
        let row = store.create_case(new_case("某公司"), number).await.unwrap();
        let step = |version| CaseStep {
            expected_version: version,
            stage: "investigation",
            data: r#"{"stage": "investigation"}"#,
            step: "approve_filing",
            summary: "批准立案",
            detail: r#"{"action": "approve_filing"}"#,
            actor: "boss",
            at: "2026-03-02T02:00:00Z",
            published_on: None,
        };
        let moved = store
            .save_case_step(row.id, step(row.version))
            .await
            .unwrap();
        assert_eq!(moved.version, row.version + 1, "{name}");
        assert_eq!(moved.stage, "investigation");
        match store.save_case_step(row.id, step(row.version)).await {
            Err(StoreError::Conflict(m)) => assert!(m.contains("刷新"), "{m}"),
            other => panic!("{name}: {other:?}"),
        }
        let history = store.events_for("case", &row.id.to_string()).await.unwrap();
        let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["case.opened", "case.approve_filing"], "{name}");
        assert_eq!(
            store
                .cases(Some("县散装水泥办公室"), 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            store
                .cases(Some("县无线电管理办公室"), 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.cases(None, 10).await.unwrap().len(), 1);
        assert!(store.case(row.id + 1000).await.unwrap().is_none());
        assert!(store.published_cases(10).await.unwrap().is_empty());
        let mut publish = step(row.version + 1);
        publish.step = "publish";
        publish.published_on = Some("2026-03-10");
        store.save_case_step(row.id, publish).await.unwrap();
        let published = store.published_cases(10).await.unwrap();
        assert_eq!(published.len(), 1, "{name}");
        store.close().await;
    }
}
