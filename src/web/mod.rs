//! The local browser mode: the window's page and its commands served on 127.0.0.1, for PCs
//! where the window cannot run (信创 PCs with WebKitGTK 4.0 only, Windows without WebView2).
//!
//! Only a transport: every command is a call of the application layer ([`api`]). The server
//! binds the loopback address only, on a free port; each start has a random 128-bit secret,
//! handed to the browser once in the printed address and then kept in an HttpOnly,
//! SameSite=Strict cookie; every request must carry it and name this server in `Host`, and a
//! state-changing request must come from this server's page (`Origin`) — see [`guard`]. No CORS
//! header is ever sent; the page gets the window's Content-Security-Policy.

pub mod api;
pub mod assets;
pub mod files;
pub mod guard;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::app::App;

/// The most bytes of a request's headers.
const MAX_HEAD: usize = 64 * 1024;
/// The most bytes of a request's body (a 30 MB evidence file as base64, with room).
pub const MAX_BODY: usize = 48 * 1024 * 1024;
/// Connections served at once; more wait in the listener's queue.
const MAX_CONNECTIONS: usize = 16;

/// The page's Content-Security-Policy: the window's, with its own origin for the commands.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A running server.
pub struct Server {
    port: u16,
    secret: String,
    app: Arc<App>,
    stop: Arc<AtomicBool>,
    /// When a page last asked anything (ms after `started`; 0: never).
    seen: Arc<AtomicU64>,
    started: Instant,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A random secret of 128 bits, in hex.
fn new_secret() -> std::io::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// The address of a server advertised at `path` that still answers with its secret, if any.
pub fn running(path: &Path) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let (port, secret) = (v["port"].as_u64()? as u16, v["secret"].as_str()?);
    let mut s = TcpStream::connect_timeout(
        &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        Duration::from_millis(500),
    )
    .ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let ask = format!(
        "GET /alive HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {}={secret}\r\n\r\n",
        guard::COOKIE
    );
    s.write_all(ask.as_bytes()).ok()?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).ok()?;
    head.starts_with(b"HTTP/1.1 200")
        .then(|| format!("http://127.0.0.1:{port}/?k={secret}"))
}

impl Server {
    /// Serves `app` on 127.0.0.1 at `port` (0: a free one).
    pub fn start(app: Arc<App>, port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))?;
        let port = listener.local_addr()?.port();
        let secret = new_secret()?;
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(AtomicU64::new(0));
        let started = Instant::now();
        let ctx = Ctx {
            app: app.clone(),
            transfers: Arc::new(files::Transfers::new(&secret)?),
            port,
            secret: secret.clone(),
            stop: stop.clone(),
            seen: seen.clone(),
            started,
        };
        let thread = std::thread::spawn(move || serve(listener, ctx));
        Ok(Server {
            port,
            secret,
            app,
            stop,
            seen,
            started,
            thread: Some(thread),
        })
    }

    /// Stops by itself (writing what is unsaved first) once a page has been here and none has
    /// asked anything for `idle`: the last tab was closed. The page asks every 30 s while open.
    pub fn stop_when_idle(&self, idle: Duration) {
        let (stop, seen, started, port, app) = (
            self.stop.clone(),
            self.seen.clone(),
            self.started,
            self.port,
            self.app.clone(),
        );
        std::thread::spawn(move || loop {
            std::thread::sleep(
                (idle / 10).clamp(Duration::from_millis(20), Duration::from_secs(5)),
            );
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let last = seen.load(Ordering::SeqCst);
            let now = started.elapsed().as_millis() as u64;
            if last > 0 && now.saturating_sub(last) > idle.as_millis() as u64 {
                app.allow_close();
                let _ = app.flush_unsaved();
                stop_listener(&stop, port);
                break;
            }
        });
    }

    /// Writes where this server is (port and secret, readable by this user only) to `path`, so
    /// that a second start opens the browser on it instead of starting another.
    pub fn advertise(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::json!({ "port": self.port, "secret": self.secret }).to_string();
        crate::output::write_atomic(path, text.as_bytes())
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(())
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// This start's secret.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The address to open once: it sets the cookie and leads to the page.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?k={}", self.port, self.secret)
    }

    /// Waits until the page says 退出 (the `quit` command) or [`Server::stop`] is called.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stops accepting and ends the serving thread.
    pub fn stop(&self) {
        stop_listener(&self.stop, self.port);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.stop();
        }
    }
}

fn stop_listener(stop: &AtomicBool, port: u16) {
    stop.store(true, Ordering::SeqCst);
    // Wake the accept.
    let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, port));
}

/// What every connection needs.
#[derive(Clone)]
struct Ctx {
    app: Arc<App>,
    transfers: Arc<files::Transfers>,
    port: u16,
    secret: String,
    stop: Arc<AtomicBool>,
    seen: Arc<AtomicU64>,
    started: Instant,
}

