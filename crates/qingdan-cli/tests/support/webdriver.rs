//! A minimal synchronous W3C WebDriver client for headless Chromium, over `ureq` + `serde_json`.
//!
//! [`Browser::start`] runs `chromedriver` on a free local port, opens one Chromium session with
//! a throw-away profile, and tears both down on drop. Every wait is bounded; every WebDriver
//! error panics with the driver's own message.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test harness"
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The W3C key under which an element reference is returned.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// What to do when the browser or its driver is missing.
pub const INSTALL_HINT: &str = "the browser tests need Chromium and ChromeDriver: install them \
     with `sudo apt-get install chromium chromium-driver` (or set CHROME_BIN and CHROMEDRIVER \
     to their paths)";

/// How long `chromedriver` may take to answer `/status` with `ready`.
const DRIVER_READY: Duration = Duration::from_secs(10);

/// The arguments Chromium runs with, besides `--user-data-dir`.
const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

/// A headless Chromium session and the `chromedriver` that runs it.
pub struct Browser {
    driver: Child,
    /// `http://127.0.0.1:{port}`
    driver_url: String,
    /// Empty until the session exists.
    session: String,
    agent: ureq::Agent,
    /// Holds the Chromium profile and the driver log; removed after the driver is gone.
    dir: tempfile::TempDir,
}

/// An element on the current page.
pub struct Element<'b> {
    browser: &'b Browser,
    id: String,
}

