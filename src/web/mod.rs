//! The local browser mode: the window's page and its commands served on 127.0.0.1, for PCs
//! where the window cannot run (信创 PCs with WebKitGTK 4.0 only, Windows without WebView2).
//!
//! Only a transport: every command is a call of the application layer's command table
//! ([`api`], [`crate::app::commands`]). HTTP/1.1 is hyper's, on a small tokio runtime of the
//! server's own (docs/security.md says why, and lists each threat with its defence and test):
//! - loopback only, on a free port (the database's last one first, so that an open tab finds
//!   its server again after a restart);
//! - a random 128-bit secret per start, kept in an HttpOnly, SameSite=Strict cookie named for
//!   this server ([`guard`]); the browser is opened on a one-time login link written to a
//!   0600 file in the user's runtime folder ([`open_file`]), never with a secret on a command
//!   line, and the link is invalid once used;
//! - every request names this server in `Host`; state-changing ones come from its own page
//!   (`Origin`); no CORS header is ever sent; the page gets the window's CSP;
//! - each connection serves one request: its first byte within 5 s, its headers within 5 s,
//!   each piece of its body within 20 s; 768 connections at once, so slow clients cannot hold
//!   the server; request bodies are streamed (uploads to disk, one file per request, refused
//!   as soon as they pass their limit);
//! - a second start recognises a running server by a challenge only its secret answers
//!   ([`running`]) and never sends the secret to anyone else.

pub mod api;
pub mod assets;
pub mod files;
pub mod guard;

use std::collections::HashSet;
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWriteExt, ReadBuf};

use crate::app::commands::error_json;
use crate::app::App;
use files::{Purpose, Transfers};
use guard::Keys;

/// The most bytes of a command's JSON (a draft is at most 1 MB).
pub const MAX_JSON: usize = 4 * 1024 * 1024;
/// Connections served at once; more wait until one ends (each is bounded in time). Idle ones
/// cost a task and a small buffer: the bound is there for the file descriptors.
const MAX_CONNECTIONS: usize = 768;
/// The first byte, and then the whole head, of a request must arrive within this.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Each piece of a request's body must arrive within this.
const BODY_IDLE: Duration = Duration::from_secs(20);
/// The longest a connection may last (a large download on a slow machine).
const CONNECTION_MAX: Duration = Duration::from_secs(30 * 60);

/// The page's Content-Security-Policy: the window's, with its own origin for the commands.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type Body = BoxBody<Bytes, std::io::Error>;

