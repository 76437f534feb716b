#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! Registry and plan storage on both backends: imports upsert by natural key in one
//! transaction with one event; a year's seed is announced once; plans keep their draw record.

mod common;

use qingdan_store::{
    CertificateRow, EnterpriseRow, NewPlan, ProjectRow, RegistryImport, RegistryRows, StoreError,
};

fn enterprise(i: usize, name: &str) -> EnterpriseRow {
    EnterpriseRow {
        uscc: format!("91430923{i:09}X"),
        name: name.into(),
        kind: "wall-material-producer".into(),
        address: "东坪镇".into(),
        contact: None,
        phone: None,
        complained: i == 1,
        incident: false,
        failed_spot_check: false,
    }
}

fn import<'a>(at: &'a str) -> RegistryImport<'a> {
    RegistryImport {
        file_name: "企业.csv",
        sha256: "ab",
        total_rows: 1201,
        rejected: 1,
        actor: "cli",
        at,
    }
}

#[tokio::test]
async fn imports_upsert_and_plans_need_a_fixed_seed() {
    for (name, store, _dir) in common::backends().await {
        // 1,200 rows: several statements on either backend.
        let rows: Vec<EnterpriseRow> = (0..1200)
            .map(|i| enterprise(i, &format!("企业{i}")))
            .collect();
        let mut calls = Vec::new();
        store
            .import_registry(
                import("2026-03-01T00:00:00Z"),
                RegistryRows::Enterprises(&rows),
                |n| calls.push(n),
            )
            .await
            .unwrap();
        // Progress after every statement, rising to the whole.
        assert_eq!(calls.last(), Some(&1200), "{name}");
        assert!(calls.windows(2).all(|w| w[0] < w[1]), "{name}: {calls:?}");
        // Again with one name corrected: updated in place, not duplicated.
        // The file carries no flags: the stored complaint flag survives the re-import.
        let mut renamed = enterprise(1, "安化县更名后的企业");
        renamed.complained = false;
        let again = vec![renamed];
        store
            .import_registry(
                import("2026-03-02T00:00:00Z"),
                RegistryRows::Enterprises(&again),
                |_| {},
            )
            .await
            .unwrap();
        let found = store.enterprises("更名后", 10).await.unwrap();
        assert_eq!(found.len(), 1, "{name}");
        assert!(
            found[0].complained,
            "{name}: a re-import keeps the priority flags"
        );
        let projects = vec![ProjectRow {
            code: "P-1".into(),
            name: "东坪镇安置小区".into(),
            builder_uscc: rows[0].uscc.clone(),
            location: "东坪镇".into(),
            no_site_mixing_zone: true,
            started_on: Some("2026-01-05".into()),
            refund_applied: false,
            uses_cement: true,
            wall_complaint: false,
            cement_complaint: true,
        }];
        store
            .import_registry(
                import("2026-03-02T00:00:00Z"),
                RegistryRows::Projects(&projects),
                |_| {},
            )
            .await
            .unwrap();
        let certificates = vec![CertificateRow {
            number: "湘墙认 2026-001".into(),
            enterprise_uscc: rows[0].uscc.clone(),
            product: "烧结页岩多孔砖".into(),
            valid_from: "2025-01-01".into(),
            valid_until: "2027-12-31".into(),
        }];
        store
            .import_registry(
                import("2026-03-02T00:00:00Z"),
                RegistryRows::Certificates(&certificates),
                |_| {},
            )
            .await
            .unwrap();
        let counts = store.registry_counts().await.unwrap();
        assert_eq!(
            (counts.enterprises, counts.projects, counts.certificates),
            (1200, 1, 1),
            "{name}"
        );
        assert_eq!(store.all_projects().await.unwrap(), projects);
        assert_eq!(store.all_certificates().await.unwrap(), certificates);

        // Seeds: once per year.
        assert!(store.seed(2026).await.unwrap().is_none());
        store
            .announce_seed(2026, "ab", "leader1", "2026-03-02T01:00:00Z")
            .await
            .unwrap();
        let again = store
            .announce_seed(2026, "cd", "leader1", "2026-03-02T02:00:00Z")
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{name}");
        assert_eq!(store.seed(2026).await.unwrap().unwrap().seed, "ab");
        let plan = store
            .create_plan(NewPlan {
                year: 2026,
                as_of: "2026-03-02",
                seed: "ab",
                data: "{}",
                draw_record: Some("{\"algorithm\":\"qingdan-draw-v1\"}"),
                items: 3,
                actor: "officer001",
                at: "2026-03-02T03:00:00Z",
                summary: "编制计划",
            })
            .await
            .unwrap();
        assert_eq!(store.plans(10).await.unwrap(), vec![plan.clone()]);
        // Four imports, one seed, one plan: six events, and the chain holds.
        assert_eq!(
            store.verify_audit(|_| {}).await.unwrap().events,
            6,
            "{name}"
        );
    }
}
