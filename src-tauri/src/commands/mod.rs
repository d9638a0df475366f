//! The commands the page invokes, by area. Each is a few lines over the application layer
//! ([`labour_brand::app::App`], the managed state); errors reach the page as the core's typed
//! [`AppError`] (`{code, message, message_zh, message_en}`).
//!
//! Paths never come from the page: files are chosen in native dialogs ([`crate::dialogs`]),
//! and only the file last exported may be opened. The commands that take a path exist only for
//! the end-to-end tests (feature `e2e`, see [`test_only`]).

pub mod drafts;
pub mod evidence;
pub mod files;
pub mod window;

#[cfg(feature = "e2e")]
pub mod test_only;

use labour_brand::app::AppError;

/// What a command returns.
pub type CmdResult<T> = Result<T, AppError>;
