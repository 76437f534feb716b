//! `qingdan`: run the server, import and export the responsibility list.
//!
//! The binary is a thin adapter: it reads flags and environment, sets up logging, opens the
//! store and hands over to `qingdan-web` or `qingdan-core`. The default list (the Anhua County
//! Industry and Information Technology Bureau's) is built in and loaded into an empty database.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use qingdan_app::clock::{Clock, SystemClock};
use qingdan_store::{NewCatalogVersion, Store};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The list that ships with Qingdan, loaded into an empty database.
const DEFAULT_LIST: &str = include_str!("../../../data/seeds/anhua.txt");
const DEFAULT_LIST_NAME: &str = "安化县工业和信息化局责任清单（内置）";

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
}

impl DbArgs {
    async fn open(&self) -> Result<Store> {
        match &self.database_url {
            Some(url) => Store::open(url)
                .await
                .with_context(|| format!("打开数据库 {} 失败", redact(url))),
            None => Store::open_sqlite(&self.db)
                .await
                .with_context(|| format!("打开数据库文件 {} 失败", self.db.display())),
        }
    }

    fn describe(&self) -> String {
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
        /// public, officer, leader, legal or admin.
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

/// An error the user caused (bad file, bad flag): exit code 2. Everything else exits 1.
#[derive(Debug)]
struct UserError(String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

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
        } => {
            let options = ServeOptions {
                addr,
                refresh_secs,
                engine: engine(benchmark.as_deref())?,
                sign_in_per_minute,
                complaints_per_hour,
                calendar: calendar(holidays.as_deref())?,
                case_prefix,
                clock: clock(fixed_time.as_deref())?,
            };
            serve(&cli.db, options).await
        }
        Command::Catalog(CatalogCommand::Import { file }) => import(&cli.db, &file).await,
        Command::Catalog(CatalogCommand::Export {
            format,
            output,
            version,
        }) => export(&cli.db, format, &output, version).await,
        Command::Catalog(CatalogCommand::Versions) => versions(&cli.db).await,
        Command::Assess(args) => assess(args),
        Command::LateFee(args) => late_fee(args),
        Command::Route { text, json } => route(&cli.db, &text, json).await,
        Command::Audit(AuditCommand::Verify) => audit_verify(&cli.db).await,
        Command::Registry(RegistryCommand::Import {
            kind,
            file,
            errors,
            strict,
        }) => registry_import(&cli.db, kind, &file, errors.as_deref(), strict).await,
        Command::Demo(DemoCommand::Load {
            enterprises,
            projects,
            officers,
            seed,
            as_of,
        }) => {
            demo_load(
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
            case_verify_file(&cli.db, &file, offline).await
        }
        Command::Draw(DrawCommand::Run {
            candidates,
            count,
            seed,
            exclude,
            output,
        }) => draw_run(&candidates, count, &seed, exclude.as_deref(), &output),
        Command::Draw(DrawCommand::Verify {
            record,
            candidates,
            exclude,
        }) => draw_verify(&record, &candidates, exclude.as_deref()),
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
                password: read_password()?,
                certificate,
                certificate_valid_from,
                certificate_valid_until,
            };
            user_create(&cli.db, request).await
        }
    }
}

fn read_ids(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("无法读取 {}：{e}", path.display())))?;
    qingdan_draw::read_candidates_csv(&text)
        .map_err(|e| UserError(format!("{}：{e}", path.display())).into())
}

fn draw_run(
    candidates: &Path,
    count: usize,
    seed: &str,
    exclude: Option<&Path>,
    output: &Path,
) -> Result<()> {
    let ids = read_ids(candidates)?;
    let excluded = match exclude {
        Some(p) => read_ids(p)?,
        None => Vec::new(),
    };
    let record =
        qingdan_draw::draw(&ids, &excluded, count, seed).map_err(|e| UserError(e.to_string()))?;
    std::fs::write(output, record.to_json())
        .map_err(|e| UserError(format!("无法写入 {}：{e}", output.display())))?;
    println!(
        "已从 {} 个候选中抽取 {} 个（排除 {} 个），记录写入 {}；记录哈希 {}",
        record.candidate_count,
        record.selected.len(),
        record.excluded_count,
        output.display(),
        record.record_hash
    );
    for (i, id) in record.selected.iter().enumerate() {
        println!("{:>4}. {id}", i + 1);
    }
    Ok(())
}