/// An element's position and size in CSS pixels, relative to the document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Browser {
    /// Starts `chromedriver` (env `CHROMEDRIVER`, else `chromedriver` on `PATH`, else
    /// `/usr/bin/chromedriver`) and a headless Chromium (env `CHROME_BIN`, else
    /// `/usr/bin/chromium`). Panics with [`INSTALL_HINT`] when either is missing.
    pub fn start() -> Browser {
        let driver_bin = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| find_on_path("chromedriver"));
        let chrome_bin = std::env::var_os("CHROME_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
        assert!(
            driver_bin.is_file(),
            "ChromeDriver not found at {}: {INSTALL_HINT}",
            driver_bin.display()
        );
        assert!(
            chrome_bin.is_file(),
            "Chromium not found at {}: {INSTALL_HINT}",
            chrome_bin.display()
        );

        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("profile");
        std::fs::create_dir(&profile).unwrap();
        let port = free_port();
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .arg(format!(
                "--log-path={}",
                dir.path().join("chromedriver.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run ChromeDriver {}: {e}; {INSTALL_HINT}",
                    driver_bin.display()
                )
            });
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        // From here on, a panic drops `browser`, which kills the driver.
        let mut browser = Browser {
            driver,
            driver_url: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            agent,
            dir,
        };
        browser.wait_until_ready();

        let mut args: Vec<String> = CHROME_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "implicit": 0, "pageLoad": 15_000, "script": 5_000 },
                    "goog:chromeOptions": {
                        "binary": chrome_bin.display().to_string(),
                        "args": args,
                    },
                }
            }
        });
        let url = format!("{}/session", browser.driver_url);
        let created = request(&browser.agent, "POST", &url, Some(caps)).unwrap_or_else(|e| {
            panic!(
                "cannot start Chromium ({}): {e}\n{}",
                chrome_bin.display(),
                browser.log_tail()
            )
        });
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("new session without sessionId: {created}"))
            .to_string();
        browser
    }

    fn wait_until_ready(&mut self) {
        let status = format!("{}/status", self.driver_url);
        let deadline = Instant::now() + DRIVER_READY;
        let mut last = String::from("no answer");
        while Instant::now() < deadline {
            if let Some(exit) = self.driver.try_wait().unwrap() {
                panic!(
                    "ChromeDriver exited at start ({exit}): {INSTALL_HINT}\n{}",
                    self.log_tail()
                );
            }
            match request(&self.agent, "GET", &status, None) {
                Ok(v) if v["ready"] == true => return,
                Ok(v) => last = v.to_string(),
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "ChromeDriver not ready within {DRIVER_READY:?}: {last}\n{}",
            self.log_tail()
        );
    }

    /// The last lines of the driver log, for failure messages.
    fn log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let from = lines.len().saturating_sub(20);
        format!("chromedriver log (tail):\n{}", lines[from..].join("\n"))
    }

    /// Sends a command to this session; `path` starts with `/` (or is empty).
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}/session/{}{path}", self.driver_url, self.session);
        request(&self.agent, method, &url, body)
    }

    /// Like [`Browser::cmd`], panicking on any error with the page it happened on.
    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.cmd(method, path, body).unwrap_or_else(|e| {
            let at = self
                .cmd("GET", "/url", None)
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .unwrap_or_default();
            panic!("{e} (page: {at})")
        })
    }

    /// Navigates to `url` and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.must("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn current_url(&self) -> String {
        as_string(self.must("GET", "/url", None))
    }

    pub fn title(&self) -> String {
        as_string(self.must("GET", "/title", None))
    }

    /// The first element matching the CSS selector; panics if there is none.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css).unwrap_or_else(|| {
            panic!(
                "no element matches `{css}` on {} ({})",
                self.current_url(),
                self.title()
            )
        })
    }

    /// The first element matching the CSS selector, if any.
    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        self.find_in("", css)
    }

    /// Every element matching the CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        self.find_all_in("", css)
    }

    fn find_in(&self, scope: &str, css: &str) -> Option<Element<'_>> {
        self.locate_in(scope, "css selector", css)
    }

    fn locate_in(&self, scope: &str, using: &str, value: &str) -> Option<Element<'_>> {
        let body = json!({ "using": using, "value": value });
        match self.cmd("POST", &format!("{scope}/element"), Some(body)) {
            Ok(v) => Some(self.element(&v)),
            Err(e) if e.contains("no such element") => None,
            Err(e) => panic!("finding `{value}`: {e}"),
        }
    }

    fn find_all_in(&self, scope: &str, css: &str) -> Vec<Element<'_>> {
        let body = json!({ "using": "css selector", "value": css });
        let found = self.must("POST", &format!("{scope}/elements"), Some(body));
        found
            .as_array()
            .unwrap_or_else(|| panic!("elements: not a list: {found}"))
            .iter()
            .map(|v| self.element(v))
            .collect()
    }

    fn element(&self, v: &Value) -> Element<'_> {
        let id = v[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("not an element reference: {v}"));
        Element {
            browser: self,
            id: id.to_string(),
        }
    }

    /// Resizes the window (in headless mode, the viewport).
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.must(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// A PNG of the current viewport.
    pub fn screenshot_png(&self) -> Vec<u8> {
        let b64 = as_string(self.must("GET", "/screenshot", None));
        let png = base64_decode(&b64);
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "screenshot is not a PNG"
        );
        png
    }

    /// Runs synchronous JavaScript (`return …;`) and gives back its result. Only for
    /// measuring: the pages themselves work without JavaScript.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.must(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Polls `check` every 50 ms until it holds; panics after `timeout`, naming `what`.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&Browser) -> bool,
    ) {
        let deadline = Instant::now() + timeout;
        loop {
            if check(self) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; now at {}",
                    self.current_url()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (≤ 10 s) until the browser is at exactly `url`.
    pub fn wait_for_url(&self, url: &str) {
        self.wait_until(&format!("URL {url}"), Duration::from_secs(10), |b| {
            b.current_url() == url
        });
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            // Quits Chromium; bounded by the agent's timeout. Errors are of no use here.
            let _ = self.cmd("DELETE", "", None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl<'b> Element<'b> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    /// The rendered text, as a reader sees it (empty when hidden).
    pub fn text(&self) -> String {
        as_string(self.browser.must("GET", &self.path("/text"), None))
    }

    /// The attribute as written in the HTML, if present.
    pub fn attr(&self, name: &str) -> Option<String> {
        let v = self
            .browser
            .must("GET", &self.path(&format!("/attribute/{name}")), None);
        v.as_str().map(str::to_string)
    }

    /// The DOM property, e.g. an input's current `value`.
    pub fn property(&self, name: &str) -> Value {
        self.browser
            .must("GET", &self.path(&format!("/property/{name}")), None)
    }

    pub fn click(&self) {
        self.browser
            .must("POST", &self.path("/click"), Some(json!({})));
    }

    pub fn clear(&self) {
        self.browser
            .must("POST", &self.path("/clear"), Some(json!({})));
    }

    /// Types `text` (any Unicode, Chinese included) into the element.
    pub fn send_keys(&self, text: &str) {
        self.browser
            .must("POST", &self.path("/value"), Some(json!({ "text": text })));
    }

    /// Submits the enclosing form the way a person does: by clicking its submit button.
    pub fn submit(&self) {
        let button = self
            .browser
            .locate_in(
                &self.path(""),
                "xpath",
                "ancestor-or-self::form[1]//*[@type='submit']",
            )
            .unwrap_or_else(|| panic!("no submit button in the form around element {}", self.id));
        button.click();
    }

    /// The first descendant matching the CSS selector; panics if there is none.
    pub fn find(&self, css: &str) -> Element<'b> {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no `{css}` inside element {}", self.id))
    }

    pub fn try_find(&self, css: &str) -> Option<Element<'b>> {
        self.browser.find_in(&self.path(""), css)
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'b>> {
        self.browser.find_all_in(&self.path(""), css)
    }

    /// Whether the element is rendered (ChromeDriver's `displayed` check).
    pub fn is_displayed(&self) -> bool {
        self.browser.must("GET", &self.path("/displayed"), None) == true
    }

    pub fn rect(&self) -> Rect {
        let v = self.browser.must("GET", &self.path("/rect"), None);
        let n = |k: &str| {
            v[k].as_f64()
                .unwrap_or_else(|| panic!("rect without {k}: {v}"))
        };
        Rect {
            x: n("x"),
            y: n("y"),
            width: n("width"),
            height: n("height"),
        }
    }
}

/// One WebDriver HTTP request. Gives the response's `value`, or the WebDriver error as text.
fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let sent = match method {
        "GET" => agent.get(url).call(),
        "DELETE" => agent.delete(url).call(),
        "POST" => agent.post(url).send_json(body.unwrap_or_else(|| json!({}))),
        other => panic!("unsupported method {other}"),
    };
    let mut response = sent.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = response.status().as_u16();
    let reply: Value = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_json()
        .map_err(|e| format!("{method} {url}: HTTP {status}, not WebDriver JSON: {e}"))?;
    let value = reply.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        let message = value["message"].as_str().unwrap_or_default();
        return Err(format!(
            "{method} {url}: WebDriver error `{error}`: {message}"
        ));
    }
    if status >= 400 {
        return Err(format!("{method} {url}: HTTP {status}: {reply}"));
    }
    Ok(value)
}

fn as_string(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => panic!("expected a string from WebDriver, got {other}"),
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// `name` in a `PATH` directory, else `/usr/bin/{name}` (which may not exist).
fn find_on_path(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| Path::new("/usr/bin").join(name))
}

/// Decodes standard base64 (`A–Z a–z 0–9 + /`, `=` padding; line breaks ignored).
pub fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in text.bytes() {
        let sextet = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\r' | b'\n' => continue,
            other => panic!("not base64: byte {other:#04x}"),
        };
        acc = (acc << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
