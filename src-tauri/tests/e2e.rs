#![cfg(all(target_os = "linux", feature = "e2e"))]
//! End-to-end: the real app in the real WebKitGTK webview, driven through tauri-driver and
//! WebKitWebDriver under Xvfb (scripts/test.sh runs it under `xvfb-run`).
//!
//! One user journey: create a draft, fill 附件1 and a category's facts, watch 总分 and an item's
//! explanation change while typing, trigger and clear a 一票否决, close and restart the app and
//! find the draft exactly as it was, restore an earlier version from history, export the PDF
//! through the command that takes a path, and type a script-like brand name that must show as
//! text; a damaged database is kept aside only when asked, and a deleted draft comes back.
//! Screenshots and timings go to $E2E_ARTIFACT_DIR (default: <temp>/labour-brand-e2e).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

const APP: &str = env!("CARGO_BIN_EXE_labour-brand-app");

/// How long any wait may take before the test fails: generous, so that a slow or loaded
/// machine (a cold start, CI on 2 cores) waits longer instead of failing. Waits end as soon as
/// their condition holds, so a fast machine never waits this long.
const BOUND: Duration = Duration::from_secs(60);

/// tauri-driver, stopped with SIGTERM (a killed driver leaves the app running).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(home: &Path, port: u16) -> Driver {
        Driver::start_with(home, port, &[])
    }

    /// Starts tauri-driver; the app it launches gets the test's data paths and `env`.
    fn start_with(home: &Path, port: u16, env: &[(&str, &Path)]) -> Driver {
        let driver = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let native =
            std::env::var("WEBKIT_DRIVER").unwrap_or_else(|_| "/usr/bin/WebKitWebDriver".into());
        let child = Command::new(&driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
                "--native-driver",
                &native,
            ])
            .env("LABOUR_BRAND_DB", home.join("drafts.sqlite3"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("GSETTINGS_BACKEND", "memory")
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("`{driver}` is needed (scripts/test.sh installs it): {e}"));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < BOUND, "tauri-driver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }

    async fn session(&self) -> WebDriver {
        let mut caps = Capabilities::new();
        caps.set("tauri:options", json!({ "application": APP }))
            .unwrap();
        caps.set("browserName", "wry").unwrap();
        // tauri-driver now and then drops the first request right after a previous session
        // ended; a second attempt succeeds.
        let mut attempt = 0;
        loop {
            // `Connection: close` on every request, which tauri-driver passes on to
            // WebKitWebDriver: no request ever goes out on a pooled connection that the other
            // side has just closed (see docs/testing.md).
            let built = WebDriver::builder(format!("http://127.0.0.1:{}", self.port), caps.clone())
                .keep_alive(false)
                .await;
            match built {
                Ok(d) => return d,
                Err(e) if attempt < 3 => {
                    eprintln!("webdriver session attempt {attempt} failed: {e}");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(1000)).await;
                }
                Err(e) => panic!("webdriver session: {e}"),
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        unsafe { libc_kill(self.child.id() as i32, 15) };
        let _ = self.child.wait();
    }
}

extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

fn artifacts() -> PathBuf {
    let dir = std::env::var_os("E2E_ARTIFACT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("labour-brand-e2e"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A picture of the whole virtual screen for the artefact folder (ImageMagick's `import`,
/// installed by scripts/test.sh), returned as its path. Pictures are artefacts, never
/// evidence: a failed grab is reported on stderr and fails nothing. (WebDriver's own
/// screenshot request is not used: it failed now and then, see docs/testing.md.)
fn artefact(name: &str) -> PathBuf {
    let path = artifacts().join(name);
    let grabbed = Command::new("/usr/bin/import")
        .args(["-window", "root"])
        .arg(&path)
        .output();
    match grabbed {
        Ok(o) if o.status.success() => {}
        Ok(o) => eprintln!(
            "no picture {name}: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => eprintln!("no picture {name}: {e}"),
    }
    path
}

/// Waits until the page has painted what it shows now: two animation frames (the first may
/// have started before the last change).
async fn painted(d: &WebDriver) {
    let _ = d
        .execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await;
}

async fn css(d: &WebDriver, sel: &str) -> WebElement {
    d.query(By::Css(sel))
        .wait(BOUND, Duration::from_millis(50))
        .first()
        .await
        .unwrap_or_else(|e| panic!("{sel}: {e}"))
}

/// Waits until `f` holds (polling), or fails with `what`, the page's errors and a picture of
/// the screen.
async fn until_in<F, Fut>(d: &WebDriver, what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        if start.elapsed() > BOUND {
            let errors = d
                .execute("return window.__errors", vec![])
                .await
                .map(|r| r.json().clone())
                .unwrap_or_default();
            let shot = artefact("failure.png");
            panic!(
                "timed out waiting for: {what}; page errors: {errors}; screenshot: {}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

macro_rules! until {
    ($d:expr, $what:expr, $f:expr) => {
        until_in($d, $what, $f)
    };
}

async fn click(d: &WebDriver, sel: &str) {
    css(d, sel)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {sel}: {e}"));
}

/// Deletes the first draft of the list and waits until the list is empty.
async fn delete_first_draft(d: &WebDriver) {
    click(d, "tr[data-draft] button.danger").await;
    until!(d, "deleted", || async {
        d.find(By::Css("tr[data-draft]")).await.is_err()
    })
    .await;
}

async fn text(d: &WebDriver, sel: &str) -> String {
    match d.find(By::Css(sel)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn type_into(d: &WebDriver, sel: &str, value: &str) {
    let e = css(d, sel).await;
    e.scroll_into_view().await.unwrap();
    if let Err(err) = e.click().await {
        let shot = artefact("failure.png");
        panic!("cannot click {sel}: {err}; screenshot: {}", shot.display());
    }
    e.send_keys(Key::Control + "a").await.unwrap();
    e.send_keys(Key::Backspace).await.unwrap();
    if !value.is_empty() {
        e.send_keys(value).await.unwrap();
    }
}

/// Answers a fact: a 是/否 switch by its button, a list by its option.
async fn select(d: &WebDriver, fact: &str, value: &str) {
    if matches!(value, "yes" | "no") {
        let sel = format!(".yesno[data-fact='{fact}'] button[data-value='{value}']");
        let b = css(d, &sel).await;
        b.scroll_into_view().await.unwrap();
        if b.attr("aria-checked").await.unwrap().as_deref() != Some("true") {
            b.click().await.unwrap();
        }
        return;
    }
    let e = css(d, &format!("select[data-fact='{fact}']")).await;
    SelectElement::new(&e)
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// The save status line (its fixed-size box hides overflow, which WebDriver's visible text
/// does not read, so it is read from the DOM).
async fn save_status(d: &WebDriver) -> String {
    d.execute(
        "return document.getElementById('save-status')?.textContent ?? ''",
        vec![],
    )
    .await
    .ok()
    .and_then(|v| v.json().as_str().map(String::from))
    .unwrap_or_default()
}

async fn wait_saved(d: &WebDriver) {
    until!(d, "autosave", || async {
        save_status(d).await.starts_with("已保存")
    })
    .await;
}

/// The median and the 95th percentile of timings (ms).
fn median_p95(mut v: Vec<f64>) -> (f64, f64) {
    assert!(!v.is_empty(), "no timings");
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

async fn js(d: &WebDriver, script: &str, args: Vec<Value>) -> Value {
    d.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .json()
        .clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_drafts_scores_restarts_restores_and_exports() {
    let home = tempfile::tempdir().unwrap();
    let out = artifacts();
    let driver = Driver::start(home.path(), 4444);

    // ── First run: create and fill ─────────────────────────────────────────────
    let t0 = Instant::now();
    let d = driver.session().await;
    css(&d, "#new-draft").await;
    let cold_start = t0.elapsed();
    // 使用说明 is in the window, offline.
    click(&d, "#help-button").await;
    until!(&d, "the help dialog", || async {
        text(&d, ".modal h2").await == "使用说明"
            && text(&d, ".modal .help").await.contains("校验码")
    })
    .await;
    painted(&d).await;
    artefact("help.png");
    click(&d, ".modal button.primary").await;
    click(&d, "#new-draft").await;
    css(&d, "#brand-name").await;
    // A new draft is calm: no field is red before the user has been there (checked once the
    // first score is shown, which is when messages would appear).
    until!(&d, "the first score", || async {
        !text(&d, "#total").await.is_empty()
    })
    .await;
    painted(&d).await;
    let red = js(
        &d,
        "return document.querySelectorAll('.field-msg .msg.error').length",
        vec![],
    )
    .await;
    assert_eq!(red, json!(0), "no required-field errors before interaction");
    // Leaving an empty required field shows its message without moving the next field.
    let unit_before = css(&d, "#unit").await.rect().await.unwrap();
    click(&d, "#brand-name").await;
    click(&d, "#unit").await;
    until!(&d, "the visited field's message", || async {
        js(&d, "return document.querySelector(\".field-msg[data-for='form1.brand_name']\").textContent", vec![])
            .await
            .as_str()
            .is_some_and(|t| t.contains("必填"))
    })
    .await;
    let unit_after = css(&d, "#unit").await.rect().await.unwrap();
    assert_eq!(
        (unit_before.x, unit_before.y),
        (unit_after.x, unit_after.y),
        "the field under the pointer did not move"
    );

    type_into(&d, "#brand-name", "连云港石化技工").await;
    type_into(&d, "#unit", "连云港徐圩石化产业发展有限公司").await;
    type_into(&d, "#leader", "王建国").await;
    type_into(&d, "#leader-title", "总经理").await;
    let summary = "依托徐圩新区石化产业基地培育，现有从业人员4200人。";
    type_into(&d, "#summary", summary).await;
    let counter = format!("已输入 {} / 500 字", summary.chars().count());
    until!(&d, "summary counter", || async {
        text(&d, "#summary-counter").await == counter
    })
    .await;
    // The 推荐意见 have a counter too, with the limit the core sends; over it the counter turns
    // red and the findings say how much to cut.
    js(
        &d,
        "const e = document.querySelector('#county-opinion'); e.value = '经审核，同意推荐。'.repeat(34); e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    until!(&d, "opinion counter over its limit", || async {
        text(&d, "#county-opinion-counter").await == "已输入 306 / 300 字"
            && js(&d, "return document.querySelector('#county-opinion-counter').classList.contains('over')", vec![])
                .await
                .as_bool()
                == Some(true)
    })
    .await;
    css(&d, "#county-opinion")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    artefact("opinion-over-limit.png");
    type_into(&d, "#county-opinion", "").await;
    until!(&d, "opinion counter back to zero", || async {
        text(&d, "#county-opinion-counter").await == "已输入 0 / 300 字"
    })
    .await;
    click(&d, "input[data-type='skill']").await;
    css(&d, "[data-item='skill.1']").await;

    // All 11 基本条件 met, some bonuses claimed.
    for n in 1..=11 {
        let key = match n {
            1 => "basic.1.plan",
            2 => "basic.2.long_term_plan",
            3 => "basic.3.brand_name",
            4 => "basic.4.product",
            5 => "basic.5.recognition",
            6 => "basic.6.credit_system",
            7 => "basic.7.leading_enterprises",
            8 => "basic.8.park",
            9 => "basic.9.employment_scale",
            10 => "basic.10.one_stop_service",
            _ => "basic.11.training_system",
        };
        select(&d, key, "yes").await;
    }
    select(&d, "basic.3.trademark", "yes").await;

    // Numbers as people type them: a unit after the number is understood, 亿 converted to 万元.
    type_into(&d, "input[data-fact='basic.7.fixed_assets']", "2.5亿").await;
    type_into(&d, "input[data-fact='basic.7.annual_sales']", "5000万元").await;
    until!(&d, "units understood", || async {
        js(&d, "return [...document.querySelectorAll('[data-understood]')].map(e => e.textContent).join('|')", vec![])
            .await
            .as_str()
            .is_some_and(|t| t.contains("按 25,000 万元计（由亿元换算）") && t.contains("按 0.5 亿元计（由万元换算）"))
    })
    .await;
    painted(&d).await;
    artefact("units.png");

    // 总分 and the explanation follow the typing.
    type_into(&d, "input[data-fact='common.workers']", "2500").await;
    until!(&d, "skill.1 below 3000", || async {
        text(&d, "[data-result='skill.1'] .why")
            .await
            .contains("少于 3,000 人，不得分")
    })
    .await;
    let total_low: u32 = text(&d, "#total").await.parse().unwrap();
    wait_saved(&d).await;
    type_into(&d, "input[data-fact='common.workers']", "4200").await;
    until!(&d, "skill.1 at 4200", || async {
        text(&d, "[data-result='skill.1'] .why").await
            == "从业人员 4,200 人，不少于 3,000 人，得 20 分；未超过 5,000 人，不加分。"
    })
    .await;
    let total_high: u32 = text(&d, "#total").await.parse().unwrap();
    assert_eq!(
        total_high,
        total_low + 20,
        "总分 rose by the 20 points of skill.1"
    );
    type_into(&d, "input[data-fact='skill.skilled_workers']", "2600").await;
    select(&d, "skill.market_position", "province").await;
    until!(&d, "skill.3 scored", || async {
        text(&d, "[data-result='skill.3'] .pts").await == "20/22"
    })
    .await;

    // A veto appears and goes away.
    select(&d, "basic.6.credit_system", "no").await;
    until!(&d, "veto banner", || async {
        text(&d, "#veto-banner").await.contains("一票否决")
    })
    .await;
    assert!(text(&d, "#veto-banner").await.contains("基本条件第6项"));
    assert_eq!(
        text(&d, "#total").await,
        "一票否决",
        "a vetoed draft shows no total"
    );
    select(&d, "basic.6.credit_system", "yes").await;
    until!(&d, "veto cleared", || async {
        d.find(By::Id("veto-banner")).await.is_err()
    })
    .await;

    // Keystroke → score shown, measured inside the webview.
    for v in ["4201", "4202", "4203", "4204", "4200"] {
        type_into(&d, "input[data-fact='common.workers']", v).await;
    }
    until!(&d, "last value scored", || async {
        text(&d, "[data-result='skill.1'] .why")
            .await
            .contains("4,200")
    })
    .await;
    let perf = js(&d, "return window.__perf.samples", vec![]).await;
    let samples: Vec<f64> = serde_json::from_value(perf).unwrap();
    assert!(!samples.is_empty());
    let (median, p95) = median_p95(samples.clone());
    // Every score shown has had its two frames measured.
    until!(&d, "paint timings", || async {
        js(&d, "const p = window.__perf; return p.frames.length === p.samples.length && p.paint.length === p.samples.length", vec![])
            .await
            == json!(true)
    })
    .await;
    let timings = |v: Value| median_p95(serde_json::from_value(v).unwrap());
    let frames: Vec<f64> =
        serde_json::from_value(js(&d, "return window.__perf.frames", vec![]).await).unwrap();
    let (frame_median, _) = median_p95(frames.clone());
    let (paint_median, _) = timings(js(&d, "return window.__perf.paint", vec![]).await);
    // Of which the `evaluate` command's round trip (the result received, before the panel).
    let (call_median, call_p95) = timings(js(&d, "return window.__perf.calls", vec![]).await);
    // The IPC's own share: 60 calls of a command that does next to nothing (`form_fields`, a
    // static list), one after the other.
    let (floor_median, floor_p95) = timings(
        js(
            &d,
            "return (async () => { const t = []; for (let i = 0; i < 60; i++) { const s = performance.now(); await window.__TAURI__.core.invoke('form_fields', {}); t.push(performance.now() - s); } return t; })()",
            vec![],
        )
        .await,
    );

    wait_saved(&d).await;
    css(&d, "[data-item='skill.1']")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    painted(&d).await;
    artefact("editor.png");
    // How many screens the 基本条件 take in a 1366×768 window (issue 9 aims at ≤ 4).
    let _ = d.set_window_rect(0, 0, 1366, 768).await;
    until!(&d, "the window at 1366×768", || async {
        js(&d, "return [window.innerWidth, window.innerHeight]", vec![]).await == json!([1366, 768])
    })
    .await;
    painted(&d).await;
    let screens = js(
        &d,
        "const f = document.getElementById('form'); const a = document.querySelector(\"[data-item='basic.1']\").getBoundingClientRect(); const b = document.querySelector(\"[data-item='basic.11']\").getBoundingClientRect(); return [(b.bottom - a.top) / f.clientHeight, window.innerWidth, window.innerHeight]",
        vec![],
    )
    .await;
    assert!(
        screens[0].as_f64().unwrap() <= 4.0,
        "the 基本条件 fit on 4 screens at 1366×768: {screens}"
    );
    // The editor at 1366×768 for the user guide.
    css(&d, "[data-item='basic.7']")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    painted(&d).await;
    artefact("editor-1366.png");
    let before: Value = js(&d, "return window.labourBrand.current()", vec![]).await;
    let total_before = text(&d, "#total").await;
    d.quit().await.unwrap();

    // ── Second run: everything is still there ─────────────────────────────────
    let d = driver.session().await;
    let name = css(&d, ".draft-name").await;
    assert_eq!(name.text().await.unwrap(), "连云港石化技工");
    name.click().await.unwrap();
    css(&d, "#brand-name").await;
    until!(&d, "restored total", || async {
        text(&d, "#total").await == total_before
    })
    .await;
    let after: Value = js(&d, "return window.labourBrand.current()", vec![]).await;
    assert_eq!(after, before, "the draft reopens exactly as it was saved");
    assert_eq!(
        css(&d, "#brand-name")
            .await
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("连云港石化技工")
    );
    assert_eq!(
        css(&d, "input[data-fact='common.workers']")
            .await
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("4200")
    );

    // ── History: restore the version before the last change ───────────────────
    type_into(&d, "#leader-title", "董事长").await;
    wait_saved(&d).await;
    click(&d, "#history-button").await;
    click(&d, "button[data-revision]").await;
    click(&d, ".modal button.primary").await;
    until!(&d, "restored title", || async {
        matches!(d.find(By::Id("leader-title")).await, Ok(e) if e.value().await.ok().flatten().as_deref() == Some("总经理"))
    })
    .await;

    // ── Export through the command that takes a path ──────────────────────────
    let pdf = home.path().join("export.pdf");
    let info = js(
        &d,
        "const c = window.labourBrand.current(); return window.__TAURI__.core.invoke('export_forms_to', { id: c.id, draft: c.draft, format: 'pdf', path: arguments[0], options: { forms: 'all', compact: false, fingerprint: true } })",
        vec![json!(pdf.to_str().unwrap())],
    )
    .await;
    assert_eq!(info["pages"], 4, "{info}");
    // The code in the window is the one printed on the forms.
    let code = info["code"].as_str().unwrap().to_string();
    until!(&d, "the window shows the printed code", || async {
        js(
            &d,
            "return document.getElementById('version-code').textContent",
            vec![],
        )
        .await
        .as_str()
        .is_some_and(|t| t.contains(&code))
    })
    .await;
    let bytes = std::fs::read(&pdf).expect("the PDF exists");
    assert!(bytes.starts_with(b"%PDF"));
    let pdfinfo = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    assert!(String::from_utf8_lossy(&pdfinfo.stdout).contains("Pages:           4"));
    let pdf_text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(
        String::from_utf8_lossy(&pdf_text.stdout).contains(&format!("校验码 {code}")),
        "the PDF footer carries the code"
    );

    // ── 基本情况 over 500 字: the export asks first, and the list counts it as an error ──
    let long: String = "连".repeat(501);
    js(
        &d,
        "const t = document.getElementById('summary'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true })); return 1",
        vec![json!(long)],
    )
    .await;
    until!(&d, "the counter is over", || async {
        text(&d, "#summary-counter").await.contains("501")
    })
    .await;
    click(&d, "#export-pdf").await;
    until!(&d, "over-500 question", || async {
        text(&d, ".modal h2").await == "基本情况超过 500 字"
    })
    .await;
    click(&d, ".modal button[data-value='false']").await;
    wait_saved(&d).await;

    // ── A hostile brand name is shown as text ─────────────────────────────────
    let hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    type_into(&d, "#brand-name", hostile).await;
    wait_saved(&d).await;
    click(&d, "#back-home").await;
    until!(&d, "list shows the name as text", || async {
        text(&d, ".draft-name").await == hostile
    })
    .await;
    let imgs = js(
        &d,
        "return document.querySelectorAll('img, script:not([src])').length",
        vec![],
    )
    .await;
    assert_eq!(imgs, json!(0), "no element was created from typed text");
    assert_eq!(
        text(&d, "tr[data-draft] .pill").await,
        "有 1 处错误",
        "over 500 字 is not 已填完"
    );
    painted(&d).await;
    artefact("home.png");
    d.quit().await.unwrap();

    let report = format!(
        "基本条件 height: {screens} (screens of the form area, window width, height)\ncold start to usable window: {:.0} ms\nkeystroke to score shown (in webview): median {median:.1} ms, p95 {p95:.1} ms over {} samples\nof which the evaluate command's round trip: median {call_median:.1} ms, p95 {call_p95:.1} ms\na command doing next to nothing (form_fields), 60 calls: median {floor_median:.1} ms, p95 {floor_p95:.1} ms\nkeystroke to the frame that paints it: median {paint_median:.1} ms; to the frame after: median {frame_median:.1} ms; {} samples (WEBKIT_DISABLE_COMPOSITING_MODE={})\n",
        cold_start.as_secs_f64() * 1000.0,
        samples.len(),
        frames.len(),
        std::env::var("LABOUR_BRAND_GPU").map(|_| "unset, compositing kept on").unwrap_or("1, set by the app")
    );
    eprintln!("{report}");
    std::fs::write(out.join("timings.txt"), report).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_database_is_kept_aside_and_a_deleted_draft_comes_back() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("drafts.sqlite3");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&db, &garbage).unwrap();
    let driver = Driver::start(home.path(), 4454);
    let d = driver.session().await;

    // The unusable database is reported and left untouched until the user asks.
    until!(&d, "store error screen", || async {
        text(&d, ".store-error h1").await == "草稿数据库无法使用"
    })
    .await;
    assert!(text(&d, ".store-error").await.contains("草稿数据库已损坏"));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "nothing written to the damaged file"
    );
    click(&d, ".store-error button").await;
    click(&d, ".modal button.primary").await;
    css(&d, "#new-draft").await;
    let aside: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("drafts.sqlite3.bad-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the old file is kept aside");
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), garbage);

    // A draft deleted from the list comes back with 撤销, and from the recycle bin.
    click(&d, "#new-draft").await;
    type_into(&d, "#brand-name", "灌南建筑工").await;
    wait_saved(&d).await;
    click(&d, "#back-home").await;
    until!(&d, "listed", || async {
        text(&d, ".draft-name").await == "灌南建筑工"
    })
    .await;
    delete_first_draft(&d).await;
    click(&d, "#toast button").await;
    until!(&d, "undone", || async {
        text(&d, ".draft-name").await == "灌南建筑工"
    })
    .await;
    delete_first_draft(&d).await;
    click(&d, "#recycle-bin").await;
    until!(&d, "in the bin", || async {
        text(&d, ".draft-name").await == "灌南建筑工"
    })
    .await;
    css(&d, "tr[data-draft] button").await;
    let restore = d
        .find(By::XPath("//tr[@data-draft]//button[text()='恢复']"))
        .await
        .unwrap();
    restore.click().await.unwrap();
    until!(&d, "bin empty", || async {
        text(&d, ".home .empty").await == "回收站是空的。"
    })
    .await;
    d.quit().await.unwrap();
}

// ── Reliability: nothing typed is lost ──────────────────────────────────────────────────────

/// Processes whose environment names this test's database: the app and its web processes.
fn processes_of(db: &Path, comm_prefix: &str) -> Vec<i32> {
    let needle = format!("LABOUR_BRAND_DB={}", db.display());
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().filter_map(|e| e.ok()) {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if !comm.trim().starts_with(comm_prefix) {
            continue;
        }
        let env = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()) {
            out.push(pid);
        }
    }
    out
}

fn environment_of(pid: i32) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/environ"))
        .unwrap_or_default()
        .split(|b| *b == 0)
        .map(|kv| String::from_utf8_lossy(kv).into_owned())
        .collect()
}

/// The stored brand name of a draft, read straight from the database file.
fn stored_brand_name(db: &Path, id: i64) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.busy_timeout(Duration::from_secs(5)).unwrap();
    let doc: String = c
        .query_row("SELECT doc FROM drafts WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    let v: Value = serde_json::from_str(&doc).unwrap();
    v["form1"]["brand_name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Makes a new draft and returns its id once the editor is ready: its fields appear before
/// its first evaluation has come back, and only then does the page expose the open draft
/// (seen once under load: the id was asked for in between).
async fn new_draft(d: &WebDriver) -> i64 {
    click(d, "#new-draft").await;
    css(d, "#brand-name").await;
    let script = "return window.labourBrand.current()?.id ?? null";
    until!(d, "the editor is ready", || async {
        js(d, script, vec![]).await.is_i64()
    })
    .await;
    js(d, script, vec![]).await.as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_save_keeps_the_text_retries_and_closing_asks_first() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("drafts.sqlite3");
    let driver = Driver::start(home.path(), 4464);
    let d = driver.session().await;
    css(&d, "#new-draft").await;
    let id = new_draft(&d).await;
    type_into(&d, "#brand-name", "锁前").await;
    wait_saved(&d).await;

    // A backup tool holds the database; the user keeps typing.
    let blocker = rusqlite::Connection::open(&db).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    type_into(&d, "#brand-name", "锁住时输入的名称").await;
    until!(&d, "save failure shown", || async {
        save_status(&d).await.starts_with("保存失败")
    })
    .await;
    let status = save_status(&d).await;
    assert!(status.contains("正被其他程序占用"), "{status}");
    assert!(status.contains("秒后自动重试"), "{status}");
    assert!(!status.contains("Error"), "no JavaScript prefix: {status}");

    // Going back to the list asks first and stays.
    let back = css(&d, "#back-home").await.rect().await.unwrap();
    click(&d, "#back-home").await;
    until!(&d, "back asks", || async {
        text(&d, ".modal h2").await == "保存失败，仍要返回草稿列表吗？"
    })
    .await;
    click(&d, ".modal button[data-value='stay']").await;
    let back_after = css(&d, "#back-home").await.rect().await.unwrap();
    assert_eq!(
        (back.x, back.y),
        (back_after.x, back_after.y),
        "the save status never moves the buttons ({back:?} → {back_after:?})"
    );

    // Closing the window asks too; the window stays and keeps the text.
    js(
        &d,
        "return window.__TAURI__.core.invoke('request_close')",
        vec![],
    )
    .await;
    until!(&d, "close asks", || async {
        text(&d, ".modal h2").await == "保存失败，仍要退出吗？"
    })
    .await;
    painted(&d).await;
    artefact("save-failed-close.png");
    let offered: Vec<String> = {
        let mut v = Vec::new();
        for b in d.find_all(By::Css(".modal button")).await.unwrap() {
            v.push(b.text().await.unwrap());
        }
        v
    };
    assert!(
        offered.iter().any(|b| b == "导出为草稿文件…"),
        "{offered:?}"
    );
    click(&d, ".modal button[data-value='stay']").await;
    assert_eq!(
        css(&d, "#brand-name")
            .await
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("锁住时输入的名称")
    );

    // The lock goes away: the retry saves by itself, with no user action.
    blocker.execute_batch("COMMIT").unwrap();
    drop(blocker);
    until!(&d, "retried and saved", || async {
        save_status(&d).await.starts_with("已保存")
    })
    .await;
    assert_eq!(stored_brand_name(&db, id), "锁住时输入的名称");

    // Now a close closes (nothing is pending).
    js(
        &d,
        "window.__TAURI__.core.invoke('request_close'); return 1",
        vec![],
    )
    .await;
    let gone = Instant::now();
    while !processes_of(&db, "labour-brand-ap").is_empty() {
        assert!(gone.elapsed() < BOUND, "the app closed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = d.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_comes_back_with_its_draft_after_the_web_process_dies() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("drafts.sqlite3");
    let driver = Driver::start(home.path(), 4474);
    let d = driver.session().await;
    css(&d, "#new-draft").await;
    let id = new_draft(&d).await;
    type_into(&d, "#unit", "连云港市某培训学校").await;
    type_into(&d, "#brand-name", "崩溃前的最后一键").await;
    let rect = css(&d, "#brand-name").await.rect().await.unwrap();
    wait_saved(&d).await;

    let web = processes_of(&db, "WebKitWebProces");
    assert!(!web.is_empty(), "the web process is found");
    // Without a GPU (Xvfb) the app switched WebKit's compositing off before it started.
    assert!(
        environment_of(web[0]).contains(&"WEBKIT_DISABLE_COMPOSITING_MODE=1".to_string()),
        "compositing is off under software rendering"
    );
    for pid in &web {
        unsafe { libc_kill(*pid, 9) };
    }
    // WebKitWebDriver ends its session when the page crashes, so the reloaded page is checked
    // the way a user would: click into the brand name, type at its end, and see the database
    // receive the recovered text plus the new keys.
    let started = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let x = rect.x + 40.0;
        let y = rect.y + rect.height / 2.0;
        let display = std::env::var("DISPLAY").unwrap_or_default();
        let typed = Command::new("xdotool")
            .env("DISPLAY", &display)
            .args([
                "mousemove",
                &format!("{x:.0}"),
                &format!("{y:.0}"),
                "click",
                "1",
                "key",
                "End",
                "type",
                "ok",
            ])
            .status()
            .expect("xdotool (scripts/lib.sh installs it)");
        assert!(typed.success());
        // The typed keys reach the database within the autosave delay once the page is back,
        // beside the recovered text. Where the caret lands is not the point: a click on a page
        // still loading may lose the End key (seen once in CI: "崩溃ok前的最后一键okok…").
        let recovered = |s: &str| s.contains("ok") && s.replace("ok", "") == "崩溃前的最后一键";
        let typed_at = Instant::now();
        let mut stored = stored_brand_name(&db, id);
        while !recovered(&stored) && typed_at.elapsed() < Duration::from_secs(3) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            stored = stored_brand_name(&db, id);
        }
        if recovered(&stored) {
            break;
        }
        assert!(
            started.elapsed() < BOUND,
            "the reloaded page did not reopen the draft: stored {stored:?}"
        );
    }
    artefact("after-crash.png");
    let fresh = processes_of(&db, "WebKitWebProces");
    assert!(fresh.iter().all(|p| !web.contains(p)), "a new web process");
    let _ = d.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_one_second_after_the_last_keystroke_loses_nothing() {
    let trials: usize = std::env::var("E2E_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("drafts.sqlite3");
    let driver = Driver::start(home.path(), 4484);
    let mut id = None;
    let mut lost = Vec::new();
    for trial in 0..trials {
        let d = driver.session().await;
        css(&d, "#new-draft").await;
        match id {
            None => id = Some(new_draft(&d).await),
            Some(_) => {
                click(&d, ".draft-name").await;
                css(&d, "#brand-name").await;
            }
        }
        let typed = format!("第{trial}次输入的品牌名称");
        type_into(&d, "#brand-name", &typed).await;
        // Not a synchronisation but the promise under test: one second after the last key
        // (the save is due 250 ms after it), the kill must find it written.
        tokio::time::sleep(Duration::from_millis(1000)).await;
        for pid in processes_of(&db, "labour-brand-ap") {
            unsafe { libc_kill(pid, 9) };
        }
        let _ = d.quit().await;
        // Wait until the app and its web process are gone.
        let t = Instant::now();
        while !processes_of(&db, "labour-brand-ap").is_empty() {
            assert!(t.elapsed() < BOUND, "the killed app is gone");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let stored = stored_brand_name(&db, id.unwrap());
        if stored != typed {
            lost.push((trial, stored));
        }
    }
    let report = format!(
        "SIGKILL 1.0 s after the last keystroke: {} of {trials} trials lost the last edit\n",
        lost.len()
    );
    eprintln!("{report}");
    std::fs::write(artifacts().join("sigkill.txt"), &report).unwrap();
    assert!(lost.is_empty(), "lost edits: {lost:?}");
}

/// A tmpfs mounted on `dir` with `options` for one test (needs root, as CI has), unmounted
/// when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, options: &str, what: &str) -> Tmpfs {
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .status()
            .expect("mount");
        assert!(status.success(), "{what} (needs root)");
        Tmpfs(dir.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazily: the app under test may still hold a file there for a moment.
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unwritable_data_directory_opens_the_window_with_the_reason() {
    let home = tempfile::tempdir().unwrap();
    let ro = home.path().join("readonly");
    std::fs::create_dir_all(&ro).unwrap();
    let _guard = Tmpfs::mount(&ro, "ro,size=1m", "a read-only folder for the test");
    let db = ro.join("data").join("drafts.sqlite3");
    let data = ro.join("xdg-data");
    let driver = Driver::start_with(
        home.path(),
        4494,
        &[("LABOUR_BRAND_DB", &db), ("XDG_DATA_HOME", &data)],
    );
    let d = driver.session().await;
    until!(&d, "store error page", || async {
        text(&d, ".store-error h1").await == "草稿数据库无法使用"
    })
    .await;
    let page = text(&d, ".store-error").await;
    assert!(page.contains("只读"), "{page}");
    assert!(
        page.contains(&db.display().to_string()),
        "names the path: {page}"
    );
    assert!(page.contains("写入权限"), "says what to do: {page}");
    assert!(
        d.find(By::Css(".store-error button")).await.is_err(),
        "no offer to set a healthy database aside"
    );
    let _ = d.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_full_disk_the_window_keeps_the_text_says_so_and_saves_when_there_is_room() {
    let home = tempfile::tempdir().unwrap();
    let disk = home.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let _guard = Tmpfs::mount(&disk, "size=2m", "a small disk for the test");
    let db = disk.join("drafts.sqlite3");
    let driver = Driver::start_with(home.path(), 4504, &[("LABOUR_BRAND_DB", &db)]);
    let d = driver.session().await;
    css(&d, "#new-draft").await;
    let id = new_draft(&d).await;
    type_into(&d, "#brand-name", "满盘前").await;
    wait_saved(&d).await;

    // The disk fills up (another program's download); the user goes on typing.
    let filler = disk.join("filler");
    let _ = Command::new("dd")
        .args([
            "if=/dev/zero",
            "bs=4096",
            &format!("of={}", filler.display()),
        ])
        .output();
    js(
        &d,
        "const t = document.getElementById('summary'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true })); return 1",
        vec![json!("连云港".repeat(7000))],
    )
    .await;
    type_into(&d, "#brand-name", "满盘时输入的名称").await;
    // The banner stays while the saver retries; the status line says 保存失败 between retries
    // (正在保存… during one): both are read in one look.
    until!(&d, "the disk-full banner and the failed save", || async {
        let seen = js(&d, "const b = document.getElementById('disk-banner'); return [!!b && !b.hidden && b.textContent, document.getElementById('save-status').textContent]", vec![]).await;
        seen[0].as_str().is_some_and(|t| t.contains("磁盘空间不足") && t.contains("仍保留在窗口中"))
            && seen[1].as_str().is_some_and(|t| t.starts_with("保存失败"))
    })
    .await;
    painted(&d).await;
    artefact("disk-full.png");
    let status = js(
        &d,
        "return window.__TAURI__.core.invoke('store_status')",
        vec![],
    )
    .await;
    assert_eq!(
        status["can_reset"],
        json!(false),
        "nothing sound is offered to be set aside: {status}"
    );
    assert_eq!(
        css(&d, "#brand-name")
            .await
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("满盘时输入的名称"),
        "the text stays in the window"
    );

    // Space comes back: the quiet retry saves, the banner goes.
    std::fs::remove_file(&filler).unwrap();
    until!(&d, "saved after space returned", || async {
        save_status(&d).await.starts_with("已保存")
    })
    .await;
    assert_eq!(
        js(
            &d,
            "return document.getElementById('disk-banner').hidden",
            vec![]
        )
        .await,
        json!(true)
    );
    assert_eq!(stored_brand_name(&db, id), "满盘时输入的名称");
    let _ = d.quit().await;
}

// ── Beyond the PDF: the Word copy, the county summary, backup and restore ───────────────────

/// Replaces the native file dialogs for this page: each command that would open one is sent
/// to its test twin with the path the user would have chosen. Everything else (the buttons,
/// the confirmations, the messages, the core) runs as the user would run it.
async fn choose_paths(d: &WebDriver, map: Value) {
    // `__TAURI__.core` is a frozen module namespace: the page's `__TAURI__` is replaced
    // by a copy whose `invoke` forwards (api.js looks `__TAURI__` up on every call).
    let replaced = js(
        d,
        "const map = arguments[0]; const t = window.__TAURI__; const real = t.core.invoke.bind(t.core);
         const core = { ...t.core, invoke: (cmd, args = {}) => map[cmd] ? real(map[cmd][0], { ...args, ...map[cmd][1] }) : real(cmd, args) };
         try { window.__TAURI__ = { ...t, core }; } catch (e) {}
         if (window.__TAURI__.core !== core) {
           try { Object.defineProperty(window, '__TAURI__', { value: { ...t, core }, configurable: true, writable: true }); } catch (e) { return String(e); }
         }
         return window.__TAURI__.core === core;",
        vec![map],
    )
    .await;
    assert_eq!(replaced, json!(true), "the dialogs could not be replaced");
}

fn example_file(dir: &Path, name: &str, t: labour_brand::BrandType, veto: bool) {
    let mut d = labour_brand::example::example(t);
    if veto {
        d.facts
            .insert("basic.4.product".into(), serde_json::json!(false));
    }
    let edition = labour_brand::rubric::Editions::shipped().current().id();
    let f = labour_brand::draftfile::DraftFile::new(&d.display_name(), edition, d);
    std::fs::write(dir.join(name), f.to_json()).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn word_copy_county_summary_backup_and_restore_from_the_window() {
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let inbox = files.path().join("各单位报送");
    std::fs::create_dir(&inbox).unwrap();
    for (i, t) in labour_brand::BrandType::ALL.into_iter().enumerate() {
        let veto = t == labour_brand::BrandType::Service;
        example_file(&inbox, &format!("{i}.json"), t, veto);
    }
    std::fs::write(inbox.join("坏文件.json"), "{").unwrap();
    let word = files.path().join("申报.docx");
    let backup = files.path().join("备份.sqlite3");
    let sheet = files.path().join("汇总.xlsx");
    let driver = Driver::start(home.path(), 4494);
    let d = driver.session().await;
    let _ = d.set_window_rect(0, 0, 1366, 768).await;

    // 导出 Word from the editor.
    click(&d, "#new-draft").await;
    type_into(&d, "#brand-name", "灌云建筑工").await;
    wait_saved(&d).await;
    choose_paths(
        &d,
        json!({ "export_forms": ["export_forms_to", { "path": word }] }),
    )
    .await;
    click(&d, "#export-word").await;
    // Unfinished: the export asks first, then says where the file is.
    until!(&d, "confirm", || async {
        text(&d, ".modal").await.contains("仍要导出 Word 文件吗")
    })
    .await;
    click(&d, ".modal button.primary").await;
    until!(&d, "exported", || async {
        text(&d, ".modal").await.contains("Word 文件已导出")
    })
    .await;
    click(&d, ".modal button").await;
    let xml = Command::new("unzip")
        .args(["-p", word.to_str().unwrap(), "word/document.xml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&xml.stdout).contains("灌云建筑工"));

    // 备份全部草稿, then 从备份恢复: the draft is there twice, the restored one renamed.
    click(&d, "#back-home").await;
    css(&d, "#backup").await;
    // A backup chosen over the live database is refused, and the database is untouched.
    let db = home.path().join("drafts.sqlite3");
    let db_before = std::fs::read(&db).unwrap();
    choose_paths(
        &d,
        json!({ "backup_drafts": ["backup_to", { "path": db }] }),
    )
    .await;
    click(&d, "#backup").await;
    until!(&d, "refused", || async {
        let t = text(&d, ".modal").await;
        t.contains("备份失败") && t.contains("草稿数据库文件")
    })
    .await;
    click(&d, ".modal button").await;
    assert_eq!(std::fs::read(&db).unwrap(), db_before);
    choose_paths(
        &d,
        json!({
            "backup_drafts": ["backup_to", { "path": backup }],
            "restore_backup": ["restore_backup_from", { "path": backup }],
            "batch_pick": ["batch_paths", { "paths": [inbox] }],
            "batch_save": ["batch_save_to", { "path": sheet }],
        }),
    )
    .await;
    click(&d, "#backup").await;
    until!(&d, "backed up", || async {
        text(&d, ".modal").await.contains("备份完成")
    })
    .await;
    click(&d, ".modal button").await;
    assert!(std::fs::metadata(&backup).unwrap().len() > 0);
    click(&d, "#restore").await;
    until!(&d, "restored", || async {
        text(&d, ".modal").await.contains("已从备份恢复 1 个草稿")
    })
    .await;
    click(&d, ".modal button").await;
    until!(&d, "both listed", || async {
        let names = js(
            &d,
            "return [...document.querySelectorAll('.draft-name')].map(e => e.textContent)",
            vec![],
        )
        .await;
        names == json!(["灌云建筑工", "灌云建筑工（恢复）"])
            || names == json!(["灌云建筑工（恢复）", "灌云建筑工"])
    })
    .await;
    painted(&d).await;
    artefact("home-1366.png");

    // 汇总多个草稿文件: a folder of four applications and a broken file.
    click(&d, "#batch").await;
    click(&d, "#batch-folder").await;
    until!(&d, "summary", || async {
        text(&d, "#batch-headline").await
            == "共汇总 4 个草稿文件，1 个有一票否决项，1 个文件无法读取（见下方）。"
    })
    .await;
    let rows = js(
        &d,
        "return [...document.querySelectorAll('#batch-table tbody tr')].map(r => [...r.cells].map(c => c.textContent))",
        vec![],
    )
    .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], "连云港石化技工");
    assert_eq!(rows[0][7], "104");
    assert!(rows.iter().any(|r| r[7] == "否决"), "{rows:?}");
    assert!(text(&d, "#batch-failures").await.contains("坏文件.json"));
    painted(&d).await;
    artefact("batch-1366.png");
    click(&d, "#batch-save").await;
    until!(&d, "saved", || async {
        text(&d, ".modal").await.contains("汇总表已保存")
    })
    .await;
    click(&d, ".modal button").await;
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"PK\x03\x04"));
    click(&d, "#batch-back").await;
    css(&d, "#new-draft").await;
    d.quit().await.unwrap();
}

// ── 佐证材料 and the application bundle ───────────────────────────────────────────────────

#[tokio::test(flavor = "multi_thread")]
async fn evidence_is_attached_kept_across_a_restart_and_bound_into_the_bundle() {
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    // A scan as PDF (the example's forms) and as a photo (its first page as JPEG).
    let (forms, _) = labour_brand::pdf::render(
        &labour_brand::example::example(labour_brand::BrandType::Culture),
        labour_brand::Rubric::city(),
        &labour_brand::pdf::ExportOptions::default(),
    )
    .unwrap();
    let pdf = files.path().join("商标注册证.pdf");
    std::fs::write(&pdf, &forms).unwrap();
    let photo = files.path().join("photo");
    let made = Command::new("pdftoppm")
        .args(["-jpeg", "-r", "40", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(&photo)
        .status()
        .unwrap();
    assert!(made.success());
    let jpg = files.path().join("photo.jpg");
    let bundle = files.path().join("申报材料.pdf");
    let driver = Driver::start(home.path(), 4514);

    let d = driver.session().await;
    let id = new_draft(&d).await;
    type_into(&d, "#brand-name", "东海水晶工匠").await;
    wait_saved(&d).await;
    choose_paths(
        &d,
        json!({ "add_evidence": ["add_evidence_paths", { "paths": [pdf, jpg] }] }),
    )
    .await;
    click(&d, "[data-item='basic.3'] details.evidence summary").await;
    click(&d, "[data-add-evidence='basic.3']").await;
    let listed = "return [...document.querySelectorAll(\"[data-evidence-files='basic.3'] li\")].map(l => l.querySelector('.evidence-title').textContent)";
    until!(&d, "two files listed", || async {
        js(&d, listed, vec![]).await == json!(["1. 商标注册证（PDF，4 页）", "2. photo（JPG）"])
    })
    .await;
    // A file dropped on another item's card: its bytes go to the core (raw IPC), never a path.
    let png = std::fs::read(files.path().join("photo.jpg")).unwrap();
    let dropped = js(
        &d,
        "const card = document.querySelector(\"[data-item='basic.1']\");
         const dt = new DataTransfer();
         dt.items.add(new File([new Uint8Array(arguments[0])], '实施方案照片.jpg', { type: 'image/jpeg' }));
         card.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
         return dt.files.length;",
        vec![json!(png)],
    )
    .await;
    assert_eq!(dropped, json!(1));
    until!(&d, "the dropped file listed", || async {
        js(&d, "return [...document.querySelectorAll(\"[data-evidence-files='basic.1'] li .evidence-title\")].map(e => e.textContent)", vec![]).await
            == json!(["1. 实施方案照片（JPG）"])
    })
    .await;
    css(&d, "[data-item='basic.3']")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    painted(&d).await;
    artefact("evidence.png");
    d.quit().await.unwrap();

    // Restarted: the files are still there, in their order.
    let d = driver.session().await;
    css(&d, ".draft-name").await.click().await.unwrap();
    css(&d, "#brand-name").await;
    until!(&d, "still listed", || async {
        js(&d, listed, vec![]).await == json!(["1. 商标注册证（PDF，4 页）", "2. photo（JPG）"])
    })
    .await;
    choose_paths(
        &d,
        json!({ "export_bundle": ["export_bundle_to", { "path": bundle }] }),
    )
    .await;
    click(&d, "#export-bundle").await;
    until!(&d, "exported", || async {
        text(&d, ".modal").await.contains("申报材料已导出")
    })
    .await;
    click(&d, ".modal button").await;

    // At 125 % scaling a 1366×768 laptop gives the window 1093×614: every button of the top
    // bar stays inside the window, both codes show beside the exports, the title is whole,
    // and the score panel is in view.
    let _ = d.set_window_rect(0, 0, 1093, 614).await;
    let fits = "const w = document.documentElement.clientWidth;
        const bs = [...document.querySelectorAll('#top-actions button, #top-actions label, #version-code, #bundle-code, #help-button')].map(b => b.getBoundingClientRect());
        const p = document.getElementById('score-panel').getBoundingClientRect();
        const brand = document.querySelector('.topbar .brand');
        const codes = ['version-code', 'bundle-code'].map((id) => document.getElementById(id)).every((e) => e.offsetWidth > 40 && e.textContent.length > 5);
        return [w, bs.every(r => r.left >= 0 && r.right <= w + 0.5), p.left < w && p.width > 200 && p.top < 120, codes, brand.scrollWidth <= brand.clientWidth + 1];";
    until!(&d, "the editor fits 1093×614", || async {
        let r = js(&d, fits, vec![]).await;
        r[0].as_f64().is_some_and(|w| w <= 1100.0)
            && r[1] == json!(true)
            && r[2] == json!(true)
            && r[3] == json!(true)
            && r[4] == json!(true)
    })
    .await;
    painted(&d).await;
    artefact("editor-1093.png");
    d.quit().await.unwrap();

    // 封面, 目录, 附件1, 附件2 (as its own export), 清单, the PDF's 4 pages, the photo.
    let form2_pages = labour_brand::pdf::render(
        &labour_brand::Draft::default(),
        labour_brand::Rubric::city(),
        &labour_brand::pdf::ExportOptions {
            forms: labour_brand::pdf::Forms::Form2,
            ..Default::default()
        },
    )
    .unwrap()
    .1
    .pages;
    let total = 3 + form2_pages + 1 + 4 + 1 + 1;
    let info = String::from_utf8(
        Command::new("pdfinfo")
            .arg(&bundle)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        info.contains(&format!("Pages:           {total}")),
        "{info}"
    );
    let last = String::from_utf8(
        Command::new("pdftotext")
            .args(["-f", &total.to_string(), "-l", &total.to_string()])
            .arg(&bundle)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        last.contains(&format!("第 {total} 页 共 {total} 页")),
        "{last}"
    );
    let outline = String::from_utf8(
        Command::new("mutool")
            .args(["show"])
            .arg(&bundle)
            .arg("outline")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for title in [
        "附件1 推荐表",
        "附件2 评分表",
        "佐证材料清单",
        "商标注册证",
        "photo",
    ] {
        assert!(outline.contains(title), "{title} in {outline}");
    }
    assert!(
        outline.contains(&format!("\"photo\"\t#page={total}")),
        "{outline}"
    );
    let _ = id;
}

/// Fills the dialog's fields (`#field-<key>`) and presses its primary button.
async fn fill_dialog(d: &WebDriver, fields: &[(&str, &str)]) {
    css(d, "#modal-root .modal").await;
    for (k, v) in fields {
        let set = js(
            d,
            "const e = document.getElementById('field-' + arguments[0]); if (!e) return false; e.value = arguments[1]; return true",
            vec![json!(k), json!(v)],
        )
        .await;
        assert_eq!(set, json!(true), "no field {k}");
    }
    click(d, "#modal-root .modal button.primary").await;
    until!(d, "the dialog closed", || async {
        d.find(By::Css("#modal-root .modal")).await.is_err()
    })
    .await;
}

/// Clicks `sel` by script once it is in the page (a row, a button inside a card).
async fn press_css(d: &WebDriver, sel: &str) {
    until!(d, sel, || async {
        js(
            d,
            "const e = document.querySelector(arguments[0]); e?.click(); return Boolean(e)",
            vec![json!(sel)],
        )
        .await
            == json!(true)
    })
    .await;
}

/// Opens the desk's row of `brand` and waits for its items.
async fn open_row(d: &WebDriver, brand: &str) {
    until!(d, "the row", || async {
        js(
            d,
            "const r = [...document.querySelectorAll('#review-table tr.desk-row')].find((r) => r.textContent.includes(arguments[0])); r?.click(); return Boolean(r)",
            vec![json!(brand)],
        )
        .await
            == json!(true)
    })
    .await;
    until!(d, "the items", || async {
        text(d, "h1").await.contains(brand) && d.find(By::Css(".review-item")).await.is_ok()
    })
    .await;
}

/// The county's desk in the window: the sample folder (eight applications, a duplicate and a
/// scan) received through the folder dialog, each slip flagged where the clerk works, the typo
/// corrected and an item not accepted into the 核定分, the vetoed one kept back, the edited paper
/// copy found to match nothing, an evidence picture opened beside its item (timed), and the
/// county's PDF, the 推荐汇总表 and the package written through the Save dialogs.
#[tokio::test(flavor = "multi_thread")]
async fn a_county_clerk_does_the_whole_job_in_the_window() {
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let inbox = files.path().join("各单位报送");
    std::fs::create_dir(&inbox).unwrap();
    let sample = labour_brand::review::sample::write_county_folder(&inbox).unwrap();
    let driver = Driver::start(home.path(), 4524);
    let d = driver.session().await;
    let _ = d.set_window_rect(0, 0, 1366, 768).await;

    click(&d, "#desk").await;
    fill_dialog(
        &d,
        &[
            ("county", "连云港市海州区人力资源和社会保障局"),
            ("reviewer", "王芳"),
            ("date", "2026-12-07"),
        ],
    )
    .await;
    choose_paths(
        &d,
        json!({ "review_receive": ["review_receive_paths", { "paths": [inbox] }] }),
    )
    .await;
    click(&d, "#review-folder").await;
    until!(&d, "received", || async {
        text(&d, "#review-received").await.contains("新接收 8 份")
    })
    .await;
    let received = text(&d, "#review-received").await;
    assert!(
        received.contains("重复 1 个") && received.contains("营业执照扫描件.pdf"),
        "{received}"
    );
    painted(&d).await;
    artefact("desk-list.png");

    // The typo.
    open_row(&d, &sample.typo_brand).await;
    assert!(text(&d, "#review-hints").await.contains("27,800"));
    let before = text(&d, "#review-totals").await;
    press_css(&d, "li[data-fact='basic.7.annual_sales'] button").await;
    fill_dialog(
        &d,
        &[("value", "2.78"), ("reason", "按企业年报核实为 2.78 亿元")],
    )
    .await;
    until!(&d, "the correction", || async {
        text(&d, "li[data-fact='basic.7.annual_sales'] .correction")
            .await
            .contains("2.78")
    })
    .await;
    press_css(
        &d,
        ".review-item[data-item='skill.2'] button[data-verdict='rejected']",
    )
    .await;
    fill_dialog(&d, &[("reason", "工资台账不全")]).await;
    until!(&d, "the 核定分 follows", || async {
        text(&d, "#review-totals").await != before
    })
    .await;
    press_css(&d, "li.hint[data-code='evidence:none'] button").await;
    fill_dialog(&d, &[]).await;
    until!(&d, "nothing in the way", || async {
        d.find(By::Css("#review-blockers")).await.is_err()
    })
    .await;
    press_css(&d, "button[data-decision='recommend']").await;
    until!(&d, "recommended", || async {
        text(&d, "button.decide.chosen").await == "推荐"
    })
    .await;
    click(&d, "#review-list").await;

    // A container's evidence beside its item: the picture, timed from the click.
    open_row(&d, "连云港石化技工").await;
    assert!(d
        .find(By::Css("li.hint[data-code='unproved:skill.2']"))
        .await
        .is_ok());
    let opened = Instant::now();
    press_css(&d, ".review-item[data-item='skill.1'] .evidence-open").await;
    until!(&d, "the picture", || async {
        js(
            &d,
            "const i = document.getElementById('viewer-image'); return Boolean(i && i.complete && i.naturalWidth > 0)",
            vec![],
        )
        .await
            == json!(true)
    })
    .await;
    eprintln!(
        "evidence opened beside its item in {} ms",
        opened.elapsed().as_millis()
    );
    painted(&d).await;
    artefact("desk-item.png");
    click(&d, "#review-list").await;

    // The vetoed application says why it cannot be recommended.
    open_row(&d, &sample.vetoed_brand).await;
    assert!(text(&d, "#review-blockers").await.contains("一票否决"));
    click(&d, "#review-list").await;

    // The edited paper copy.
    click(&d, "#review-paper").await;
    css(&d, "#field-code").await;
    js(
        &d,
        "document.getElementById('field-code').value = arguments[0]; document.querySelector('#modal-root .modal button.primary').click(); return 1",
        vec![json!(sample.printed_code)],
    )
    .await;
    until!(&d, "no match", || async {
        text(&d, ".modal").await.contains("都不符")
    })
    .await;
    click(&d, ".modal button").await;

    // The outputs through the Save dialogs.
    let forms = files.path().join("县区推荐表.pdf");
    let sheet = files.path().join("推荐汇总表.xlsx");
    let package = files.path().join("海州区.lbreview");
    for (button, path, said) in [
        ("#review-forms", &forms, "县区推荐表已保存"),
        ("#review-report-xlsx", &sheet, "推荐汇总表已保存"),
        ("#review-package", &package, "报送包已保存"),
    ] {
        choose_paths(
            &d,
            json!({ "review_save": ["review_save_to", { "path": path }] }),
        )
        .await;
        click(&d, button).await;
        until!(&d, said, || async {
            text(&d, ".modal").await.contains(said)
        })
        .await;
        click(&d, ".modal button").await;
        assert!(
            std::fs::metadata(path).unwrap().len() > 1000,
            "{}",
            path.display()
        );
    }
    let v = labour_brand::review::package::verify_file(&package).unwrap();
    assert_eq!((v.applications, v.received), (8, 8));
    let pdf = Command::new("pdftotext")
        .args([forms.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&pdf.stdout).contains("县区审核码"));
}
