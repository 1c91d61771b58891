//! Project automation (the `cargo xtask` pattern): `cargo xtask <task>`.
//!
//! - `test [--quick]`: the project's test command (README and CI call it):
//!   1. `cargo test --workspace --exclude mesh-web` (native: mesh-core,
//!      mesh-cli, the parity suite with its real-kernel half when root, xtask);
//!   2. mesh-core's determinism test in wasm32 (wasm-bindgen-test in Node);
//!   3. `mesh lab check` of every lab in `labs/`;
//!   4. the browser tests (`web-test`);
//!   5. every fuzz target for a bounded time (`fuzz/run.sh`, which installs
//!      cargo-fuzz when missing; `MESH_FUZZ_SECS` per target, default 10).
//!
//!   It stops at the first stage that fails, printing one line per stage
//!   with its wall time. `--quick` runs stages 1 and 3 only.
//! - `web [--release] [--port N]`: build the browser lab into `dist/` and
//!   serve it on 127.0.0.1 (default port 8080).
//! - `web-build [--release]`: build `dist/` only (any static host can serve it).
//! - `web-test`: run mesh-web's wasm-bindgen tests in headless Chromium.
//! - `screenshot [--release]`: load the app in headless Chromium after the
//!   seed's `curl 172.19.177.14:8080` and one step, save
//!   `artifacts/screenshot.png`, and print the wasm size (raw and gzip) and
//!   the time to first interactive terminal.
//!
//! Missing tools are installed: the wasm32 target through rustup, and the
//! wasm-bindgen CLI of exactly the version Cargo.lock pins, through
//! `cargo install`. Nothing else is downloaded; serving needs no network.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs, thread};

type Result<T> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <test [--quick] | web [--release] [--port N] | web-build [--release] | web-test | screenshot [--release]>";

/// The state the screenshot shows: the seed's service and curl, then one step.
const SCREENSHOT_FRAGMENT: &str = "v=1&scenario=seed&seed=1\
    &cmd=node1:sudo%20docker%20service%20create%20--name%20web%20-p%208080%3A80%20--replicas%202%20containous%2Fwhoami\
    &cmd=node1:curl%20172.19.177.14%3A8080&hop=1";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let release = args.iter().any(|a| a == "--release");
    let res = match args.first().map(String::as_str) {
        Some("web") => port_arg(&args).and_then(|port| {
            let dist = build(release)?;
            serve(&dist, port)
        }),
        Some("web-build") => build(release).map(|dist| println!("built {}", dist.display())),
        Some("web-test") => web_test(),
        Some("test") => match args.get(1).map(String::as_str) {
            None => test(false),
            Some("--quick") if args.len() == 2 => test(true),
            Some(_) => Err(format!("unknown argument to test\n{USAGE}")),
        },
        Some("screenshot") => screenshot(release),
        _ => Err(USAGE.to_string()),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn port_arg(args: &[String]) -> Result<u16> {
    match args.iter().position(|a| a == "--port") {
        None => Ok(8080),
        Some(i) => args.get(i + 1).and_then(|p| p.parse().ok()).ok_or_else(|| format!("--port needs a number\n{USAGE}")),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd.status().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{cmd:?} failed: {status}")) }
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The version of a package in Cargo.lock.
fn locked_version(package: &str) -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"")
            && let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")).and_then(|v| v.strip_suffix('"'))
        {
            return Ok(v.to_string());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// The wasm32 target and the wasm-bindgen CLI matching Cargo.lock.
fn ensure_tools() -> Result<()> {
    let targets = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let want = locked_version("wasm-bindgen")?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) != Some(want.as_str()) {
        // Without --locked: the published lockfile of some versions pins crates the index no longer offers.
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))?;
    }
    Ok(())
}

/// Build the app into `dist/`.
fn build(release: bool) -> Result<PathBuf> {
    ensure_tools()?;
    let root = root();
    let mut cargo = Command::new("cargo");
    cargo.current_dir(&root).args(["build", "-p", "mesh-web", "--bin", "mesh-web", "--target", "wasm32-unknown-unknown"]);
    if release {
        cargo.arg("--release");
    }
    run(&mut cargo)?;
    let profile = if release { "release" } else { "debug" };
    let wasm = root.join("target/wasm32-unknown-unknown").join(profile).join("mesh-web.wasm");
    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    run(Command::new("wasm-bindgen").args(["--target", "web", "--no-typescript", "--out-dir"]).arg(&dist).arg(&wasm))?;
    // The labs are in the wasm (mesh-web's build script embeds labs/).
    for file in ["index.html", "style.css"] {
        fs::copy(root.join("mesh-web/static").join(file), dist.join(file)).map_err(|e| format!("cannot copy {file}: {e}"))?;
    }
    Ok(dist)
}

