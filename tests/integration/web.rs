//! The local browser mode (`labour-brand serve`): each attack a local process or a visited web
//! page could try is refused, and the page and its commands are served to the page itself.
//! Every threat of docs/security.md has its test here.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use labour_brand::app::App;
use labour_brand::web::{assets, Server};
use serde_json::{json, Value};

fn server(dir: &Path) -> Server {
    Server::start(Arc::new(App::open(&dir.join("d.sqlite3"))), 0).unwrap()
}

/// One response: status, head (lower-case), body.
struct Answer {
    code: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The first `set-cookie` value's name=value.
    fn cookie(&self) -> Option<String> {
        self.head.lines().find_map(|l| {
            let v = l.strip_prefix("set-cookie:")?;
            Some(v.trim().split(';').next()?.to_string())
        })
    }
}

/// Sends raw bytes and reads the answer.
fn send(port: u16, head: &str, body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(out.len());
    let head = String::from_utf8_lossy(&out[..split]).to_lowercase();
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Answer {
        code,
        head,
        body: out.get(split + 4..).unwrap_or_default().to_vec(),
    }
}

/// A request as a browser sends it.
struct Req<'a> {
    method: &'a str,
    path: &'a str,
    host: String,
    origin: Option<String>,
    cookies: Vec<String>,
    extra: Vec<(&'a str, String)>,
}

impl<'a> Req<'a> {
    fn new(port: u16, method: &'a str, path: &'a str) -> Req<'a> {
        Req {
            method,
            path,
            host: format!("127.0.0.1:{port}"),
            origin: (method == "POST").then(|| format!("http://127.0.0.1:{port}")),
            cookies: Vec::new(),
            extra: Vec::new(),
        }
    }
    fn cookie(mut self, c: &str) -> Self {
        self.cookies.push(c.to_string());
        self
    }
    fn send(&self, port: u16, body: &[u8]) -> Answer {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.method, self.path, self.host
        );
        if let Some(o) = &self.origin {
            head.push_str(&format!("Origin: {o}\r\n"));
        }
        if !self.cookies.is_empty() {
            head.push_str(&format!("Cookie: {}\r\n", self.cookies.join("; ")));
        }
        for (k, v) in &self.extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if self.method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        send(port, &head, body)
    }
}

/// A browser session: logged in once through a one-time link.
struct Client {
    port: u16,
    cookie: String,
}

impl Client {
    fn login(s: &Server) -> Client {
        let url = s.login_url();
        let path = url.split_once(&s.port().to_string()).unwrap().1;
        let a = Req::new(s.port(), "GET", path).send(s.port(), b"");
        assert_eq!(a.code, 303, "{}", a.head);
        Client {
            port: s.port(),
            cookie: a.cookie().expect("a cookie"),
        }
    }
    fn get(&self, path: &str) -> Answer {
        Req::new(self.port, "GET", path)
            .cookie(&self.cookie)
            .send(self.port, b"")
    }
    fn call(&self, cmd: &str, args: Value) -> Answer {
        Req::new(self.port, "POST", &format!("/api/{cmd}"))
            .cookie(&self.cookie)
            .send(self.port, args.to_string().as_bytes())
    }
    fn upload(&self, purpose: &str, name: &str, bytes: &[u8]) -> Answer {
        let mut r = Req::new(self.port, "POST", "");
        let path = format!("/upload?for={purpose}");
        r.path = &path;
        r.cookies.push(self.cookie.clone());
        r.extra.push(("X-File-Name", percent(name)));
        r.send(self.port, bytes)
    }
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn every_attack_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    let port = s.port();
    let c = Client::login(&s);
    let good = c.cookie.clone();
    assert!(s.secret().len() >= 32, "at least 128 bits");
    assert!(
        s.cookie_name().starts_with(&format!("lb-{port}-")) && s.cookie_name().len() > 10,
        "a name of this server's own: {}",
        s.cookie_name()
    );