/// What the serving tasks share.
struct Shared {
    app: Arc<App>,
    keys: Keys,
    transfers: Transfers,
    /// One-time login tokens not yet used.
    logins: Mutex<HashSet<String>>,
    /// When a page last asked anything (ms after `started`; 0: never).
    seen: AtomicU64,
    started: Instant,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Ends the server as 退出 does: closing allowed, what is unsaved written (what cannot be
    /// goes to a recovery file, said on stderr), then the stop. The quit command, the idle
    /// timeout and the signals all end this way.
    async fn close(self: &Arc<Self>) {
        let app = self.app.clone();
        let _ = tokio::task::spawn_blocking(move || {
            app.allow_close();
            for r in app.flush_unsaved() {
                eprintln!(
                    "草稿 {} 退出时仍无法保存（{}），已写入恢复文件：{:?}",
                    r.id, r.error, r.file
                );
            }
        })
        .await;
        self.stop();
    }

    fn mint_login(&self) -> String {
        let t = files::token().unwrap_or_default();
        lock(&self.logins).insert(t.clone());
        t
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running server.
pub struct Server {
    shared: Arc<Shared>,
    runtime: tokio::runtime::Handle,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Files to remove when it stops (its login file).
    leave: Mutex<Vec<PathBuf>>,
    /// Its serve.json, rewritten to the port alone when it stops (no secret stays behind).
    advert: Mutex<Option<PathBuf>>,
}

/// A random secret of 128 bits, in hex.
fn new_secret() -> std::io::Result<String> {
    files::token().map_err(std::io::Error::other)
}

/// What serve.json says of a server.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Advert {
    port: u16,
    secret: String,
    cookie: String,
}

/// A server found running for a database ([`running`]): it answered the challenge.
#[derive(Debug, Clone)]
pub struct Running {
    advert: Advert,
}

/// The serve.json of a database: beside it, named after it, so that two databases in one
/// folder each have their own.
pub fn advert_path(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "drafts".into());
    db.with_file_name(format!("{name}.serve.json"))
}

/// The lock a database's server holds while it runs (`<db>.serve.lock`, an OS file lock that
/// ends with the process, even on SIGKILL). Held: this process serves the database; `None`:
/// another server does, whether or not it answers — a second one must not open the same
/// drafts (two servers saving one draft would lose one's edits).
pub fn lock_database(db: &Path) -> std::io::Result<Option<std::fs::File>> {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "drafts".into());
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(db.with_file_name(format!("{name}.serve.lock")))?;
    match f.try_lock() {
        Ok(()) => Ok(Some(f)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// The port a database's server used last (to be tried first, so that an open tab finds it
/// again), if serve.json says one.
pub fn last_port(advert: &Path) -> Option<u16> {
    let v: Value = serde_json::from_slice(&std::fs::read(advert).ok()?).ok()?;
    v["port"].as_u64().and_then(|p| u16::try_from(p).ok())
}

/// Sends one request to 127.0.0.1:`port` and returns (status, body), bounded in time.
fn ask(port: u16, request: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect_timeout(
        &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        Duration::from_millis(500),
    )
    .ok()?;
    s.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(3))).ok()?;
    s.write_all(request.as_bytes()).ok()?;
    let mut out = Vec::new();
    s.take(64 * 1024).read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let code = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((code, body.to_string()))
}

/// The server advertised at `advert` if it still runs and proves it: it must answer a fresh
/// challenge with the secret serve.json holds. The secret itself is not sent; a stale
/// serve.json whose port another program now holds gives `None`.
pub fn running(advert: &Path) -> Option<Running> {
    let advert: Advert = serde_json::from_slice(&std::fs::read(advert).ok()?).ok()?;
    let nonce = files::token().ok()?;
    let port = advert.port;
    let (code, body) = ask(
        port,
        &format!("GET /alive?challenge={nonce} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )?;
    (code == 200 && guard::same(body.trim(), &guard::answer(&advert.secret, &nonce)))
        .then_some(Running { advert })
}

impl Running {
    /// The port.
    pub fn port(&self) -> u16 {
        self.advert.port
    }

    /// A one-time login link of the running server (asked with its cookie: it proved it holds
    /// the secret).
    pub fn login_url(&self) -> Option<String> {
        let Advert {
            port,
            secret,
            cookie,
        } = &self.advert;
        let (code, body) = ask(
            *port,
            &format!("POST /login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}={secret}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        )?;
        let v: Value = serde_json::from_str(&body).ok()?;
        (code == 200).then(|| {
            format!(
                "http://127.0.0.1:{port}/?k={}",
                v["k"].as_str().unwrap_or("")
            )
        })
    }
}

/// The user's private runtime folder (`$XDG_RUNTIME_DIR` on Linux), else `fallback`.
pub fn runtime_dir(fallback: &Path) -> PathBuf {
    directories::BaseDirs::new()
        .and_then(|b| b.runtime_dir().map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| fallback.to_path_buf())
}

/// Writes a page that leads the browser to `url` into `dir` (readable by this user only) and
/// returns its path: the browser is started on this file, so the link is never on a command
/// line that other users can read (as Jupyter does).
pub fn open_file(dir: &Path, url: &str) -> std::io::Result<PathBuf> {
    let path = dir.join(format!("labour-brand-{}-open.html", std::process::id()));
    let escaped = url.replace('&', "&amp;").replace('"', "&quot;");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0;url={escaped}\">\n<title>劳务品牌申报助手</title></head>\n<body><p>正在打开劳务品牌申报助手……如未自动打开，请<a href=\"{escaped}\">点击这里</a>。</p></body></html>\n"
    );
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let _ = std::fs::remove_file(&path);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        f.write_all(html.as_bytes())?;
    }
    #[cfg(not(unix))]
    std::fs::write(&path, html)?;
    Ok(path)
}

impl Server {
    /// Serves `app` on 127.0.0.1 at the first of `ports` that is free (0: any free port).
    pub fn start_on(app: Arc<App>, ports: &[u16]) -> std::io::Result<Server> {
        let mut last = None;
        let mut listener = None;
        for &p in ports.iter().chain(&[0]) {
            match std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, p))) {
                Ok(l) => {
                    listener = Some(l);
                    break;
                }
                Err(e) => last = Some(e),
            }
            if p == 0 {
                break;
            }
        }
        let listener =
            listener.ok_or_else(|| last.unwrap_or_else(|| std::io::Error::other("bind")))?;
        Server::serve_on(app, listener)
    }