/// Serve `dist` on 127.0.0.1:`port` until interrupted.
fn serve(dist: &Path, port: u16) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("mesh is at http://127.0.0.1:{port}/ (Ctrl-C stops the server)");
    serve_on(listener, dist.to_path_buf());
    Ok(())
}

fn serve_on(listener: TcpListener, dist: PathBuf) {
    for stream in listener.incoming().flatten() {
        let dist = dist.clone();
        thread::spawn(move || {
            let _ = respond(stream, &dist);
        });
    }
}

/// One HTTP/1.0-style exchange: GET a file of `dist` (no directory listing,
/// nothing outside `dist`), then close.
fn respond(mut stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = if path == "/" { "/index.html" } else { path };
    let safe = path.starts_with('/') && !path.split('/').any(|seg| seg == ".." || seg.starts_with('.') && !seg.is_empty());
    let file = safe.then(|| dist.join(&path[1..])).filter(|p| p.is_file());
    let (status, body, mime) = match (method, file) {
        ("GET" | "HEAD", Some(p)) => ("200 OK", fs::read(&p)?, mime(&p)),
        ("GET" | "HEAD", None) => ("404 Not Found", b"not found\n".to_vec(), "text/plain; charset=utf-8"),
        _ => ("405 Method Not Allowed", b"method not allowed\n".to_vec(), "text/plain; charset=utf-8"),
    };
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len());
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Both)
}

fn mime(p: &Path) -> &'static str {
    match p.extension().and_then(|x| x.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn chromedriver() -> String {
    env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_string())
}

fn chromium() -> String {
    env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

/// The browser tests need chromedriver and a Chromium it can drive.
fn check_browser() -> Result<()> {
    for (what, path, var) in [("chromedriver", chromedriver(), "CHROMEDRIVER"), ("Chromium", chromium(), "CHROMIUM")] {
        if !Path::new(&path).is_file() {
            return Err(format!(
                "{what} is not at {path}: the browser tests need it (install chromium and chromium-driver, or set {var}; `cargo xtask test --quick` skips the browser)"
            ));
        }
    }
    Ok(())
}

/// The lab files of `labs/` (every `.md` but the README), sorted.
fn lab_files() -> Result<Vec<PathBuf>> {
    let dir = root().join("labs");
    let entries = fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    Ok(files)
}

/// One stage of `test`: what it is and how to run it.
struct Stage {
    name: &'static str,
    run: Box<dyn Fn() -> Result<()>>,
}

fn cargo(args: &[&str]) -> Command {
    let mut c = Command::new("cargo");
    c.current_dir(root()).args(args);
    c
}

/// The project's tests, stage by stage (see the module docs).
fn test(quick: bool) -> Result<()> {
    if !quick {
        check_browser()?;
    }
    let native = Stage {
        name: "native tests: cargo test --workspace --exclude mesh-web",
        run: Box::new(|| run(&mut cargo(&["test", "--workspace", "--exclude", "mesh-web"]))),
    };
    let wasm = Stage {
        name: "wasm32 determinism: cargo test -p mesh-core --target wasm32-unknown-unknown --test determinism",
        run: Box::new(|| {
            ensure_tools()?;
            run(&mut cargo(&["test", "-p", "mesh-core", "--target", "wasm32-unknown-unknown", "--test", "determinism"]))
        }),
    };
    let labs = Stage {
        name: "labs: cargo run -p mesh-cli -- lab check labs/*.md",
        run: Box::new(|| {
            let files = lab_files()?;
            if files.is_empty() {
                println!("xtask: no labs in labs/ to check");
                return Ok(());
            }
            let mut c = cargo(&["run", "-q", "-p", "mesh-cli", "--", "lab", "check"]);
            c.args(&files);
            run(&mut c)
        }),
    };
    let browser = Stage { name: "browser tests: cargo xtask web-test (headless Chromium)", run: Box::new(web_test) };
    let fuzz = Stage {
        name: "fuzzing: fuzz/run.sh, every target for a bounded time (MESH_FUZZ_SECS, default 10 s)",
        run: Box::new(|| {
            let secs = env::var("MESH_FUZZ_SECS").unwrap_or_else(|_| "10".to_string());
            let mut c = Command::new("sh");
            c.current_dir(root()).args(["fuzz/run.sh", &secs]);
            run(&mut c)
        }),
    };
    let stages: Vec<Stage> = if quick { vec![native, labs] } else { vec![native, wasm, labs, browser, fuzz] };
    let total = Instant::now();
    let n = stages.len();
    for (i, stage) in stages.iter().enumerate() {
        println!("xtask test: [{}/{n}] {} ...", i + 1, stage.name);
        let started = Instant::now();
        let result = (stage.run)();
        let took = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => println!("xtask test: [{}/{n}] ok in {took:.1} s: {}", i + 1, stage.name),
            Err(e) => {
                println!("xtask test: [{}/{n}] FAILED after {took:.1} s: {}", i + 1, stage.name);
                return Err(format!("stage {} of {n} ({}) failed: {e}", i + 1, stage.name));
            }
        }
    }
    println!(
        "xtask test: all {n} stages passed in {:.1} s{}",
        total.elapsed().as_secs_f64(),
        if quick { " (--quick: no wasm32, browser or fuzzing stages)" } else { "" }
    );
    Ok(())
}