fn draw_verify(record: &Path, candidates: &Path, exclude: Option<&Path>) -> Result<()> {
    let text = std::fs::read_to_string(record)
        .map_err(|e| UserError(format!("无法读取 {}：{e}", record.display())))?;
    let parsed = qingdan_draw::DrawRecord::from_json(&text)
        .map_err(|e| UserError(format!("{}：{e}", record.display())))?;
    let ids = read_ids(candidates)?;
    let excluded = match exclude {
        Some(p) => read_ids(p)?,
        None => Vec::new(),
    };
    match qingdan_draw::verify(&parsed, &ids, &excluded) {
        Ok(()) => {
            println!(
                "核验通过：用公布的种子对这 {} 个候选重新抽取，结果与记录完全一致（记录哈希 {}）",
                parsed.candidate_count, parsed.record_hash
            );
            Ok(())
        }
        Err(e) => bail!("核验不通过：{e}"),
    }
}

/// The first line of standard input, without its line ending.
fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| UserError(format!("无法从标准输入读取密码：{e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!(UserError("请在标准输入中提供密码（第一行）".into()));
    }
    Ok(password)
}

/// Creates the offices the current list names (idempotent, audited).
async fn ensure_offices(store: &Store, actor: &str) -> Result<()> {
    if let Some(stored) = store.current_catalog().await? {
        let names = stored.catalog.offices();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        store.ensure_offices(&refs, actor, &now()).await?;
    }
    Ok(())
}

