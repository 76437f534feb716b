//! `qingdan serve`: the server (pages and API) over the database, with the built-in list loaded
//! into an empty one and a first administrator created; stops gracefully on Ctrl-C or SIGTERM.

use crate::DbArgs;
use crate::common::{DEFAULT_LIST, DEFAULT_LIST_NAME, UserError, ensure_offices, now};
use anyhow::Result;
use qingdan_app::clock::{Clock, SystemClock};
use qingdan_store::{NewCatalogVersion, Store};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

/// The official holiday calendar: the file given, else the shipped one.
pub(crate) fn calendar(path: Option<&Path>) -> Result<qingdan_cases::HolidayCalendar> {
    let Some(path) = path else {
        return qingdan_cases::HolidayCalendar::shipped()
            .map_err(|e| anyhow::anyhow!("内置节假日数据有误：{e}"));
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("无法读取节假日文件 {}：{e}", path.display())))?;
    let calendar = qingdan_cases::HolidayCalendar::from_json(&text)
        .map_err(|e| UserError(format!("{}：{e}", path.display())))?;
    tracing::info!(covered = %calendar.covered(), "holiday calendar loaded");
    Ok(calendar)
}

/// The clock: stopped at the instant given (RFC 3339), else the system clock.
pub(crate) fn clock(fixed: Option<&str>) -> Result<std::sync::Arc<dyn Clock>> {
    match fixed {
        None => Ok(std::sync::Arc::new(SystemClock)),
        Some(text) => {
            let at: jiff::Timestamp = text.trim().parse().map_err(|e| {
                UserError(format!(
                    "--fixed-time 应为 RFC 3339 时间，如 2026-03-02T09:00:00+08:00：{e}"
                ))
            })?;
            tracing::warn!(%at, "the clock is fixed (training, demonstration or test)");
            Ok(std::sync::Arc::new(qingdan_app::clock::FixedClock(at)))
        }
    }
}

/// How `qingdan serve` runs.
pub(crate) struct ServeOptions {
    pub(crate) addr: SocketAddr,
    pub(crate) refresh_secs: u64,
    pub(crate) engine: qingdan_rules::Engine,
    pub(crate) sign_in_per_minute: u32,
    pub(crate) complaints_per_hour: u32,
    pub(crate) calendar: qingdan_cases::HolidayCalendar,
    pub(crate) case_prefix: String,
    pub(crate) clock: std::sync::Arc<dyn Clock>,
    pub(crate) insecure_cookies: bool,
    pub(crate) sessions: qingdan_identity::SessionPolicy,
    pub(crate) passwords: qingdan_identity::PasswordExpiry,
    pub(crate) limits: qingdan_web::ServeLimits,
    pub(crate) font_dirs: Vec<std::path::PathBuf>,
    pub(crate) metrics_token: Option<String>,
    pub(crate) trusted_proxies: Vec<std::net::IpAddr>,
    /// Scheduled backups: directory, interval, how many to keep.
    pub(crate) backups: Option<(std::path::PathBuf, Duration, usize)>,
}

