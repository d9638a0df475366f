//! Files through the browser: what a window picks in a native dialog arrives here as uploads
//! — one file per request, its raw bytes streamed to disk and refused as soon as they pass the
//! limit — and what it saves goes out as a download with its Chinese file name (RFC 6266/5987).
//! Uploads and downloads live in a private folder of this start (`labour-brand-web-<pid>-<tag>`
//! in the temporary folder), removed when the server stops; a folder whose server died (its
//! heartbeat file is old) is removed by the next start.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

/// The prefix of every start's private folder in the temporary folder.
pub const DIR_PREFIX: &str = "labour-brand-web-";
/// The heartbeat file a running server touches ([`Transfers::beat`]).
const HEARTBEAT: &str = "alive";
/// How often a running server touches its heartbeat.
pub const BEAT_EVERY: Duration = Duration::from_secs(20);
/// A folder whose heartbeat is older than this belongs to a dead server.
const STALE_AFTER: Duration = Duration::from_secs(120);

/// An uploaded file named in a command's arguments (`files: [{name, upload}]`).
#[derive(Debug, Deserialize)]
pub struct UploadRef {
    /// Its name on the user's computer (only the last component is kept).
    pub name: String,
    /// The token the upload request answered.
    pub upload: String,
}

/// What an upload is for: it sets the size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An evidence file (30 MB).
    Evidence,
    /// A draft file or a draft with its evidence.
    Draft,
    /// A backup of the draft database.
    Backup,
}

impl Purpose {
    /// From the upload's query (`?for=evidence`).
    pub fn from_query(query: &str) -> Option<Purpose> {
        match query.split('&').find_map(|kv| kv.strip_prefix("for="))? {
            "evidence" => Some(Purpose::Evidence),
            "draft" => Some(Purpose::Draft),
            "backup" => Some(Purpose::Backup),
            _ => None,
        }
    }

    /// The most bytes such a file may have.
    pub fn limit(self) -> u64 {
        match self {
            Purpose::Evidence => crate::evidence::MAX_FILE_BYTES as u64,
            Purpose::Draft => crate::container::MAX_BYTES,
            Purpose::Backup => 4 * 1024 * 1024 * 1024,
        }
    }
}

/// The uploads and downloads of one start.
pub struct Transfers {
    dir: PathBuf,
    uploads: Mutex<HashMap<String, PathBuf>>,
    downloads: Mutex<HashMap<String, (PathBuf, String)>>,
}

/// A file name that is safe in one folder: the last component, no control or path characters.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    match clean.trim_matches(['.', ' ']) {
        "" => "文件".into(),
        s => shorten(s, MAX_NAME_BYTES),
    }
}

/// The most bytes of a file name on disk (file systems allow 255; room for a prefix).
const MAX_NAME_BYTES: usize = 180;

/// `name` cut to at most `max` bytes on a character boundary, its extension kept.
fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.len() <= 10 => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    let mut out = String::new();
    for c in stem.chars() {
        if out.len() + c.len_utf8() + ext.len() > max {
            break;
        }
        out.push(c);
    }
    out + &ext
}

/// Decodes a percent-encoded UTF-8 header value (the page's `X-File-Name`).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `Content-Disposition` for a download named `name`: an ASCII fallback and the UTF-8 name.
pub fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Removes the private folders of servers that died (SIGKILL, a power cut) in `temp`: those
/// whose process is gone and whose heartbeat is older than two minutes (or that have none and
/// are as old). Returns how many were removed.
pub fn remove_dead(temp: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return 0;
    };
    let now = SystemTime::now();
    let old = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .map(|t| now.duration_since(t).unwrap_or_default() > STALE_AFTER)
            .unwrap_or(true)
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with(DIR_PREFIX) || !path.is_dir() {
            continue;
        }
        // A server that is only paused (or busy) keeps its folder whatever its heartbeat says.
        if process_alive(&name) {
            continue;
        }
        let beat = path.join(HEARTBEAT);
        let dead = if beat.exists() {
            old(&beat)
        } else {
            old(&path)
        };
        if dead && std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

impl Transfers {
    /// A private folder for this start (mode 0700), after removing those of dead servers.
    pub fn new(tag: &str) -> std::io::Result<Transfers> {
        let temp = std::env::temp_dir();
        remove_dead(&temp);
        let dir = temp.join(format!("{DIR_PREFIX}{}-{tag}", std::process::id()));
        create_private(&dir)?;
        let t = Transfers {
            dir,
            uploads: Mutex::default(),
            downloads: Mutex::default(),
        };
        t.beat();
        Ok(t)
    }

    /// The private folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Touches the heartbeat: this folder's server is alive.
    pub fn beat(&self) {
        let _ = std::fs::write(self.dir.join(HEARTBEAT), b"");
    }

    /// A fresh path for an upload named `name`, and its token.
    pub fn incoming(&self, name: &str) -> Result<(String, PathBuf), String> {
        self.ensure_dir()?;
        let t = token()?;
        let folder = self.dir.join(format!("in-{t}"));
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        Ok((t, folder.join(safe_name(name))))
    }

    /// Records a complete upload under its token.
    pub fn received(&self, token: String, path: PathBuf) {
        lock(&self.uploads).insert(token, path);
    }

