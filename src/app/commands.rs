//! The page's commands, declared once: each name with its call of the application layer.
//! Both transports are made from this table — the window's Tauri invoke handler and the
//! browser edition's `/api/<name>` routes — so neither holds command logic.
//!
//! What differs between them is only how files are chosen and how a saved file reaches the
//! user: a [`FileIo`] (native dialogs in the window; uploads and downloads in the browser).
//! A few commands belong to one transport alone (the window's `quit` and `open_exported`, the
//! browser's `ping`); [`TRANSPORT_ONLY`] names them, and a test checks that every command the
//! page calls is in one of the two lists.

use crate::Bilingual;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::{names, App, AppError, Evidence, ExportFormat};
use crate::draft::Draft;
use crate::fields::FieldInfo;
use crate::pdf::ExportOptions;

/// A refused or failed command, as the page receives it (the shape of [`AppError`]'s JSON:
/// `{code, message, message_zh, message_en}`).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The application's error.
    #[error(transparent)]
    App(#[from] AppError),
    /// Arguments missing or of the wrong shape.
    #[error("{} / {}", self.zh(), self.en())]
    BadArgs(String),
    /// No such command.
    #[error("{} / {}", self.zh(), self.en())]
    Unknown(String),
    /// A transport's own failure (a dialog, an upload that is gone), in both languages.
    #[error("{} / {}", self.zh(), self.en())]
    Transport {
        /// Stable code.
        code: &'static str,
        /// Chinese.
        zh: String,
        /// English.
        en: String,
    },
}

impl Bilingual for CommandError {
    fn code(&self) -> &'static str {
        CommandError::code(self)
    }

    fn zh(&self) -> String {
        match self {
            Self::App(e) => e.zh(),
            Self::BadArgs(_0) => format!("请求的参数不正确：{_0}"),
            Self::Unknown(_) => "没有这个操作".to_string(),
            Self::Transport { zh, .. } => zh.clone(),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::App(e) => e.en(),
            Self::BadArgs(_0) => format!("bad arguments: {_0}"),
            Self::Unknown(_0) => format!("unknown command {_0}"),
            Self::Transport { en, .. } => en.clone(),
        }
    }
}

impl CommandError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CommandError::App(e) => e.code(),
            CommandError::BadArgs(_) => "bad_request",
            CommandError::Unknown(_) => "unknown_command",
            CommandError::Transport { code, .. } => code,
        }
    }

    /// The JSON the page receives: `{code, message, message_zh, message_en}`.
    pub fn to_json(&self) -> Value {
        error_json(self.code(), &self.zh(), &self.en())
    }
}

impl Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// An error in the page's shape.
pub fn error_json(code: &str, zh: &str, en: &str) -> Value {
    json!({ "code": code, "message": format!("{zh} / {en}"), "message_zh": zh, "message_en": en })
}

/// What a command returns.
pub type CommandResult = Result<Value, CommandError>;

/// The files a command lets the user choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// One draft file (`.json` or `.lbdraft`).
    DraftFile,
    /// One backup (`.sqlite3`).
    Backup,
    /// Draft files, several (or a folder of them: the argument `pick` is `"folder"`).
    DraftFiles,
    /// Evidence files (PDF, JPG, PNG), several.
    Evidence,
}

/// A file a command saves: the name proposed and the kind (for a dialog's filter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Save {
    /// The file name proposed.
    pub name: String,
    /// The filter's label in a Save dialog.
    pub filter: &'static str,
    /// The extension.
    pub ext: &'static str,
}

/// How a transport lets the user choose files and hands out what was saved.
pub trait FileIo {
    /// The files the user chose for `pick` (`args` as the page sent them); `None` when the
    /// choice was cancelled.
    fn pick(&self, pick: Pick, args: &Value) -> Result<Option<Vec<PathBuf>>, CommandError>;
    /// Where to write `save`; `None` when cancelled.
    fn save_to(&self, save: &Save) -> Result<Option<PathBuf>, CommandError>;
    /// The answer once the file at `path` is written (`result` is what the command says).
    fn saved(&self, path: &Path, result: Value) -> CommandResult;
}

/// The commands of one transport alone (not in [`COMMANDS`]).
pub const TRANSPORT_ONLY: &[&str] = &["quit", "open_exported", "reveal_exported", "ping"];

/// An argument by name (the page writes camelCase, as Tauri accepts; snake_case works too).
pub fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, CommandError> {
    let camel: String = name
        .split('_')
        .enumerate()
        .map(|(i, w)| {
            if i == 0 || w.is_empty() {
                w.to_string()
            } else {
                w[..1].to_uppercase() + &w[1..]
            }
        })
        .collect();
    let v = args
        .get(name)
        .or_else(|| args.get(&camel))
        .cloned()
        .unwrap_or(Value::Null);
    serde_json::from_value(v).map_err(|e| CommandError::BadArgs(format!("{name}: {e}")))
}