    // No secret: neither the page nor a command.
    assert_eq!(Req::new(port, "GET", "/").send(port, b"").code, 403);
    assert_eq!(
        Req::new(port, "POST", "/api/list_drafts")
            .send(port, b"{}")
            .code,
        403
    );
    // A wrong secret, the right secret under the old fixed name, a used or invented link.
    let wrong = format!("{}=0000", s.cookie_name());
    let old_name = format!("lb={}", s.secret());
    for cookie in [wrong.as_str(), old_name.as_str()] {
        assert_eq!(
            Req::new(port, "GET", "/")
                .cookie(cookie)
                .send(port, b"")
                .code,
            403,
            "{cookie}"
        );
    }
    assert_eq!(Req::new(port, "GET", "/?k=0000").send(port, b"").code, 403);
    let secret_link = format!("/?k={}", s.secret());
    assert_eq!(
        Req::new(port, "GET", &secret_link).send(port, b"").code,
        403,
        "the secret itself is no login link"
    );
    // DNS rebinding and other names of this machine: the right cookie under another Host.
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("127.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let mut r = Req::new(port, "GET", "/").cookie(&good);
        r.host = host.clone();
        assert_eq!(r.send(port, b"").code, 403, "{host}");
    }
    // Another web page posting with the user's cookie (another port of 127.0.0.1 is
    // same-site for the browser, which sends the cookie), or with no Origin at all.
    for origin in [
        Some("https://evil.example".to_string()),
        Some(format!("http://127.0.0.1:{}", port.wrapping_add(1))),
        None,
    ] {
        let mut r = Req::new(port, "POST", "/api/create_draft").cookie(&good);
        r.origin = origin.clone();
        assert_eq!(r.send(port, b"{}").code, 403, "{origin:?}");
    }
    // Path traversal in its usual forms: nothing outside the embedded page.
    for p in [
        "/../Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/js/../../Cargo.toml",
        "/..\\..\\Cargo.toml",
        "//etc/passwd",
        "/download/../../etc/passwd",
    ] {
        let a = c.get(p);
        assert!(a.code == 404 || a.code == 400, "{p}: {}", a.code);
        assert!(
            !a.text().contains("[package]") && !a.text().contains("root:"),
            "{p}"
        );
    }
    // Nothing was created by any of them.
    let a = c.call("list_drafts", json!({}));
    assert_eq!((a.code, a.text().as_str()), (200, "[]"));
    // Only the loopback interface listens: another address of this machine is not answered.
    let others: Vec<std::net::IpAddr> = std::process::Command::new("hostname")
        .arg("-I")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .filter_map(|a| a.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    for ip in others.into_iter().filter(|ip| !ip.is_loopback()) {
        let reached = TcpStream::connect_timeout(&(ip, port).into(), Duration::from_millis(500));
        assert!(reached.is_err(), "{ip}:{port} must not answer");
    }
    // No CORS, ever; no referrer.
    let a = c.call("list_drafts", json!({}));
    assert!(!a.head.contains("access-control-allow"), "{}", a.head);
    assert!(
        a.head.contains("referrer-policy: no-referrer"),
        "{}",
        a.head
    );
    // A 403 to the page is a Chinese page that says how to get back in; to a command, the
    // error the page keeps its text by.
    let page = Req::new(port, "GET", "/").send(port, b"");
    assert!(page.text().contains("重新打开"), "{}", page.text());
    let api = Req::new(port, "POST", "/api/save_draft").send(port, b"{}");
    assert_eq!(api.json()["code"], "session_lost");
    assert!(api.json()["message_zh"]
        .as_str()
        .unwrap()
        .contains("仍保留在页面里"));
}

#[test]
fn the_login_link_works_once_sets_a_strict_http_only_cookie_and_the_page_works() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    let port = s.port();
    let url = s.login_url();
    assert!(url.starts_with(&format!("http://127.0.0.1:{port}/?k=")));
    assert!(!url.contains(s.secret()), "the link is not the secret");
    let path = url.split_once(&port.to_string()).unwrap().1.to_string();
    let first = Req::new(port, "GET", &path).send(port, b"");
    assert_eq!(first.code, 303);
    let cookie = first
        .head
        .lines()
        .find(|l| l.starts_with("set-cookie:"))
        .unwrap()
        .to_string();
    assert!(
        cookie.contains(&format!(
            "{}={}",
            s.cookie_name().to_lowercase(),
            s.secret()
        )) && cookie.contains("httponly")
            && cookie.contains("samesite=strict"),
        "{cookie}"
    );
    // Used once: the same link no longer logs in.
    let again = Req::new(port, "GET", &path).send(port, b"");
    assert_eq!(again.code, 403, "a link is good once");
    assert!(again.cookie().is_none());