    /// Serves `app` on 127.0.0.1 at `port` (0: a free one).
    pub fn start(app: Arc<App>, port: u16) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))?;
        Server::serve_on(app, listener)
    }

    fn serve_on(app: Arc<App>, listener: std::net::TcpListener) -> std::io::Result<Server> {
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        // The cookie's random part is not the folder's: the folder's name is visible to every
        // user of the machine.
        let tag = new_secret()?[..8].to_string();
        let keys = Keys::new(port, new_secret()?, &new_secret()?[..8]);
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let shared = Arc::new(Shared {
            app,
            keys,
            transfers: Transfers::new(&tag)?,
            logins: Mutex::default(),
            seen: AtomicU64::new(0),
            started: Instant::now(),
            stop,
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("labour-brand-web")
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let listener = {
            let _enter = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let s = shared.clone();
        let thread = std::thread::spawn(move || {
            runtime.block_on(serve(listener, s, stop_rx));
            // Whatever requests are still running are cut off with the runtime.
            runtime.shutdown_timeout(Duration::from_secs(5));
        });
        let server = Server {
            shared,
            runtime: handle,
            thread: Some(thread),
            leave: Mutex::default(),
            advert: Mutex::default(),
        };
        server.keep_beating();
        Ok(server)
    }

    /// Touches the private folder's heartbeat while the server runs.
    fn keep_beating(&self) {
        let s = Arc::downgrade(&self.shared);
        self.runtime.spawn(async move {
            loop {
                tokio::time::sleep(files::BEAT_EVERY).await;
                match s.upgrade() {
                    Some(s) if !*s.stop.borrow() => s.transfers.beat(),
                    _ => break,
                }
            }
        });
    }

    /// Stops by itself (writing what is unsaved first) once a page has been here and none has
    /// asked anything for `idle`: the last tab was closed. The page asks every 30 s while open.
    pub fn stop_when_idle(&self, idle: Duration) {
        let s = self.shared.clone();
        self.runtime.spawn(async move {
            let mut rx = s.stop.subscribe();
            let tick = (idle / 10).clamp(Duration::from_millis(20), Duration::from_secs(5));
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(tick) => {}
                    _ = rx.changed() => break,
                }
                let last = s.seen.load(Ordering::SeqCst);
                let now = s.started.elapsed().as_millis() as u64;
                if last > 0 && now.saturating_sub(last) > idle.as_millis() as u64 {
                    s.close().await;
                    break;
                }
            }
        });
    }

    /// Stops on SIGINT or SIGTERM (Ctrl+C, a logout, `kill`) as on 退出: what is unsaved is
    /// written, the private folder and the server's files are removed.
    pub fn stop_on_signals(&self) {
        let s = self.shared.clone();
        self.runtime.spawn(async move {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{signal, SignalKind};
                let (Ok(mut term), Ok(mut int)) = (
                    signal(SignalKind::terminate()),
                    signal(SignalKind::interrupt()),
                ) else {
                    return;
                };
                tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
            }
            #[cfg(not(unix))]
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            s.close().await;
        });
    }

    /// Writes where this server is (port, cookie name and secret; readable by this user only)
    /// to `path`, so that a second start can find it (and prove it is this one).
    pub fn advertise(&self, path: &Path) -> std::io::Result<()> {
        let k = &self.shared.keys;
        let text = serde_json::to_string(&Advert {
            port: k.port,
            secret: k.secret.clone(),
            cookie: k.cookie.clone(),
        })
        .map_err(std::io::Error::other)?;
        crate::output::write_atomic(path, text.as_bytes())
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
        *lock(&self.advert) = Some(path.to_path_buf());
        Ok(())
    }

    /// Writes a one-time login link to a private file in `dir` ([`open_file`]) for the browser
    /// to be started on; the file is removed when the server stops.
    pub fn login_file(&self, dir: &Path) -> std::io::Result<PathBuf> {
        let path = open_file(dir, &self.login_url())?;
        lock(&self.leave).push(path.clone());
        Ok(path)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.shared.keys.port
    }

    /// This start's secret (for tests and the advert; never printed or put in a link).
    pub fn secret(&self) -> &str {
        &self.shared.keys.secret
    }

    /// The name of this server's cookie.
    pub fn cookie_name(&self) -> &str {
        &self.shared.keys.cookie
    }

    /// The page's address (without any secret).
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port())
    }

    /// A fresh one-time login link: it sets the cookie once and leads to the page.
    pub fn login_url(&self) -> String {
        format!("{}?k={}", self.address(), self.shared.mint_login())
    }

    /// The private folder of uploads and downloads.
    pub fn transfer_dir(&self) -> &Path {
        self.shared.transfers.dir()
    }

    /// Waits until the page says 退出 (the `quit` command) or [`Server::stop`] is called.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.clean_up();
    }

    /// Stops accepting and ends the serving thread.
    pub fn stop(&self) {
        self.shared.stop();
    }

    fn clean_up(&self) {
        for p in lock(&self.leave).drain(..) {
            let _ = std::fs::remove_file(p);
        }
        // The port stays for the next start; the secret goes.
        if let Some(p) = lock(&self.advert).take() {
            let port = json!({ "port": self.port() }).to_string();
            let _ = crate::output::write_atomic(&p, port.as_bytes());
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.clean_up();
    }
}

