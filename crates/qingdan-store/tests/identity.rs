//! People, offices, sessions and failed sign-ins on both backends, each write audited.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod common;

use qingdan_store::{NewUser, StoreError};

const AT: &str = "2026-11-27T08:00:00Z";

fn officer<'a>(name: &'a str, office: Option<&'a str>) -> NewUser<'a> {
    NewUser {
        username: name,
        display_name: "张三",
        role: "officer",
        office,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        certificate_number: Some("HN-0001"),
        certificate_valid_from: Some("2026-01-01"),
        certificate_valid_until: Some("2027-12-31"),
        must_change_password: false,
    }
}

#[tokio::test]
async fn users_offices_sessions_and_failures() {
    for (name, store, _dir) in common::backends().await {
        let offices = store
            .ensure_offices(&["县散装水泥办公室", "县墙体材料改革办公室"], "system", AT)
            .await
            .unwrap();
        assert_eq!(offices.len(), 2, "{name}");
        // Idempotent: no duplicate, no second event.
        store
            .ensure_offices(&["县散装水泥办公室"], "system", AT)
            .await
            .unwrap();
        assert_eq!(store.offices().await.unwrap().len(), 2);

        let u = store
            .create_user(officer("zhangsan", Some("县散装水泥办公室")), "admin", AT)
            .await
            .unwrap();
        assert_eq!(u.office.as_deref(), Some("县散装水泥办公室"), "{name}");
        assert_eq!(u.certificate_valid_until.as_deref(), Some("2027-12-31"));
        assert!(!u.disabled && !u.must_change_password);
        assert_eq!(
            store.user_by_name("zhangsan").await.unwrap(),
            Some(u.clone())
        );
        assert_eq!(store.count_role("officer").await.unwrap(), 1);

        match store
            .create_user(officer("zhangsan", None), "admin", AT)
            .await
        {
            Err(StoreError::Conflict(m)) => assert!(m.contains("已存在"), "{m}"),
            other => panic!("{name}: {other:?}"),
        }
        match store
            .create_user(officer("lisi", Some("不存在的股")), "admin", AT)
            .await
        {
            Err(StoreError::NotFound(m)) => assert!(m.contains("不存在"), "{m}"),
            other => panic!("{name}: {other:?}"),
        }

        store
            .create_session("h1", &u, "session", AT, "")
            .await
            .unwrap();
        let (su, kind, created, _) = store.session("h1").await.unwrap().unwrap();
        assert_eq!(
            (su.id, kind.as_str(), created.as_str()),
            (u.id, "session", AT)
        );
        store
            .touch_session("h1", "2026-11-27T09:00:00Z")
            .await
            .unwrap();
        assert_eq!(
            store.session("h1").await.unwrap().unwrap().3,
            "2026-11-27T09:00:00Z"
        );
        assert!(store.session("nope").await.unwrap().is_none());
        assert!(store.delete_session("h1", &u, AT).await.unwrap());
        assert!(!store.delete_session("h1", &u, AT).await.unwrap());

        store
            .record_login_failure("zhangsan", "10.0.0.9", "密码错误", "2026-11-27T08:01:00Z")
            .await
            .unwrap();
        store
            .record_login_failure("zhangsan", "10.0.0.9", "密码错误", "2026-11-27T08:20:00Z")
            .await
            .unwrap();
        store
            .record_login_failure("zhangsan", "10.0.0.7", "密码错误", "2026-11-27T08:21:00Z")
            .await
            .unwrap();
        let recent = store
            .login_failures_since("zhangsan", "10.0.0.9", "2026-11-27T08:05:00Z")
            .await
            .unwrap();
        assert_eq!(recent, ["2026-11-27T08:20:00Z"], "{name}: per address");
        let groups = store
            .login_failure_groups("2000-01-01T00:00:00Z")
            .await
            .unwrap();
        assert_eq!(groups.len(), 2, "{name}: {groups:?}");
        assert_eq!((groups[0].1.as_str(), groups[0].2), ("10.0.0.9", 2));
        // A successful sign-in from 10.0.0.9 clears that address's failures only.
        store
            .create_session("h2", &u, "api", AT, "10.0.0.9")
            .await
            .unwrap();
        let all = "2000-01-01T00:00:00Z";
        assert!(
            store
                .login_failures_since("zhangsan", "10.0.0.9", all)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store
                .login_failures_since("zhangsan", "10.0.0.7", all)
                .await
                .unwrap()
                .len(),
            1
        );
        // The 安全管理员 clears the other.
        assert_eq!(
            store
                .clear_login_failures("zhangsan", "10.0.0.7", "anquan", AT)
                .await
                .unwrap(),
            1
        );

        // Every act above is in the chain, and it verifies.
        let n = store.verify_audit(|_| {}).await.unwrap().events;
        assert_eq!(
            n,
            2 + 1 + 2 + 1 + 3 + 1,
            "{name}: offices, user, sessions, sign-out, failures, a cleared delay"
        );
        let actions: Vec<String> = store
            .events_for("user", &u.id.to_string())
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions,
            [
                "user.created",
                "user.signed_in",
                "user.signed_out",
                "user.signed_in"
            ],
            "{name}"
        );
    }
}

/// Disabling a user ends their sessions and is audited; an unknown name is NotFound.
#[tokio::test]
async fn disabling_a_user_ends_their_sessions() {
    for (name, store, _dir) in common::backends().await {
        store
            .ensure_offices(&["县散装水泥办公室"], "system", "2026-03-02T01:00:00Z")
            .await
            .unwrap();
        let user = store
            .create_user(
                qingdan_store::NewUser {
                    username: "lixiang",
                    display_name: "李想",
                    role: "officer",
                    office: Some("县散装水泥办公室"),
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                    certificate_number: None,
                    certificate_valid_from: None,
                    certificate_valid_until: None,
                    must_change_password: false,
                },
                "admin",
                "2026-03-02T01:00:00Z",
            )
            .await
            .unwrap();
        store
            .create_session("abc123", &user, "api", "2026-03-02T01:00:00Z", "")
            .await
            .unwrap();
        let disabled = store
            .set_user_disabled("lixiang", true, "admin", "2026-03-02T02:00:00Z")
            .await
            .unwrap();
        assert!(disabled.disabled, "{name}");
        assert!(store.session("abc123").await.unwrap().is_none(), "{name}");
        let enabled = store
            .set_user_disabled("lixiang", false, "admin", "2026-03-02T03:00:00Z")
            .await
            .unwrap();
        assert!(!enabled.disabled);
        assert!(matches!(
            store
                .set_user_disabled("nobody", true, "admin", "2026-03-02T03:00:00Z")
                .await,
            Err(qingdan_store::StoreError::NotFound(_))
        ));
        let events = store
            .events_for("user", &user.id.to_string())
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "user.created",
                "user.signed_in",
                "user.disabled",
                "user.enabled"
            ],
            "{name}"
        );
        store.close().await;
    }
}
