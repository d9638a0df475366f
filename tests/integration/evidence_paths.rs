//! A draft's evidence goes wherever the draft goes. One table: a draft with three evidence
//! files (a JPEG turned by its EXIF orientation, a PNG, a 3-page PDF) on two items goes through
//! every path a draft can take, in every front end that offers it (the application layer that
//! the window and the browser call, the CLI, the browser's upload/download API). After each
//! path the evidence list — item, place, title, SHA-256 — equals the original, or the refusal
//! is the documented one and nothing was written.
//!
//! A new path a draft can take joins the table ([`PATHS`]); the test fails if a path is named
//! there without a row that runs it.

use labour_brand::Bilingual;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use crate::common::{tool, with_orientation};
use labour_brand::app::{App, Evidence};
use labour_brand::evidence::{bundle_code, EvidenceEntry};
use labour_brand::example::example;
use labour_brand::pdf::{self, ExportOptions, Forms};
use labour_brand::rubric::{Edition, Editions};
use labour_brand::{BrandType, Rubric};

/// Every path a draft takes, by front end. Each must have a row below.
const PATHS: &[&str] = &[
    "app: export .lbdraft, import in another database",
    "app: export .json refused while it has evidence",
    "app: export .json with evidence left out on purpose",
    "app: 复制",
    "app: delete → 回收站 → restore (撤销)",
    "app: a history version restored",
    "app: the rubric edition upgrade",
    "app: backup → restore-backup",
    "app: county summary of a .lbdraft",
    "cli: drafts export -o .lbdraft, drafts import in another database",
    "cli: drafts import - (a container on stdin)",
    "cli: drafts export -o .json refused (exit 2)",
    "cli: drafts export to stdout refused (exit 2)",
    "cli: drafts export --without-evidence says what it left out",
    "cli: batch of a folder with a .lbdraft",
    "browser: export_draft download, import_draft upload in another server",
];

/// The three files: (item, file name, bytes).
fn files(dir: &Path) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let forms = |which| {
        pdf::render(
            &example(BrandType::Skill),
            Rubric::city(),
            &ExportOptions {
                forms: which,
                ..Default::default()
            },
        )
        .unwrap()
        .0
    };
    let pdf3 = forms(Forms::Form2);
    let src = dir.join("src.pdf");
    std::fs::write(&src, forms(Forms::Form1)).unwrap();
    let stem = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let s = src.to_str().unwrap();
    tool(
        "pdftoppm",
        &["-jpeg", "-r", "30", "-singlefile", s, &stem("photo")],
    );
    tool(
        "pdftoppm",
        &["-png", "-r", "30", "-singlefile", s, &stem("scan")],
    );
    let jpeg = with_orientation(&std::fs::read(dir.join("photo.jpg")).unwrap(), 6);
    let png = std::fs::read(dir.join("scan.png")).unwrap();
    vec![
        ("basic.3", "商标注册证（横拍）.jpg", jpeg),
        ("basic.3", "商标注册证（扫描）.png", png),
        ("skill.2", "工资发放表.pdf", pdf3),
    ]
}

/// The applicant's database: the draft with its three files, one retitled, and the order of
/// basic.3 turned round (so titles and places are not the defaults).
struct Origin {
    db: PathBuf,
    app: App,
    id: i64,
    entries: Vec<EvidenceEntry>,
}

fn origin(dir: &Path) -> Origin {
    let db = dir.join("applicant.sqlite3");
    let app = App::open(&db);
    let id = app
        .add(Some("带佐证的草稿"), &example(BrandType::Skill))
        .unwrap()
        .id;
    for (item, name, bytes) in files(dir) {
        app.add_evidence_bytes(id, item, name, &bytes).unwrap();
    }
    let list = app.evidence(id).unwrap();
    app.retitle_evidence(list[2].id, "2026年1—3月工资发放表")
        .unwrap();
    let png = list.iter().find(|f| f.file_name.ends_with(".png")).unwrap();
    app.move_evidence(png.id, -1).unwrap();
    let entries = app.evidence_entries(id).unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries.iter().map(|e| e.position).collect::<Vec<_>>(),
        [1, 2, 1]
    );
    assert!(entries[0].title.contains("扫描"), "{entries:?}");
    Origin {
        db,
        app,
        id,
        entries,
    }
}

