//! What differs by platform: WebKit's compositing on Linux without a GPU, the main window (with
//! a web process that is restarted when it dies), and a native message when nothing else can
//! be shown.

use tauri::{App, Manager, WebviewUrl, WebviewWindowBuilder};

/// Before WebKit starts. On Linux without hardware acceleration (virtual machines, remote
/// desktops, many office PCs) WebKitGTK's accelerated compositing runs in software: a key
/// press took 122–144 ms to reach the screen and the web process crashed in swrast_dri.so, so
/// it is switched off there (6–7 ms, no crash seen). `WEBKIT_DISABLE_COMPOSITING_MODE` set by
/// the user is respected either way; `LABOUR_BRAND_GPU=1` keeps compositing on.
pub fn before_webview_starts() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
        && std::env::var_os("LABOUR_BRAND_GPU").is_none()
        && !linux_has_gpu()
    {
        // Single-threaded here: nothing else reads the environment yet.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Whether a GPU render node can be opened and software rendering is not forced.
#[cfg(target_os = "linux")]
fn linux_has_gpu() -> bool {
    if std::env::var("LIBGL_ALWAYS_SOFTWARE").is_ok_and(|v| v == "1" || v == "true") {
        return false;
    }
    let Ok(entries) = std::fs::read_dir("/dev/dri") else {
        return false;
    };
    entries.filter_map(Result::ok).any(|e| {
        e.file_name().to_string_lossy().starts_with("renderD")
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(e.path())
                .is_ok()
    })
}

/// Creates the main window. Its web data goes to the usual place, or to a temporary folder
/// when that cannot be written (the drafts are elsewhere; the window must still open and say
/// what is wrong with them). On Linux a web process that dies is restarted and the page
/// reloaded; the page reopens the draft that was open.
pub fn create_main_window(app: &mut App) -> tauri::Result<()> {
    let mut builder = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("劳务品牌申报助手")
        .inner_size(1280.0, 720.0)
        .min_inner_size(1000.0, 600.0)
        .resizable(true);
    let usual = app.path().app_local_data_dir().ok();
    if !usual.as_deref().is_some_and(writable_dir) {
        let fallback = std::env::temp_dir().join(format!("labour-brand-webview-{}", whoami()));
        eprintln!(
            "网页数据目录 {usual:?} 不可写，改用 {} / web data directory not writable",
            fallback.display()
        );
        builder = builder.data_directory(fallback);
    }
    let window = builder.build()?;
    #[cfg(target_os = "linux")]
    window.with_webview(|platform| {
        use webkit2gtk::WebViewExt;
        let view = platform.inner();
        view.connect_web_process_terminated(|view, reason| {
            eprintln!("网页进程已退出（{reason:?}），正在重新加载 / web process ended, reloading");
            view.reload();
        });
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}

fn whoami() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "user".into())
}

/// Whether `dir` exists or can be made, and a file can be created in it.
fn writable_dir(dir: &std::path::Path) -> bool {
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let probe = dir.join(format!(".write-probe-{}", std::process::id()));
    let ok = std::fs::File::create(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// Tells the user why the app cannot start, where no window can: a message box on Windows,
/// standard error elsewhere.
pub fn fatal(message: &str) {
    eprintln!("{message}");
    #[cfg(windows)]
    {
        let wide = |s: &str| {
            s.encode_utf16()
                .chain(std::iter::once(0))
                .collect::<Vec<u16>>()
        };
        let (text, caption) = (wide(message), wide("劳务品牌申报助手"));
        #[link(name = "user32")]
        extern "system" {
            fn MessageBoxW(
                hwnd: *mut core::ffi::c_void,
                text: *const u16,
                caption: *const u16,
                kind: u32,
            ) -> i32;
        }
        // MB_OK | MB_ICONERROR
        unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), caption.as_ptr(), 0x10) };
    }
}