fn ok<T: Serialize>(v: T) -> CommandResult {
    serde_json::to_value(v).map_err(|e| CommandError::BadArgs(e.to_string()))
}

fn id(args: &Value) -> Result<i64, CommandError> {
    arg(args, "id")
}

fn draft(args: &Value) -> Result<Draft, CommandError> {
    arg(args, "draft")
}

fn file_name(path: &Path) -> Value {
    path.file_name()
        .map(|n| Value::String(n.to_string_lossy().into_owned()))
        .unwrap_or(Value::Null)
}

/// Saves through `io`: asks where (`None`: cancelled → `null`), writes with `write`, answers.
fn save_with(
    io: &dyn FileIo,
    save: Save,
    write: impl FnOnce(&Path) -> CommandResult,
) -> CommandResult {
    match io.save_to(&save)? {
        None => Ok(Value::Null),
        Some(path) => {
            let result = write(&path)?;
            io.saved(&path, result)
        }
    }
}

type Handler = fn(&App, &dyn FileIo, &Value) -> CommandResult;

/// Every command of the application layer, by name. Each entry is the whole of the command.
pub const COMMANDS: &[(&str, Handler)] = &[
    ("store_status", |app, _, _| ok(app.status())),
    ("reset_store", |app, _, _| {
        ok(app.reset_store()?.map(|p| p.display().to_string()))
    }),
    ("close_answered", |app, _, _| {
        app.close_answered();
        Ok(Value::Null)
    }),
    ("close_cancelled", |app, _, _| {
        app.close_cancelled();
        Ok(Value::Null)
    }),
    ("rubric", |app, _, a| {
        match arg::<Option<String>>(a, "edition")? {
            Some(e) => ok(app.editions().get(&e).map_err(AppError::from)?.rubric),
            None => ok(app.editions().current().rubric),
        }
    }),
    ("form_fields", |_, _, _| ok(FieldInfo::all())),
    ("list_drafts", |app, _, _| ok(app.list()?)),
    ("list_deleted", |app, _, _| ok(app.list_deleted()?)),
    ("create_draft", |app, _, _| ok(app.create()?)),
    ("load_draft", |app, _, a| ok(app.load(id(a)?)?)),
    ("close_draft", |app, _, _| {
        app.close_draft();
        Ok(Value::Null)
    }),
    ("open_draft", |app, _, _| ok(app.open_draft())),
    ("save_draft", |app, _, a| ok(app.save(id(a)?, &draft(a)?)?)),
    ("discard_unsaved", |app, _, a| {
        app.discard_unsaved(id(a)?);
        Ok(Value::Null)
    }),
    ("evaluate", |app, _, a| {
        let (edition, d): (String, Draft) = (arg(a, "edition")?, draft(a)?);
        let items = arg::<Option<Vec<String>>>(a, "evidence_items")?;
        let open = arg::<Option<Vec<String>>>(a, "open_facts")?.unwrap_or_default();
        ok(app.evaluate_live(&edition, &d, items.as_deref(), &open)?)
    }),
    ("version_code", |_, _, a| ok(draft(a)?.version_code())),
    ("bundle_code", |app, _, a| {
        ok(app.bundle_code(id(a)?, &draft(a)?)?)
    }),
    ("rename_draft", |app, _, a| {
        ok(app.rename(id(a)?, &arg::<String>(a, "name")?)?)
    }),
    ("duplicate_draft", |app, _, a| ok(app.duplicate(id(a)?)?)),
    ("delete_draft", |app, _, a| ok(app.delete(id(a)?)?)),
    ("undelete_draft", |app, _, a| ok(app.undelete(id(a)?)?)),
    ("purge_draft", |app, _, a| ok(app.purge(id(a)?)?)),
    ("history", |app, _, a| ok(app.history(id(a)?)?)),
    ("name_version", |app, _, a| {
        ok(app.name_version(id(a)?, arg(a, "revision")?, &arg::<String>(a, "name")?)?)
    }),
    ("restore_version", |app, _, a| {
        ok(app.restore_version(id(a)?, arg(a, "revision")?)?)
    }),
    ("upgrade_edition", |app, _, a| {
        ok(app.upgrade_edition(id(a)?)?)
    }),
    ("list_evidence", |app, _, a| ok(app.evidence(id(a)?)?)),
    ("add_evidence", |app, io, a| {
        match io.pick(Pick::Evidence, a)? {
            Some(p) if !p.is_empty() => {
                ok(app.attach_files(id(a)?, &arg::<String>(a, "item")?, &p))
            }
            _ => Ok(Value::Null),
        }
    }),
    ("add_evidence_data", |app, _, a| {
        ok(app.add_evidence_base64(
            id(a)?,
            &arg::<String>(a, "item")?,
            &arg::<String>(a, "name")?,
            &arg::<String>(a, "data")?,
        )?)
    }),
    ("retitle_evidence", |app, _, a| {
        ok(app.retitle_evidence(arg(a, "evidence")?, &arg::<String>(a, "title")?)?)
    }),
    ("move_evidence", |app, _, a| {
        ok(app.move_evidence(arg(a, "evidence")?, arg(a, "by")?)?)
    }),
    ("remove_evidence", |app, _, a| {
        ok(app.remove_evidence(arg(a, "evidence")?)?)
    }),
    ("export_bundle", |app, io, a| {
        let d = draft(a)?;
        let save = Save {
            name: names::bundle(&d),
            filter: "PDF 文件",
            ext: "pdf",
        };
        save_with(io, save, |path| {
            let compact = arg::<Option<bool>>(a, "compact")?.unwrap_or(false);
            let mut info = ok(app.export_bundle(id(a)?, &d, compact, path, true)?)?;
            // Where it went, as for the forms (the browser shows the file name alone).
            info["path"] = Value::String(path.display().to_string());
            Ok(info)
        })
    }),
    ("import_draft", |app, io, a| {
        match io.pick(Pick::DraftFile, a)? {
            Some(p) if !p.is_empty() => ok(app.import_file(&p[0])?),
            _ => Ok(Value::Null),
        }
    }),
    ("export_draft", |app, io, a| {
        let id = id(a)?;
        let name = app.draft_file_name(id)?;
        let save = if name.ends_with(crate::container::EXTENSION) {
            Save {
                name,
                filter: "劳务品牌草稿（含佐证材料）",
                ext: crate::container::EXTENSION,
            }
        } else {
            Save {
                name,
                filter: "劳务品牌草稿",
                ext: "json",
            }
        };
        save_with(io, save, |path| {
            app.export_draft_to(id, path, true, Evidence::Keep)?;
            Ok(file_name(path))
        })
    }),
    ("export_unsaved", |app, io, a| {
        let d = draft(a)?;
        let save = Save {
            name: names::unsaved(&d),
            filter: "劳务品牌草稿",
            ext: "json",
        };
        save_with(io, save, |path| {
            app.export_unsaved(&arg::<String>(a, "edition")?, d, path)?;
            Ok(file_name(path))
        })
    }),
    ("export_forms", |app, io, a| {
        let d = draft(a)?;
        let format: ExportFormat = arg(a, "format")?;
        let (filter, ext) = match format {
            ExportFormat::Pdf => ("PDF 文件", "pdf"),
            ExportFormat::Docx => ("Word 文档", "docx"),
        };
        let save = Save {
            name: format.file_name(&d),
            filter,
            ext,
        };
        save_with(io, save, |path| {
            let options = arg::<Option<ExportOptions>>(a, "options")?.unwrap_or_default();
            ok(app.export_forms(id(a)?, &d, format, &options, path)?)
        })
    }),
    ("batch_pick", |app, io, a| {
        match io.pick(Pick::DraftFiles, a)? {
            Some(p) if !p.is_empty() => ok(app.summarise(&p)),
            _ => Ok(Value::Null),
        }
    }),
    ("batch_save", |app, io, _| {
        let save = Save {
            name: names::summary(),
            filter: "Excel 工作簿",
            ext: "xlsx",
        };
        save_with(io, save, |path| {
            app.save_summary(path)?;
            Ok(file_name(path))
        })
    }),
    // The county's desk.
    ("review_view", |app, _, _| ok(app.desk_view()?)),
    ("review_settings", |app, _, a| {
        ok(app.desk_settings(&arg(a, "settings")?)?)
    }),
    ("review_receive", |app, io, a| {
        match io.pick(Pick::DraftFiles, a)? {
            Some(p) if !p.is_empty() => ok(app.desk_receive(&p)?),
            _ => Ok(Value::Null),
        }
    }),
    ("review_detail", |app, _, a| {
        ok(app.desk_detail(&arg::<String>(a, "version")?)?)
    }),
    ("review_judge", |app, _, a| {
        ok(app.desk_judge(
            &arg::<String>(a, "version")?,
            &arg::<String>(a, "item")?,
            arg::<Option<String>>(a, "verdict")?.as_deref(),
            &arg::<Option<String>>(a, "reason")?.unwrap_or_default(),
            arg::<Option<String>>(a, "evidence")?.as_deref(),
        )?)
    }),
    ("review_correct", |app, _, a| {
        ok(app.desk_correct(
            &arg::<String>(a, "version")?,
            &arg::<String>(a, "fact")?,
            arg(a, "value")?,
            &arg::<Option<String>>(a, "reason")?.unwrap_or_default(),
        )?)
    }),
    ("review_ack", |app, _, a| {
        ok(app.desk_acknowledge(
            &arg::<String>(a, "version")?,
            &arg::<String>(a, "hint")?,
            &arg::<Option<String>>(a, "note")?.unwrap_or_default(),
        )?)
    }),
    ("review_decide", |app, _, a| {
        ok(app.desk_decide(
            arg(a, "application")?,
            arg::<Option<String>>(a, "decision")?.as_deref(),
            &arg::<Option<String>>(a, "opinion")?.unwrap_or_default(),
        )?)
    }),
    ("review_paper", |app, _, a| {
        ok(app.desk_paper(&arg::<String>(a, "code")?)?)
    }),
    ("review_evidence", |app, _, a| {
        ok(app.desk_evidence(
            &arg::<String>(a, "version")?,
            &arg::<String>(a, "evidence")?,
        )?)
    }),
    ("review_save", |app, io, a| {
        let what: String = arg(a, "what")?;
        let version = arg::<Option<String>>(a, "version")?;
        let format = arg::<Option<String>>(a, "format")?.unwrap_or_else(|| "pdf".into());
        let bad = || CommandError::BadArgs(format!("what: {what}, format: {format}"));
        let out =
            crate::review::Output::parse(&what, &format, version.as_deref()).ok_or_else(bad)?;
        let save = names::review(&what, &format).ok_or_else(bad)?;
        save_with(io, save, |path| ok(app.desk_output(&out, path)?))
    }),
    ("backup_drafts", |app, io, _| {
        let save = Save {
            name: names::backup(),
            filter: "草稿备份",
            ext: "sqlite3",
        };
        save_with(io, save, |path| {
            app.backup(path, true)?;
            Ok(file_name(path))
        })
    }),
    ("restore_backup", |app, io, a| {
        match io.pick(Pick::Backup, a)? {
            Some(p) if !p.is_empty() => ok(app.restore_backup(&p[0])?),
            _ => Ok(Value::Null),
        }
    }),
];

