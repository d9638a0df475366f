//! When the webview's own processes fail: WebKitGTK's web process on Linux, WebView2's renderer
//! or browser process on Windows (Tauri has no API for either; the hooks go through
//! `with_webview`). A dead renderer is answered by reloading the page, a dead WebView2 browser
//! process by making the window's webview anew; either way the page reopens the draft that was
//! open (the application layer remembers it, and what was typed was saved as it was typed).
//! Retries are bounded: a page that keeps crashing is not reloaded for ever.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Which of the webview's processes failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// WebKitGTK reports only the web process's end; WebView2 tells them apart.
#[cfg_attr(not(windows), allow(dead_code))]
pub enum Failure {
    /// The process that runs the page exited or was killed.
    Renderer,
    /// The page's process hangs (WebView2 says so after a while).
    Unresponsive,
    /// WebView2's browser process exited: the webview is gone as a whole.
    Browser,
    /// Another helper process (GPU, utility, a frame's): the engine restarts it itself.
    Helper,
}

/// What to do about a [`Failure`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// Reload the page in the same webview.
    Reload,
    /// Make the window's webview anew.
    Recreate,
    /// Nothing: the engine copes.
    Ignore,
    /// Too many failures in a short time: stop and tell the user.
    GiveUp,
}

/// Failures allowed within [`Recovery::WINDOW`] before giving up.
const LIMIT: usize = 3;

/// The bounded retry policy (one per app, shared by every window it makes).
#[derive(Debug, Default)]
pub struct Recovery {
    recent: VecDeque<Instant>,
    gave_up: bool,
}

impl Recovery {
    /// The span in which at most [`LIMIT`] recoveries are tried.
    pub const WINDOW: Duration = Duration::from_secs(120);

    /// The remedy for `failure` happening at `now`.
    pub fn on(&mut self, failure: Failure, now: Instant) -> Remedy {
        let remedy = match failure {
            Failure::Helper => return Remedy::Ignore,
            Failure::Renderer | Failure::Unresponsive => Remedy::Reload,
            Failure::Browser => Remedy::Recreate,
        };
        if self.gave_up {
            return Remedy::Ignore;
        }
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) > Self::WINDOW)
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= LIMIT {
            self.gave_up = true;
            return Remedy::GiveUp;
        }
        self.recent.push_back(now);
        remedy
    }
}

/// The policy as the hooks share it.
pub type Shared = Arc<Mutex<Recovery>>;

/// Said once when the page keeps failing.
pub const GIVING_UP: &str = "劳务品牌申报助手的网页组件在两分钟内多次意外退出，已停止自动重新加载。\n\n\
输入的内容在输入时已自动保存。请关闭本程序后重新打开；若仍出现此问题，可改用浏览器版（命令行 labour-brand serve）。";

/// The remedy for `failure` now; when it is to give up, the user is told in a native message
/// (the page cannot say it: its process is what keeps failing).
fn decide(app: &tauri::AppHandle, recovery: &Shared, failure: Failure) -> Remedy {
    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
    let remedy = recovery
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .on(failure, Instant::now());
    eprintln!("网页组件进程故障（{failure:?}），处理：{remedy:?} / webview process failed");
    if remedy == Remedy::GiveUp {
        app.dialog()
            .message(GIVING_UP)
            .title("劳务品牌申报助手")
            .kind(MessageDialogKind::Warning)
            .show(|_| {});
    }
    remedy
}

/// Watches the main window's webview for failed processes.
pub fn watch(window: &tauri::WebviewWindow, recovery: Shared) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        let app = window.app_handle().clone();
        window.with_webview(move |platform| {
            use webkit2gtk::WebViewExt;
            platform
                .inner()
                .connect_web_process_terminated(move |view, reason| {
                    eprintln!("网页进程已退出（{reason:?}） / web process ended");
                    if decide(&app, &recovery, Failure::Renderer) == Remedy::Reload {
                        view.reload();
                    }
                });
        })?;
    }
    #[cfg(windows)]
    windows::watch(window, recovery)?;
    #[cfg(not(any(target_os = "linux", windows)))]
    let _ = (window, recovery);
    Ok(())
}

#[cfg(windows)]
mod windows {
    use super::{decide, Failure, Remedy, Shared};
    use tauri::Manager;
    use webview2_com::Microsoft::Web::WebView2::Win32::*;
    use webview2_com::ProcessFailedEventHandler;

