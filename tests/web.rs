//! The local browser mode (`labour-brand serve`): each attack a local process or a visited web
//! page could try is refused, and the page and its commands are served to the page itself.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use labour_brand::app::App;
use labour_brand::web::{assets, Server};

fn server(dir: &std::path::Path) -> Server {
    Server::start(Arc::new(App::open(&dir.join("d.sqlite3"))), 0).unwrap()
}

/// Sends a raw request and returns (status code, headers, body).
fn send(port: u16, raw: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let code = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap();
    (code, head.to_string(), body.to_string())
}

fn get(port: u16, path: &str, host: &str, cookie: Option<&str>) -> (u16, String, String) {
    let cookie = cookie
        .map(|c| format!("Cookie: lb={c}\r\n"))
        .unwrap_or_default();
    send(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}\r\n"),
    )
}

fn post(
    port: u16,
    cmd: &str,
    body: &str,
    host: &str,
    origin: Option<&str>,
    cookie: Option<&str>,
) -> (u16, String, String) {
    let cookie = cookie
        .map(|c| format!("Cookie: lb={c}\r\n"))
        .unwrap_or_default();
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    send(
        port,
        &format!(
            "POST /api/{cmd} HTTP/1.1\r\nHost: {host}\r\n{origin}{cookie}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn every_attack_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    let (port, secret) = (s.port(), s.secret().to_string());
    let host = format!("127.0.0.1:{port}");
    let me = format!("http://{host}");
    assert!(secret.len() >= 32, "at least 128 bits");

    // No secret: neither the page nor a command.
    assert_eq!(get(port, "/", &host, None).0, 403);
    assert_eq!(
        post(port, "list_drafts", "{}", &host, Some(&me), None).0,
        403
    );
    // A wrong secret, and a wrong first-visit key.
    assert_eq!(get(port, "/", &host, Some("0000")).0, 403);
    assert_eq!(get(port, "/?k=0000", &host, None).0, 403);
    // DNS rebinding: the right secret under another name.
    assert_eq!(
        get(port, "/", &format!("evil.example:{port}"), Some(&secret)).0,
        403
    );
    // Another web page posting with the user's cookie, or with no Origin at all.
    assert_eq!(
        post(
            port,
            "create_draft",
            "{}",
            &host,
            Some("https://evil.example"),
            Some(&secret)
        )
        .0,
        403
    );
    assert_eq!(
        post(port, "create_draft", "{}", &host, None, Some(&secret)).0,
        403
    );
    // Nothing was created by any of them.
    let (code, _, body) = post(port, "list_drafts", "{}", &host, Some(&me), Some(&secret));
    assert_eq!((code, body.as_str()), (200, "[]"));
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
    for ip in others
        .into_iter()
        .filter(|ip: &std::net::IpAddr| !ip.is_loopback())
    {
        let reached =
            TcpStream::connect_timeout(&(ip, port).into(), std::time::Duration::from_millis(500));
        assert!(reached.is_err(), "{ip}:{port} must not answer");
    }
    // No CORS: no response ever allows another origin.
    let (_, head, _) = post(port, "list_drafts", "{}", &host, Some(&me), Some(&secret));
    assert!(
        !head.to_lowercase().contains("access-control-allow"),
        "{head}"
    );
}

#[test]
fn the_first_visit_sets_a_strict_http_only_cookie_and_the_page_works() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path());
    let (port, secret) = (s.port(), s.secret().to_string());
    let host = format!("127.0.0.1:{port}");
    let me = format!("http://{host}");
    assert_eq!(s.url(), format!("{me}/?k={secret}"));
    let (code, head, _) = get(port, &format!("/?k={secret}"), &host, None);
    assert_eq!(code, 303);
    let cookie = head
        .lines()
        .find(|l| l.to_lowercase().starts_with("set-cookie:"))
        .unwrap();
    assert!(
        cookie.contains(&format!("lb={secret}"))
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    // The page, with the window's policy.
    let (code, head, body) = get(port, "/", &host, Some(&secret));
    assert_eq!(code, 200);
    assert!(body.contains("js/main.js"));
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        head.contains("Content-Security-Policy: default-src 'self'"),
        "{head}"
    );
    assert!(head.contains("X-Content-Type-Options: nosniff"));
    let (code, head, _) = get(
        port,
        "/js/editor/fields.js",
        &format!("localhost:{port}"),
        Some(&secret),
    );
    assert_eq!(code, 200);
    assert!(head.contains("text/javascript"));

    // The commands: create, save, evaluate, list; errors come typed.
    let post_ok = |cmd: &str, body: &str| {
        let (code, _, out) = post(port, cmd, body, &host, Some(&me), Some(&secret));
        (
            code,
            serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        )
    };
    let (code, rec) = post_ok("create_draft", "{}");
    assert_eq!(code, 200);
    let id = rec["meta"]["id"].as_i64().unwrap();
    let mut draft = labour_brand::example::example(labour_brand::BrandType::Skill);
    draft.form1.brand_name = "浏览器里填写的品牌".into();
    let body = serde_json::json!({ "id": id, "draft": draft }).to_string();
    assert_eq!(post_ok("save_draft", &body).0, 200);
    let edition = rec["meta"]["rubric_edition"].as_str().unwrap().to_string();
    let body =
        serde_json::json!({ "edition": edition, "draft": draft, "evidenceItems": [] }).to_string();
    let (code, ev) = post_ok("evaluate", &body);
    assert_eq!(code, 200);
    assert_eq!(ev["score"]["total"], 104);
    let (_, list) = post_ok("list_drafts", "{}");
    assert_eq!(list[0]["name"], "浏览器里填写的品牌");
    let (code, e) = post_ok("load_draft", r#"{"id": 999}"#);
    assert_eq!((code, e["code"].as_str()), (400, Some("draft_not_found")));
    // Files through the browser: an uploaded draft file is imported (a cancelled choice sends
    // no files and gets null), a saved file comes back once as a download with its Chinese name.
    use base64::Engine;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let (code, none) = post_ok("import_draft", "{}");
    assert_eq!((code, none), (200, serde_json::Value::Null));
    let file = labour_brand::draftfile::DraftFile::new(
        "上传的草稿",
        labour_brand::rubric::FIRST_EDITION,
        draft.clone(),
    )
    .to_json();
    let body = serde_json::json!({ "files": [{ "name": "../../上传.json", "data": b64(file.as_bytes()) }] }).to_string();
    let (code, meta) = post_ok("import_draft", &body);
    assert_eq!((code, meta["name"].as_str()), (200, Some("上传的草稿")));
    let body =
        serde_json::json!({ "id": id, "draft": draft, "format": "pdf", "options": {} }).to_string();
    let (code, out) = post_ok("export_forms", &body);
    assert_eq!(code, 200);
    assert_eq!(out["name"], "浏览器里填写的品牌-推荐表与评分表.pdf");
    assert_eq!(
        out["result"]["path"], "浏览器里填写的品牌-推荐表与评分表.pdf",
        "no path of the server's"
    );
    let link = out["download"].as_str().unwrap().to_string();
    let (code, head, body) = get(port, &link, &host, Some(&secret));
    assert_eq!(code, 200);
    assert!(body.starts_with("%PDF-"));
    assert!(head.contains("filename*=UTF-8''%E6%B5%8F"), "{head}");
    assert_eq!(
        get(port, &link, &host, Some(&secret)).0,
        404,
        "a download is offered once"
    );
    let (code, _, _) = get(port, &link, &host, None);
    assert_eq!(code, 403, "and never without the secret");
    // 退出: what is unsaved is written, and the server stops.
    assert_eq!(post_ok("quit", "{}").0, 200);
    s.wait();
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "stopped");
}

#[test]
fn the_embedded_page_is_the_whole_ui_folder() {
    let mut on_disk = Vec::new();
    fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
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
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
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
    s.stop_when_idle(std::time::Duration::from_millis(200));
    let here = dir.path().join("serve.json");
    s.advertise(&here).unwrap();
    assert_eq!(
        labour_brand::web::running(&here),
        Some(s.url()),
        "a second start finds it"
    );
    std::thread::sleep(std::time::Duration::from_millis(600));
    let port = s.port();
    let host = format!("127.0.0.1:{port}");
    assert_eq!(
        get(port, "/", &host, Some(s.secret())).0,
        200,
        "still serving: no page yet"
    );
    // A page came and went: after the idle time the server stops, what is unsaved is written.
    let id = app.create().unwrap().meta.id;
    let mut d = labour_brand::Draft::default();
    d.form1.brand_name = "关页前输入".into();
    app.save(id, &d).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1200));
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "stopped after the last page went"
    );
    assert_eq!(
        labour_brand::web::running(&here),
        None,
        "and a second start would start anew"
    );
    s.wait();
    assert_eq!(
        app.load(id).unwrap().record.draft.form1.brand_name,
        "关页前输入"
    );
}