async fn user_create(db: &DbArgs, request: qingdan_app::users::NewUser) -> Result<()> {
    let prepared = qingdan_app::users::prepare(&request).map_err(app_error)?;
    let role = prepared.role;
    let store = db.open().await?;
    ensure_offices(&store, "cli").await?;
    let user = qingdan_app::users::store(&store, &request, &prepared, "cli", &now())
        .await
        .map_err(app_error);
    store.close().await;
    let user = user?;
    println!(
        "已创建用户 {}（{}{}）{}",
        user.username,
        role.label(),
        user.office
            .as_deref()
            .map(|o| format!("，{o}"))
            .unwrap_or_default(),
        match (&user.certificate_valid_from, &user.certificate_valid_until) {
            (Some(from), Some(until)) => format!("，执法证有效期 {from} 至 {until}"),
            (None, Some(until)) => format!("，执法证有效期至 {until}"),
            _ => String::new(),
        }
    );
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

/// A progress line on a terminal, at most ten times a second.
struct Progress {
    tty: bool,
    last: std::time::Instant,
}

impl Progress {
    fn new() -> Progress {
        use std::io::IsTerminal;
        Progress {
            tty: std::io::stderr().is_terminal(),
            last: std::time::Instant::now(),
        }
    }

    fn show(&mut self, text: impl FnOnce() -> String) {
        if self.tty && self.last.elapsed() >= Duration::from_millis(100) {
            self.last = std::time::Instant::now();
            eprint!("\r{}\x1b[K", text());
        }
    }

    fn done(&self) {
        if self.tty {
            eprint!("\r\x1b[K");
        }
    }
}

async fn registry_import(
    db: &DbArgs,
    kind: RegistryKind,
    file: &Path,
    errors: Option<&Path>,
    strict: bool,
) -> Result<()> {
    use qingdan_app::plans::{certificate_row, enterprise_row, project_row};
    use qingdan_registry::{Format, RowError};
    use qingdan_store::{RegistryImport, RegistryRows};
    let bytes = std::fs::read(file)
        .map_err(|e| UserError(format!("无法读取文件 {}：{e}", file.display())))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let format = Format::from_file_name(&name).unwrap_or_else(|| Format::sniff(&bytes));
    let started = std::time::Instant::now();
    let mut bar = Progress::new();
    let mut on_read = |done: usize, total: Option<usize>| {
        bar.show(|| match total {
            Some(t) => format!("读取 {done}/{t} 行……"),
            None => format!("读取 {done} 行……"),
        })
    };
    let (enterprises, projects, certificates, rejected, total): (
        Vec<_>,
        Vec<_>,
        Vec<_>,
        Vec<RowError>,
        usize,
    ) = match kind {
        RegistryKind::Enterprises => {
            let r = qingdan_registry::import_enterprises(&bytes, format, &mut on_read);
            let rows = r.accepted.iter().map(enterprise_row).collect();
            (rows, vec![], vec![], r.rejected, r.total_rows)
        }
        RegistryKind::Projects => {
            let r = qingdan_registry::import_projects(&bytes, format, &mut on_read);
            let rows = r.accepted.iter().map(project_row).collect();
            (vec![], rows, vec![], r.rejected, r.total_rows)
        }
        RegistryKind::Certificates => {
            let r = qingdan_registry::import_certificates(&bytes, format, &mut on_read);
            let rows = r.accepted.iter().map(certificate_row).collect();
            (vec![], vec![], rows, r.rejected, r.total_rows)
        }
    };
    bar.done();
    let rows = match kind {
        RegistryKind::Enterprises => RegistryRows::Enterprises(&enterprises),
        RegistryKind::Projects => RegistryRows::Projects(&projects),
        RegistryKind::Certificates => RegistryRows::Certificates(&certificates),
    };
    let bad_rows: std::collections::BTreeSet<usize> = rejected.iter().map(|e| e.row).collect();
    if !rejected.is_empty() {
        let report = errors.map(Path::to_path_buf).unwrap_or_else(|| {
            let mut p = file.as_os_str().to_owned();
            p.push(".错误报告.csv");
            PathBuf::from(p)
        });
        let mut csv = String::from("\u{feff}行,列,值,原因\r\n");
        let cell = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        for e in &rejected {
            csv.push_str(&format!(
                "{},{},{},{}\r\n",
                e.row,
                cell(&e.field),
                cell(&e.value),
                cell(&e.reason)
            ));
        }
        std::fs::write(&report, csv)
            .map_err(|e| UserError(format!("无法写入错误报告 {}：{e}", report.display())))?;
        for e in rejected.iter().take(10) {
            eprintln!("  {e}");
        }
        if rejected.len() > 10 {
            eprintln!("  ……共 {} 处问题", rejected.len());
        }
        eprintln!("逐行错误报告：{}", report.display());
        if rows.is_empty() || bad_rows.contains(&0) || strict {
            return Err(UserError(format!(
                "{} 中 {} 行有问题{}，未写入任何数据",
                name,
                bad_rows.iter().filter(|r| **r > 0).count(),
                if strict { "（--strict）" } else { "" }
            ))
            .into());
        }
    }
    let store = db.open().await?;
    let sha = qingdan_store::sha256_hex(&bytes);
    let n = rows.len();
    let mut bar = Progress::new();
    let result = store
        .import_registry(
            RegistryImport {
                file_name: &name,
                sha256: &sha,
                total_rows: total as i64,
                rejected: bad_rows.iter().filter(|r| **r > 0).count() as i64,
                actor: "cli",
                at: &now(),
            },
            rows,
            |done| bar.show(|| format!("写入 {done}/{n} 行……")),
        )
        .await;
    bar.done();
    store.close().await;
    let id = result?;
    println!(
        "已导入 {name}：读取 {total} 行，写入 {n} 行，拒收 {} 行；用时 {:.1} 秒（导入记录第 {id} 号）",
        bad_rows.iter().filter(|r| **r > 0).count(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn demo_load(
    db: &DbArgs,
    enterprises: usize,
    projects: usize,
    officers: usize,
    seed: u64,
    as_of: Option<&str>,
) -> Result<()> {
    use qingdan_app::plans::{certificate_row, enterprise_row, make_plan, project_row};
    use qingdan_inspections::demo::{DemoParams, generate};
    use qingdan_store::{RegistryImport, RegistryRows};
    let as_of = match as_of {
        Some(s) => s
            .parse::<jiff::civil::Date>()
            .map_err(|_| UserError(format!("日期“{s}”应为 YYYY-MM-DD")))?,
        None => SystemClock.today(),
    };
    let store = db.open().await?;
    if store.current_version().await?.is_none() {
        let catalog = qingdan_core::parse_list(DEFAULT_LIST)
            .map_err(|e| anyhow::anyhow!("内置清单无法导入：{e}"))?;
        store
            .import_catalog(NewCatalogVersion {
                source_name: DEFAULT_LIST_NAME,
                source_text: DEFAULT_LIST,
                catalog: &catalog,
                imported_at: &now(),
                actor: "demo",
            })
            .await?;
    }
    ensure_offices(&store, "demo").await?;
    let counts = store.registry_counts().await?;
    if counts.enterprises + counts.projects + counts.certificates > 0 {
        store.close().await;
        return Err(UserError(format!(
            "数据库中已有监管对象（企业 {} 家、项目 {} 个、证书 {} 本）：演示数据只装入空库",
            counts.enterprises, counts.projects, counts.certificates
        ))
        .into());
    }
    let started = std::time::Instant::now();
    let county = generate(DemoParams {
        seed,
        as_of,
        enterprises,
        projects,
        officers,
    });
    // Flags (complaints, incidents, failed spot checks) come from the generated snapshot.
    let flags: std::collections::HashMap<&str, &qingdan_inspections::snapshot::EnterpriseEntry> =
        county
            .snapshot
            .enterprises
            .iter()
            .map(|e| (e.uscc.as_str(), e))
            .collect();
    let e_rows: Vec<_> = county
        .enterprises
        .iter()
        .map(|e| {
            let mut r = enterprise_row(e);
            if let Some(f) = flags.get(e.uscc.as_str()) {
                r.complained = f.complained;
                r.incident = f.incident;
                r.failed_spot_check = f.failed_spot_check;
            }
            r
        })
        .collect();
    let pflags: std::collections::HashMap<&str, &qingdan_inspections::snapshot::ProjectEntry> =
        county
            .snapshot
            .projects
            .iter()
            .map(|p| (p.code.as_str(), p))
            .collect();
    let p_rows: Vec<_> = county
        .projects
        .iter()
        .map(|p| {
            let mut r = project_row(p);
            if let Some(f) = pflags.get(p.code.as_str()) {
                r.uses_cement = f.uses_cement;
                r.wall_complaint = f.wall_complaint;
                r.cement_complaint = f.cement_complaint;
            }
            r
        })
        .collect();
    let c_rows: Vec<_> = county.certificates.iter().map(certificate_row).collect();
    let at = now();
    let file = format!("demo-county-seed-{seed}");
    let sha = qingdan_store::sha256_hex(file.as_bytes());
    for rows in [
        RegistryRows::Enterprises(&e_rows),
        RegistryRows::Projects(&p_rows),
        RegistryRows::Certificates(&c_rows),
    ] {
        let mut bar = Progress::new();
        let n = rows.len();
        let kind = rows.kind();
        store
            .import_registry(
                RegistryImport {
                    file_name: &file,
                    sha256: &sha,
                    total_rows: n as i64,
                    rejected: 0,
                    actor: "demo",
                    at: &at,
                },
                rows,
                |done| bar.show(|| format!("写入{kind} {done}/{n}……")),
            )
            .await?;
        bar.done();
    }
    // People: one password for every demo account, printed once.
    let password = qingdan_identity::one_time_password()?;
    let hash = qingdan_identity::hash_password(&password)?;
    let mut created = Vec::new();
    for p in &county.people {
        let role = match p.role {
            Some(qingdan_cases::By::Officer) => "officer",
            Some(qingdan_cases::By::Leader) => "leader",
            Some(qingdan_cases::By::Legal) => "legal",
            None => continue,
        };
        if store.user_by_name(&p.username).await?.is_some() {
            continue;
        }
        let until = p.certificate.as_ref().map(|c| c.valid_until.to_string());
        store
            .create_user(
                qingdan_store::NewUser {
                    username: &p.username,
                    display_name: &p.username,
                    role,
                    office: p.office.as_deref(),
                    password_hash: &hash,
                    certificate_number: p.certificate.as_ref().map(|c| c.number.as_str()),
                    certificate_valid_from: None,
                    certificate_valid_until: until.as_deref(),
                    must_change_password: false,
                },
                "demo",
                &at,
            )
            .await?;
        created.push(p.username.clone());
    }
    for r in &county.relations {
        let conflict = qingdan_store::ConflictRow {
            officer: r.officer.clone(),
            target: r.target.clone(),
            reason: r.nature.clone(),
        };
        match store.declare_conflict(&conflict, "demo", &at).await {
            Ok(()) | Err(qingdan_store::StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let year = i64::from(as_of.year());
    if store.seed(year).await?.is_none() {
        store
            .announce_seed(year, &county.draw_seed(), "demo", &at)
            .await?;
    }
    let plan = make_plan(&store, as_of, "demo", &now()).await;
    store.close().await;
    let (plan, checks) = plan.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "演示县已装入：企业 {} 家、建设项目 {} 个、证书 {} 本；用户 {} 个（{}），密码均为 {password}（只显示这一次）；\
         {} 年度检查计划第 {} 号：{} 项检查，{} 条频次规则全部满足；用时 {:.1} 秒",
        e_rows.len(),
        p_rows.len(),
        c_rows.len(),
        created.len(),
        created.join("、"),
        as_of.year(),
        plan.id,
        plan.items,
        checks.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn case_verify_file(db: &DbArgs, file: &Path, offline: bool) -> Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| UserError(format!("无法读取案卷文件 {}：{e}", file.display())))?;
    let v = match qingdan_export::case_file::verify_case_file(&bytes) {
        Ok(v) => v,
        Err(e) => bail!("案卷核验不通过：{e}"),
    };
    let m = &v.manifest;
    println!(
        "案卷 {}（{}）自身完整：{} 个文件的 SHA-256 与清单一致，{} 条记录的哈希逐条核验无误；清单 SHA-256 {}。",
        m.case.number,
        m.case.party,
        m.files.len(),
        v.events.len(),
        v.manifest_sha256
    );
    if offline {
        println!("（--offline：未与数据库中的审计记录核对）");
        return Ok(());
    }
    let store = db.open().await?;
    let live = store.events_for("case", &m.case.id.to_string()).await;
    store.close().await;
    let live = live?;
    for e in &v.events {
        match live.iter().find(|l| l.seq == e.seq) {
            Some(l) if l == e => {}
            Some(_) => bail!("案卷中的第 {} 号事件与{}中的记录不同", e.seq, db.describe()),
            None => bail!(
                "案卷中的第 {} 号事件不在{}中案件 {} 的记录里",
                e.seq,
                db.describe(),
                m.case.number
            ),
        }
    }
    let export = live.iter().find(|l| {
        l.action == "case.file_exported"
            && l.after
                .as_deref()
                .and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok())
                .and_then(|a| {
                    a.get("manifest_sha256")
                        .and_then(|h| h.as_str().map(str::to_owned))
                })
                .is_some_and(|h| h == v.manifest_sha256)
    });
    let Some(export) = export else {
        bail!(
            "{}中没有导出此案卷的记录（清单 SHA-256 {}）：它不是本系统导出的案卷，或清单被替换",
            db.describe(),
            v.manifest_sha256
        );
    };
    println!(
        "与{}中的审计记录一致：{} 条事件逐条相同；本案卷由 {} 于 {} 导出（第 {} 号事件）。全链完整性请用 qingdan audit verify 核验。",
        db.describe(),
        v.events.len(),
        export.actor,
        export.at,
        export.seq
    );
    Ok(())
}

async fn audit_verify(db: &DbArgs) -> Result<()> {
    use std::io::IsTerminal;
    let store = db.open().await?;
    let tty = std::io::stderr().is_terminal();
    let result = store
        .verify_audit(|n| {
            if tty {
                eprint!("\r已核验 {n} 条事件……");
            }
        })
        .await;
    if tty {
        eprintln!();
    }
    store.close().await;
    match result {
        Ok(n) => {
            println!("审计链完整：共 {n} 条事件，逐条哈希与链接均核验无误。");
            Ok(())
        }
        Err(qingdan_store::VerifyError::Chain(e)) => {
            bail!("审计链已损坏：{e}")
        }
        Err(qingdan_store::VerifyError::Store(e)) => Err(e.into()),
    }
}

async fn route(db: &DbArgs, text: &str, json: bool) -> Result<()> {
    let store = db.open().await?;
    let catalog = match store.current_catalog().await? {
        Some(stored) => stored.catalog,
        None => qingdan_core::parse_list(DEFAULT_LIST)
            .map_err(|e| anyhow::anyhow!("内置清单无法导入：{e}"))?,
    };
    store.close().await;
    let router = qingdan_routing::Router::new(&catalog);
    let r: qingdan_web::routing_api::RouteResponse = router
        .resolve(text)
        .map_err(|e| UserError(format!("{e}（text）")))?
        .into();
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    match &r.department {
        Some(d) => println!("负责部门：{d}"),
        None => println!("负责部门：清单未明确"),
    }
    if let (Some(no), Some(m)) = (r.boundary_no, &r.matter) {
        println!("职责边界：第 {no} 项 {m}");
    }
    if let Some(div) = &r.division {
        println!("职责分工：{div}");
    }
    println!("说明：{}", r.explanation);
    if let Some(b) = &r.basis {
        println!("依据：{}", b.replace('\n', " "));
    }
    Ok(())
}

fn app_error(e: qingdan_app::AppError) -> anyhow::Error {
    let field = e.field().map(|f| format!("（{f}）")).unwrap_or_default();
    UserError(format!("{e}{field}")).into()
}

fn api_error(e: qingdan_web::error::ApiError) -> anyhow::Error {
    let field = e.field().map(|f| format!("（{f}）")).unwrap_or_default();
    UserError(format!("{}{field}", e.message())).into()
}

fn assess(a: AssessArgs) -> Result<()> {
    use qingdan_web::rules_api::{
        AssessRequest, AssessResponse, FactsDto, assess_input, rule_error,
    };
    let text = |s: Option<String>| s.map(serde_json::Value::String);
    let request = AssessRequest {
        violation: a.violation,
        quantity: text(a.quantity),
        party: a.party,
        on: a.on,
        decided_on: a.decided_on,
        facts: Some(FactsDto {
            corrected_by_deadline: a.corrected_by_deadline,
            first_offence: a.first_offence,
            facts_clear: a.facts_clear,
            no_objection: a.no_objection,
            harm: a.harm,
            proposed_fine: text(a.proposed_fine),
            circumstances: Some(a.circumstances),
        }),
    };
    let input = assess_input(request, SystemClock.today()).map_err(api_error)?;
    let engine = engine(a.benchmark.as_deref())?;
    let result: AssessResponse = engine
        .assess(&input)
        .map_err(|e| api_error(rule_error(e)))?
        .into();
    if a.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
        return Ok(());
    }
    println!(
        "违法行为：{}（{}）",
        result.violation_name, result.violation
    );
    println!("执法主体：{}", result.enforcer);
    if let Some(r) = &result.refer_to {
        println!("移送：{r}");
    }
    if !result.measures.is_empty() {
        println!("措施：{}", result.measures.join("；"));
    }
    match (&result.fine, &result.statutory_fine) {
        (Some(f), _) => println!(
            "罚款：{} 元（法定幅度 {} 至 {} 元）",
            f.amount, f.min, f.max
        ),
        (None, Some(f)) => println!("罚款：本局不予罚款（法定幅度 {} 至 {} 元）", f.min, f.max),
        (None, None) => println!("罚款：无"),
    }
    if let Some(t) = &result.tier {
        println!("裁量档次：{t}");
    }
    println!(
        "程序：{}{}{}",
        if result.procedure == "simple" {
            "简易程序（当场处罚）"
        } else {
            "普通程序"
        },
        if result.hearing_right {
            "；当事人有权要求听证"
        } else {
            ""
        },
        if result.collect_on_the_spot {
            "；可当场收缴"
        } else {
            ""
        }
    );
    println!("依据：{}", result.basis.join("；"));
    println!("理由：");
    for (i, r) in result.reasons.iter().enumerate() {
        println!("  {}. {r}", i + 1);
    }
    Ok(())
}

fn late_fee(a: LateFeeArgs) -> Result<()> {
    use qingdan_web::rules_api::{date, decimal, rule_error};
    let kind = match a.kind.as_str() {
        "wall-fund" => qingdan_rules::LateFeeKind::WallFund,
        "fine" => qingdan_rules::LateFeeKind::Fine,
        other => bail!(UserError(format!(
            "滞纳金种类应为 wall-fund 或 fine，实为“{other}”"
        ))),
    };
    let input = qingdan_rules::LateFeeInput {
        kind,
        principal: decimal("principal", &serde_json::Value::String(a.principal))
            .map_err(api_error)?,
        due: date("due", &a.due).map_err(api_error)?,
        paid_on: date("paid_on", &a.paid_on).map_err(api_error)?,
        excluded_days: a.excluded_days.unwrap_or(0),
    };
    let fee = qingdan_rules::late_fee(&qingdan_rules::Law::current(), &input)
        .map_err(|e| api_error(rule_error(e)))?;
    if a.json {
        println!(
            "{}",
            serde_json::json!({"days": fee.days, "rate": fee.rate.normalize().to_string(), "amount": fee.amount.to_string(), "capped": fee.capped, "basis": fee.basis, "reasons": fee.reasons})
        );
        return Ok(());
    }
    println!(
        "天数：{}；金额：{} 元{}",
        fee.days,
        fee.amount,
        if fee.capped {
            "（以本金为限）"
        } else {
            ""
        }
    );
    for r in &fee.reasons {
        println!("  {r}");
    }
    println!("依据：{}", fee.basis.join("；"));
    Ok(())
}

fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The rules engine, with the legal section's benchmark file when one is given.
fn engine(benchmark: Option<&Path>) -> Result<qingdan_rules::Engine> {
    let mut engine = qingdan_rules::Engine::default();
    if let Some(path) = benchmark {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError(format!("无法读取裁量基准文件 {}：{e}", path.display())))?;
        engine.benchmark = qingdan_rules::discretion::Benchmark::from_json(&text)
            .map_err(|e| UserError(format!("{}：{e}", path.display())))?;
        tracing::info!(version = %engine.benchmark.version, "discretion benchmark loaded");
    }
    Ok(engine)
}

fn calendar(path: Option<&Path>) -> Result<qingdan_cases::HolidayCalendar> {
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

fn clock(fixed: Option<&str>) -> Result<std::sync::Arc<dyn Clock>> {
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
struct ServeOptions {
    addr: SocketAddr,
    refresh_secs: u64,
    engine: qingdan_rules::Engine,
    sign_in_per_minute: u32,
    complaints_per_hour: u32,
    calendar: qingdan_cases::HolidayCalendar,
    case_prefix: String,
    clock: std::sync::Arc<dyn Clock>,
}

async fn serve(db: &DbArgs, o: ServeOptions) -> Result<()> {
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
    } = o;
    let store = db.open().await?;
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
        .with_complaint_limit(complaints_per_hour);
    // Fonts for the official documents (PDF). Without them the server still runs; documents
    // answer 503 with the package to install.
    let state = match qingdan_documents::Fonts::load_system() {
        Ok(fonts) => state.with_documents(qingdan_documents::Renderer::new(fonts)),
        Err(e) => {
            tracing::error!(error = %e, "documents disabled");
            state
        }
    };
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
    axum_serve(listener, qingdan_web::app(state)).await?;
    refresher.abort();
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn axum_serve(listener: tokio::net::TcpListener, app: qingdan_web::Router) -> Result<()> {
    qingdan_web::serve(listener, app, shutdown_signal()).await?;
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

async fn import(db: &DbArgs, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| UserError(format!("无法读取文件 {}：{e}", file.display())))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        UserError(format!(
            "{}：不是 UTF-8 编码的文本（第 {} 个字节起无法解码）。请另存为 UTF-8 后再导入",
            file.display(),
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    // Parse fully before touching the database: a broken list changes nothing.
    let catalog = qingdan_core::parse_any(&text)
        .map_err(|e| UserError(format!("{}：{e}；清单未导入，当前版本不变", file.display())))?;
    let store = db.open().await?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let v = store
        .import_catalog(NewCatalogVersion {
            source_name: &name,
            source_text: &text,
            catalog: &catalog,
            imported_at: &now(),
            actor: "cli",
        })
        .await?;
    ensure_offices(&store, "cli").await?;
    let n = v.counts;
    println!(
        "已导入第 {} 版：{}，{} 项职责、{} 个工作事项、{} 个职责边界、{} 项监管制度、{} 项公共服务。",
        v.id, v.bureau, n.duties, n.items, n.boundaries, n.systems, n.services
    );
    store.close().await;
    Ok(())
}

async fn export(
    db: &DbArgs,
    format: ExportFormat,
    output: &Path,
    version: Option<i64>,
) -> Result<()> {
    let store = db.open().await?;
    let stored = match version {
        Some(v) => store.catalog_version(v).await?,
        None => store.current_catalog().await?,
    };
    let Some(stored) = stored else {
        store.close().await;
        match version {
            Some(v) => bail!(UserError(format!("没有第 {v} 版清单"))),
            None => bail!(UserError("数据库中还没有清单，请先导入".into())),
        }
    };
    let bytes = match format {
        ExportFormat::Json => serde_json::to_vec_pretty(&stored.catalog)?,
        ExportFormat::Xlsx => qingdan_export::catalog_xlsx(&stored.catalog)?,
    };
    std::fs::write(output, &bytes)
        .map_err(|e| UserError(format!("无法写入 {}：{e}", output.display())))?;
    println!(
        "已导出第 {} 版到 {}（{} 字节）",
        stored.info.id,
        output.display(),
        bytes.len()
    );
    store.close().await;
    Ok(())
}

async fn versions(db: &DbArgs) -> Result<()> {
    let store = db.open().await?;
    let current = store.current_version().await?;
    for v in store.catalog_versions().await? {
        let mark = if Some(v.id) == current { "*" } else { " " };
        println!(
            "{mark} 第 {} 版  {}  {}  {}  sha256:{}",
            v.id,
            v.imported_at,
            v.bureau,
            v.source_name,
            &v.source_sha256[..12.min(v.source_sha256.len())]
        );
    }
    store.close().await;
    Ok(())
}