fn cli(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_labour-brand"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The only draft of a database, by its entries.
fn only_draft(db: &Path) -> (App, i64) {
    let app = App::open(db);
    let list = app.list().unwrap();
    assert_eq!(list.len(), 1, "one draft in {}", db.display());
    let id = list[0].meta.id;
    (app, id)
}

/// The refusal of a .json export: exit 2, the count of files and .lbdraft named.
fn assert_refused_cli(out: &Output, what: &str) {
    assert_eq!(out.status.code(), Some(2), "{what}: {}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("3 个佐证材料文件") && err.contains(".lbdraft"),
        "{what}: {err}"
    );
    assert!(out.stdout.is_empty(), "{what}: nothing on stdout");
}

/// A minimal client of the browser edition's API: the secret exchanged for the cookie, then
/// commands as the page sends them, uploads and downloads.
mod browser {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use serde_json::Value;

    pub struct Client {
        pub port: u16,
        cookie: String,
    }

    fn send(port: u16, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&out[..split]).into_owned();
        let code = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (code, head, out[split + 4..].to_vec())
    }

    impl Client {
        /// Opens the server's own link (as the browser would) and keeps the cookie it sets.
        pub fn open(url: &str) -> Client {
            let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
            let (port, path) = rest.split_once('/').unwrap();
            let port: u16 = port.parse().unwrap();
            let (code, head, _) = send(
                port,
                &format!(
                    "GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                ),
                b"",
            );
            assert!(code == 200 || code == 303 || code == 302, "{head}");
            let cookie = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("set-cookie")
                        .then(|| v.trim().split(';').next().unwrap().to_string())
                })
                .expect("a cookie");
            Client { port, cookie }
        }

        /// Runs a command; the JSON answer.
        pub fn call(&self, cmd: &str, args: &Value) -> (u16, Value) {
            let body = args.to_string();
            let port = self.port;
            let (code, _, out) = send(
                port,
                &format!(
                    "POST /api/{cmd} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    self.cookie,
                    body.len()
                ),
                body.as_bytes(),
            );
            (code, serde_json::from_slice(&out).unwrap_or(Value::Null))
        }

        /// Uploads one file (raw bytes, as the page does) and runs a command that opens a
        /// file chooser in the window on it.
        pub fn upload(&self, cmd: &str, purpose: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
            let port = self.port;
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let (code, _, out) = send(
                port,
                &format!(
                    "POST /upload?for={purpose} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: {}\r\nX-File-Name: {encoded}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    self.cookie,
                    bytes.len()
                ),
                bytes,
            );
            let up: Value = serde_json::from_slice(&out).unwrap_or(Value::Null);
            if code != 200 {
                return (code, up);
            }
            self.call(
                cmd,
                &serde_json::json!({ "files": [{ "name": name, "upload": up["upload"] }] }),
            )
        }

        /// Fetches a download link.
        pub fn download(&self, link: &str) -> (u16, String, Vec<u8>) {
            let port = self.port;
            send(
                port,
                &format!(
                    "GET {link} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
                    self.cookie
                ),
                b"",
            )
        }
    }
}

