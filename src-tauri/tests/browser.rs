//! The page in Blink (Chromium), the engine WebView2 uses, as the local browser mode serves it
//! (`labour_brand::web`, what `labour-brand serve` runs), driven through chromedriver: open the
//! printed address, a new draft, type, answer 是/否 by keyboard, the live score, a reload that
//! keeps the text, 退出. Debian's chromium and chromium-driver (scripts/test.sh installs them).

#![cfg(all(target_os = "linux", feature = "e2e"))]

use std::net::TcpStream;
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

#[tokio::test(flavor = "multi_thread")]
async fn the_page_runs_in_chromium_served_locally() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let server = Server::start(Arc::new(App::open(&db)), 0).unwrap();
    let port = 9615;
    let _driver = Driver(
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
    ] {
        caps.add_arg(a).unwrap();
    }
    let d = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
        .await
        .unwrap();

    // The printed address sets the cookie and leads to the page.
    d.goto(server.url()).await.unwrap();
    until("the list", || async {
        d.find(By::Id("new-draft")).await.is_ok()
    })
    .await;
    assert!(
        !d.current_url().await.unwrap().as_str().contains("k="),
        "the secret left the address bar"
    );
    d.find(By::Id("new-draft"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("the editor", || async {
        d.find(By::Id("brand-name")).await.is_ok()
    })
    .await;
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
        js(&d, "return document.querySelector(\"[data-item='basic.1'] .item-result\")?.textContent ?? ''")
            .await
            .as_str()
            .is_some_and(|t| t.contains("已制定劳务品牌建设实施方案"))
    })
    .await;
    until("saved", || async {
        js(
            &d,
            "return document.getElementById('save-status')?.textContent ?? ''",
        )
        .await
        .as_str()
        .is_some_and(|t| t.starts_with("已保存"))
    })
    .await;
    // A reload comes back to the draft with its text.
    d.refresh().await.unwrap();
    until("the draft reopened", || async {
        match d.find(By::Id("brand-name")).await {
            Ok(e) => e.value().await.unwrap().as_deref() == Some("连云港海鲜厨师"),
            Err(_) => false,
        }
    })
    .await;
    assert_eq!(
        js(&d, "return window.__errors ?? []").await,
        json!([]),
        "no script error in Blink"
    );
    // 退出 from the page: the server stops.
    js(&d, "fetch('/api/quit', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }); return 1").await;
    let _ = d.quit().await;
    server.wait();
}