async fn serve(
    listener: tokio::net::TcpListener,
    s: Arc<Shared>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            _ = stop.changed() => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                // Out of file descriptors (or a connection gone before it was taken): wait a
                // little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        let s = s.clone();
        tokio::spawn(async move {
            let _permit = permit;
            connection(stream, s).await;
        });
    }
}

async fn connection(stream: tokio::net::TcpStream, s: Arc<Shared>) {
    // A connection that says nothing is closed (hyper's head timer starts with the first byte).
    let mut first = [0u8; 1];
    match tokio::time::timeout(HEADER_TIMEOUT, stream.peek(&mut first)).await {
        Ok(Ok(n)) if n > 0 => {}
        _ => return,
    }
    let io = hyper_util::rt::TokioIo::new(stream);
    let service = hyper::service::service_fn(move |req| {
        let s = s.clone();
        async move { Ok::<_, Infallible>(handle(req, s).await) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(false)
        .max_buf_size(64 * 1024)
        .serve_connection(io, service);
    let _ = tokio::time::timeout(CONNECTION_MAX, conn).await;
}

fn full(b: impl Into<Bytes>) -> Body {
    Full::new(b.into()).map_err(|never| match never {}).boxed()
}

/// A response with the headers every answer carries.
fn reply(status: StatusCode, kind: &str, body: Body) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    let set = |h: &mut hyper::HeaderMap, k: &'static str, v: &str| {
        if let Ok(v) = hyper::header::HeaderValue::from_str(v) {
            h.insert(k, v);
        }
    };
    set(h, "content-type", kind);
    set(h, "cache-control", "no-store");
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "content-security-policy", CSP);
    r
}

fn text(status: StatusCode, t: &str) -> Response<Body> {
    reply(status, "text/plain; charset=utf-8", full(t.to_string()))
}

fn json_reply(status: StatusCode, v: &Value) -> Response<Body> {
    reply(
        status,
        "application/json",
        full(serde_json::to_vec(v).unwrap_or_default()),
    )
}

