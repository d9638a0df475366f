//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod matrix;

use labour_brand::Draft;

/// A folder this process cannot write to, for as long as the value lives. Root ignores file
/// permissions, so as root the folder gets a read-only bind mount over itself; otherwise its
/// mode is set to 0555.
pub struct ReadOnlyDir {
    pub path: std::path::PathBuf,
    mounted: bool,
}

impl ReadOnlyDir {
    pub fn new(path: &std::path::Path) -> ReadOnlyDir {
        std::fs::create_dir_all(path).unwrap();
        let is_root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        if is_root {
            let p = path.to_str().unwrap();
            let ok = std::process::Command::new("mount")
                .args(["--bind", p, p])
                .status()
                .map(|s| s.success())
                .unwrap_or(false)
                && std::process::Command::new("mount")
                    .args(["-o", "remount,bind,ro", p])
                    .status()
                    .map(|s| s.success())
                    .unwrap_or(false);
            assert!(
                ok,
                "cannot make {p} read-only: a read-only bind mount needs CAP_SYS_ADMIN"
            );
            ReadOnlyDir {
                path: path.to_path_buf(),
                mounted: true,
            }
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
            ReadOnlyDir {
                path: path.to_path_buf(),
                mounted: false,
            }
        }
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .arg(&self.path)
                .status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// Runs an outside tool (poppler, qpdf, LibreOffice…) and returns its output; a missing or
/// failing tool fails the test (scripts/test.sh installs them): such checks are never skipped.
pub fn tool(cmd: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("`{cmd}` is needed for this test (run scripts/test.sh to install it): {e}")
        });
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without any whitespace, for comparing wording that a layout re-wrapped.
/// `s` without whitespace and without the Word copy's no-break joins (U+200D).
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != labour_brand::linebreak::NO_BREAK_JOIN)
        .collect()
}

/// The page count of a PDF, by pdfinfo.
pub fn pages_of(path: &std::path::Path) -> usize {
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A binary PGM (P5) page, as pdftoppm `-gray` and mutool write it: (width, height, pixels).
pub fn read_pgm(path: &std::path::Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[i + 1..i + 1 + w * h].to_vec())
}

/// Words of one page as pdftotext reads them, with their boxes in mm from the top-left corner:
/// (text, xMin, yMin, xMax, yMax).
pub fn word_boxes(path: &std::path::Path, page: usize) -> Vec<(String, f64, f64, f64, f64)> {
    let n = page.to_string();
    let html = tool(
        "pdftotext",
        &["-bbox", "-f", &n, "-l", &n, path.to_str().unwrap(), "-"],
    );
    let mm = 25.4 / 72.0;
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let attr = |k: &str| -> f64 {
                let at = l.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                l[at..].split('"').next().unwrap().parse::<f64>().unwrap() * mm
            };
            let text = l
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("");
            (
                text.to_string(),
                attr("xMin"),
                attr("yMin"),
                attr("xMax"),
                attr("yMax"),
            )
        })
        .collect()
}

/// The font sizes MuPDF reads from a PDF, each with the bottom (mm from the top) of its line:
/// what is set, as written in the file.
pub fn text_sizes(path: &std::path::Path) -> Vec<(f64, f64)> {
    let stext = tool(
        "mutool",
        &[
            "draw",
            "-q",
            "-F",
            "stext",
            "-o",
            "-",
            path.to_str().unwrap(),
        ],
    );
    let value = |l: &str, k: &str| -> String {
        l.split(&format!("{k}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let mut bottom_mm = 0.0;
    let mut out = Vec::new();
    for l in stext.lines().map(str::trim_start) {
        if l.starts_with("<line") {
            let y1: f64 = value(l, "bbox").split(' ').nth(3).unwrap().parse().unwrap();
            bottom_mm = y1 * 25.4 / 72.0;
        } else if l.starts_with("<font") {
            out.push((bottom_mm, value(l, "size").parse().unwrap()));
        }
    }
    out
}

/// Writes the forms of `draft` by `rubric` as PDF or Word to `path` through the one export use
/// case (replacing a file there, as after a Save dialog).
#[allow(dead_code)]
pub fn write_forms(
    format: labour_brand::app::ExportFormat,
    draft: &Draft,
    rubric: &'static labour_brand::Rubric,
    options: &labour_brand::pdf::ExportOptions,
    path: &std::path::Path,
) -> Result<labour_brand::pdf::ExportInfo, labour_brand::app::AppError> {
    let edition = labour_brand::rubric::Edition {
        rubric,
        standard: None,
    };
    let guard = labour_brand::app::Guard {
        confirmed: true,
        ..Default::default()
    };
    labour_brand::app::files::export_forms(edition, draft, format, options, path, &guard)
}

/// `jpeg` with an EXIF orientation spliced in after its start marker.
pub fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}