    let c = Client {
        port,
        cookie: first.cookie().unwrap(),
    };
    // The page, with the window's policy.
    let a = c.get("/");
    assert_eq!(a.code, 200);
    assert!(a.text().contains("js/main.js"));
    assert!(
        a.head.contains("content-type: text/html; charset=utf-8"),
        "{}",
        a.head
    );
    assert!(
        a.head
            .contains("content-security-policy: default-src 'self'"),
        "{}",
        a.head
    );
    assert!(a.head.contains("x-content-type-options: nosniff"));
    let a = c.get("/js/editor/fields.js");
    assert_eq!(a.code, 200);
    assert!(a.head.contains("text/javascript"));

    // The commands: create, save, evaluate, list; errors come typed.
    let rec = c.call("create_draft", json!({})).json();
    let id = rec["meta"]["id"].as_i64().unwrap();
    let mut draft = labour_brand::example::example(labour_brand::BrandType::Skill);
    draft.form1.brand_name = "浏览器里填写的品牌".into();
    assert_eq!(
        c.call("save_draft", json!({ "id": id, "draft": draft }))
            .code,
        200
    );
    let edition = rec["meta"]["rubric_edition"].as_str().unwrap().to_string();
    let ev = c.call(
        "evaluate",
        json!({ "edition": edition, "draft": draft, "evidenceItems": [] }),
    );
    assert_eq!(ev.code, 200);
    assert_eq!(ev.json()["score"]["total"], 104);
    assert_eq!(
        c.call("list_drafts", json!({})).json()[0]["name"],
        "浏览器里填写的品牌"
    );
    let e = c.call("load_draft", json!({ "id": 999 }));
    assert_eq!(
        (e.code, e.json()["code"].as_str()),
        (400, Some("draft_not_found"))
    );
    let e = c.call("no_such_command", json!({}));
    assert_eq!(e.json()["code"], "unknown_command");

    // Files through the browser: an upload (raw bytes, one file per request) is imported (a
    // cancelled choice sends no files and gets null), a saved file comes back once as a
    // download with its Chinese name.
    assert_eq!(c.call("import_draft", json!({})).json(), Value::Null);
    let file = labour_brand::draftfile::DraftFile::new(
        "上传的草稿",
        labour_brand::rubric::FIRST_EDITION,
        draft.clone(),
    )
    .to_json();
    let up = c.upload("draft", "../../上传.json", file.as_bytes());
    assert_eq!(up.code, 200, "{}", up.text());
    assert_eq!(
        up.json()["name"],
        "上传.json",
        "only the last part of the name"
    );
    let token = up.json()["upload"].as_str().unwrap().to_string();
    let meta = c.call(
        "import_draft",
        json!({ "files": [{ "name": "上传.json", "upload": token }] }),
    );
    assert_eq!(meta.json()["name"], "上传的草稿");
    let again = c.call(
        "import_draft",
        json!({ "files": [{ "name": "上传.json", "upload": token }] }),
    );
    assert_eq!(
        again.json()["code"],
        "upload_gone",
        "an upload is taken once"
    );
    let out = c.call(
        "export_forms",
        json!({ "id": id, "draft": draft, "format": "pdf", "options": {} }),
    );
    let out = out.json();
    assert_eq!(out["name"], "浏览器里填写的品牌-推荐表与评分表.pdf");
    assert_eq!(
        out["result"]["path"], "浏览器里填写的品牌-推荐表与评分表.pdf",
        "no path of the server's"
    );
    let link = out["download"].as_str().unwrap().to_string();
    let d = c.get(&link);
    assert_eq!(d.code, 200);
    assert!(d.body.starts_with(b"%PDF-"));
    assert!(d.head.contains("filename*=utf-8''%e6%b5%8f"), "{}", d.head);
    assert_eq!(c.get(&link).code, 404, "a download is offered once");
    assert_eq!(Req::new(port, "GET", &link).send(port, b"").code, 403);
    // 退出: what is unsaved is written, and the server stops.
    assert_eq!(c.call("quit", json!({})).code, 200);
    s.wait();
}

