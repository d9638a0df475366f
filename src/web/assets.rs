//! The window's page (ui/), embedded in the program, served as it is.

/// Every file of ui/ but its tests, by path. `tests/integration/web.rs` checks the list against the folder.
pub const FILES: &[(&str, &[u8])] = &[
    ("css/app.css", include_bytes!("../../ui/css/app.css")),
    ("index.html", include_bytes!("../../ui/index.html")),
    ("js/api.js", include_bytes!("../../ui/js/api.js")),
    ("js/autosave.js", include_bytes!("../../ui/js/autosave.js")),
    ("js/batch.js", include_bytes!("../../ui/js/batch.js")),
    ("js/dom.js", include_bytes!("../../ui/js/dom.js")),
    ("js/draft.js", include_bytes!("../../ui/js/draft.js")),
    ("js/editor.js", include_bytes!("../../ui/js/editor.js")),
    (
        "js/editor/evidence.js",
        include_bytes!("../../ui/js/editor/evidence.js"),
    ),
    (
        "js/editor/exporting.js",
        include_bytes!("../../ui/js/editor/exporting.js"),
    ),
    (
        "js/editor/fields.js",
        include_bytes!("../../ui/js/editor/fields.js"),
    ),
    (
        "js/editor/form.js",
        include_bytes!("../../ui/js/editor/form.js"),
    ),
    (
        "js/editor/history.js",
        include_bytes!("../../ui/js/editor/history.js"),
    ),
    (
        "js/editor/inputs.js",
        include_bytes!("../../ui/js/editor/inputs.js"),
    ),
    ("js/format.js", include_bytes!("../../ui/js/format.js")),
    ("js/help.js", include_bytes!("../../ui/js/help.js")),
    ("js/home.js", include_bytes!("../../ui/js/home.js")),
    ("js/main.js", include_bytes!("../../ui/js/main.js")),
    ("js/modal.js", include_bytes!("../../ui/js/modal.js")),
    ("js/panel.js", include_bytes!("../../ui/js/panel.js")),
    ("js/review.js", include_bytes!("../../ui/js/review.js")),
    (
        "js/review/format.js",
        include_bytes!("../../ui/js/review/format.js"),
    ),
    ("js/saved.js", include_bytes!("../../ui/js/saved.js")),
];

/// The file a request path names ("/" and "" are index.html).
pub fn name(path: &str) -> &str {
    match path.trim_start_matches('/') {
        "" => "index.html",
        p => p,
    }
}

/// A file and its content type by its request path.
pub fn get(path: &str) -> Option<(&'static [u8], &'static str)> {
    let name = name(path);
    FILES
        .iter()
        .find(|(p, _)| *p == name)
        .map(|(_, b)| (*b, content_type(name)))
}

/// The content type of a file name.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") | None => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