/// The browser tests, in headless Chromium through chromedriver.
fn web_test() -> Result<()> {
    check_browser()?;
    ensure_tools()?;
    let mut cargo = Command::new("cargo");
    cargo.current_dir(root()).args(["test", "-p", "mesh-web", "--target", "wasm32-unknown-unknown"]);
    cargo.env("CHROMEDRIVER", chromedriver());
    if env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
        cargo.env("WASM_BINDGEN_TEST_TIMEOUT", "180");
    }
    run(&mut cargo)
}

/// Kills the child it holds when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn screenshot(release: bool) -> Result<()> {
    let dist = build(release)?;
    let wasm = dist.join("mesh-web_bg.wasm");
    let raw = fs::metadata(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?.len();
    let gzip_len = Command::new("gzip").args(["-9", "-c"]).arg(&wasm).output().map_err(|e| format!("gzip: {e}"))?.stdout.len();

    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let app_port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let served = dist.clone();
    thread::spawn(move || serve_on(listener, served));

    let driver_port = free_port()?;
    let driver = Command::new(chromedriver())
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start chromedriver: {e}"))?;
    let _driver = Killed(driver);
    let wd = WebDriver::connect(driver_port)?;

    let base = format!("http://127.0.0.1:{app_port}/");
    let mut loads = Vec::new();
    for i in 0..5 {
        wd.execute("try { localStorage.clear(); } catch (e) {} return null;")?;
        wd.navigate(&format!("{base}?load={i}"))?;
        loads.push(wd.wait_for("return document.body.getAttribute('data-interactive-ms');", Duration::from_secs(60))?);
    }
    let mut ms: Vec<f64> = loads.iter().filter_map(|v| v.as_str().and_then(|s| s.parse().ok())).collect();
    ms.sort_by(f64::total_cmp);

    wd.execute("try { localStorage.clear(); } catch (e) {} return null;")?;
    wd.navigate(&format!("{base}#{SCREENSHOT_FRAGMENT}"))?;
    wd.wait_for("return document.querySelector('.timeline .current') ? 'ok' : null;", Duration::from_secs(60))?;
    let png = wd.screenshot()?;
    let out = root().join("artifacts");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let path = out.join("screenshot.png");
    fs::write(&path, png).map_err(|e| e.to_string())?;
    drop(wd);

    println!("screenshot: {}", path.display());
    println!("profile: {}", if release { "release" } else { "dev" });
    println!("wasm: {raw} bytes, {gzip_len} bytes gzip -9");
    println!("time to first interactive terminal (ms, 5 cold loads): {ms:?}");
    if let Some(median) = ms.get(ms.len() / 2) {
        println!("median: {median:.0} ms");
    }
    Ok(())
}

/// A minimal W3C WebDriver client over std's TCP (one request per connection).
struct WebDriver {
    port: u16,
    session: String,
}