/// What a page gets when its cookie is missing or old (this server restarted, or the link was
/// used): how to get back in. What it typed stays in the page, which retries saving.
const LOST_ZH: &str = "与本机服务的连接已失效（服务已重新启动，或打开的链接已用过）。请从开始菜单（或桌面）重新打开“劳务品牌申报助手（浏览器版）”，或在命令行运行 labour-brand serve；本页中尚未保存的内容仍保留在页面里，重新打开后会自动保存，请不要关闭本页。";

fn lost_page() -> Response<Body> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>劳务品牌申报助手</title></head><body><h1>请重新打开劳务品牌申报助手</h1><p>{}</p></body></html>\n",
        LOST_ZH.split("；本页").next().unwrap_or(LOST_ZH)
    );
    reply(
        StatusCode::FORBIDDEN,
        "text/html; charset=utf-8",
        full(html),
    )
}

fn header<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Why a body could not be read.
enum BodyError {
    TooLarge,
    Timeout,
    Broken(String),
    Disk(std::io::Error),
}

/// Reads each piece of `body` within [`BODY_IDLE`], handing it to `sink`, refusing once more
/// than `limit` bytes came.
async fn stream_body<F, Fut>(mut body: Incoming, limit: u64, mut sink: F) -> Result<u64, BodyError>
where
    F: FnMut(Bytes) -> Fut,
    Fut: std::future::Future<Output = std::io::Result<()>>,
{
    let mut n = 0u64;
    loop {
        let frame = match tokio::time::timeout(BODY_IDLE, body.frame()).await {
            Err(_) => return Err(BodyError::Timeout),
            Ok(None) => return Ok(n),
            Ok(Some(Err(e))) => return Err(BodyError::Broken(e.to_string())),
            Ok(Some(Ok(f))) => f,
        };
        if let Ok(data) = frame.into_data() {
            n += data.len() as u64;
            if n > limit {
                return Err(BodyError::TooLarge);
            }
            sink(data).await.map_err(BodyError::Disk)?;
        }
    }
}

fn body_error(e: BodyError) -> Response<Body> {
    match e {
        BodyError::TooLarge => json_reply(
            StatusCode::PAYLOAD_TOO_LARGE,
            &error_json("request_too_large", "请求过大", "request too large"),
        ),
        BodyError::Timeout => json_reply(
            StatusCode::REQUEST_TIMEOUT,
            &error_json(
                "request_timeout",
                "请求传输过慢，已中断",
                "request too slow",
            ),
        ),
        BodyError::Broken(m) => json_reply(
            StatusCode::BAD_REQUEST,
            &error_json(
                "request_broken",
                &format!("请求不完整：{m}"),
                &format!("broken request: {m}"),
            ),
        ),
        BodyError::Disk(e) => {
            let app: crate::app::AppError =
                crate::output::OutputError::io(Path::new("上传的文件"), e).into();
            json_reply(
                StatusCode::INSUFFICIENT_STORAGE,
                &serde_json::to_value(&app).unwrap_or(Value::Null),
            )
        }
    }
}