/// Two servers (two databases) open in one browser: one cookie jar for every port of
/// 127.0.0.1, so each request carries both cookies; each server finds its own and both keep
/// saving. A page on another port tossing a cookie of our name changes nothing.
#[test]
fn two_servers_in_one_cookie_jar_and_tossed_cookies_lock_nobody_out() {
    let dir = tempfile::tempdir().unwrap();
    let a = Server::start(Arc::new(App::open(&dir.path().join("a.sqlite3"))), 0).unwrap();
    let b = Server::start(Arc::new(App::open(&dir.path().join("b.sqlite3"))), 0).unwrap();
    let (ca, cb) = (Client::login(&a), Client::login(&b));
    assert_ne!(a.cookie_name(), b.cookie_name());
    // The jar as the browser sends it, to either server; with tossed cookies of both names
    // (a page on 127.0.0.1:8777 set them with a longer path, so they come first) and the old
    // fixed name.
    let jar = format!(
        "{}=0; {}=0; lb=0; {}; {}",
        a.cookie_name(),
        b.cookie_name(),
        ca.cookie,
        cb.cookie
    );
    for (s, name) in [(&a, "甲"), (&b, "乙")] {
        let c = Client {
            port: s.port(),
            cookie: jar.clone(),
        };
        let id = c.call("create_draft", json!({})).json()["meta"]["id"]
            .as_i64()
            .unwrap();
        let mut d = labour_brand::Draft::default();
        d.form1.brand_name = name.into();
        let saved = c.call("save_draft", json!({ "id": id, "draft": d }));
        assert_eq!(saved.code, 200, "{name}: {}", saved.text());
    }
    // Cookies in two Cookie headers (HTTP/2-style split) are read too.
    let mut r = Req::new(a.port(), "POST", "/api/list_drafts");
    r.extra.push(("Cookie", format!("{}=0", a.cookie_name())));
    r.extra.push(("Cookie", ca.cookie.clone()));
    assert_eq!(r.send(a.port(), b"{}").json()[0]["name"], "甲");
    assert_eq!(cb.call("list_drafts", json!({})).json()[0]["name"], "乙");
}

