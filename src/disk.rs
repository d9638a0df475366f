//! What the disk says: free space on the volume holding a path, and whether an I/O error means
//! that the volume is full. Used to tell a full disk from damage, and to say how much room to make.

use std::io;
use std::path::Path;

/// Below this much free space a volume counts as full: SQLite and file writes fail long before
/// the last byte is used, and a healthy volume never runs this low.
pub const NEARLY_FULL: u64 = 1024 * 1024;

/// Bytes available to this user on the volume holding `path` (the nearest existing folder
/// above it), or `None` when the system does not say.
pub fn available(path: &Path) -> Option<u64> {
    let mut probe = path;
    loop {
        if probe.exists() {
            return sys::available(probe);
        }
        probe = probe.parent().filter(|p| !p.as_os_str().is_empty())?;
    }
}

/// Whether the volume holding `path` is (nearly) full.
pub fn is_full(path: &Path) -> bool {
    available(path).is_some_and(|free| free < NEARLY_FULL)
}

/// Whether an I/O error reports a full disk (ENOSPC on Unix; ERROR_DISK_FULL and
/// ERROR_HANDLE_DISK_FULL on Windows, which the standard library maps to the same kind).
pub fn is_full_error(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::StorageFull
        || e.kind() == io::ErrorKind::QuotaExceeded
        || matches!(e.raw_os_error(), Some(code) if sys::DISK_FULL_CODES.contains(&code))
}

/// Free space for a message: "1.5 MB", "0 字节".
pub fn human(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes == 0 {
        "0 字节".to_string()
    } else if bytes < MB / 10 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    }
}

#[cfg(unix)]
mod sys {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// ENOSPC and EDQUOT.
    pub const DISK_FULL_CODES: [i32; 2] = [libc::ENOSPC, libc::EDQUOT];

    pub fn available(path: &Path) -> Option<u64> {
        let c = CString::new(path.as_os_str().as_bytes()).ok()?;
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid NUL-terminated path and `s` a writable statvfs.
        if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
            return None;
        }
        #[allow(clippy::unnecessary_cast)]
        Some(s.f_bavail as u64 * s.f_frsize as u64)
    }
}

#[cfg(windows)]
mod sys {
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;

    /// ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112).
    pub const DISK_FULL_CODES: [i32; 2] = [39, 112];

    pub fn available(path: &Path) -> Option<u64> {
        let wide: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
        let mut free: u64 = 0;
        // SAFETY: `wide` is NUL-terminated; the out pointers are valid or null.
        let ok = unsafe {
            windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW(
                wide.as_ptr(),
                &mut free,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        (ok != 0).then_some(free)
    }
}

#[cfg(not(any(unix, windows)))]
mod sys {
    pub const DISK_FULL_CODES: [i32; 0] = [];
    pub fn available(_: &std::path::Path) -> Option<u64> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_folder_has_room_and_is_not_full() {
        let dir = tempfile::tempdir().unwrap();
        let free = available(&dir.path().join("not/yet/made.sqlite3")).expect("free space");
        assert!(free > NEARLY_FULL);
        assert!(!is_full(dir.path()));
    }

    #[test]
    fn enospc_is_a_full_disk_and_permission_is_not() {
        assert!(is_full_error(&io::Error::from(io::ErrorKind::StorageFull)));
        #[cfg(unix)]
        assert!(is_full_error(&io::Error::from_raw_os_error(libc::ENOSPC)));
        assert!(!is_full_error(&io::Error::from(
            io::ErrorKind::PermissionDenied
        )));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human(0), "0 字节");
        assert_eq!(human(3000), "3 KB");
        assert_eq!(human(5 * 1024 * 1024 / 2), "2.5 MB");
    }
}
