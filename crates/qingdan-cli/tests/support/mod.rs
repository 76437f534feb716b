//! Test support: start the real `qingdan` binary on a fresh database and talk to it over HTTP.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test harness"
)]

pub mod webdriver;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Which database a spawned server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// The databases every end-to-end story runs on. PostgreSQL is skipped only when
/// `QINGDAN_SKIP_POSTGRES=1` is set explicitly (never in CI), and says so.
pub fn databases() -> Vec<Db> {
    if std::env::var("QINGDAN_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("QINGDAN_SKIP_POSTGRES=1: PostgreSQL end-to-end run SKIPPED");
        vec![Db::Sqlite]
    } else {
        vec![Db::Sqlite, Db::Postgres]
    }
}

/// A fresh database: a SQLite file in a temp dir, or a new schema on the test PostgreSQL.
pub struct TestDb {
    pub kind: Db,
    pub dir: tempfile::TempDir,
    /// Flags that point `qingdan` at this database.
    pub args: Vec<String>,
}

impl TestDb {
    pub fn new(kind: Db) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let args = match kind {
            Db::Sqlite => vec![
                "--db".to_string(),
                dir.path().join("qingdan.db").display().to_string(),
            ],
            Db::Postgres => {
                let base = std::env::var("QINGDAN_TEST_DATABASE_URL")
                    .unwrap_or_else(|_| DEFAULT_PG.into());
                let schema = unique("e2e");
                create_schema(&base, &schema);
                let sep = if base.contains('?') { '&' } else { '?' };
                vec![
                    "--database-url".to_string(),
                    format!("{base}{sep}options=-c%20search_path%3D{schema}"),
                    // PostgreSQL has no default anchor directory (SQLite's is `<db>.audit`).
                    "--audit-dir".to_string(),
                    dir.path().join("audit").display().to_string(),
                ]
            }
        };
        TestDb { kind, dir, args }
    }

    /// Runs SQL directly on this database, as its administrator could (`sqlite3` or `psql`),
    /// bypassing the application.
    pub fn sql(&self, sql: &str) {
        let out = match self.kind {
            Db::Sqlite => Command::new("sqlite3")
                .arg(&self.args[1])
                .arg(sql)
                .output()
                .unwrap_or_else(|e| panic!("sqlite3 is needed to tamper in tests: {e}")),
            Db::Postgres => {
                let base = std::env::var("QINGDAN_TEST_DATABASE_URL")
                    .unwrap_or_else(|_| DEFAULT_PG.into());
                let schema = self.args[1].split("search_path%3D").nth(1).unwrap();
                Command::new("psql")
                    .arg(&base)
                    .args(["-v", "ON_ERROR_STOP=1", "-qc"])
                    .arg(format!("SET search_path TO \"{schema}\"; {sql}"))
                    .output()
                    .unwrap()
            }
        };
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs `qingdan` with these database flags and `args`.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(bin())
            .args(&self.args)
            .args(args)
            .env("QINGDAN_LOG", "warn")
            .output()
            .unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.kind == Db::Postgres
            && let Some(schema) = self.args[1].split("search_path%3D").nth(1)
        {
            let base =
                std::env::var("QINGDAN_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG.into());
            let _ = Command::new("psql")
                .arg(&base)
                .arg("-qc")
                .arg(format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                .output();
        }
    }
}

fn create_schema(url: &str, schema: &str) {
    let out = Command::new("psql")
        .arg(url)
        .arg("-v")
        .arg("ON_ERROR_STOP=1")
        .arg("-c")
        .arg(format!("CREATE SCHEMA \"{schema}\""))
        .output()
        .unwrap_or_else(|e| panic!("psql is needed for PostgreSQL end-to-end tests: {e}"));
    assert!(
        out.status.success(),
        "cannot create schema on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_qingdan"))
}

/// A running `qingdan serve`, killed on drop.
pub struct Server {
    pub base: String,
    pub child: Child,
    pub db: TestDb,
    /// The first admin's one-time password, when this start created it.
    pub admin_password: Option<String>,
}

impl Server {
    /// Starts `qingdan serve` on a free port with a fresh database of `kind`.
    pub fn start(kind: Db) -> Server {
        Self::start_on(TestDb::new(kind), &[])
    }

    /// Starts `qingdan serve` on an existing database with extra flags.
    pub fn start_on(db: TestDb, extra: &[&str]) -> Server {
        let (child, base, admin_password) = spawn(&db, extra);
        Server {
            base,
            child,
            db,
            admin_password,
        }
    }

    /// Stops this server (SIGKILL) and starts another on the same database with `extra`
    /// flags — e.g. a later `--fixed-time`, as the days of a case pass.
    pub fn restart(&mut self, extra: &[&str]) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let (child, base, _) = spawn(&self.db, extra);
        self.child = child;
        self.base = base;
    }
}