    /// The paths of uploads named in a command (each taken once); an unknown token is an error
    /// naming the file.
    pub fn take_uploads(&self, refs: &[UploadRef]) -> Result<Vec<PathBuf>, String> {
        let mut map = lock(&self.uploads);
        // All or nothing: a token that is gone (or named twice) takes none of the others.
        let mut seen = std::collections::HashSet::new();
        if let Some(r) = refs
            .iter()
            .find(|r| !map.contains_key(&r.upload) || !seen.insert(&r.upload))
        {
            return Err(format!(
                "「{}」的上传已失效，请重新选择",
                safe_name(&r.name)
            ));
        }
        Ok(refs.iter().filter_map(|r| map.remove(&r.upload)).collect())
    }

    /// Removes uploads a command has used (their folder with them).
    pub fn discard(&self, paths: &[PathBuf]) {
        for p in paths {
            if p.starts_with(&self.dir) {
                if let Some(dir) = p.parent().filter(|d| *d != self.dir) {
                    let _ = std::fs::remove_dir_all(dir);
                }
            }
        }
    }

    /// The private folder again if it is gone (with its owner-only mode), so that what is
    /// written next is not readable by other users.
    fn ensure_dir(&self) -> Result<(), String> {
        if !self.dir.is_dir() {
            create_private(&self.dir).map_err(|e| e.to_string())?;
            self.beat();
        }
        Ok(())
    }

    /// A fresh path to write a download named `name` to.
    pub fn outgoing(&self, name: &str) -> Result<PathBuf, String> {
        self.ensure_dir()?;
        let folder = self.dir.join(format!("out-{}", token()?));
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        Ok(folder.join(safe_name(name)))
    }

    /// Offers the file at `path` (written by [`Transfers::outgoing`]) once; returns its address.
    pub fn offer(&self, path: &Path) -> Result<String, String> {
        let t = token()?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        lock(&self.downloads).insert(t.clone(), (path.to_path_buf(), name));
        Ok(format!("/download/{t}"))
    }

    /// Takes an offered download (once): its path and name. The file is removed once sent.
    pub fn take(&self, token: &str) -> Option<(PathBuf, String)> {
        lock(&self.downloads).remove(token)
    }
}

/// A folder only its owner may enter (0700 on Unix).
fn create_private(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Whether the process that made a folder named `labour-brand-web-<pid>-…` still runs (Unix;
/// elsewhere only the heartbeat tells).
fn process_alive(folder_name: &str) -> bool {
    #[cfg(unix)]
    {
        let pid = folder_name
            .strip_prefix(DIR_PREFIX)
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<i32>().ok());
        if let Some(pid) = pid.filter(|p| *p > 0) {
            // SAFETY: kill with signal 0 only checks that the process exists.
            let r = unsafe { libc::kill(pid, 0) };
            return r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        }
        false
    }
    #[cfg(not(unix))]
    {
        let _ = folder_name;
        false
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Drop for Transfers {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A random token of 128 bits, in hex.
pub fn token() -> Result<String, String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| e.to_string())?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_in_their_folder_and_download_in_chinese() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\a\\商标注册证.pdf"), "商标注册证.pdf");
        assert_eq!(safe_name(".."), "文件");
        assert_eq!(safe_name("a\u{0}b?.pdf"), "a_b_.pdf");
        let d = disposition("东海水晶工匠-推荐表与评分表.pdf");
        assert!(
            d.starts_with("attachment; filename=\"") && d.contains("filename*=UTF-8''%E4%B8%9C"),
            "{d}"
        );
        assert!(d.is_ascii());
        assert_eq!(percent_decode("%E5%95%86%E6%A0%87.pdf"), "商标.pdf");
        // Long names: cut to 180 bytes on a character boundary, the extension kept.
        let long = format!("{}.pdf", "商".repeat(100));
        let short = safe_name(&long);
        assert!(short.len() <= 180 && short.ends_with(".pdf"), "{short}");
        assert!(short.starts_with("商商"));
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(Purpose::from_query("for=evidence"), Some(Purpose::Evidence));
        assert_eq!(Purpose::from_query("for=x"), None);
    }

    /// A dead server's folder (old heartbeat) is removed; a live one's and foreign folders stay.
    #[test]
    fn the_folders_of_dead_servers_are_removed() {
        let temp = tempfile::tempdir().unwrap();
        // No process has a PID this high; this test's own process is alive.
        let dead = temp.path().join(format!("{DIR_PREFIX}2147483000-dead"));
        let live = temp.path().join(format!("{DIR_PREFIX}2147483001-live"));
        let paused = temp
            .path()
            .join(format!("{DIR_PREFIX}{}-paused", std::process::id()));
        let foreign = temp.path().join("other-folder");
        for d in [&dead, &live, &foreign, &paused] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join(HEARTBEAT), b"").unwrap();
        }
        let past = SystemTime::now() - Duration::from_secs(600);
        std::fs::File::options()
            .write(true)
            .open(dead.join(HEARTBEAT))
            .unwrap()
            .set_modified(past)
            .unwrap();
        for d in [&foreign, &paused] {
            std::fs::File::options()
                .write(true)
                .open(d.join(HEARTBEAT))
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
        assert_eq!(remove_dead(temp.path()), 1);
        assert!(!dead.exists() && live.exists() && foreign.exists());
        #[cfg(unix)]
        assert!(
            paused.exists(),
            "a live process keeps its folder, old heartbeat or not"
        );
    }
}
