//! `qingdan`: run the server, import and export the responsibility list.
//!
//! The binary is a thin adapter: it reads flags and environment, sets up logging, opens the
//! store and hands over to `qingdan-app` (the use cases and the rules' and routing's wire
//! types), `qingdan-core`, or `qingdan-web` (only to build and serve the router). The default
//! list (the Anhua County Industry and Information Technology Bureau's) is built in and loaded
//! into an empty database.
//!
//! This file holds the command line (clap) and the dispatch; each command is in
//! `commands/`, what they share in `common.rs`.

mod commands;
mod common;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use commands::{audit, backup, case, catalog, demo, draw, registry, route, rules, serve, user};
use common::UserError;
use qingdan_store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "qingdan", version, about = "Qingdan 清单：责任清单数字化系统")]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    /// Log format: `text` for people, `json` for log collectors.
    #[arg(
        long,
        global = true,
        env = "QINGDAN_LOG_FORMAT",
        default_value = "text"
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug, Clone)]
struct DbArgs {
    /// SQLite database file (created if missing). The default database.
    #[arg(
        long,
        global = true,
        env = "QINGDAN_DB",
        default_value = "qingdan.db",
        conflicts_with = "database_url"
    )]
    db: PathBuf,
    /// A database URL instead of the SQLite file: postgres://user@host:5432/db (or sqlite:PATH).
    #[arg(long, global = true, env = "QINGDAN_DATABASE_URL")]
    database_url: Option<String>,
    /// The audit anchor's directory, outside the database: its secret key (audit.key, made on
    /// first use) and the append-only log of every event's hash (anchor.log), which lets
    /// `qingdan audit verify` catch a deleted tail or a rewritten chain. Default for the SQLite
    /// file: beside it, `<db>.audit`. PostgreSQL has no default: set it (several app processes
    /// on one machine may share one).
    #[arg(long, global = true, env = "QINGDAN_AUDIT_DIR")]
    audit_dir: Option<PathBuf>,
    /// The audit chain's hash function, chosen when the database is created: sha256 (default)
    /// or sm3 (国密, GB/T 32905-2016). A database that already has records keeps its own; asking
    /// it for another is refused.
    #[arg(long, global = true, env = "QINGDAN_AUDIT_HASH")]
    audit_hash: Option<String>,
}

impl DbArgs {
    /// Opens the database and the audit anchor (created on first use), which every write of
    /// this process then appends to.
    async fn open(&self) -> Result<Store> {
        let mut store = self.open_database().await?;
        if let Some(name) = &self.audit_hash {
            let Some(alg) = qingdan_core::audit::ChainHash::parse(name) else {
                anyhow::bail!("--audit-hash 只能是 sha256 或 sm3，收到“{name}”");
            };
            store = store.with_chain_hash(alg).await?;
        }
        match self.anchor_dir() {
            Some(dir) => {
                let anchor = qingdan_store::AnchorFile::open(&dir)
                    .with_context(|| format!("打开审计锚点目录 {} 失败", dir.display()))?;
                Ok(store.anchored(anchor).await?)
            }
            None => Ok(store),
        }
    }

    /// Opens the database with the anchor to verify against, creating and writing nothing
    /// outside the database; also says which anchor directory was looked at.
    pub(crate) async fn open_for_verify(&self) -> Result<(Store, Option<PathBuf>)> {
        let store = self.open_database().await?;
        let Some(dir) = self.anchor_dir() else {
            return Ok((store, None));
        };
        match qingdan_store::AnchorFile::open_existing(&dir)
            .with_context(|| format!("打开审计锚点目录 {} 失败", dir.display()))?
        {
            Some(anchor) => Ok((store.verifying_against(anchor), Some(dir))),
            None => Ok((store, Some(dir))),
        }
    }

    /// The anchor directory: the flag, else `<db>.audit` beside the SQLite file.
    pub(crate) fn anchor_dir(&self) -> Option<PathBuf> {
        if let Some(dir) = &self.audit_dir {
            return Some(dir.clone());
        }
        if self.database_url.is_some() {
            return None;
        }
        let mut name = self.db.as_os_str().to_os_string();
        name.push(".audit");
        Some(PathBuf::from(name))
    }

    pub(crate) async fn open_database(&self) -> Result<Store> {
        match &self.database_url {
            Some(url) => Store::open(url)
                .await
                .with_context(|| format!("打开数据库 {} 失败", redact(url))),
            None => Store::open_sqlite(&self.db)
                .await
                .with_context(|| format!("打开数据库文件 {} 失败", self.db.display())),
        }
    }