/// A serve.json left by a killed server whose port another program now holds: a new start
/// asks the listener a challenge it cannot answer, so it is not trusted — and it never
/// receives the secret.
#[test]
fn a_stale_serve_json_never_hands_the_secret_to_a_foreign_listener() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = foreign.local_addr().unwrap().port();
    let heard = Arc::new(std::sync::Mutex::new(String::new()));
    let h = heard.clone();
    std::thread::spawn(move || {
        for conn in foreign.incoming().take(3) {
            let Ok(mut conn) = conn else { continue };
            let _ = conn.set_read_timeout(Some(Duration::from_millis(500)));
            let mut buf = [0u8; 4096];
            let n = conn.read(&mut buf).unwrap_or(0);
            h.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }
    });
    let secret = "5ec2e75ec2e75ec2e75ec2e75ec2e75e";
    let advert = labour_brand::web::advert_path(&dir.path().join("d.sqlite3"));
    std::fs::write(
        &advert,
        json!({ "port": port, "secret": secret, "cookie": format!("lb-{port}-0000") }).to_string(),
    )
    .unwrap();
    assert!(labour_brand::web::running(&advert).is_none(), "not trusted");
    std::thread::sleep(Duration::from_millis(200));
    let heard = heard.lock().unwrap().clone();
    assert!(heard.contains("challenge="), "it was asked: {heard}");
    assert!(!heard.contains(secret), "the secret was sent: {heard}");

    // A real server answers, and gives a second start a one-time link.
    let s = server(dir.path());
    s.advertise(&advert).unwrap();
    let r = labour_brand::web::running(&advert).expect("the running server proves itself");
    let link = r.login_url().unwrap();
    let path = link
        .split_once(&s.port().to_string())
        .unwrap()
        .1
        .to_string();
    assert_eq!(
        Req::new(s.port(), "GET", &path).send(s.port(), b"").code,
        303
    );
    assert_eq!(
        Req::new(s.port(), "GET", &path).send(s.port(), b"").code,
        403
    );
}

/// Each database has its own serve.json: a second server for another database in the same
/// folder starts (it does not defer to the first), and the first is still found for its own.
#[test]
fn each_database_in_a_folder_has_its_own_server() {
    let dir = tempfile::tempdir().unwrap();
    let (db1, db2) = (
        dir.path().join("d.sqlite3"),
        dir.path().join("other.sqlite3"),
    );
    let (a1, a2) = (
        labour_brand::web::advert_path(&db1),
        labour_brand::web::advert_path(&db2),
    );
    assert_ne!(a1, a2);
    let s1 = Server::start(Arc::new(App::open(&db1)), 0).unwrap();
    s1.advertise(&a1).unwrap();
    assert_eq!(
        labour_brand::web::running(&a1).map(|r| r.port()),
        Some(s1.port())
    );
    assert!(
        labour_brand::web::running(&a2).is_none(),
        "nothing runs for other.sqlite3"
    );
    // A new start prefers the port its database had last (an open tab finds it again).
    let port = s1.port();
    drop(s1);
    assert_eq!(labour_brand::web::last_port(&a1), Some(port));
}

