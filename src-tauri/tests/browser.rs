//! The page in Blink (Chromium), the engine WebView2 uses, as the local browser mode serves it
//! (`labour_brand::web`, what `labour-brand serve` runs), driven through chromedriver: open the
//! printed address, a new draft, type, answer 是/否 by keyboard, the live score, a reload that
//! keeps the text, 退出; and every file the window would pick or save, as uploads and downloads:
//! import, export PDF, backup, restore, 汇总 and its workbook; two servers in one browser, several
//! evidence files at once, a 403 mid-typing (docs/security.md). Debian's chromium and
//! chromium-driver (scripts/test.sh installs them).

#![cfg(all(target_os = "linux", feature = "e2e"))]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use labour_brand::app::App;
use labour_brand::web::Server;
use serde_json::{json, Value};
use thirtyfour::prelude::*;

const BOUND: Duration = Duration::from_secs(60);

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        assert!(start.elapsed() < BOUND, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn js(d: &WebDriver, script: &str) -> Value {
    d.execute(script, vec![]).await.unwrap().json().clone()
}

/// The served app, chromedriver and a headless Chromium whose downloads go to `downloads`.
struct Session {
    server: Option<Server>,
    db: PathBuf,
    d: WebDriver,
    downloads: PathBuf,
    _driver: Driver,
    _dir: tempfile::TempDir,
}

impl Session {
    async fn start() -> Session {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.sqlite3");
        let downloads = dir.path().join("downloads");
        std::fs::create_dir(&downloads).unwrap();
        let server = Server::start(Arc::new(App::open(&db)), 0).unwrap();
        let port = 9615;
        let driver = Driver(
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver (scripts/test.sh installs chromium-driver)"),
        );
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < BOUND, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
            .unwrap();
        for a in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1366,768",
            "--lang=zh-CN",
            "--disable-background-networking",
            "--disable-component-update",
        ] {
            caps.add_arg(a).unwrap();
        }
        caps.add_experimental_option(
            "prefs",
            json!({
                "download.default_directory": downloads.to_str().unwrap(),
                "download.prompt_for_download": false,
            }),
        )
        .unwrap();
        let d = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .unwrap();
        // Headless Chromium has no file chooser and cancels every one at once; intercepted, the
        // chooser stays open for the test to hand it files, as a user choosing them would.
        d.cdp()
            .send_raw(
                "Page.setInterceptFileChooserDialog",
                json!({ "enabled": true }),
            )
            .await
            .unwrap();
        // The one-time login link sets the cookie and leads to the page.
        d.goto(server.login_url()).await.unwrap();
        until("the list", || async {
            d.find(By::Id("new-draft")).await.is_ok()
        })
        .await;
        Session {
            server: Some(server),
            db,
            d,
            downloads,
            _driver: driver,
            _dir: dir,
        }
    }

    /// 退出 from the page: the server stops.
    async fn quit(self) {
        assert_eq!(
            js(&self.d, "return window.__errors ?? []").await,
            json!([]),
            "no script error in Blink"
        );
        js(&self.d, "fetch('/api/quit', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }); return 1").await;
        let _ = self.d.quit().await;
        if let Some(s) = self.server {
            s.wait();
        }
    }

    fn server(&self) -> &Server {
        self.server.as_ref().unwrap()
    }

    /// The text of the save status line.
    async fn status(&self) -> String {
        js(
            &self.d,
            "return document.getElementById('save-status')?.textContent ?? ''",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until the status line says the typing is saved.
    async fn saved(&self) {
        until("saved", || async {
            self.status().await.starts_with("已保存")
        })
        .await;
    }

    /// Waits until the element `id` is in the page.
    async fn shown(&self, id: &str) {
        until(&format!("#{id}"), || async {
            self.d.find(By::Id(id)).await.is_ok()
        })
        .await;
    }

    async fn click(&self, id: &str) {
        let e = self.d.find(By::Id(id)).await.unwrap();
        e.scroll_into_view().await.unwrap();
        e.click().await.unwrap();
    }

    /// Hands `files` to the file chooser the page opened for `cmd`, as the user would choose them.
    async fn choose(&self, cmd: &str, files: &[&Path]) {
        let css = format!("input[type=file][data-pick='{cmd}']");
        until(&format!("the file chooser of {cmd}"), || async {
            self.d.find(By::Css(&css)).await.is_ok()
        })
        .await;
        let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.d
            .find(By::Css(&css))
            .await
            .unwrap()
            .send_keys(paths.join("\n"))
            .await
            .unwrap();
    }

    /// The text of the dialog on screen, once there is one (not answered).
    async fn answer_any(&self) -> String {
        let start = Instant::now();
        loop {
            let t = js(
                &self.d,
                "return document.querySelector('#modal-root .modal')?.textContent ?? ''",
            )
            .await;
            let t = t.as_str().unwrap_or_default().to_string();
            if !t.is_empty() {
                return t;
            }
            assert!(start.elapsed() < BOUND, "timed out waiting for a dialog");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Presses the button `label` of the dialog on screen.
    async fn press(&self, label: &str) {
        self.press_in(label, "").await;
    }

    /// Presses the button `label` of the dialog that says `text` (named if it has none).
    async fn press_in(&self, label: &str, text: &str) {
        let pressed = js(
            &self.d,
            &format!("const b = [...document.querySelectorAll('#modal-root .modal button')].find((b) => b.textContent === '{label}'); b?.click(); return Boolean(b)"),
        )
        .await;
        assert_eq!(
            pressed,
            json!(true),
            "no button {label} in the dialog: {text}"
        );
        // The next dialog, if any, replaces this one.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    /// The text of the dialog on screen, once there is one; then presses its button `label`.
    async fn answer(&self, label: &str) -> String {
        let text = self.answer_any().await;
        self.press_in(label, &text).await;
        text
    }

    /// The one finished download whose name ends with `ext` (waits for it; Chromium writes
    /// `.crdownload` first), removed from the folder so that the next one is told apart.
    async fn download(&self, ext: &str) -> (String, Vec<u8>) {
        let start = Instant::now();
        let name = loop {
            let names: Vec<String> = std::fs::read_dir(&self.downloads)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            let done = !names.iter().any(|n| n.ends_with(".crdownload"));
            if let Some(n) = names.iter().find(|n| n.ends_with(ext)).filter(|_| done) {
                break n.clone();
            }
            assert!(
                start.elapsed() < BOUND,
                "timed out waiting for a {ext} download: {names:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let path = self.downloads.join(&name);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(path).unwrap();
        (name, bytes)
    }

    /// Waits until the summary (汇总) table has `n` rows.
    async fn summary_rows(&self, n: usize) {
        until(&format!("{n} rows in the summary"), || async {
            js(
                &self.d,
                "return document.querySelectorAll('#batch-table tbody tr').length",
            )
            .await
                == json!(n)
        })
        .await;
    }

    /// The names in the draft list.
    async fn listed(&self) -> Value {
        js(
            &self.d,
            "return [...document.querySelectorAll('table.drafts tbody tr .draft-name')].map((e) => e.textContent)",
        )
        .await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_runs_in_chromium_served_locally() {
    let s = Session::start().await;
    let d = &s.d;
    assert!(
        !d.current_url().await.unwrap().as_str().contains("k="),
        "the secret left the address bar"
    );
    s.click("new-draft").await;
    s.shown("brand-name").await;
    let name = d.find(By::Id("brand-name")).await.unwrap();
    name.send_keys("连云港海鲜厨师").await.unwrap();
    // 是/否 by keyboard: focus the switch, Y answers 是.
    let yes = d
        .find(By::Css(
            ".yesno[data-fact='basic.1.plan'] button[data-value='yes']",
        ))
        .await
        .unwrap();
    yes.scroll_into_view().await.unwrap();
    yes.focus().await.unwrap();
    yes.send_keys("y").await.unwrap();
    until("是 chosen", || async {
        yes.attr("aria-checked").await.unwrap().as_deref() == Some("true")
    })
    .await;
    // The live score says why.
    until("the score explains basic.1", || async {
        js(d, "return document.querySelector(\"[data-item='basic.1'] .item-result\")?.textContent ?? ''")
            .await
            .as_str()
            .is_some_and(|t| t.contains("已制定劳务品牌建设实施方案"))
    })
    .await;
    until("saved", || async {
        js(
            d,
            "return document.getElementById('save-status')?.textContent ?? ''",
        )
        .await
        .as_str()
        .is_some_and(|t| t.starts_with("已保存"))
    })
    .await;
    // An empty date is an input of its usual size (not a 74-px blank box), with the year it
    // prints beside it.
    let date_h = js(
        d,
        "return document.getElementById('unit-opinion-date').getBoundingClientRect().height",
    )
    .await;
    assert!(
        date_h.as_f64().is_some_and(|h| h < 45.0),
        "date input {date_h}"
    );
    let hint = js(d, "return document.querySelector('.year-hint').textContent").await;
    let year = labour_brand::draft::current_year();
    assert_eq!(hint, json!(format!("留空则打印“{year} 年　月　日”供手写")));
    // A reload comes back to the draft with its text, where the user was.
    js(
        d,
        "document.getElementById('form').scrollTop = 900; return 1",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    d.refresh().await.unwrap();
    until("the draft reopened", || async {
        match d.find(By::Id("brand-name")).await {
            Ok(e) => e.value().await.unwrap().as_deref() == Some("连云港海鲜厨师"),
            Err(_) => false,
        }
    })
    .await;
    until("back where the user was", || async {
        js(d, "return document.getElementById('form').scrollTop")
            .await
            .as_f64()
            .is_some_and(|t| t > 800.0)
    })
    .await;
    // At 1093×614 (a 1366×768 laptop at 125 %): every button inside, both codes shown, the
    // title whole.
    d.set_window_rect(0, 0, 1093, 614).await.unwrap();
    let fits = js(d, "const w = document.documentElement.clientWidth;
        const rs = [...document.querySelectorAll('#top-actions button, #top-actions label, #version-code, #bundle-code, #help-button, #quit-button')].map(b => b.getBoundingClientRect());
        const brand = document.querySelector('.topbar .brand');
        return { w, inside: rs.every(r => r.left >= 0 && r.right <= w + 0.5), codes: ['version-code', 'bundle-code'].every((id) => document.getElementById(id).offsetWidth > 40), title: brand.scrollWidth <= brand.clientWidth + 1 };").await;
    let shot = d.screenshot_as_png().await.unwrap();
    if let Ok(dir) = std::env::var("E2E_ARTIFACT_DIR") {
        let _ = std::fs::create_dir_all(&dir);
        std::fs::write(Path::new(&dir).join("browser-editor-1093.png"), shot).unwrap();
    }
    assert_eq!(
        (&fits["inside"], &fits["codes"], &fits["title"]),
        (&json!(true), &json!(true), &json!(true)),
        "{fits}"
    );
    // 退出 from the page: a plain notice (not an error), nothing left to press.
    s.click("quit-button").await;
    until("the program has ended", || async {
        js(
            d,
            "const e = document.getElementById('quit-done'); return e ? e.className : ''",
        )
        .await
            == json!("page-done")
    })
    .await;
    assert!(
        d.find(By::Id("quit-button")).await.is_err()
            && d.find(By::Id("help-button")).await.is_err()
    );
    assert_eq!(js(d, "return window.__errors ?? []").await, json!([]));
    let Session {
        server, d: driver, ..
    } = s;
    let _ = driver.quit().await;
    // The page's 退出 stopped the server: waiting returns.
    if let Some(server) = server {
        server.wait();
    }
}

/// A draft file of the example of `t`, written to `dir`.
fn example_file(dir: &Path, t: labour_brand::BrandType) -> (PathBuf, String) {
    let draft = labour_brand::example::example(t);
    let path = dir.join(format!("{}.json", draft.form1.brand_name));
    std::fs::write(&path, serde_json::to_vec_pretty(&draft).unwrap()).unwrap();
    (path, draft.form1.brand_name.clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn files_go_in_as_uploads_and_come_out_as_downloads_in_chromium() {
    use labour_brand::BrandType;
    let s = Session::start().await;
    let files = tempfile::tempdir().unwrap();
    let (skill, skill_name) = example_file(files.path(), BrandType::Skill);
    let (service, service_name) = example_file(files.path(), BrandType::Service);

    // 导入草稿文件: the chosen file is uploaded and becomes a draft in the list.
    s.click("import-draft").await;
    s.choose("import_draft", &[&skill]).await;
    until("the imported draft listed", || async {
        s.listed().await == json!([skill_name])
    })
    .await;
    assert!(
        s.d.find(By::Css("input[type=file]")).await.is_err(),
        "the chooser was left in the page"
    );

    // 导出 PDF: a download with the Chinese file name, a valid PDF of this draft.
    s.d.find(By::Css("table.drafts .draft-name"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.shown("export-pdf").await;
    s.click("export-pdf").await;
    let said = s.answer("关闭").await;
    assert!(
        said.contains("已下载") && !said.contains("打开所在文件夹"),
        "{said}"
    );
    let (name, pdf) = s.download(".pdf").await;
    assert!(name.contains(&skill_name), "download named {name}");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("劳务品牌推荐表") && text.contains(&skill_name),
        "the downloaded PDF: {text:.200}"
    );

    // 备份全部草稿: a download of the database, which restores what was deleted.
    s.click("back-home").await;
    s.shown("backup").await;
    s.click("backup").await;
    assert!(s.answer("确定").await.contains("已下载"));
    let (name, backup) = s.download(".sqlite3").await;
    assert!(
        backup.starts_with(b"SQLite format 3\0"),
        "{name} is no SQLite file"
    );
    let backup_file = files.path().join(&name);
    std::fs::write(&backup_file, &backup).unwrap();
    js(&s.d, "[...document.querySelectorAll('table.drafts tbody tr .row-actions button.danger')][0].click(); return 1").await;
    until("the draft deleted", || async {
        s.listed().await == json!([])
    })
    .await;
    s.click("restore").await;
    s.choose("restore_backup", &[&backup_file]).await;
    let said = s.answer("确定").await;
    assert!(said.contains("已从备份恢复 1 个草稿"), "{said}");
    // The deleted draft is still in the recycle bin: the restored copy is named apart.
    until("the draft restored", || async {
        s.listed().await == json!([format!("{skill_name}（恢复）")])
    })
    .await;

    // 汇总多个草稿文件: two files uploaded at once, a table of both; then a folder; the workbook
    // downloaded.
    s.click("batch").await;
    s.click("batch-files").await;
    s.choose("batch_pick", &[&skill, &service]).await;
    s.summary_rows(2).await;
    let table = js(
        &s.d,
        "return document.getElementById('batch-table').textContent",
    )
    .await;
    let table = table.as_str().unwrap();
    assert!(
        table.contains(&skill_name) && table.contains(&service_name),
        "{table}"
    );
    // A folder, where the browser allows one (Chromium does): its draft files, nothing else.
    let folder = files.path().join("报送");
    std::fs::create_dir(&folder).unwrap();
    for t in [BrandType::Skill, BrandType::Service, BrandType::Culture] {
        example_file(&folder, t);
    }
    std::fs::write(folder.join("说明.txt"), "不是草稿").unwrap();
    s.click("batch-folder").await;
    s.choose("batch_pick", &[&folder]).await;
    s.summary_rows(3).await;
    assert!(
        s.d.find(By::Id("batch-failures")).await.is_err(),
        "the text file was offered to the summary"
    );
    s.click("batch-save").await;
    assert!(s.answer("关闭").await.contains("已下载"));
    let (name, xlsx) = s.download(".xlsx").await;
    assert!(xlsx.starts_with(b"PK"), "{name} is no workbook");
    s.quit().await;
}

/// The text of a PDF (poppler's pdftotext).
fn pdf_text(pdf: &[u8]) -> String {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", &f.path().display().to_string(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext refused the PDF");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The names of a database's drafts, as stored.
fn stored_names(db: &Path) -> Vec<String> {
    let app = App::open(db);
    app.list()
        .unwrap()
        .into_iter()
        .map(|s| app.load(s.meta.id).unwrap().record.draft.form1.brand_name)
        .collect()
}

/// Types `text` at the end of the brand name and waits until it is saved.
async fn type_name(s: &Session, text: &str) {
    let name = s.d.find(By::Id("brand-name")).await.unwrap();
    name.send_keys(text).await.unwrap();
    s.saved().await;
}

/// Two servers (two databases) open in one browser share its cookie jar: each has a cookie
/// of its own name, and both tabs keep saving.
#[tokio::test(flavor = "multi_thread")]
async fn two_servers_in_one_browser_both_keep_saving() {
    let s = Session::start().await;
    let other_dir = tempfile::tempdir().unwrap();
    let other_db = other_dir.path().join("other.sqlite3");
    let other = Server::start(Arc::new(App::open(&other_db)), 0).unwrap();
    let first = s.d.window().await.unwrap();
    s.click("new-draft").await;
    s.shown("brand-name").await;
    type_name(&s, "甲").await;
    let second = s.d.new_tab().await.unwrap();
    s.d.switch_to_window(second.clone()).await.unwrap();
    s.d.goto(other.login_url()).await.unwrap();
    s.shown("new-draft").await;
    s.click("new-draft").await;
    s.shown("brand-name").await;
    type_name(&s, "乙").await;
    // Back in the first tab, after the second server set its cookie: still saving.
    s.d.switch_to_window(first).await.unwrap();
    type_name(&s, "甲").await;
    s.d.switch_to_window(second).await.unwrap();
    type_name(&s, "乙").await;
    assert_eq!(stored_names(&s.db), ["甲甲"]);
    assert_eq!(stored_names(&other_db), ["乙乙"]);
    let cookies = s.d.get_all_cookies().await.unwrap();
    let ours: Vec<_> = cookies
        .iter()
        .filter(|c| c.name.starts_with("lb-"))
        .collect();
    assert_eq!(ours.len(), 2, "one cookie per server: {cookies:?}");
    drop(other);
    s.d.switch_to_window(s.d.windows().await.unwrap()[0].clone())
        .await
        .unwrap();
    s.quit().await;
}

/// Several evidence files chosen at once (together 42 MB, each under 30 MB) are all attached;
/// one over 30 MB is refused with the message naming it, the others still attached.
#[tokio::test(flavor = "multi_thread")]
async fn several_evidence_files_at_once_are_attached_and_an_oversized_one_is_named() {
    let s = Session::start().await;
    let files = tempfile::tempdir().unwrap();
    let mut chosen = Vec::new();
    for (name, side) in [("现场照片一.png", 2600), ("现场照片二.png", 2750)] {
        let p = files.path().join(name);
        let made = Command::new("/usr/bin/convert")
            .args([
                "-size",
                &format!("{side}x{side}"),
                "xc:",
                "+noise",
                "Random",
                "-depth",
                "8",
            ])
            .arg(&p)
            .status()
            .expect("ImageMagick (scripts/test.sh installs it)");
        assert!(made.success());
        chosen.push(p);
    }
    let sizes: Vec<u64> = chosen
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .collect();
    assert!(
        sizes.iter().all(|n| *n < 30 * 1024 * 1024) && sizes.iter().sum::<u64>() > 40 * 1024 * 1024,
        "{sizes:?}"
    );
    let big = files.path().join("超大扫描件.jpg");
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.resize(31 * 1024 * 1024, 0);
    std::fs::write(&big, bytes).unwrap();
    chosen.push(big);

    s.click("new-draft").await;
    s.shown("brand-name").await;
    // The button sits in the item's folded evidence section: clicked as the page's own click.
    js(
        &s.d,
        "document.querySelector(\"[data-add-evidence='basic.3']\").click(); return 1",
    )
    .await;
    let paths: Vec<&Path> = chosen.iter().map(PathBuf::as_path).collect();
    s.choose("add_evidence", &paths).await;
    let said = s.answer("确定").await;
    assert!(
        said.contains("「超大扫描件.jpg」") && said.contains("30 MB"),
        "{said}"
    );
    until("two files listed", || async {
        js(
            &s.d,
            "return document.querySelectorAll(\"[data-evidence-files='basic.3'] li\").length",
        )
        .await
            == json!(2)
    })
    .await;
    let app = App::open(&s.db);
    let id = app.list().unwrap()[0].meta.id;
    let stored: Vec<String> = app
        .evidence(id)
        .unwrap()
        .into_iter()
        .map(|f| f.file_name)
        .collect();
    assert_eq!(stored, ["现场照片一.png", "现场照片二.png"]);
    // The bundle as a download: its message names the file, in one pair of brackets.
    s.click("export-bundle").await;
    let mut said = s.answer_any().await;
    if said.contains("仍要导出") {
        s.press("仍然导出").await;
        said = s.answer_any().await;
    }
    s.press("关闭").await;
    assert!(
        said.contains("已下载「未命名草稿-申报材料.pdf」") && !said.contains("）（"),
        "{said}"
    );
    let (name, pdf) = s.download(".pdf").await;
    assert_eq!(name, "未命名草稿-申报材料.pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    s.quit().await;
}

/// The server restarts while the user types (a new secret: the page's cookie is old, every
/// save gets 403): the page keeps the text, says how to get back in, and once the user has
/// opened the app again (the same address: the database's port), the retried save succeeds.
#[tokio::test(flavor = "multi_thread")]
async fn a_403_mid_typing_keeps_the_text_and_saves_once_back_in() {
    let mut s = Session::start().await;
    s.click("new-draft").await;
    s.shown("brand-name").await;
    type_name(&s, "打字").await;
    let port = s.server().port();
    let old = s.server.take().unwrap();
    old.stop();
    old.wait();
    let restarted = Server::start_on(Arc::new(App::open(&s.db)), &[port]).unwrap();
    assert_eq!(restarted.port(), port, "the database's port again");
    s.d.find(By::Id("brand-name"))
        .await
        .unwrap()
        .send_keys("中途")
        .await
        .unwrap();
    until("the lost connection said", || async {
        js(&s.d, "const b = document.getElementById('disk-banner'); return b && !b.hidden ? b.textContent : ''")
            .await
            .as_str()
            .is_some_and(|t| t.contains("连接已失效") && t.contains("重新打开"))
    })
    .await;
    assert_eq!(
        s.d.find(By::Id("brand-name"))
            .await
            .unwrap()
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("打字中途"),
        "the text stays in the page"
    );
    // The user opens the app again (a new tab on the login link); the first tab's retry
    // then carries the new cookie and saves.
    let first = s.d.window().await.unwrap();
    let tab = s.d.new_tab().await.unwrap();
    s.d.switch_to_window(tab).await.unwrap();
    s.d.goto(restarted.login_url()).await.unwrap();
    s.shown("new-draft").await;
    s.d.close_window().await.unwrap();
    s.d.switch_to_window(first).await.unwrap();
    s.saved().await;
    assert_eq!(stored_names(&s.db), ["打字中途"]);
    s.server = Some(restarted);
    s.quit().await;
}

/// 最高可达 in the score panel, as shown.
async fn reachable(d: &WebDriver) -> Option<u64> {
    let t = js(
        d,
        "return document.getElementById('score-panel')?.textContent ?? ''",
    )
    .await;
    let t = t.as_str()?.to_string();
    let at = t.find("最高可达 ")? + "最高可达 ".len();
    t[at..].split(' ').next()?.parse().ok()
}

/// Ticking a box of a several-choice group never lowers 最高可达 while the user is in the
/// group; leaving the group settles it (the unticked boxes then count as no).
#[tokio::test(flavor = "multi_thread")]
async fn ticking_a_box_never_lowers_the_reachable_maximum_until_the_group_is_left() {
    let s = Session::start().await;
    let d = &s.d;
    s.click("new-draft").await;
    s.shown("brand-name").await;
    js(
        d,
        "document.querySelector(\"input[data-type='culture']\").click(); return 1",
    )
    .await;
    until("a maximum shown", || async { reachable(d).await.is_some() }).await;
    // 有代表性能工巧匠: the honours then add to 能工巧匠和乡土人才.
    js(d, "document.querySelector(\".yesno[data-fact='culture.craftsmen'] button[data-value='yes']\").click(); return 1").await;
    until("the 是 scored", || async {
        js(
            d,
            "return document.getElementById('score-panel').textContent",
        )
        .await
        .as_str()
        .is_some_and(|t| t.contains("有代表性能工巧匠和特色乡土人才"))
    })
    .await;
    let before = reachable(d).await.unwrap();
    let tick = d
        .find(By::Css(
            "input[data-fact='culture.honours'][data-option='province']",
        ))
        .await
        .unwrap();
    tick.scroll_into_view().await.unwrap();
    tick.click().await.unwrap();
    until("the tick scored", || async {
        js(
            d,
            "return document.getElementById('score-panel').textContent",
        )
        .await
        .as_str()
        .is_some_and(|t| t.contains("还可以再勾选"))
    })
    .await;
    assert_eq!(reachable(d).await, Some(before), "a tick kept 最高可达");
    // Leaving the group: settled, the other honours count as no.
    d.find(By::Id("brand-name"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("settled", || async {
        reachable(d).await.is_some_and(|r| r < before)
    })
    .await;
    s.quit().await;
}

/// The text of the element `sel` ("" when absent).
async fn text_of(d: &WebDriver, sel: &str) -> String {
    let v = d
        .execute(
            "return document.querySelector(arguments[0])?.textContent ?? ''",
            vec![json!(sel)],
        )
        .await
        .unwrap();
    v.json().as_str().unwrap_or_default().to_string()
}

/// Clicks the element `sel` by script (a row, a button inside a card).
async fn press_css(d: &WebDriver, sel: &str) {
    until(sel, || async {
        js(
            d,
            &format!("return Boolean(document.querySelector({sel:?}))"),
        )
        .await
            == json!(true)
    })
    .await;
    js(
        d,
        &format!("document.querySelector({sel:?}).click(); return 1"),
    )
    .await;
}

/// Fills the dialog's fields (`#field-<key>`) and presses its primary button.
async fn fill_dialog(s: &Session, fields: &[(&str, &str)]) {
    s.answer_any().await;
    for (k, v) in fields {
        let set = js(
            &s.d,
            &format!("const e = document.getElementById('field-{k}'); if (!e) return false; e.value = {v:?}; return true"),
        )
        .await;
        assert_eq!(set, json!(true), "no field {k}");
    }
    js(
        &s.d,
        "document.querySelector('#modal-root .modal button.primary').click(); return 1",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
}

/// Opens the desk's row of `brand` and waits for its items.
async fn open_row(s: &Session, brand: &str) {
    until(&format!("the row of {brand}"), || async {
        js(
            &s.d,
            &format!("const r = [...document.querySelectorAll('#review-table tr.desk-row')].find((r) => r.textContent.includes({brand:?})); r?.click(); return Boolean(r)"),
        )
        .await
            == json!(true)
    })
    .await;
    until(&format!("the items of {brand}"), || async {
        text_of(&s.d, "h1").await.contains(brand)
            && js(
                &s.d,
                "return document.querySelectorAll('.review-item').length",
            )
            .await
                != json!(0)
    })
    .await;
}

/// The county's desk in Blink: the sample folder's eight applications go in as uploads, each
/// slip is flagged where the clerk works, the typo is corrected into a 核定分 beside the
/// 自评分, and the county's PDF, the 推荐汇总表 and the package come out as downloads.
#[tokio::test(flavor = "multi_thread")]
async fn a_county_clerk_receives_checks_recommends_and_packages_in_chromium() {
    let s = Session::start().await;
    let files = tempfile::tempdir().unwrap();
    let folder = files.path().join("收件");
    std::fs::create_dir(&folder).unwrap();
    let sample = labour_brand::review::sample::write_county_folder(&folder).unwrap();
    let mut chosen: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    chosen.sort();

    // The reviewer's name is asked once.
    s.click("desk").await;
    fill_dialog(
        &s,
        &[
            ("county", "连云港市海州区人力资源和社会保障局"),
            ("reviewer", "王芳"),
            ("date", "2026-12-07"),
        ],
    )
    .await;
    s.shown("review-files").await;
    s.click("review-files").await;
    let refs: Vec<&Path> = chosen.iter().map(PathBuf::as_path).collect();
    s.choose("review_receive", &refs).await;
    until("received", || async {
        text_of(&s.d, "#review-received")
            .await
            .contains("新接收 8 份")
    })
    .await;
    let received = text_of(&s.d, "#review-received").await;
    assert!(
        received.contains("重复 1 个") && received.contains("未接收 1 个"),
        "{received}"
    );
    assert!(
        received.contains("营业执照扫描件.pdf"),
        "the scan is named: {received}"
    );
    assert_eq!(
        js(
            &s.d,
            "return document.querySelectorAll('#review-table tr.desk-row').length"
        )
        .await,
        json!(8)
    );
    // The vetoed application is marked in the list.
    let vetoed = js(&s.d, &format!("return [...document.querySelectorAll('#review-table tr.vetoed')].map((r) => r.textContent).join()")).await;
    assert!(
        vetoed.as_str().unwrap().contains(&sample.vetoed_brand),
        "{vetoed}"
    );

    // The typo: flagged, corrected beside the claim, the 核定分 by the same rubric.
    open_row(&s, &sample.typo_brand).await;
    let hints = text_of(&s.d, "#review-hints").await;
    assert!(
        hints.contains("27,800") && hints.contains("单位"),
        "{hints}"
    );
    let before = text_of(&s.d, "#review-totals").await;
    press_css(&s.d, "li[data-fact='basic.7.annual_sales'] button").await;
    fill_dialog(
        &s,
        &[("value", "2.78"), ("reason", "按企业年报核实为 2.78 亿元")],
    )
    .await;
    until("the correction shown", || async {
        text_of(&s.d, "li[data-fact='basic.7.annual_sales'] .correction")
            .await
            .contains("2.78")
    })
    .await;
    // 2.78 亿元 still meets the bar: the same points, now on a figure the county checked.
    assert_eq!(text_of(&s.d, "#review-totals").await, before);
    // An item not accepted gives nothing in the 核定分; the 自评分 stays what was claimed.
    press_css(
        &s.d,
        ".review-item[data-item='skill.2'] button[data-verdict='rejected']",
    )
    .await;
    fill_dialog(&s, &[("reason", "工资台账不全")]).await;
    until("the 核定分 follows the verdict", || async {
        text_of(&s.d, "#review-totals").await != before
    })
    .await;
    let after = text_of(&s.d, "#review-totals").await;
    assert_eq!(
        before.split(" · ").next(),
        after.split(" · ").next(),
        "the 自评分 stays"
    );
    assert!(text_of(&s.d, ".review-item[data-item='skill.2']")
        .await
        .contains("工资台账不全"));
    // Recommending waits until the last hint is settled.
    assert!(text_of(&s.d, "#review-blockers").await.contains("提示"));
    press_css(&s.d, "li.hint[data-code='evidence:none'] button").await;
    fill_dialog(&s, &[]).await;
    until("no blockers", || async {
        text_of(&s.d, "#review-blockers").await.is_empty()
    })
    .await;
    press_css(&s.d, "button[data-decision='recommend']").await;
    until("recommended", || async {
        text_of(&s.d, "button.decide.chosen").await == "推荐"
    })
    .await;
    s.click("review-list").await;
    until("ranked", || async {
        text_of(&s.d, "#review-table")
            .await
            .contains("推荐（第 1）")
    })
    .await;

    // A container: its evidence opens beside the item; the items without evidence are named.
    open_row(&s, "连云港石化技工").await;
    assert!(
        js(
            &s.d,
            "return Boolean(document.querySelector(\"li.hint[data-code='unproved:skill.2']\"))"
        )
        .await
            == json!(true)
    );
    press_css(&s.d, ".review-item[data-item='skill.1'] .evidence-open").await;
    until("the picture shown", || async {
        js(&s.d, "const i = document.getElementById('viewer-image'); return Boolean(i && i.complete && i.naturalWidth > 0)").await == json!(true)
    })
    .await;
    s.click("review-list").await;

    // The vetoed one cannot be recommended, and says why.
    open_row(&s, &sample.vetoed_brand).await;
    assert!(text_of(&s.d, "#review-blockers").await.contains("一票否决"));
    s.click("review-list").await;

    // The edited paper copy matches no version.
    s.shown("review-paper").await;
    s.click("review-paper").await;
    fill_dialog(&s, &[("code", &sample.printed_code)]).await;
    assert!(s.answer("确定").await.contains("都不符"));

    // The outputs as downloads.
    s.click("review-forms").await;
    assert!(s.answer("关闭").await.contains("已下载"));
    let (_, pdf) = s.download(".pdf").await;
    let text = pdf_text(&pdf);
    assert!(
        text.contains("同意推荐") && text.contains("县区审核码"),
        "{text:.300}"
    );
    s.click("review-report-xlsx").await;
    s.answer("关闭").await;
    let (_, xlsx) = s.download(".xlsx").await;
    assert!(xlsx.starts_with(b"PK"));
    s.click("review-package").await;
    s.answer("关闭").await;
    let (name, pkg) = s.download(".lbreview").await;
    let v = labour_brand::review::package::verify(std::io::Cursor::new(pkg)).unwrap();
    assert_eq!((v.applications, v.received), (8, 8), "{name}");
    s.quit().await;
}
