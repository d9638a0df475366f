//! The model crate's tests, one binary (no PDF, Word, SQLite or zip linked in): every rubric item
//! at every boundary as tables a domain expert can check, the shipped rubric files against the
//! official text, properties over random drafts, and every sentence the engine can make.

mod properties;
mod rubric_cases;
mod rubric_file;
mod sentences;
