//! The one error type the page receives: a stable `code` to decide by and the core's message
//! (Chinese, then English) to show. Nothing in the shell or the page decides by the wording.

use labour_brand::draftfile::DraftFileError;
use labour_brand::output::OutputError;
use labour_brand::store::StoreError;
use serde::Serialize;

/// A failed command, as the page sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CmdError {
    /// Stable code (`disk_full`, `store_corrupt`, …; `error` when the core gives none).
    pub code: &'static str,
    /// What to tell the user: Chinese, then " / " and English.
    pub message: String,
}

/// What a command returns.
pub type CmdResult<T> = Result<T, CmdError>;

impl std::fmt::Display for CmdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl CmdError {
    /// An error without a more specific code.
    pub fn other(message: impl Into<String>) -> CmdError {
        CmdError {
            code: "error",
            message: message.into(),
        }
    }
}

impl From<StoreError> for CmdError {
    fn from(e: StoreError) -> Self {
        CmdError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<OutputError> for CmdError {
    fn from(e: OutputError) -> Self {
        CmdError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<DraftFileError> for CmdError {
    fn from(e: DraftFileError) -> Self {
        CmdError {
            code: "draft_file_invalid",
            message: e.to_string(),
        }
    }
}

impl From<String> for CmdError {
    fn from(message: String) -> Self {
        CmdError::other(message)
    }
}

impl From<&str> for CmdError {
    fn from(message: &str) -> Self {
        CmdError::other(message)
    }
}