    pub(crate) fn describe(&self) -> String {
        match &self.database_url {
            Some(url) => redact(url),
            None => format!("SQLite {}", self.db.display()),
        }
    }
}

/// A database URL with its password hidden, for logs and messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the server (pages and API). With an empty database, loads the built-in list first.
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, env = "QINGDAN_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// How often to look for a list imported by another process, in seconds.
        #[arg(long, env = "QINGDAN_REFRESH_SECS", default_value_t = 5)]
        refresh_secs: u64,
        /// A discretion benchmark (JSON, as data/discretion/benchmark-v1.json) revised by the
        /// legal section; default: the built-in v1.
        #[arg(long, env = "QINGDAN_BENCHMARK")]
        benchmark: Option<PathBuf>,
        /// Sign-in attempts one client address may make per minute.
        #[arg(long, env = "QINGDAN_SIGN_IN_PER_MINUTE", default_value_t = 20)]
        sign_in_per_minute: u32,
        /// Complaints one client address may submit per hour.
        #[arg(long, env = "QINGDAN_COMPLAINTS_PER_HOUR", default_value_t = 10)]
        complaints_per_hour: u32,
        /// The official holiday calendar (JSON, as crates/qingdan-cases/data/holidays-cn.json)
        /// with a newly published year added; default: the built-in 2025–2026.
        #[arg(long, env = "QINGDAN_HOLIDAYS")]
        holidays: Option<PathBuf>,
        /// Case-number prefix: the bureau's abbreviation and 罚, as in 安工信罚〔2026〕3号.
        #[arg(long, env = "QINGDAN_CASE_PREFIX", default_value = qingdan_app::DEFAULT_CASE_PREFIX)]
        case_prefix: String,
        /// Stop the clock at this instant (RFC 3339, e.g. 2026-03-02T09:00:00+08:00) — for
        /// training, demonstrations and tests; default: the system clock.
        #[arg(long, env = "QINGDAN_FIXED_TIME")]
        fixed_time: Option<String>,
        /// Send cookies without `Secure`, for testing over plain HTTP on a LAN (browsers
        /// accept Secure cookies from localhost over HTTP anyway). Never in production.
        #[arg(long, env = "QINGDAN_INSECURE_COOKIES")]
        insecure_cookies: bool,
        /// A session or API token unused this many minutes ends (等保 2.0: 登录连接超时自动退出).
        #[arg(long, env = "QINGDAN_SESSION_IDLE_MINUTES", default_value_t = 30)]
        session_idle_minutes: u32,
        /// A session or API token ends this many hours after sign-in however it is used.
        #[arg(long, env = "QINGDAN_SESSION_HOURS", default_value_t = 10)]
        session_hours: u32,
        /// A password older than this many days must be changed before anything but reading
        /// (等保 2.0: 定期更换); 0 turns expiry off.
        #[arg(long, env = "QINGDAN_PASSWORD_MAX_AGE_DAYS", default_value_t = 90)]
        password_max_age_days: u32,
        /// A client must send its request line and headers within this many seconds (also the
        /// longest an idle kept-alive connection is held).
        #[arg(long, env = "QINGDAN_HEADER_TIMEOUT_SECS", default_value_t = 10)]
        header_timeout_secs: u64,
        /// A request's whole body must arrive within this many seconds (else 408, connection
        /// closed).
        #[arg(long, env = "QINGDAN_BODY_TIMEOUT_SECS", default_value_t = 30)]
        body_timeout_secs: u64,
        /// A request must be answered within this many seconds (else 503).
        #[arg(long, env = "QINGDAN_REQUEST_TIMEOUT_SECS", default_value_t = 60)]
        request_timeout_secs: u64,
        /// Connections served at once; more wait to be accepted.
        #[arg(long, env = "QINGDAN_MAX_CONNECTIONS", default_value_t = 1024)]
        max_connections: usize,
        /// On SIGTERM or Ctrl-C, in-flight requests have this many seconds to finish.
        #[arg(long, env = "QINGDAN_SHUTDOWN_SECS", default_value_t = 30)]
        shutdown_secs: u64,
        /// Where to look for the documents' Chinese fonts instead of /usr/share/fonts and
        /// /usr/local/share/fonts (repeatable).
        #[arg(long = "font-dir", env = "QINGDAN_FONT_DIR")]
        font_dirs: Vec<PathBuf>,
        /// Answer /metrics (Prometheus) to any address that sends this as X-Metrics-Token;
        /// without it, only loopback clients are answered.
        #[arg(long, env = "QINGDAN_METRICS_TOKEN")]
        metrics_token: Option<String>,
        /// The reverse proxy in front (e.g. 127.0.0.1 for nginx on the same machine), whose
        /// X-Forwarded-For names the client for the sign-in delays, the rate limits and
        /// /metrics (repeatable; comma-separated in the environment).
        #[arg(
            long = "trusted-proxy",
            env = "QINGDAN_TRUSTED_PROXY",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Take a verified backup of the SQLite database into this directory every
        /// --backup-every, keeping the newest --backup-keep.
        #[arg(long, env = "QINGDAN_BACKUP_DIR")]
        backup_dir: Option<PathBuf>,
        /// How often: a number and a unit, s, m, h or d (24h).
        #[arg(long, env = "QINGDAN_BACKUP_EVERY", default_value = "24h")]
        backup_every: String,
        /// How many scheduled backups to keep.
        #[arg(long, env = "QINGDAN_BACKUP_KEEP", default_value_t = 30)]
        backup_keep: usize,
    },
    /// The responsibility list: import, export, versions.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Assess a violation: enforcer, measures, fine, tier, procedure, basis and reasons.
    Assess(AssessArgs),
    /// Compute a late fee: wall fund (0.05%/day) or an unpaid fine (3%/day), capped at the principal.
    LateFee(LateFeeArgs),
    /// The record of every act.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// A consistent online copy of the SQLite database (while the server writes), with its
    /// audit anchor beside it (FILE.audit/), verified before it is kept; `backup verify FILE`
    /// checks a copy.
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        #[command(subcommand)]
        action: Option<BackupCommand>,
        /// Where to write the copy (must not exist).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Restore a backup into an empty (or missing) SQLite database, with its audit anchor, and
    /// verify it.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Verifiable random draws (双随机): run one over a CSV's first column, or verify a record.
    #[command(subcommand)]
    Draw(DrawCommand),
    /// Penalty cases: verify an exported case file (案卷).
    #[command(subcommand)]
    Case(CaseCommand),
    /// Regulated parties (监管对象): import enterprises, projects or certificates from CSV or Excel.
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// A generated demo county: users, registry, the year's seed and plan.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// People: create users (the password is read from standard input).
    #[command(subcommand)]
    User(UserCommand),
    /// Find the department responsible for a matter described in plain Chinese (§二).
    Route {
        /// The matter, e.g. "工地上自己拌混凝土归谁管".
        text: String,
        /// Print the API's JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
struct AssessArgs {
    /// Violation code, e.g. bagged-cement, clay-brick, electricity-theft.
    #[arg(long)]
    violation: String,
    /// Quantity: tons, cubic metres, yuan or percent, as the violation requires.
    #[arg(long)]
    quantity: Option<String>,
    /// citizen or organization.
    #[arg(long, default_value = "organization")]
    party: String,
    /// Day of the act, YYYY-MM-DD.
    #[arg(long)]
    on: String,
    /// Day of the decision, YYYY-MM-DD (default: today).
    #[arg(long)]
    decided_on: Option<String>,
    /// Corrected within the deadline (true/false).
    #[arg(long)]
    corrected_by_deadline: Option<bool>,
    /// A first offence.
    #[arg(long)]
    first_offence: Option<bool>,
    /// The facts are clear (违法事实确凿).
    #[arg(long)]
    facts_clear: Option<bool>,
    /// The party does not object.
    #[arg(long)]
    no_objection: Option<bool>,
    /// none, minor or serious.
    #[arg(long)]
    harm: Option<String>,
    /// The officer's proposed fine within the range.
    #[arg(long)]
    proposed_fine: Option<String>,
    /// A circumstance (repeatable): promptly-corrected, harm-removed, coerced, confessed, meritorious, repeat, obstruction.
    #[arg(long = "circumstance")]
    circumstances: Vec<String>,
    /// Print the API's JSON instead of text.
    #[arg(long)]
    json: bool,
    /// A discretion benchmark file revised by the legal section.
    #[arg(long, env = "QINGDAN_BENCHMARK")]
    benchmark: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct LateFeeArgs {
    /// wall-fund or fine.
    #[arg(long)]
    kind: String,
    /// The unpaid principal in yuan.
    #[arg(long)]
    principal: String,
    /// The last day to pay, YYYY-MM-DD.
    #[arg(long)]
    due: String,
    /// The day paid, YYYY-MM-DD.
    #[arg(long)]
    paid_on: String,
    /// Days not counted (review, litigation).
    #[arg(long)]
    excluded_days: Option<i64>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum CatalogCommand {
    /// Import a list (the published text format, or a JSON export) as a new version.
    Import {
        /// The file to import.
        file: PathBuf,
    },
    /// Export the current list (or a given version).
    Export {
        /// `json` (re-importable) or `xlsx` (Excel).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Where to write it.
        #[arg(short, long)]
        output: PathBuf,
        /// A version number instead of the current one.
        #[arg(long)]
        version: Option<i64>,
    },
    /// List the imported versions, newest first.
    Versions,
}

#[derive(Subcommand, Debug)]
enum DrawCommand {
    /// Draw COUNT ids from the first column of a CSV with a published seed; writes the record.
    Run {
        /// The candidates: a CSV whose first column holds the ids.
        #[arg(long)]
        candidates: PathBuf,
        /// How many to draw.
        #[arg(long)]
        count: usize,
        /// The seed, hex (at least 32 hex digits), fixed and published before the candidates.
        #[arg(long)]
        seed: String,
        /// Ids to exclude (conflict of interest), a CSV like the candidates.
        #[arg(long)]
        exclude: Option<PathBuf>,
        /// Where to write the record (JSON).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Re-run a record over the candidates; exit 0 only if it matches.
    Verify {
        /// The record (JSON).
        record: PathBuf,
        /// The candidates it claims to have drawn from.
        #[arg(long)]
        candidates: PathBuf,
        /// The exclusions it claims.
        #[arg(long)]
        exclude: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create a user; the password is the first line of standard input.
    Create {
        /// Sign-in name.
        name: String,
        /// public, officer, leader, legal, admin (系统管理员) or auditor (审计管理员).
        #[arg(long)]
        role: String,
        /// The office (股室), one the list names, e.g. 县散装水泥办公室.
        #[arg(long)]
        office: Option<String>,
        /// The name shown (default: the sign-in name).
        #[arg(long)]
        display_name: Option<String>,
        /// Enforcement certificate (执法证) number.
        #[arg(long)]
        certificate: Option<String>,
        /// Its first valid day, YYYY-MM-DD (no enforcement act before it).
        #[arg(long)]
        certificate_valid_from: Option<String>,
        /// Its last valid day, YYYY-MM-DD.
        #[arg(long)]
        certificate_valid_until: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Replay the hash chain: exit 0 with the event count when it holds; otherwise name the
    /// first bad event and exit 1.
    Verify,
}

#[derive(Subcommand, Debug)]
enum BackupCommand {
    /// Check a backup: the engine's integrity check, the audit chain against the anchor beside
    /// it, every sealed row. Without FILE and with --database-url: a PostgreSQL database
    /// restored from pg_dump.
    Verify {
        /// The backup file.
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum RegistryCommand {
    /// Import a CSV (UTF-8 or GBK) or .xlsx file: every row is written or reported with its
    /// row, column and reason; a progress line shows on a terminal.
    Import {
        /// What the file holds.
        #[arg(long, value_enum)]
        kind: RegistryKind,
        /// The file.
        file: PathBuf,
        /// Where to write the per-row error report (CSV); default: beside the file.
        #[arg(long)]
        errors: Option<PathBuf>,
        /// Write nothing if any row is rejected.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RegistryKind {
    Enterprises,
    Projects,
    Certificates,
}

#[derive(Subcommand, Debug)]
enum DemoCommand {
    /// Fill an empty registry with a generated county (安化县, valid credit codes), create its
    /// officers and leaders (one password, printed once), announce the year's seed and make
    /// the year's plan.
    Load {
        /// Enterprises.
        #[arg(long, default_value_t = 2000)]
        enterprises: usize,
        /// Construction projects.
        #[arg(long, default_value_t = 3000)]
        projects: usize,
        /// Officers.
        #[arg(long, default_value_t = 18)]
        officers: usize,
        /// The generator's seed (the same seed gives the same county).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The plan day (YYYY-MM-DD); default today.
        #[arg(long)]
        as_of: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum CaseCommand {
    /// Verify a case file (案卷 ZIP from /api/v1/cases/{id}/file): every file against the
    /// manifest's SHA-256, every event against its own hash; then, unless --offline, each event
    /// against the database's record and the manifest against the recorded export.
    VerifyFile {
        /// The ZIP.
        file: PathBuf,
        /// Check the file by itself only (no database).
        #[arg(long)]
        offline: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    Json,
    Xlsx,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("错误：无法启动运行时：{e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(user) = e.downcast_ref::<UserError>() {
                eprintln!("错误：{user}");
                ExitCode::from(2)
            } else {
                eprintln!("错误：{e:#}");
                ExitCode::FAILURE
            }
        }
    }
}

fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("QINGDAN_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve {
            addr,
            refresh_secs,
            benchmark,
            sign_in_per_minute,
            complaints_per_hour,
            holidays,
            case_prefix,
            fixed_time,
            insecure_cookies,
            session_idle_minutes,
            session_hours,
            password_max_age_days,
            header_timeout_secs,
            body_timeout_secs,
            request_timeout_secs,
            max_connections,
            shutdown_secs,
            font_dirs,
            metrics_token,
            trusted_proxies,
            backup_dir,
            backup_every,
            backup_keep,
        } => {
            let options = serve::ServeOptions {
                addr,
                refresh_secs,
                engine: common::engine(benchmark.as_deref())?,
                sign_in_per_minute,
                complaints_per_hour,
                calendar: serve::calendar(holidays.as_deref())?,
                case_prefix,
                clock: serve::clock(fixed_time.as_deref())?,
                insecure_cookies,
                sessions: qingdan_identity::SessionPolicy::new(session_idle_minutes, session_hours),
                passwords: qingdan_identity::PasswordExpiry::days(password_max_age_days),
                limits: qingdan_web::ServeLimits {
                    header_read: std::time::Duration::from_secs(header_timeout_secs.max(1)),
                    body_read: std::time::Duration::from_secs(body_timeout_secs.max(1)),
                    request: std::time::Duration::from_secs(request_timeout_secs.max(1)),
                    max_connections: max_connections.max(1),
                    shutdown: std::time::Duration::from_secs(shutdown_secs),
                    ..qingdan_web::ServeLimits::default()
                },
                font_dirs,
                metrics_token,
                trusted_proxies,
                backups: match backup_dir {
                    Some(dir) => Some((dir, serve::every(&backup_every)?, backup_keep)),
                    None => None,
                },
            };
            serve::serve(&cli.db, options).await
        }
        Command::Catalog(CatalogCommand::Import { file }) => catalog::import(&cli.db, &file).await,
        Command::Catalog(CatalogCommand::Export {
            format,
            output,
            version,
        }) => catalog::export(&cli.db, format, &output, version).await,
        Command::Catalog(CatalogCommand::Versions) => catalog::versions(&cli.db).await,
        Command::Assess(args) => rules::assess(args),
        Command::LateFee(args) => rules::late_fee(args),
        Command::Route { text, json } => route::route(&cli.db, &text, json).await,
        Command::Audit(AuditCommand::Verify) => audit::audit_verify(&cli.db).await,
        Command::Backup {
            action: Some(BackupCommand::Verify { file }),
            ..
        } => backup::verify(&cli.db, file.as_deref()).await,
        Command::Backup {
            action: None,
            output: Some(output),
        } => backup::backup(&cli.db, &output).await,
        Command::Backup {
            action: None,
            output: None,
        } => anyhow::bail!("请用 -o FILE 指明备份文件"),
        Command::Restore { file } => backup::restore(&cli.db, &file).await,
        Command::Registry(RegistryCommand::Import {
            kind,
            file,
            errors,
            strict,
        }) => registry::registry_import(&cli.db, kind, &file, errors.as_deref(), strict).await,
        Command::Demo(DemoCommand::Load {
            enterprises,
            projects,
            officers,
            seed,
            as_of,
        }) => {
            demo::demo_load(
                &cli.db,
                enterprises,
                projects,
                officers,
                seed,
                as_of.as_deref(),
            )
            .await
        }
        Command::Case(CaseCommand::VerifyFile { file, offline }) => {
            case::case_verify_file(&cli.db, &file, offline).await
        }
        Command::Draw(DrawCommand::Run {
            candidates,
            count,
            seed,
            exclude,
            output,
        }) => draw::draw_run(&candidates, count, &seed, exclude.as_deref(), &output),
        Command::Draw(DrawCommand::Verify {
            record,
            candidates,
            exclude,
        }) => draw::draw_verify(&record, &candidates, exclude.as_deref()),
        Command::User(UserCommand::Create {
            name,
            role,
            office,
            display_name,
            certificate,
            certificate_valid_from,
            certificate_valid_until,
        }) => {
            let request = qingdan_app::users::NewUser {
                username: name,
                display_name,
                role,
                office,
                password: user::read_password()?,
                certificate,
                certificate_valid_from,
                certificate_valid_until,
            };
            user::user_create(&cli.db, request).await
        }
    }
}
