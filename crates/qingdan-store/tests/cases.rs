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
        let count = store.verify_audit(|_| {}).await.unwrap().events;
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
            key: None,
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

/// An `Idempotency-Key` sent again with the same request answers the first case; sent at once
/// by ten racing retries it still opens one case and consumes one number; reused for another
/// request it is refused. On SQLite and PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_retried_creation_opens_one_case() {
    use qingdan_store::Idempotency;
    for (name, store, _dir) in common::backends().await {
        let key = Idempotency {
            key: "retry-7f3a",
            request_sha256: "aaaa",
        };
        let (first, replayed) = store
            .create_case_once(new_case("某公司"), number, key)
            .await
            .unwrap();
        assert!(!replayed, "{name}");
        let (again, replayed) = store
            .create_case_once(new_case("某公司"), number, key)
            .await
            .unwrap();
        assert!(replayed, "{name}");
        assert_eq!(again.id, first.id, "{name}");

        // Racing retries of another request under a new key.
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let key = Idempotency {
                    key: "race-1",
                    request_sha256: "bbbb",
                };
                store
                    .create_case_once(new_case("另一公司"), number, key)
                    .await
            }));
        }
        let mut ids = Vec::new();
        for t in tasks {
            let (row, _) = t.await.unwrap().unwrap_or_else(|e| panic!("{name}: {e}"));
            ids.push(row.id);
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "{name}: one case for ten retries");
        let all = store.cases(None, 100).await.unwrap();
        assert_eq!(all.len(), 2, "{name}");
        assert_eq!(
            all.iter().map(|c| c.seq).max(),
            Some(2),
            "{name}: no number consumed by a retry"
        );

        // The key reused for a different request.
        let reused = Idempotency {
            key: "retry-7f3a",
            request_sha256: "cccc",
        };
        let e = store
            .create_case_once(new_case("第三家公司"), number, reused)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::Conflict(m) if m.contains("已用于另一请求")),
            "{name}: {e}"
        );
        // Another actor's key is their own.
        let mut other = new_case("某公司");
        other.actor = "wang";
        let (row, replayed) = store.create_case_once(other, number, key).await.unwrap();
        assert!(!replayed && row.id != first.id, "{name}");
        assert_eq!(
            store.verify_audit(|_| {}).await.unwrap().events,
            3,
            "{name}: three cases, three events"
        );
        store.close().await;
    }
}

/// An inspection task opened under an `Idempotency-Key` is opened once; a case's key is not a
/// task's. On SQLite and PostgreSQL.
#[tokio::test]
async fn a_retried_task_opening_opens_one_task() {
    use qingdan_store::{Idempotency, NewTaskRow};
    for (name, store, _dir) in common::backends().await {
        let task = || NewTaskRow {
            system: "no-site-mixing",
            target_id: "AH-2026-001",
            target_name: "东坪镇安置小区二期",
            office: "县散装水泥办公室",
            state: "open",
            data: "{}",
            officer_draw: None,
            actor: "li",
            at: "2026-03-02T01:00:00Z",
            summary: "开展检查",
        };
        let key = Idempotency {
            key: "task-1",
            request_sha256: "aaaa",
        };
        let (first, replayed) = store.create_task_once(task(), key).await.unwrap();
        assert!(!replayed, "{name}");
        let (again, replayed) = store.create_task_once(task(), key).await.unwrap();
        assert!(replayed && again.id == first.id, "{name}");
        assert_eq!(store.tasks(None, 10).await.unwrap().len(), 1, "{name}");
        // The same key already named a case: refused, not answered with the case's id.
        let case_key = Idempotency {
            key: "case-1",
            request_sha256: "bbbb",
        };
        store
            .create_case_once(new_case("某公司"), number, case_key)
            .await
            .unwrap();
        let task_under_case_key = Idempotency {
            key: "case-1",
            request_sha256: "bbbb",
        };
        let e = store
            .create_task_once(task(), task_under_case_key)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict(_)), "{name}: {e}");
        assert_eq!(store.tasks(None, 10).await.unwrap().len(), 1, "{name}");
        store.close().await;
    }
}