/// Spawns `qingdan serve` and reads its address (and the first admin's password, if printed).
fn spawn(db: &TestDb, extra: &[&str]) -> (Child, String, Option<String>) {
    let mut child = Command::new(bin())
        .args(&db.args)
        .args(["serve", "--addr", "127.0.0.1:0", "--refresh-secs", "1"])
        .args(extra)
        // The tests sign in far more often than a person; tests of the limit pass their own.
        .env(
            "QINGDAN_SIGN_IN_PER_MINUTE",
            std::env::var("QINGDAN_SIGN_IN_PER_MINUTE").unwrap_or_else(|_| "10000".into()),
        )
        .current_dir(db.dir.path())
        .env("QINGDAN_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut admin_password = None;
    let base = loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap();
        assert!(n > 0, "server exited before printing its address");
        if let Some(rest) = line.split("一次性密码 ").nth(1) {
            admin_password = rest.split('（').next().map(|p| p.trim().to_string());
        }
        if let Some(addr) = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
        {
            break format!("http://{addr}");
        }
    };
    (child, base, admin_password)
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET, returning status and body text whatever the status.
    pub fn get(&self, path: &str) -> (u16, String) {
        let agent = agent();
        match agent.get(&self.url(path)).call() {
            Ok(mut r) => {
                let status = r.status().as_u16();
                (status, r.body_mut().read_to_string().unwrap())
            }
            Err(e) => panic!("GET {path}: {e}"),
        }
    }

    /// GET a JSON body.
    pub fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.get(path);
        let value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"));
        (status, value)
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("server did not stop within 5 s of SIGTERM");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns 4xx/5xx as responses, not errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

pub const ANHUA: &str = include_str!("../../../../data/seeds/anhua.txt");

/// `s` with each non-ASCII byte percent-encoded, for query strings.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The password every staff member created by [`create_staff`] gets.
pub const STAFF_PASSWORD: &str = "Zhifa-2026-anhua";
/// The administrator's password after [`create_staff`] replaced the one-time one.
pub const ADMIN_PASSWORD: &str = "Guanli-2026-anhua";

/// POSTs JSON (with a bearer token, if given) and returns status and parsed body.
pub fn post_json(
    server: &Server,
    path: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let mut req = agent()
        .post(&server.url(path))
        .header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let mut r = req.send(body.to_string()).unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    let value = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("POST {path}: {e}: {text}"))
    };
    (status, value)
}

/// An API token for `user`.
pub fn api_token(server: &Server, user: &str, password: &str) -> String {
    let (status, body) = post_json(
        server,
        "/api/v1/auth/token",
        None,
        serde_json::json!({"username": user, "password": password}),
    );
    assert_eq!(status, 200, "{user}: {body}");
    body["token"].as_str().unwrap().to_string()
}

/// On a fresh server: the first administrator replaces the one-time password with
/// [`ADMIN_PASSWORD`] and creates each `(name, role, office, certificate valid until)` with
/// [`STAFF_PASSWORD`]. Returns the administrator's token.
/// The password an administrator gives a new user, who must change it at first sign-in.
pub const FIRST_PASSWORD: &str = "Chushi-2026-mima";

/// A new user's first sign-in: the password the administrator set is replaced by
/// [`STAFF_PASSWORD`], as the server requires before anything but reading.
pub fn first_sign_in(server: &Server, name: &str) {
    let token = api_token(server, name, FIRST_PASSWORD);
    let (status, answer) = post_json(
        server,
        "/api/v1/auth/password",
        Some(&token),
        serde_json::json!({"current_password": FIRST_PASSWORD, "new_password": STAFF_PASSWORD}),
    );
    assert_eq!(status, 204, "{name}: {answer:?}");
}

pub fn create_staff(server: &Server, staff: &[(&str, &str, &str, Option<&str>)]) -> String {
    let one_time = server.admin_password.clone().unwrap();
    let admin = api_token(server, "admin", &one_time);
    let (status, _) = post_json(
        server,
        "/api/v1/auth/password",
        Some(&admin),
        serde_json::json!({"current_password": one_time, "new_password": ADMIN_PASSWORD}),
    );
    assert_eq!(status, 204);
    for (name, role, office, until) in staff {
        let mut body = serde_json::json!({"username": name, "role": role,
            "password": FIRST_PASSWORD, "office": office});
        if let Some(until) = until {
            body["certificate"] = format!("湘工信执-{name}").into();
            body["certificate_valid_until"] = (*until).into();
        }
        let (status, answer) = post_json(server, "/api/v1/users", Some(&admin), body);
        assert_eq!(status, 201, "{name}: {answer}");
        first_sign_in(server, name);
    }
    admin
}