/// Whether `cmd` is a command of the table.
pub fn exists(cmd: &str) -> bool {
    COMMANDS.iter().any(|(name, _)| *name == cmd)
}

/// Runs command `cmd` with `args` (a JSON object as the page sends it).
pub fn call(app: &App, io: &dyn FileIo, cmd: &str, args: &Value) -> CommandResult {
    match COMMANDS.iter().find(|(name, _)| *name == cmd) {
        Some((_, handler)) => handler(app, io, args),
        None => Err(CommandError::Unknown(cmd.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command the page calls (`call("name"` in ui/js) is in the table or is one
    /// transport's own; no name is declared twice.
    #[test]
    fn every_command_the_page_calls_is_declared_once() {
        let mut called = std::collections::BTreeSet::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/js");
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "js") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for part in text.split("call(\"").skip(1) {
                        called.insert(part.split('"').next().unwrap().to_string());
                    }
                }
            }
        }
        assert!(called.len() > 30, "{called:?}");
        for c in &called {
            assert!(
                exists(c) || TRANSPORT_ONLY.contains(&c.as_str()),
                "the page calls “{c}”, which no table declares"
            );
        }
        let mut names: Vec<&str> = COMMANDS.iter().map(|(n, _)| *n).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "a command declared twice");
        assert!(TRANSPORT_ONLY.iter().all(|t| !exists(t)));
    }

    /// Arguments by their snake_case or camelCase names; a missing one is a named error.
    #[test]
    fn arguments_are_read_by_either_name_and_missing_ones_are_named() {
        let a = json!({ "evidenceItems": ["basic.1"], "id": 3 });
        assert_eq!(
            arg::<Vec<String>>(&a, "evidence_items").unwrap(),
            ["basic.1"]
        );
        assert_eq!(id(&a).unwrap(), 3);
        let e = arg::<i64>(&json!({}), "revision").unwrap_err();
        assert_eq!(e.code(), "bad_request");
        assert!(e.to_string().contains("revision"));
        let u = CommandError::Unknown("rm".into()).to_json();
        assert_eq!(u["code"], "unknown_command");
        assert_eq!(u["message_zh"], "没有这个操作");
    }
}