/// Slowloris: 20 connections sending a byte every 2 s cannot hold the server: a real request
/// answers within 2 s meanwhile, and the slow ones are closed after the 10 s head limit.
#[test]
fn slow_connections_cannot_starve_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    let c = Client::login(&s);
    let port = s.port();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut slow = Vec::new();
    for _ in 0..20 {
        let stop = stop.clone();
        slow.push(std::thread::spawn(move || {
            let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let req = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
            let started = Instant::now();
            for b in req.iter().take(10) {
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                if conn.write_all(&[*b]).is_err() {
                    return Some(started.elapsed());
                }
                std::thread::sleep(Duration::from_secs(2));
            }
            None
        }));
    }
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..3 {
        let t = Instant::now();
        let a = c.call("list_drafts", json!({}));
        assert_eq!(a.code, 200);
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "waited {:?}",
            t.elapsed()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    // The slow ones were cut off (a write fails once the server closed), within the head limit.
    let cut: Vec<_> = slow.into_iter().map(|t| t.join().unwrap()).collect();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(
        cut.iter()
            .all(|c| c.is_some_and(|d| d < Duration::from_secs(19))),
        "closed: {cut:?}"
    );
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

/// Uploads stream to disk: 20 files of 25 MB at once keep the process under 150 MB more than
/// before; a file over 30 MB is refused naming it, as soon as its size is known or passed.
#[test]
fn uploads_stream_to_disk_with_bounded_memory_and_the_limit_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    let c = Client::login(&s);
    let port = s.port();
    let before = peak_rss_kib();
    let chunk = Arc::new(vec![7u8; 1024 * 1024]);
    let senders: Vec<_> = (0..20)
        .map(|i| {
            let (cookie, chunk) = (c.cookie.clone(), chunk.clone());
            std::thread::spawn(move || {
                let size = 25 * chunk.len();
                let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
                let head = format!(
                    "POST /upload?for=evidence HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\nX-File-Name: scan{i}.pdf\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
                );
                conn.write_all(head.as_bytes()).unwrap();
                for _ in 0..25 {
                    conn.write_all(&chunk).unwrap();
                }
                let mut out = String::new();
                conn.read_to_string(&mut out).unwrap();
                out
            })
        })
        .collect();
    for t in senders {
        let out = t.join().unwrap();
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    }
    let grown = peak_rss_kib().saturating_sub(before) / 1024;
    assert!(
        grown <= 150,
        "memory grew by {grown} MiB for 500 MB of uploads"
    );

    // Over the limit: a declared size, and one that only passes the limit as it arrives.
    let big = c.upload("evidence", "现场照片.jpg", &vec![0u8; 31 * 1024 * 1024]);
    assert_eq!(big.code, 413);
    let e = big.json();
    assert_eq!(e["code"], "evidence_too_large");
    assert!(
        e["message_zh"]
            .as_str()
            .unwrap()
            .contains("「现场照片.jpg」")
            && e["message_zh"].as_str().unwrap().contains("30 MB"),
        "{e}"
    );
    let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!(
        "POST /upload?for=evidence HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: {}\r\nX-File-Name: chunked.jpg\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        c.cookie
    );
    conn.write_all(head.as_bytes()).unwrap();
    let piece = vec![1u8; 1024 * 1024];
    for _ in 0..32 {
        if conn
            .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
            .is_err()
            || conn.write_all(&piece).is_err()
            || conn.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = conn.write_all(b"0\r\n\r\n");
    let mut out = Vec::new();
    let _ = conn.read_to_end(&mut out);
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 413"), "{out}");
    assert!(out.contains("chunked.jpg"), "{out}");
    // Nothing of the refused uploads stays on disk.
    let left: u64 = walk_size(s.transfer_dir());
    assert!(left <= 20 * 25 * 1024 * 1024 + 1024, "{left}");
}

fn walk_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        walk_size(&p)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// The folders of dead servers go at the next start; a server's own goes when it stops.
#[test]
fn temporary_folders_of_dead_servers_are_removed_at_the_next_start() {
    let temp = std::env::temp_dir();
    let dead = temp.join(format!(
        "{}2147483002-deadbeef",
        labour_brand::web::files::DIR_PREFIX
    ));
    std::fs::create_dir_all(dead.join("in-x")).unwrap();
    std::fs::write(dead.join("in-x/证据.pdf"), b"%PDF-").unwrap();
    std::fs::write(dead.join("alive"), b"").unwrap();
    let past = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(dead.join("alive"))
        .unwrap()
        .set_modified(past)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    assert!(!dead.exists(), "a dead server's folder is removed");
    let own = s.transfer_dir().to_path_buf();
    assert!(own.is_dir());
    drop(s);
    assert!(!own.exists(), "its own folder goes when it stops");
}

/// `labour-brand serve` started as a user would, with a stand-in browser: the browser is
/// started on a private file, never with the secret or a link on its command line; no process
/// shows the secret; SIGTERM ends it like 退出 (unsaved text written, its files removed).
#[test]
fn the_browser_is_opened_without_the_secret_on_any_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let seen = dir.path().join("browser-args.txt");
    let fake = bin.join("xdg-open");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\nsleep 3\n",
            seen.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let runtime = dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let db = dir.path().join("d.sqlite3");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_labour-brand"))
        .args(["serve", "--db", db.to_str().unwrap()])
        .env("PATH", path)
        .env("XDG_RUNTIME_DIR", &runtime)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let advert = labour_brand::web::advert_path(&db);
    let t = Instant::now();
    while !(advert.exists() && seen.exists()) && t.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let v: Value = serde_json::from_slice(&std::fs::read(&advert).unwrap()).unwrap();
    let secret = v["secret"].as_str().unwrap().to_string();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&advert).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "serve.json is the user's alone");
    }
    let args = std::fs::read_to_string(&seen).unwrap();
    assert!(
        !args.contains(&secret) && !args.contains("?k="),
        "browser args: {args}"
    );
    let opened = std::path::PathBuf::from(args.trim());
    assert!(
        opened.starts_with(&runtime),
        "the login file is in the runtime folder: {args}"
    );
    let page = std::fs::read_to_string(&opened).unwrap();
    assert!(page.contains("?k=") && !page.contains(&secret), "{page}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&opened).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the login file is the user's alone");
    }
    // No process of this machine shows the secret on its command line.
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmdline) = std::fs::read(e.path().join("cmdline")) {
            assert!(
                !String::from_utf8_lossy(&cmdline).contains(&secret),
                "{:?} shows the secret",
                e.path()
            );
        }
    }
    // The link in the file logs in once.
    let port = v["port"].as_u64().unwrap() as u16;
    let link = page
        .split("url=")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let path = link.split_once(&port.to_string()).unwrap().1.to_string();
    let login = Req::new(port, "GET", &path).send(port, b"");
    assert_eq!(login.code, 303);
    let c = Client {
        port,
        cookie: login.cookie().unwrap(),
    };
    // Something typed, not yet saved by the page's timer: SIGTERM writes it.
    let id = c.call("create_draft", json!({})).json()["meta"]["id"]
        .as_i64()
        .unwrap();
    let mut d = labour_brand::Draft::default();
    d.form1.brand_name = "终止前输入".into();
    assert_eq!(
        c.call("save_draft", json!({ "id": id, "draft": d })).code,
        200
    );
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let t = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "serve did not end on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status:?}");
    let left: Value = serde_json::from_slice(&std::fs::read(&advert).unwrap()).unwrap();
    assert_eq!(
        left,
        json!({ "port": port }),
        "serve.json keeps the port alone, no secret"
    );
    assert!(!opened.exists(), "the login file removed");
    let app = App::open(&db);
    assert_eq!(
        app.load(id).unwrap().record.draft.form1.brand_name,
        "终止前输入"
    );
}

