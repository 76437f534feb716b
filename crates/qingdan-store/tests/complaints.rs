#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! Complaint storage on both backends: the identity kept apart and out of the record, a taken
//! tracking code refused, optimistic steps.

mod common;

use qingdan_store::{ComplaintStep, NewComplaintRow, StoreError};

const NAME: &str = "张三丰";
const PHONE: &str = "13812345678";

fn new_complaint<'a>(code: &'a str, name: Option<&'a str>) -> NewComplaintRow<'a> {
    NewComplaintRow {
        code,
        office: Some("县散装水泥办公室"),
        status: "received",
        data: r#"{"text":"东坪镇某工地使用袋装水泥"}"#,
        name,
        contact: name.map(|_| PHONE),
        actor: "public",
        at: "2026-03-02T01:00:00Z",
        summary: "登记投诉",
    }
}

#[tokio::test]
async fn the_identity_is_kept_apart_and_never_enters_the_record() {
    for (name, store, _dir) in common::backends().await {
        let row = store
            .create_complaint(new_complaint("ABCDEFGHJK23", Some(NAME)))
            .await
            .unwrap();
        let anonymous = store
            .create_complaint(new_complaint("ABCDEFGHJK34", None))
            .await
            .unwrap();
        assert_eq!(
            store.complaint_identity(row.id).await.unwrap(),
            (Some(NAME.into()), Some(PHONE.into())),
            "{name}"
        );
        assert_eq!(
            store.complaint_identity(anonymous.id).await.unwrap(),
            (None, None)
        );
        // A taken code is a conflict, and nothing of the attempt is left.
        let again = store
            .create_complaint(new_complaint("ABCDEFGHJK23", Some("李四")))
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{name}");
        assert_eq!(store.complaints(None, 10).await.unwrap().len(), 2);

        let moved = store
            .save_complaint_step(
                row.id,
                ComplaintStep {
                    step: "accept",
                    status: "handling",
                    office: Some("县散装水泥办公室"),
                    data: "{}",
                    expected_version: 1,
                    actor: "sz01",
                    at: "2026-03-03T01:00:00Z",
                    summary: "受理",
                    flag: None,
                    key: None,
                },
            )
            .await
            .unwrap();
        assert_eq!((moved.status.as_str(), moved.version), ("handling", 2));
        let stale = store
            .save_complaint_step(
                row.id,
                ComplaintStep {
                    step: "accept",
                    status: "handling",
                    office: Some("县散装水泥办公室"),
                    data: "{}",
                    expected_version: 1,
                    actor: "sz02",
                    at: "2026-03-03T01:00:00Z",
                    summary: "受理",
                    flag: None,
                    key: None,
                },
            )
            .await;
        assert!(matches!(stale, Err(StoreError::Conflict(_))), "{name}");

        // Linking flags the registered party in the step's transaction; an unknown one moves
        // nothing.
        let firm = qingdan_store::EnterpriseRow {
            uscc: "91430923000000001X".into(),
            name: "安化县某建材有限公司".into(),
            kind: "wall-material-producer".into(),
            address: "东坪镇".into(),
            contact: None,
            phone: None,
            complained: false,
            incident: false,
            failed_spot_check: false,
        };
        store
            .import_registry(
                qingdan_store::RegistryImport {
                    file_name: "企业.csv",
                    sha256: "ab",
                    total_rows: 1,
                    rejected: 0,
                    actor: "cli",
                    at: "2026-03-03T00:00:00Z",
                },
                qingdan_store::RegistryRows::Enterprises(std::slice::from_ref(&firm)),
                |_| {},
            )
            .await
            .unwrap();
        let link = |version, key: &'static str| ComplaintStep {
            step: "link",
            status: "handling",
            office: Some("县散装水泥办公室"),
            data: "{}",
            expected_version: version,
            actor: "sz01",
            at: "2026-03-04T01:00:00Z",
            summary: "关联监管对象",
            flag: Some(qingdan_store::RegistryFlag::EnterpriseComplained(key)),
            key: None,
        };
        let unknown = store
            .save_complaint_step(row.id, link(2, "91430923999999999X"))
            .await;
        assert!(matches!(unknown, Err(StoreError::NotFound(_))), "{name}");
        let linked = store
            .save_complaint_step(row.id, link(2, "91430923000000001X"))
            .await
            .unwrap();
        assert_eq!(linked.version, 3, "{name}: the refused link moved nothing");
        assert!(
            store.enterprises("某建材", 1).await.unwrap()[0].complained,
            "{name}"
        );

        // Every event about either complaint: none carries the name or the number.
        for id in [row.id, anonymous.id] {
            for e in store
                .events_for("complaint", &id.to_string())
                .await
                .unwrap()
            {
                let all = format!("{e:?}");
                assert!(!all.contains(NAME) && !all.contains(PHONE), "{name}: {all}");
            }
        }
        // Two receptions, the acceptance, the import and the link.
        assert_eq!(
            store.verify_audit(|_| {}).await.unwrap().events,
            5,
            "{name}"
        );
        assert_eq!(
            store
                .complaint_by_code("ABCDEFGHJK34")
                .await
                .unwrap()
                .map(|r| r.id),
            Some(anonymous.id)
        );
    }
}