#[test]
fn every_path_a_draft_takes_keeps_its_evidence_or_refuses_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let o = origin(dir);
    let want = &o.entries;
    let ran: std::cell::RefCell<Vec<&str>> = Default::default();
    let row = |name: &'static str, got: Vec<EvidenceEntry>| {
        assert_eq!(&got, want, "{name}");
        ran.borrow_mut().push(name);
    };
    let fresh = |n: &str| App::open(&dir.join(format!("{n}.sqlite3")));

    // — The application layer (the window's commands and the browser's API call it) —
    let lb = dir.join("草稿.lbdraft");
    let exported = o
        .app
        .export_draft_to(o.id, &lb, false, Evidence::Keep)
        .unwrap();
    assert_eq!((exported.files, exported.left_out), (3, 0));
    let other = fresh("county");
    let imported = other.import_file(&lb).unwrap();
    row(PATHS[0], other.evidence_entries(imported.id).unwrap());

    let json = dir.join("草稿.json");
    let err = o
        .app
        .export_draft_to(o.id, &json, false, Evidence::Keep)
        .unwrap_err();
    assert_eq!(err.code(), "evidence_left_out");
    assert!(err.zh().contains("3 个佐证材料文件") && err.zh().contains(".lbdraft"));
    assert!(!json.exists(), "nothing written");
    assert_eq!(
        o.app.draft_file_name(o.id).unwrap(),
        "带佐证的草稿.lbdraft",
        "the window and the browser propose .lbdraft"
    );
    row(PATHS[1], o.app.evidence_entries(o.id).unwrap());

    let alone = o
        .app
        .export_draft_to(o.id, &json, false, Evidence::LeaveOut)
        .unwrap();
    assert_eq!((alone.files, alone.left_out), (0, 3));
    let plain = fresh("plain");
    let p = plain.import_file(&json).unwrap();
    assert!(plain.evidence_entries(p.id).unwrap().is_empty());
    ran.borrow_mut().push(PATHS[2]);

    let copy = o.app.duplicate(o.id).unwrap();
    row(PATHS[3], o.app.evidence_entries(copy.id).unwrap());

    o.app.delete(copy.id).unwrap();
    o.app.undelete(copy.id).unwrap();
    row(PATHS[4], o.app.evidence_entries(copy.id).unwrap());

    let mut changed = example(BrandType::Skill);
    changed.form1.brand_name = "改过名字的品牌".into();
    o.app.save(copy.id, &changed).unwrap();
    o.app.name_version(copy.id, None, "改名后").unwrap();
    let first = o
        .app
        .history(copy.id)
        .unwrap()
        .into_iter()
        .map(|v| v.entry.revision)
        .min()
        .unwrap();
    o.app.restore_version(copy.id, first).unwrap();
    row(PATHS[5], o.app.evidence_entries(copy.id).unwrap());

    let later = App::open(&o.db).with_editions(
        Editions::shipped().clone().with(
            Edition::from_toml(
                include_str!("../fixtures/rubric/lyg-city-test-2099.toml"),
                None,
            )
            .unwrap(),
            true,
        ),
    );
    later.upgrade_edition(copy.id).unwrap();
    row(PATHS[6], later.evidence_entries(copy.id).unwrap());
    drop(later);

    let backup = dir.join("备份.sqlite3");
    o.app.backup(&backup, false).unwrap();
    let restored_into = fresh("restored");
    restored_into.restore_backup(&backup).unwrap();
    let restored = restored_into.list().unwrap();
    assert_eq!(restored.len(), 2);
    for s in restored {
        row(PATHS[7], restored_into.evidence_entries(s.meta.id).unwrap());
    }

    let folder = dir.join("收件");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&lb, folder.join("甲.lbdraft")).unwrap();
    let batch = o.app.summarise(std::slice::from_ref(&folder));
    assert!(batch.failures.is_empty(), "{:?}", batch.failures);
    let mut listed = batch.rows[0].evidence.clone();
    listed.sort();
    row(PATHS[8], listed);

    // — The CLI —
    let db = o.db.to_str().unwrap();
    let cli_lb = dir.join("cli.lbdraft");
    let out = cli(
        &[
            "drafts",
            "--db",
            db,
            "export",
            &o.id.to_string(),
            "-o",
            cli_lb.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("3 个佐证材料文件"),
        "{}",
        text(&out.stderr)
    );
    let cli_db = dir.join("cli-county.sqlite3");
    let out = cli(
        &[
            "drafts",
            "--db",
            cli_db.to_str().unwrap(),
            "import",
            cli_lb.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("含 3 个佐证材料文件"),
        "{}",
        text(&out.stdout)
    );
    let (a, id) = only_draft(&cli_db);
    row(PATHS[9], a.evidence_entries(id).unwrap());
    drop(a);

    let stdin_db = dir.join("cli-stdin.sqlite3");
    let out = cli(
        &["drafts", "--db", stdin_db.to_str().unwrap(), "import", "-"],
        Some(&std::fs::read(&cli_lb).unwrap()),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (a, id) = only_draft(&stdin_db);
    row(PATHS[10], a.evidence_entries(id).unwrap());
    drop(a);

    let cli_json = dir.join("cli.json");
    let out = cli(
        &[
            "drafts",
            "--db",
            db,
            "export",
            &o.id.to_string(),
            "-o",
            cli_json.to_str().unwrap(),
        ],
        None,
    );
    assert_refused_cli(&out, "export -o .json");
    assert!(!cli_json.exists(), "nothing written");
    ran.borrow_mut().push(PATHS[11]);

    let out = cli(&["drafts", "--db", db, "export", &o.id.to_string()], None);
    assert_refused_cli(&out, "export to stdout");
    ran.borrow_mut().push(PATHS[12]);

    let out = cli(
        &[
            "drafts",
            "--db",
            db,
            "export",
            &o.id.to_string(),
            "--without-evidence",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("3 个佐证材料文件未包含在内"),
        "{}",
        text(&out.stderr)
    );
    let f = labour_brand::incoming::parse_draft(&out.stdout).unwrap();
    assert_eq!(f.draft, o.app.draft_file(o.id).unwrap().draft);
    ran.borrow_mut().push(PATHS[13]);

    let csv = dir.join("汇总.csv");
    let out = cli(
        &[
            "batch",
            folder.to_str().unwrap(),
            "-o",
            csv.to_str().unwrap(),
            "--csv",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = table.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| h.contains("佐证材料")).unwrap();
    let line: Vec<&str> = table.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(line[col], "3", "{table}");
    ran.borrow_mut().push(PATHS[14]);

    // — The browser edition: download the draft from one server, upload it to another —
    let web = |db: &Path| labour_brand::web::Server::start(Arc::new(App::open(db)), 0).unwrap();
    let s1 = web(&o.db);
    let c1 = browser::Client::open(&s1.login_url());
    let (code, out) = c1.call("export_draft", &serde_json::json!({ "id": o.id }));
    assert_eq!(code, 200, "{out}");
    assert_eq!(out["name"], "带佐证的草稿.lbdraft");
    let (code, _, bytes) = c1.download(out["download"].as_str().unwrap());
    assert_eq!(code, 200);
    let web_db = dir.join("web-county.sqlite3");
    let s2 = web(&web_db);
    let c2 = browser::Client::open(&s2.login_url());
    let (code, meta) = c2.upload("import_draft", "draft", "带佐证的草稿.lbdraft", &bytes);
    assert_eq!(code, 200, "{meta}");
    let (code, list) = c2.call("list_evidence", &serde_json::json!({ "id": meta["id"] }));
    assert_eq!(code, 200);
    let mut got: Vec<EvidenceEntry> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| EvidenceEntry {
            item_id: f["item_id"].as_str().unwrap().into(),
            position: f["position"].as_i64().unwrap(),
            title: f["title"].as_str().unwrap().into(),
            sha256: f["sha256"].as_str().unwrap().into(),
        })
        .collect();
    got.sort();
    row(PATHS[15], got);
    drop((s1, s2));

    for p in PATHS {
        assert!(ran.borrow().contains(p), "no row runs the path “{p}”");
    }
}

/// The bundle's own code covers the evidence: adding, retitling, moving, replacing or removing
/// a file changes it; the forms' 校验码 does not move.
#[test]
fn the_bundle_code_changes_with_every_evidence_file_and_the_forms_code_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let o = origin(dir.path());
    let draft = o.app.draft_file(o.id).unwrap().draft;
    let forms = draft.version_code();
    let mut seen = vec![o.app.bundle_code(o.id, &draft).unwrap()];
    let mut step = |what: &str| {
        let code = o.app.bundle_code(o.id, &draft).unwrap();
        assert!(
            !seen.contains(&code),
            "{what}: the code {code} was seen before"
        );
        assert_eq!(
            draft.version_code(),
            forms,
            "{what}: the forms' code is the forms'"
        );
        seen.push(code);
    };
    let list = o.app.evidence(o.id).unwrap();
    o.app.retitle_evidence(list[0].id, "换了标题").unwrap();
    step("retitled");
    o.app.move_evidence(list[0].id, 1).unwrap();
    step("moved");
    o.app.remove_evidence(list[2].id).unwrap();
    step("removed");
    let mut other = std::fs::read(dir.path().join("scan.png")).unwrap();
    // Another file of the same kind: one byte of the image data changed, CRC mended.
    other = mend_png(other);
    o.app
        .add_evidence_bytes(o.id, "skill.2", "另一份.png", &other)
        .unwrap();
    step("added");
    // The same entries give the same code whatever order they are listed in.
    let entries = o.app.evidence_entries(o.id).unwrap();
    let mut reversed = entries.clone();
    reversed.reverse();
    assert_eq!(
        bundle_code(&draft, &entries),
        bundle_code(&draft, &reversed)
    );
}

/// A PNG with a text chunk added before its end: other bytes, the same picture.
fn mend_png(png: Vec<u8>) -> Vec<u8> {
    let iend = png.len() - 12;
    let body: Vec<u8> = [b"tEXt".as_slice(), b"Comment\0other"].concat();
    let mut chunk = Vec::new();
    chunk.extend(((body.len() - 4) as u32).to_be_bytes());
    chunk.extend(&body);
    chunk.extend(crc32(&body).to_be_bytes());
    [&png[..iend], &chunk, &png[iend..]].concat()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}