#[test]
fn the_embedded_page_is_the_whole_ui_folder() {
    let mut on_disk = Vec::new();
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if p.is_dir() {
                if rel != "tests" {
                    walk(&p, base, out);
                }
            } else {
                out.push(rel);
            }
        }
    }
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    walk(&ui, &ui, &mut on_disk);
    on_disk.sort();
    let mut embedded: Vec<String> = assets::FILES.iter().map(|(p, _)| p.to_string()).collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "src/web/assets.rs lists every file of ui/"
    );
    for (p, bytes) in assets::FILES {
        assert_eq!(
            *bytes,
            std::fs::read(ui.join(p)).unwrap().as_slice(),
            "{p} is current"
        );
    }
}

#[test]
fn the_server_stops_when_its_last_page_has_gone_and_a_second_start_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(App::open(&dir.path().join("d.sqlite3")));
    // Never visited: it waits (a user may take a while to open the address).
    let s = Server::start(app.clone(), 0).unwrap();
    let s_secret = s.secret().to_string();
    s.stop_when_idle(Duration::from_millis(200));
    let here = labour_brand::web::advert_path(&dir.path().join("d.sqlite3"));
    s.advertise(&here).unwrap();
    assert_eq!(
        labour_brand::web::running(&here).map(|r| r.port()),
        Some(s.port()),
        "a second start finds it"
    );
    std::thread::sleep(Duration::from_millis(600));
    let port = s.port();
    let c = Client::login(&s);
    assert_eq!(c.get("/").code, 200, "still serving: no page yet");
    // A page came and went: after the idle time the server stops, what is unsaved is written.
    let id = app.create().unwrap().meta.id;
    let mut d = labour_brand::Draft::default();
    d.form1.brand_name = "关页前输入".into();
    app.save(id, &d).unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "stopped after the last page went"
    );
    assert!(
        labour_brand::web::running(&here).is_none(),
        "and a second start would start anew"
    );
    s.wait();
    assert!(
        !std::fs::read_to_string(&here)
            .unwrap()
            .contains(s_secret.as_str()),
        "no secret stays behind"
    );
    assert_eq!(
        app.load(id).unwrap().record.draft.form1.brand_name,
        "关页前输入"
    );
}