fn serve(listener: TcpListener, ctx: Ctx) {
    let active = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        if ctx.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(conn) = conn else { continue };
        while active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            std::thread::sleep(Duration::from_millis(5));
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (ctx, active) = (ctx.clone(), active.clone());
        std::thread::spawn(move || {
            let _ = handle(conn, &ctx);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// A response.
struct Reply {
    status: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: &'static str, kind: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), kind.into())],
            body,
        }
    }

    fn text(status: &'static str, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    fn json(status: &'static str, v: &serde_json::Value) -> Reply {
        Reply::new(
            status,
            "application/json",
            serde_json::to_vec(v).unwrap_or_default(),
        )
    }

    fn write(self, out: &mut TcpStream) -> std::io::Result<()> {
        let mut head = format!("HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: {CSP}\r\n", self.status, self.body.len());
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        out.write_all(&self.body)?;
        out.flush()
    }
}

fn handle(mut conn: TcpStream, ctx: &Ctx) -> std::io::Result<()> {
    let (app, transfers, port, secret, stop) = (
        &*ctx.app,
        &*ctx.transfers,
        ctx.port,
        ctx.secret.as_str(),
        &*ctx.stop,
    );
    conn.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    let head_len = loop {
        let n = conn.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > MAX_HEAD {
            return Reply::text("431 Request Header Fields Too Large", "").write(&mut conn);
        }
    };
    let mut headers = [httparse::EMPTY_HEADER; 48];
    let mut req = httparse::Request::new(&mut headers);
    if !matches!(
        req.parse(&buf[..head_len]),
        Ok(httparse::Status::Complete(_))
    ) {
        return Reply::text("400 Bad Request", "").write(&mut conn);
    }
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| std::str::from_utf8(h.value).ok())
    };
    let method = req.method.unwrap_or("").to_string();
    let target = req.path.unwrap_or("/").to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let asked = guard::Asked {
        method: &method,
        host: header("host"),
        origin: header("origin"),
        cookie: header("cookie"),
    };
    let length: usize = header("content-length")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);

    // The first visit: the printed address sets the cookie and leads to the page.
    if method == "GET" && path == "/" && guard::first_visit(query, secret) {
        let host_ok = guard::check(
            &guard::Asked {
                cookie: Some(&format!("{}={secret}", guard::COOKIE)),
                ..asked.clone()
            },
            port,
            secret,
        );
        if host_ok.is_ok() {
            let mut r = Reply::text("303 See Other", "");
            r.headers.push(("Location".into(), "/".into()));
            r.headers.push((
                "Set-Cookie".into(),
                format!(
                    "{}={secret}; HttpOnly; SameSite=Strict; Path=/",
                    guard::COOKIE
                ),
            ));
            return r.write(&mut conn);
        }
    }
    if let Err(why) = guard::check(&asked, port, secret) {
        let text = match why {
            guard::Refusal::Host => "请求的主机名不是本程序 / wrong Host",
            guard::Refusal::Secret => {
                "请用本程序启动时显示的地址打开 / open the address the program printed"
            }
            guard::Refusal::Origin => "请求来自其他网页，已拒绝 / cross-origin request refused",
        };
        return Reply::text("403 Forbidden", text).write(&mut conn);
    }
    // A page was here (a second start asking whether this server lives does not count).
    if path != "/alive" {
        let now = ctx.started.elapsed().as_millis().max(1) as u64;
        ctx.seen.store(now, Ordering::SeqCst);
    }
    if length > MAX_BODY {
        return Reply::text("413 Payload Too Large", "").write(&mut conn);
    }
    let mut body = buf[head_len..].to_vec();
    if body.len() < length {
        let rest = length - body.len();
        (&mut conn).take(rest as u64).read_to_end(&mut body)?;
    }
    body.truncate(length);

    let reply = match (method.as_str(), path) {
        ("GET" | "HEAD", p)
            if !p.starts_with("/api/") && !p.starts_with("/download/") && p != "/alive" =>
        {
            match assets::get(p) {
                Some((bytes, kind)) => Reply::new("200 OK", kind, bytes.to_vec()),
                None => Reply::text("404 Not Found", ""),
            }
        }
        ("GET", "/alive") => Reply::text("200 OK", "ok"),
        ("GET", p) if p.starts_with("/download/") => match transfers.take(&p["/download/".len()..])
        {
            Some((bytes, name)) => {
                let mut r = Reply::new("200 OK", "application/octet-stream", bytes);
                r.headers
                    .push(("Content-Disposition".into(), files::disposition(&name)));
                r
            }
            None => Reply::text("404 Not Found", "下载已失效 / download expired"),
        },
        ("POST", "/api/quit") => {
            app.allow_close();
            for r in app.flush_unsaved() {
                eprintln!(
                    "草稿 {} 退出时仍无法保存（{}），已写入恢复文件：{:?}",
                    r.id, r.error, r.file
                );
            }
            stop_listener(stop, port);
            Reply::json("200 OK", &serde_json::Value::Null)
        }
        ("POST", p) if p.starts_with("/api/") => {
            let args: serde_json::Value = if body.is_empty() {
                serde_json::json!({})
            } else {
                match serde_json::from_slice(&body) {
                    Ok(v) => v,
                    Err(e) => {
                        return Reply::json(
                            "400 Bad Request",
                            &api::ApiError::BadArgs(e.to_string()).to_json(),
                        )
                        .write(&mut conn)
                    }
                }
            };
            match api::call(app, transfers, &p["/api/".len()..], &args) {
                Ok(v) => Reply::json("200 OK", &v),
                Err(e) => Reply::json("400 Bad Request", &e.to_json()),
            }
        }
        _ => Reply::text("405 Method Not Allowed", ""),
    };
    reply.write(&mut conn)
}
