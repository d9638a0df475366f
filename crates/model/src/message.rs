//! How an error reaches a person: a stable code to decide by, and its message in Chinese and in
//! English kept apart, so that no front end ever splits or parses a text.

/// An error as every front end shows it. Each layer's error enum implements it once; an enum
/// that wraps the errors of the layer below delegates to them (no front end looks deeper).
pub trait Bilingual {
    /// A stable code (the wording may change, the code does not).
    fn code(&self) -> &'static str;
    /// The message in Chinese, for the user.
    fn zh(&self) -> String;
    /// The message in English, for logs and developers.
    fn en(&self) -> String;
    /// Both, as the CLI prints them: "中文 / English".
    fn both(&self) -> String {
        format!("{} / {}", self.zh(), self.en())
    }
}