/// One server per database: a second `serve` of the same database never opens it beside a
/// running one — not even when that one does not answer (paused, or starved by slow
/// connections): two servers saving one draft would lose one's edits.
#[test]
fn a_second_server_never_opens_a_database_another_one_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let held = labour_brand::web::lock_database(&db).unwrap();
    assert!(held.is_some());
    assert!(
        labour_brand::web::lock_database(&db).unwrap().is_none(),
        "held"
    );
    drop(held);
    assert!(
        labour_brand::web::lock_database(&db).unwrap().is_some(),
        "free again"
    );

    // The CLI: a paused server keeps its database.
    let mut first = std::process::Command::new(env!("CARGO_BIN_EXE_labour-brand"))
        .args(["serve", "--no-open", "--db", db.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let advert = labour_brand::web::advert_path(&db);
    let t = Instant::now();
    while !advert.exists() && t.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let pid = first.id() as i32;
    unsafe {
        libc::kill(pid, libc::SIGSTOP);
    }
    let second = std::process::Command::new(env!("CARGO_BIN_EXE_labour-brand"))
        .args(["serve", "--no-open", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    unsafe {
        libc::kill(pid, libc::SIGCONT);
        libc::kill(pid, libc::SIGTERM);
    }
    let _ = first.wait();
    assert_eq!(second.status.code(), Some(2));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("另一个浏览器版正在使用这个草稿库"), "{err}");
}

/// Uploads are taken all or nothing, removed once used; a long Chinese file name is cut on
/// disk (never "file name too long"), and no error names the server's private folder.
#[test]
fn uploads_are_taken_whole_removed_after_use_and_long_names_work() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    let c = Client::login(&s);
    let draft = labour_brand::example::example(labour_brand::BrandType::Skill);
    let file = labour_brand::draftfile::DraftFile::new(
        "上传",
        labour_brand::rubric::FIRST_EDITION,
        draft.clone(),
    )
    .to_json();
    let long_name = format!("{}.json", "劳务品牌草稿".repeat(20));
    let up = c.upload("draft", &long_name, file.as_bytes());
    assert_eq!(up.code, 200, "{}", up.text());
    let token = up.json()["upload"].as_str().unwrap().to_string();
    // A request naming a token that is gone takes none of its tokens.
    let bad = c.call(
        "import_draft",
        json!({ "files": [{ "name": "a.json", "upload": token }, { "name": "b.json", "upload": "0000" }] }),
    );
    assert_eq!(bad.json()["code"], "upload_gone");
    let ok = c.call(
        "import_draft",
        json!({ "files": [{ "name": long_name, "upload": token }] }),
    );
    assert_eq!(ok.code, 200, "{}", ok.text());
    // Used: nothing of it is left in the private folder.
    assert_eq!(
        walk_size(s.transfer_dir()),
        0,
        "the used upload was removed"
    );
    // An export named after an 80-字 brand writes and downloads.
    let mut long = draft.clone();
    long.form1.brand_name = "商".repeat(80);
    let id = ok.json()["id"].as_i64().unwrap();
    let out = c.call(
        "export_forms",
        json!({ "id": id, "draft": long, "format": "pdf", "options": {} }),
    );
    assert_eq!(out.code, 200, "{}", out.text());
    let d = c.get(out.json()["download"].as_str().unwrap());
    assert!(d.body.starts_with(b"%PDF-"));
    // No error carries the private folder's path.
    let private = s.transfer_dir().display().to_string();
    let e = c.call(
        "import_draft",
        json!({ "files": [{ "name": "x", "upload": "1" }] }),
    );
    assert!(!e.text().contains(&private), "{}", e.text());
}
