//! What differs by platform: WebKit's compositing on Linux without a GPU, the main window (whose
//! failed web processes [`crate::recovery`] answers), and a native message when nothing else
//! can be shown.

use std::sync::atomic::{AtomicUsize, Ordering};

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::recovery;

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
        // Nor the DMA-BUF renderer, which sets up GBM buffers for nothing when there is no
        // GPU: 4–5 MB less in the app's process (docs/performance.md, idle memory).
        if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
            std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        }
    }
}

/// Once the main window's webview exists: it shows one local page, so WebKit keeps no page
/// cache and the smallest memory caches (the document-viewer cache model).
pub fn tune_webview(window: &WebviewWindow) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    window.with_webview(|platform| {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        if let Some(context) = platform.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
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

/// How many main windows were made: the first is labelled "main", one made anew after a failed
/// WebView2 browser process "main-2" and so on (a label cannot be reused while the old window
/// is being destroyed).
static MADE: AtomicUsize = AtomicUsize::new(0);

/// The main window, whatever its label (the newest while an old one is being replaced).
pub fn main_window(app: &AppHandle) -> Option<WebviewWindow> {
    app.webview_windows()
        .into_iter()
        .max_by_key(|(label, _)| {
            label
                .strip_prefix("main-")
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(1)
        })
        .map(|(_, w)| w)
}

/// Creates the main window. Its web data goes to the usual place, or to a temporary folder
/// when that cannot be written (the drafts are elsewhere; the window must still open and say
/// what is wrong with them). A web process that fails is answered by [`recovery`]; the page
/// reopens the draft that was open.
pub fn create_main_window(
    app: &AppHandle,
    recovery: recovery::Shared,
) -> tauri::Result<WebviewWindow> {
    let label = match MADE.fetch_add(1, Ordering::SeqCst) {
        0 => "main".to_string(),
        n => format!("main-{}", n + 1),
    };
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::App("index.html".into()))
        .title("劳务品牌申报助手")
        .inner_size(1280.0, 720.0)
        .min_inner_size(1000.0, 600.0)
        .resizable(true)
        // Files dropped on an item reach the page as HTML5 drops (their bytes, never a path).
        .disable_drag_drop_handler();
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
    tune_webview(&window)?;
    recovery::watch(&window, recovery)?;
    Ok(window)
}

/// Makes the main window anew (its webview is gone with WebView2's browser process): the new
/// window first, so that the app never has none, then the old one is destroyed.
#[cfg_attr(not(windows), allow(dead_code))]
pub fn recreate_main_window(app: &AppHandle, recovery: recovery::Shared) {
    let old = main_window(app);
    match create_main_window(app, recovery) {
        Ok(_) => {
            if let Some(old) = old {
                let _ = old.destroy();
            }
        }
        Err(e) => notice(&format!(
            "劳务品牌申报助手无法重新打开窗口：{e}\n\n输入的内容都已保存，请重新打开本程序。"
        )),
    }
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

/// The WebView2 runtime's client id in EdgeUpdate's registry keys.
#[cfg(windows)]
const WEBVIEW2_CLIENT: &str = "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";

/// What to tell a user whose Windows has no WebView2 runtime.
pub const WEBVIEW2_MISSING: &str = "劳务品牌申报助手无法打开窗口：这台电脑没有安装 Microsoft Edge WebView2 运行时。\n\n\
请安装“WebView2 运行时”（微软官方网站 https://developer.microsoft.com/microsoft-edge/webview2/ 的“常青版独立安装程序 x64”，\
可在有网络的电脑上下载后拷贝过来安装），或请单位的电脑管理员安装，然后重新打开本软件。\n\n\
您的草稿保存在本机，不受影响。";

/// Said when WebView2 is missing and the app opened itself in the default browser instead.
pub fn webview2_missing_browser(url: &str) -> String {
    format!(
        "这台电脑没有安装 Microsoft Edge WebView2 运行时，劳务品牌申报助手已改为在默认浏览器中打开：\n{url}\n\n\
         使用完毕请点页面右上角的“退出”。如需单独的窗口，请安装“WebView2 运行时”（微软官方网站的“常青版独立安装程序 x64”）。\n\n\
         您的草稿保存在本机，不受影响。"
    )
}

/// Opens `url` in the default browser.
pub fn open_in_browser(url: &str) {
    #[cfg(windows)]
    let opened = std::process::Command::new("explorer").arg(url).spawn();
    #[cfg(not(windows))]
    let opened = std::process::Command::new("xdg-open").arg(url).spawn();
    if let Err(e) = opened {
        eprintln!("无法打开浏览器：{e}");
    }
}

/// Whether the WebView2 runtime is installed (registry `pv` of its EdgeUpdate client, machine
/// or user). Always true off Windows.
pub fn webview_runtime_present() -> bool {
    #[cfg(windows)]
    {
        const HKLM: isize = 0x8000_0002u32 as i32 as isize;
        const HKCU: isize = 0x8000_0001u32 as i32 as isize;
        let keys = [
            (
                HKLM,
                format!("SOFTWARE\\WOW6432Node\\Microsoft\\EdgeUpdate\\Clients\\{WEBVIEW2_CLIENT}"),
            ),
            (
                HKLM,
                format!("SOFTWARE\\Microsoft\\EdgeUpdate\\Clients\\{WEBVIEW2_CLIENT}"),
            ),
            (
                HKCU,
                format!("Software\\Microsoft\\EdgeUpdate\\Clients\\{WEBVIEW2_CLIENT}"),
            ),
        ];
        keys.iter().any(|(root, key)| {
            registry_string(*root, key, "pv").is_some_and(|v| !v.is_empty() && v != "0.0.0.0")
        })
    }
    #[cfg(not(windows))]
    true
}

/// A REG_SZ value, if present.
#[cfg(windows)]
fn registry_string(root: isize, key: &str, value: &str) -> Option<String> {
    #[link(name = "advapi32")]
    extern "system" {
        fn RegGetValueW(
            hkey: isize,
            subkey: *const u16,
            value: *const u16,
            flags: u32,
            kind: *mut u32,
            data: *mut u16,
            len: *mut u32,
        ) -> i32;
    }
    const RRF_RT_REG_SZ: u32 = 0x2;
    let wide = |s: &str| {
        s.encode_utf16()
            .chain(std::iter::once(0))
            .collect::<Vec<u16>>()
    };
    let (k, v) = (wide(key), wide(value));
    let mut buf = vec![0u16; 256];
    let mut len = (buf.len() * 2) as u32;
    // SAFETY: the strings are NUL-terminated and `len` is the buffer's size in bytes.
    let status = unsafe {
        RegGetValueW(
            root,
            k.as_ptr(),
            v.as_ptr(),
            RRF_RT_REG_SZ,
            std::ptr::null_mut(),
            buf.as_mut_ptr(),
            &mut len,
        )
    };
    if status != 0 {
        return None;
    }
    let chars = (len as usize / 2).saturating_sub(1);
    Some(String::from_utf16_lossy(&buf[..chars.min(buf.len())]))
}

/// Tells the user why the app cannot start, where no window can: a message box on Windows,
/// standard error elsewhere.
pub fn fatal(message: &str) {
    message_box(message, 0x10);
}

/// Tells the user something before going on (an information box on Windows).
pub fn notice(message: &str) {
    message_box(message, 0x40);
}

/// A message box with `icon` (MB_ICONERROR 0x10, MB_ICONINFORMATION 0x40) on Windows; stderr
/// everywhere.
fn message_box(message: &str, icon: u32) {
    eprintln!("{message}");
    #[cfg(not(windows))]
    let _ = icon;
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
        // MB_OK | the icon. SAFETY: both strings are NUL-terminated UTF-16.
        unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), caption.as_ptr(), icon) };
    }
}