async fn handle(req: Request<Incoming>, s: Arc<Shared>) -> Response<Body> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let host = header(&req, "host").map(str::to_string);
    let origin = header(&req, "origin").map(str::to_string);
    let cookies: Vec<String> = req
        .headers()
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let keys = &s.keys;
    if !keys.is_own_host(host.as_deref()) {
        return text(StatusCode::FORBIDDEN, "请求的主机名不是本程序 / wrong Host");
    }

    // A second start asks whether this server lives: only its secret answers.
    if method == "GET" && path == "/alive" {
        let nonce = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("challenge="))
            .unwrap_or("");
        if nonce.is_empty() || nonce.len() > 64 {
            return text(StatusCode::BAD_REQUEST, "");
        }
        return text(StatusCode::OK, &guard::answer(&keys.secret, nonce));
    }
    // The first visit: a one-time login token sets the cookie and leads to the page.
    if method == "GET" && path == "/" {
        if let Some(k) = guard::login_token(&query) {
            let used = lock(&s.logins).remove(k);
            if used {
                let mut r = text(StatusCode::SEE_OTHER, "");
                if let (Ok(loc), Ok(c)) = (
                    hyper::header::HeaderValue::from_str("/"),
                    hyper::header::HeaderValue::from_str(&keys.set_cookie()),
                ) {
                    r.headers_mut().insert("location", loc);
                    r.headers_mut().insert("set-cookie", c);
                }
                return r;
            }
        }
    }
    let asked = guard::Asked {
        method: &method,
        host: host.as_deref(),
        origin: origin.as_deref(),
        cookies: cookies.iter().map(String::as_str).collect(),
    };
    // A second start that proved this server asks for a login link for its browser (no
    // Origin: it is not a page; a page's request would carry one, and must be ours).
    if method == "POST" && path == "/login" {
        if !keys.has_secret(&asked.cookies)
            || (origin.is_some() && !keys.own_origin(origin.as_deref()))
        {
            return text(StatusCode::FORBIDDEN, "");
        }
        return json_reply(StatusCode::OK, &json!({ "k": s.mint_login() }));
    }
    if let Err(why) = keys.check(&asked) {
        return match (why, path.starts_with("/api/") || path.starts_with("/upload")) {
            (guard::Refusal::Origin, _) => {
                text(StatusCode::FORBIDDEN, "请求来自其他网页，已拒绝 / cross-origin request refused")
            }
            (_, true) => json_reply(
                StatusCode::FORBIDDEN,
                &error_json("session_lost", LOST_ZH, "the connection to the local server was lost: reopen the app from its menu entry; what you typed stays in the page"),
            ),
            _ => lost_page(),
        };
    }
    let now = s.started.elapsed().as_millis().max(1) as u64;
    s.seen.store(now, Ordering::SeqCst);

    match (method.as_str(), path.as_str()) {
        ("GET" | "HEAD", p)
            if !p.starts_with("/api/")
                && !p.starts_with("/download/")
                && !p.starts_with("/upload") =>
        {
            match assets::get(p) {
                Some((bytes, kind)) => reply(StatusCode::OK, kind, full(Bytes::from_static(bytes))),
                None => text(StatusCode::NOT_FOUND, ""),
            }
        }
        ("GET", p) if p.starts_with("/download/") => download(&s, &p["/download/".len()..]).await,
        ("POST", "/upload") => upload(req, &s, &query).await,
        ("POST", "/api/quit") => {
            s.close().await;
            json_reply(StatusCode::OK, &Value::Null)
        }
        ("POST", p) if p.starts_with("/api/") => {
            let cmd = p["/api/".len()..].to_string();
            let mut body = Vec::new();
            let read = stream_body(req.into_body(), MAX_JSON as u64, |b| {
                body.extend_from_slice(&b);
                std::future::ready(Ok(()))
            })
            .await;
            if let Err(e) = read {
                return body_error(e);
            }
            let args: Value = if body.is_empty() {
                json!({})
            } else {
                match serde_json::from_slice(&body) {
                    Ok(v) => v,
                    Err(e) => {
                        return json_reply(
                            StatusCode::BAD_REQUEST,
                            &crate::app::commands::CommandError::BadArgs(e.to_string()).to_json(),
                        )
                    }
                }
            };
            let s2 = s.clone();
            let done =
                tokio::task::spawn_blocking(move || api::call(&s2.app, &s2.transfers, &cmd, &args))
                    .await;
            match done {
                Ok(Ok(v)) => json_reply(StatusCode::OK, &v),
                Ok(Err(e)) => json_reply(StatusCode::BAD_REQUEST, &e),
                Err(e) => json_reply(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &error_json(
                        "internal",
                        &format!("内部错误：{e}"),
                        &format!("internal error: {e}"),
                    ),
                ),
            }
        }
        _ => text(StatusCode::METHOD_NOT_ALLOWED, ""),
    }
}

