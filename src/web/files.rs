//! Files through the browser: what a window picks in a native dialog arrives here as uploads
//! (the files' bytes, never a path of the user's), and what it saves goes out as a download
//! with its Chinese file name (RFC 6266/5987). Uploads and downloads live in a private folder
//! of this start, removed when the server stops.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;

/// One uploaded file.
#[derive(Debug, Deserialize)]
pub struct Upload {
    /// Its name on the user's computer (only the last component is kept).
    pub name: String,
    /// Its bytes, base64.
    pub data: String,
}

/// The uploads and downloads of one start.
pub struct Transfers {
    dir: PathBuf,
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
        s => s.chars().take(120).collect(),
    }
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

impl Transfers {
    /// A private folder for this start.
    pub fn new(secret: &str) -> std::io::Result<Transfers> {
        let dir = std::env::temp_dir().join(format!(
            "labour-brand-web-{}-{}",
            std::process::id(),
            &secret[..8]
        ));
        std::fs::create_dir_all(&dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(Transfers {
            dir,
            downloads: Mutex::default(),
        })
    }

    /// Writes uploads to a fresh folder and returns their paths (named as the user's files).
    pub fn receive(&self, uploads: &[Upload]) -> Result<Vec<PathBuf>, String> {
        let folder = self.dir.join(format!("in-{}", token()?));
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        let mut paths = Vec::new();
        for (i, u) in uploads.iter().enumerate() {
            let bytes =
                crate::evidence::decode_base64(&u.name, &u.data).map_err(|e| e.to_string())?;
            let mut path = folder.join(safe_name(&u.name));
            if paths.contains(&path) {
                path = folder.join(format!("{i}-{}", safe_name(&u.name)));
            }
            std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
            paths.push(path);
        }
        Ok(paths)
    }

    /// A fresh path to write a download named `name` to.
    pub fn outgoing(&self, name: &str) -> Result<PathBuf, String> {
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
        self.downloads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(t.clone(), (path.to_path_buf(), name));
        Ok(format!("/download/{t}"))
    }

    /// Takes an offered download (once).
    pub fn take(&self, token: &str) -> Option<(Vec<u8>, String)> {
        let (path, name) = self
            .downloads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(token)?;
        let bytes = std::fs::read(&path).ok()?;
        let _ = std::fs::remove_file(&path);
        Some((bytes, name))
    }
}

impl Drop for Transfers {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn token() -> Result<String, String> {
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
    }
}