impl WebDriver {
    fn connect(port: u16) -> Result<WebDriver> {
        let caps = serde_json::json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium(),
                    "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1600,1700",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
                }
            }}
        });
        let started = Instant::now();
        loop {
            match http(port, "POST", "/session", Some(&caps)) {
                Ok(v) => {
                    let session = v["value"]["sessionId"].as_str().ok_or_else(|| format!("chromedriver refused the session: {v}"))?.to_string();
                    return Ok(WebDriver { port, session });
                }
                Err(e) if started.elapsed() > Duration::from_secs(20) => return Err(format!("chromedriver did not answer: {e}")),
                Err(_) => thread::sleep(Duration::from_millis(200)),
            }
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> Result<serde_json::Value> {
        let v = http(self.port, method, &format!("/session/{}{path}", self.session), body)?;
        if let Some(err) = v["value"]["error"].as_str() {
            return Err(format!("webdriver {path}: {err}: {}", v["value"]["message"]));
        }
        Ok(v["value"].clone())
    }

    fn navigate(&self, url: &str) -> Result<()> {
        self.call("POST", "/url", Some(&serde_json::json!({ "url": url }))).map(|_| ())
    }

    fn execute(&self, script: &str) -> Result<serde_json::Value> {
        self.call("POST", "/execute/sync", Some(&serde_json::json!({ "script": script, "args": [] })))
    }

    /// Polls `script` until it returns something other than null.
    fn wait_for(&self, script: &str, limit: Duration) -> Result<serde_json::Value> {
        let started = Instant::now();
        loop {
            let v = self.execute(script)?;
            if !v.is_null() {
                return Ok(v);
            }
            if started.elapsed() > limit {
                let crash = self.execute("return (document.getElementById('crash') || {}).textContent || document.body.innerText.slice(0, 500);")?;
                return Err(format!("the page did not get ready: {crash}"));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    fn screenshot(&self) -> Result<Vec<u8>> {
        let v = self.call("GET", "/screenshot", None)?;
        base64_decode(v.as_str().ok_or("no screenshot data")?)
    }
}

impl Drop for WebDriver {
    /// Ends the session, which makes chromedriver close its browser.
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), None);
    }
}

fn http(port: u16, method: &str, path: &str, body: Option<&serde_json::Value>) -> Result<serde_json::Value> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open whatever the request says, so
    // read the head, then exactly the body it announces.
    let mut reader = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let length = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let payload = match length {
        Some(n) => {
            let mut body = vec![0; n];
            reader.read_exact(&mut body).map_err(|e| e.to_string())?;
            body
        }
        None if head.contains("transfer-encoding: chunked") => read_chunked(&mut reader)?,
        None => {
            let mut body = Vec::new();
            reader.read_to_end(&mut body).map_err(|e| e.to_string())?;
            body
        }
    };
    serde_json::from_slice(&payload).map_err(|e| format!("bad JSON from chromedriver: {e}"))
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>> {
    let mut raw = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        raw.extend_from_slice(line.as_bytes());
        let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).map_err(|_| "bad chunk size")?;
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).map_err(|e| e.to_string())?;
        raw.extend_from_slice(&chunk);
        if size == 0 {
            return dechunk(&raw);
        }
    }
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16).map_err(|_| "bad chunk size")?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or("short chunk")?);
        data = data.get(size + 2..).ok_or("short chunk")?;
    }
}

fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let value = |c: u8| -> Result<u32> {
        Ok(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("bad base64 byte {c}")),
        } as u32)
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for chunk in clean.chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'=').collect();
        let mut n = 0u32;
        for (i, &c) in data.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..data.len().max(1)]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_known_vectors() {
        assert_eq!(base64_decode("TWFu").unwrap(), b"Man");
        assert_eq!(base64_decode("TWE=").unwrap(), b"Ma");
        assert_eq!(base64_decode("TQ==").unwrap(), b"M");
        assert_eq!(base64_decode("iVBORw0KGgo=").unwrap(), b"\x89PNG\r\n\x1a\n");
        assert!(base64_decode("T$==").is_err());
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(), b"abcde");
        assert!(dechunk(b"zz\r\n").is_err());
    }

    #[test]
    fn the_labs_to_check_are_the_lab_files_without_the_readme() {
        let files = lab_files().unwrap();
        assert!(files.iter().all(|f| f.extension().is_some_and(|x| x == "md") && !f.ends_with("README.md")), "{files:?}");
        assert!(files.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_screenshot_link_is_a_seed_lab_after_its_curl() {
        assert!(SCREENSHOT_FRAGMENT.starts_with("v=1&scenario=seed&seed=1&cmd=node1:sudo%20docker%20service%20create"));
        assert!(SCREENSHOT_FRAGMENT.ends_with("&cmd=node1:curl%20172.19.177.14%3A8080&hop=1"));
        assert!(!SCREENSHOT_FRAGMENT.contains(' '));
    }

    #[test]
    fn the_lockfile_pins_wasm_bindgen() {
        assert_eq!(locked_version("wasm-bindgen").unwrap(), "0.2.130");
    }
}