/// One file, its raw bytes streamed to the private folder; refused (naming the file) as soon
/// as it passes its purpose's limit. Answers `{upload, name, size}`.
async fn upload(req: Request<Incoming>, s: &Shared, query: &str) -> Response<Body> {
    let Some(purpose) = Purpose::from_query(query) else {
        return text(StatusCode::BAD_REQUEST, "");
    };
    let name = files::safe_name(&files::percent_decode(
        header(&req, "x-file-name").unwrap_or(""),
    ));
    let limit = purpose.limit();
    let too_large = |size: u64| -> Response<Body> {
        let v = match purpose {
            Purpose::Evidence => serde_json::to_value(crate::app::AppError::from(
                crate::evidence::EvidenceError::TooLarge {
                    file: name.clone(),
                    mb: size.div_ceil(1024 * 1024),
                },
            ))
            .unwrap_or(Value::Null),
            _ => error_json(
                "upload_too_large",
                &format!("「{name}」超过 {} MB，无法上传", limit / (1024 * 1024)),
                &format!("{name} is over {} MB", limit / (1024 * 1024)),
            ),
        };
        json_reply(StatusCode::PAYLOAD_TOO_LARGE, &v)
    };
    let declared: Option<u64> = header(&req, "content-length").and_then(|v| v.trim().parse().ok());
    if let Some(n) = declared.filter(|n| *n > limit) {
        return too_large(n);
    }
    let (token, path) = match s.transfers.incoming(&name) {
        Ok(x) => x,
        Err(e) => return body_error(BodyError::Disk(std::io::Error::other(e))),
    };
    let file = match tokio::fs::File::create(&path).await {
        Ok(f) => f,
        Err(e) => return body_error(BodyError::Disk(e)),
    };
    let file = Arc::new(tokio::sync::Mutex::new(file));
    let written = stream_body(req.into_body(), limit, |b| {
        let f = file.clone();
        async move { f.lock().await.write_all(&b).await }
    })
    .await;
    let flushed = match written {
        Ok(n) => file
            .lock()
            .await
            .flush()
            .await
            .map(|()| n)
            .map_err(BodyError::Disk),
        Err(e) => Err(e),
    };
    match flushed {
        Ok(n) => {
            s.transfers.received(token.clone(), path);
            json_reply(
                StatusCode::OK,
                &json!({ "upload": token, "name": name, "size": n }),
            )
        }
        Err(e) => {
            if let Some(dir) = path.parent() {
                let _ = tokio::fs::remove_dir_all(dir).await;
            }
            match e {
                BodyError::TooLarge => too_large(limit + 1),
                e => body_error(e),
            }
        }
    }
}

/// An offered download, streamed from its file (removed once sent).
async fn download(s: &Shared, token: &str) -> Response<Body> {
    let Some((path, name)) = s.transfers.take(token) else {
        return text(StatusCode::NOT_FOUND, "下载已失效 / download expired");
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(_) => return text(StatusCode::NOT_FOUND, "下载已失效 / download expired"),
    };
    let len = file.metadata().await.map(|m| m.len()).ok();
    let body = FileBody {
        file,
        path: Some(path),
    };
    let mut r = reply(
        StatusCode::OK,
        "application/octet-stream",
        BodyExt::boxed(body),
    );
    if let Ok(v) = hyper::header::HeaderValue::from_str(&files::disposition(&name)) {
        r.headers_mut().insert("content-disposition", v);
    }
    if let Some(n) = len.and_then(|n| hyper::header::HeaderValue::from_str(&n.to_string()).ok()) {
        r.headers_mut().insert("content-length", n);
    }
    r
}

/// A file sent in pieces of 64 KiB; removed when the body is done (or dropped).
struct FileBody {
    file: tokio::fs::File,
    path: Option<PathBuf>,
}

impl hyper::body::Body for FileBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut rb = ReadBuf::new(&mut buf);
        match Pin::new(&mut self.file).poll_read(cx, &mut rb) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
            Poll::Ready(Ok(())) => {
                let n = rb.filled().len();
                if n == 0 {
                    Poll::Ready(None)
                } else {
                    buf.truncate(n);
                    Poll::Ready(Some(Ok(Frame::data(Bytes::from(buf)))))
                }
            }
        }
    }
}

impl Drop for FileBody {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            let _ = std::fs::remove_file(&p);
            if let Some(dir) = p.parent() {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}