    fn failure_of(kind: COREWEBVIEW2_PROCESS_FAILED_KIND) -> Failure {
        match kind {
            COREWEBVIEW2_PROCESS_FAILED_KIND_BROWSER_PROCESS_EXITED => Failure::Browser,
            COREWEBVIEW2_PROCESS_FAILED_KIND_RENDER_PROCESS_EXITED => Failure::Renderer,
            COREWEBVIEW2_PROCESS_FAILED_KIND_RENDER_PROCESS_UNRESPONSIVE => Failure::Unresponsive,
            _ => Failure::Helper,
        }
    }

    /// Hooks WebView2's `ProcessFailed` event of the window's webview.
    pub fn watch(window: &tauri::WebviewWindow, recovery: Shared) -> tauri::Result<()> {
        let app = window.app_handle().clone();
        window.with_webview(move |platform| {
            let handler = ProcessFailedEventHandler::create(Box::new(move |sender, args| {
                let mut kind = COREWEBVIEW2_PROCESS_FAILED_KIND::default();
                if let Some(args) = args {
                    // SAFETY: `kind` is a valid place for the event's out-parameter.
                    unsafe { args.ProcessFailedKind(&mut kind)? };
                }
                match decide(&app, &recovery, failure_of(kind)) {
                    Remedy::Reload => {
                        if let Some(view) = sender {
                            // SAFETY: a COM call on the webview that raised the event, on its thread.
                            unsafe { view.Reload()? };
                        }
                    }
                    Remedy::Recreate => {
                        let handle = app.clone();
                        let recovery = recovery.clone();
                        // Not inside the dead webview's own callback: on the next turn of the loop.
                        let _ = app.run_on_main_thread(move || {
                            crate::platform::recreate_main_window(&handle, recovery)
                        });
                    }
                    Remedy::Ignore | Remedy::GiveUp => {}
                }
                Ok(())
            }));
            let mut token = 0i64;
            // SAFETY: COM calls on the window's own controller, on the thread that made it.
            let hooked = unsafe {
                platform
                    .controller()
                    .CoreWebView2()
                    .and_then(|core| core.add_ProcessFailed(&handler, &mut token))
            };
            if let Err(e) = hooked {
                eprintln!("无法监视网页组件（{e}） / cannot watch WebView2");
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (seconds since the first failure, what failed, what is done), read top to bottom.
    fn run(events: &[(u64, Failure, Remedy)]) {
        let mut r = Recovery::default();
        let t0 = Instant::now();
        for (i, (s, f, want)) in events.iter().enumerate() {
            assert_eq!(
                r.on(*f, t0 + Duration::from_secs(*s)),
                *want,
                "event {i}: {f:?} at {s} s"
            );
        }
    }

    #[test]
    fn a_dead_page_is_reloaded_and_a_dead_browser_process_makes_the_webview_anew() {
        use Failure::*;
        run(&[
            (0, Renderer, Remedy::Reload),
            (1, Helper, Remedy::Ignore),
            (2, Browser, Remedy::Recreate),
            (3, Unresponsive, Remedy::Reload),
        ]);
    }

    #[test]
    fn three_recoveries_in_two_minutes_then_it_gives_up_once_and_stays_quiet() {
        use Failure::*;
        run(&[
            (0, Renderer, Remedy::Reload),
            (10, Renderer, Remedy::Reload),
            (20, Browser, Remedy::Recreate),
            (30, Renderer, Remedy::GiveUp),
            (40, Renderer, Remedy::Ignore),
            (500, Browser, Remedy::Ignore),
        ]);
    }

    #[test]
    fn failures_far_apart_are_each_recovered() {
        use Failure::*;
        run(&[
            (0, Renderer, Remedy::Reload),
            (100, Renderer, Remedy::Reload),
            (200, Renderer, Remedy::Reload),
            (300, Renderer, Remedy::Reload),
            (400, Browser, Remedy::Recreate),
        ]);
    }

    #[test]
    fn helper_processes_never_count() {
        use Failure::*;
        let mut events = vec![(0, Helper, Remedy::Ignore); 10];
        events.push((1, Renderer, Remedy::Reload));
        run(&events);
    }
}