/// Runs the server until Ctrl-C or SIGTERM.
pub(crate) async fn serve(db: &DbArgs, o: ServeOptions) -> Result<()> {
    if !qingdan_cases::number::valid_prefix(&o.case_prefix) {
        return Err(UserError(format!(
            "案号前缀“{}”不可用：应为 2 至 12 个字，不含数字、括号和“号”",
            o.case_prefix
        ))
        .into());
    }
    let ServeOptions {
        addr,
        refresh_secs,
        engine,
        sign_in_per_minute,
        complaints_per_hour,
        calendar,
        case_prefix,
        clock,
        insecure_cookies,
        sessions,
        passwords,
        limits,
        font_dirs,
        metrics_token,
        trusted_proxies,
        backups,
    } = o;
    if !trusted_proxies.is_empty() {
        tracing::info!(proxies = ?trusted_proxies, "X-Forwarded-For believed from these proxies");
        qingdan_web::framework::limit::trust_proxies(trusted_proxies);
    }
    if insecure_cookies {
        tracing::warn!("cookies are sent without Secure (--insecure-cookies): testing only");
        qingdan_web::framework::cookie::allow_insecure_cookies();
    }
    let store = db.open().await?;
    match store.anchor_dir() {
        Some(dir) => tracing::info!(dir = %dir.display(), "audit anchor outside the database"),
        None => tracing::warn!(
            "no audit anchor (--audit-dir): a deleted tail or a rewritten audit chain cannot be \
             detected; 未配置审计锚点目录，无法发现末尾事件被删除或整条链被改写"
        ),
    }
    if store.current_version().await?.is_none() {
        let catalog = qingdan_core::parse_list(DEFAULT_LIST)
            .map_err(|e| anyhow::anyhow!("内置清单无法导入：{e}"))?;
        let v = store
            .import_catalog(NewCatalogVersion {
                source_name: DEFAULT_LIST_NAME,
                source_text: DEFAULT_LIST,
                catalog: &catalog,
                imported_at: &now(),
                actor: "system",
            })
            .await?;
        tracing::info!(version = v.id, "empty database: loaded the built-in list");
    }
    ensure_offices(&store, "system").await?;
    first_admin(&store).await?;
    let app = qingdan_app::App::load_with(store.clone(), clock, engine)
        .await?
        .with_calendar(calendar)
        .with_case_prefix(&case_prefix);
    let state = qingdan_web::AppState::new(app)
        .with_sign_in_limit(sign_in_per_minute)
        .with_complaint_limit(complaints_per_hour)
        .with_session_policy(sessions)
        .with_password_expiry(passwords)
        .with_metrics_token(metrics_token);
    // Fonts for the official documents (PDF). Without them the server still runs; documents
    // answer 503 with the package to install.
    let loaded = match &font_dirs[..] {
        [] => qingdan_documents::Fonts::load_system(),
        dirs => qingdan_documents::Fonts::load_from(dirs),
    };
    let state = match loaded {
        Ok(fonts) => state.with_documents(qingdan_documents::Renderer::new(fonts)),
        Err(e) => {
            tracing::warn!(error = %e, "documents disabled: the Chinese fonts were not found");
            eprintln!(
                "警告：未找到公文所需的中文字体（Noto Serif CJK SC 或文泉驿微米黑），\
                 告知书、决定书等文书和案卷暂时无法生成（/healthz 显示 documents: degraded）。\
                 请安装字体后重启：sudo apt-get install fonts-noto-cjk（{e}）"
            );
            state
        }
    };
    if let Some((dir, every, keep)) = backups {
        if store.backend() != qingdan_store::Backend::Sqlite {
            return Err(UserError(
                "--backup-dir 只用于 SQLite；PostgreSQL 请用 pg_dump 定时备份（见 README“备份与恢复”）"
                    .into(),
            )
            .into());
        }
        let metrics = state.metrics_handle();
        tracing::info!(dir = %dir.display(), every_secs = every.as_secs(), keep, "scheduled backups");
        tokio::spawn(super::backup::schedule(
            store.clone(),
            db.anchor_dir(),
            dir,
            every,
            keep,
            move || metrics.backup_succeeded(),
        ));
    }
    let refresher = state.spawn_refresher(Duration::from_secs(refresh_secs.max(1)));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| UserError(format!("无法监听 {addr}：{e}")))?;
    let local = listener.local_addr()?;
    tracing::info!(%local, database = %db.describe(), "listening");
    println!(
        "Qingdan 已启动：http://{local}/ （数据库：{}）",
        db.describe()
    );
    axum_serve(listener, qingdan_web::app(state), limits).await?;
    refresher.abort();
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// On a database without an administrator, creates `admin` with a one-time password and prints
/// it once.
async fn first_admin(store: &Store) -> Result<()> {
    if store.count_role("admin").await? > 0 {
        return Ok(());
    }
    let password = qingdan_identity::one_time_password()?;
    let hash = qingdan_identity::hash_password(&password)?;
    store
        .create_user(
            qingdan_store::NewUser {
                username: "admin",
                display_name: "系统管理员",
                role: "admin",
                office: None,
                password_hash: &hash,
                certificate_number: None,
                certificate_valid_from: None,
                certificate_valid_until: None,
                must_change_password: true,
            },
            "system",
            &now(),
        )
        .await?;
    println!("已创建首个管理员：用户名 admin，一次性密码 {password}（只显示这一次，请登录后修改）");
    Ok(())
}

async fn axum_serve(
    listener: tokio::net::TcpListener,
    app: qingdan_web::Router,
    limits: qingdan_web::ServeLimits,
) -> Result<()> {
    qingdan_web::serve_with(listener, app, limits, shutdown_signal()).await?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the server stops.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// A backup interval: a number and a unit, `s`, `m`, `h` or `d` (`24h`, `30m`).
pub(crate) fn every(text: &str) -> Result<Duration> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: u64 = number.parse().map_err(|_| {
        UserError(format!(
            "--backup-every 应为数字加单位（s、m、h、d），如 24h，收到“{text}”"
        ))
    })?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => {
            return Err(UserError(format!(
                "--backup-every 的单位应为 s、m、h 或 d，收到“{text}”"
            ))
            .into());
        }
    };
    if secs == 0 {
        return Err(UserError("--backup-every 不能为 0".into()).into());
    }
    Ok(Duration::from_secs(secs))
}