/// Every write seals the case's row in its event; a row edited, deleted or inserted behind
/// the store's back is named by `check_rows`, `row_problem` and `verify_audit`. Both backends.
#[tokio::test]
async fn a_case_row_edited_deleted_or_slipped_in_is_named() {
    use qingdan_store::{RowProblem, VerifyError};
    for (name, store, _dir, raw) in common::backends_with_raw().await {
        let first = store.create_case(new_case("甲公司"), number).await.unwrap();
        let second = store.create_case(new_case("乙公司"), number).await.unwrap();
        let step = CaseStep {
            expected_version: second.version,
            stage: "investigation",
            data: r#"{"stage": "investigation"}"#,
            step: "approve_filing",
            summary: "批准立案",
            detail: r#"{"action": "approve_filing"}"#,
            actor: "boss",
            at: "2026-03-02T02:00:00Z",
            published_on: None,
            key: None,
        };
        store.save_case_step(second.id, step).await.unwrap();
        let v = store.verify_audit(|_| {}).await.unwrap();
        assert_eq!((v.rows.checked, v.rows.not_yet_sealed), (2, 0), "{name}");
        assert!(v.rows.problems.is_empty());
        assert_eq!(store.row_problem("case", second.id).await.unwrap(), None);

        raw.exec("UPDATE cases SET party_name = '伪造' WHERE id = 2")
            .await;
        let differs = RowProblem::Differs {
            label: "案件",
            id: 2,
            seq: 3,
        };
        assert_eq!(
            store.row_problem("case", 2).await.unwrap(),
            Some(differs.clone()),
            "{name}: the step (event 3) sealed it last"
        );
        assert_eq!(store.row_problem("case", first.id).await.unwrap(), None);
        // An event that writes no row (a refused step, an export) does not seal the forged row.
        store
            .record(qingdan_core::audit::NewEvent::new(
                "2026-03-02T03:00:00Z",
                "li",
                "case.refused",
                "case",
                "2",
                "wrong_stage：步骤不合程序",
            ))
            .await
            .unwrap();
        assert_eq!(
            store.row_problem("case", 2).await.unwrap(),
            Some(differs.clone()),
            "{name}: still the step's (event 3) digest"
        );
        match store.verify_audit(|_| {}).await {
            Err(VerifyError::Rows(p)) => assert_eq!(p, vec![differs.clone()], "{name}"),
            other => panic!("{name}: {other:?}"),
        }
        assert!(
            differs
                .to_string()
                .contains("案件 2 的数据行与第 3 号审计事件")
        );

        // The data JSON edited instead: caught the same way.
        raw.exec("UPDATE cases SET party_name = '乙公司', data = '{\"fine\": 1}' WHERE id = 2")
            .await;
        assert_eq!(
            store.row_problem("case", 2).await.unwrap(),
            Some(differs),
            "{name}"
        );
        raw.exec("UPDATE cases SET data = '{\"stage\": \"investigation\"}' WHERE id = 2")
            .await;
        assert_eq!(store.row_problem("case", 2).await.unwrap(), None, "{name}");

        // A row slipped in with no event, and a row deleted.
        raw.exec(
            "INSERT INTO cases (number, prefix, year, seq, office, violation, procedure, stage, \
             party_name, data, version, opened_by, created_at, updated_at) VALUES \
             ('伪〔2026〕9号', '伪', 2026, 9, '县散装水泥办公室', 'bagged-cement', 'general', \
             'filing', '丙', '{}', 1, 'x', '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')",
        )
        .await;
        raw.exec("DELETE FROM cases WHERE id = 1").await;
        let report = store.check_rows().await.unwrap();
        assert_eq!(
            report.problems,
            vec![
                RowProblem::Unrecorded {
                    label: "案件",
                    id: 3
                },
                RowProblem::Deleted {
                    label: "案件",
                    id: 1,
                    seq: 1
                },
            ],
            "{name}"
        );
        store.close().await;
    }
}
