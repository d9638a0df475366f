//! The page's commands over HTTP: the same names and arguments as the window's Tauri commands,
//! each a call of the application layer. What a window picks in a native dialog arrives as
//! uploaded files (`files`), and what it saves is offered as a download ([`super::files`]).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::files::{Transfers, Upload};
use crate::app::{names, App, AppError, Evidence, ExportFormat};
use crate::draft::Draft;
use crate::fields::FieldInfo;
use crate::pdf::ExportOptions;

/// A refused or failed call, as the page receives it (the shape of [`AppError`]'s JSON).
#[derive(Debug)]
pub enum ApiError {
    /// The application's error.
    App(AppError),
    /// Arguments missing or of the wrong shape.
    BadArgs(String),
    /// No such command.
    Unknown(String),
}

impl ApiError {
    /// The JSON the page receives.
    pub fn to_json(&self) -> Value {
        match self {
            ApiError::App(e) => serde_json::to_value(e).unwrap_or(Value::Null),
            ApiError::BadArgs(m) => err(
                "bad_request",
                &format!("请求的参数不正确：{m}"),
                &format!("bad arguments: {m}"),
            ),
            ApiError::Unknown(c) => err(
                "unknown_command",
                "没有这个操作",
                &format!("unknown command {c}"),
            ),
        }
    }
}

fn err(code: &str, zh: &str, en: &str) -> Value {
    json!({ "code": code, "message": format!("{zh} / {en}"), "message_zh": zh, "message_en": en })
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

/// An argument by name (the page writes camelCase, as Tauri accepts).
fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, ApiError> {
    let camel: String = name
        .split('_')
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
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
    serde_json::from_value(v).map_err(|e| ApiError::BadArgs(format!("{name}: {e}")))
}

fn ok<T: Serialize>(v: T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::BadArgs(e.to_string()))
}

/// The uploaded files of a pick (`None`: the user chose none, as a cancelled dialog).
fn picked(t: &Transfers, args: &Value) -> Result<Option<Vec<std::path::PathBuf>>, ApiError> {
    let files: Option<Vec<Upload>> = arg(args, "files")?;
    match files {
        Some(f) if !f.is_empty() => Ok(Some(t.receive(&f).map_err(ApiError::BadArgs)?)),
        _ => Ok(None),
    }
}

/// Offers the file a save wrote as a download: `{download, name, result}`.
fn offered<T: Serialize>(
    t: &Transfers,
    path: &std::path::Path,
    result: T,
) -> Result<Value, ApiError> {
    let download = t.offer(path).map_err(ApiError::BadArgs)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(
        json!({ "download": download, "name": name, "result": serde_json::to_value(result).unwrap_or(Value::Null) }),
    )
}

fn outgoing(t: &Transfers, name: &str) -> Result<std::path::PathBuf, ApiError> {
    t.outgoing(name).map_err(ApiError::BadArgs)
}

/// The commands a window runs through a native file dialog: here uploads and downloads.
fn file_command(app: &App, t: &Transfers, cmd: &str, args: &Value) -> Result<Value, ApiError> {
    let id = || arg::<i64>(args, "id");
    match cmd {
        "import_draft" => match picked(t, args)? {
            Some(p) => ok(app.import_file(&p[0])?),
            None => Ok(Value::Null),
        },
        "restore_backup" => match picked(t, args)? {
            Some(p) => ok(app.restore_backup(&p[0])?),
            None => Ok(Value::Null),
        },
        "batch_pick" => match picked(t, args)? {
            Some(p) => ok(app.summarise(&p)),
            None => Ok(Value::Null),
        },
        "add_evidence" => match picked(t, args)? {
            Some(p) => ok(app.attach_files(id()?, &arg::<String>(args, "item")?, &p)),
            None => Ok(Value::Null),
        },
        "export_draft" => {
            let id = id()?;
            let path = outgoing(t, &app.draft_file_name(id)?)?;
            app.export_draft_to(id, &path, true, Evidence::Keep)?;
            offered(
                t,
                &path,
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
            )
        }
        "export_unsaved" => {
            let draft: Draft = arg(args, "draft")?;
            let path = outgoing(t, &names::unsaved(&draft))?;
            app.export_unsaved(&arg::<String>(args, "edition")?, draft, &path)?;
            offered(
                t,
                &path,
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
            )
        }
        "export_forms" => {
            let draft: Draft = arg(args, "draft")?;
            let format: ExportFormat = arg(args, "format")?;
            let options: ExportOptions =
                arg::<Option<ExportOptions>>(args, "options")?.unwrap_or_default();
            let path = outgoing(t, &format.file_name(&draft))?;
            let mut info = app.export_forms(id()?, &draft, format, &options, &path)?;
            info.path = path.file_name().map(Into::into);
            offered(t, &path, info)
        }
        "export_bundle" => {
            let draft: Draft = arg(args, "draft")?;
            let path = outgoing(t, &names::bundle(&draft))?;
            let info = app.export_bundle(
                id()?,
                &draft,
                arg::<Option<bool>>(args, "compact")?.unwrap_or(false),
                &path,
                true,
            )?;
            offered(t, &path, info)
        }
        "backup_drafts" => {
            let path = outgoing(t, &names::backup())?;
            app.backup(&path, true)?;
            offered(
                t,
                &path,
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
            )
        }
        "batch_save" => {
            let path = outgoing(t, &names::summary())?;
            app.save_summary(&path)?;
            offered(
                t,
                &path,
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
            )
        }
        // The browser shows its downloads itself.
        "open_exported" | "reveal_exported" => Ok(Value::Null),
        other => Err(ApiError::Unknown(other.to_string())),
    }
}

/// Runs command `cmd` with `args`.
pub fn call(app: &App, t: &Transfers, cmd: &str, args: &Value) -> Result<Value, ApiError> {
    let id = || arg::<i64>(args, "id");
    match cmd {
        "store_status" => ok(app.status()),
        "reset_store" => ok(app.reset_store()?.map(|p| p.display().to_string())),
        "rubric" => match arg::<Option<String>>(args, "edition")? {
            Some(e) => ok(app.editions().get(&e).map_err(AppError::from)?.rubric),
            None => ok(app.editions().current().rubric),
        },
        "form_fields" => ok(FieldInfo::all()),
        "list_drafts" => ok(app.list()?),
        "list_deleted" => ok(app.list_deleted()?),
        "create_draft" => ok(app.create()?),
        "load_draft" => ok(app.load(id()?)?),
        "close_draft" => ok(app.close_draft()),
        "open_draft" => ok(app.open_draft()),
        "save_draft" => ok(app.save(id()?, &arg::<Draft>(args, "draft")?)?),
        "discard_unsaved" => ok(app.discard_unsaved(id()?)),
        "evaluate" => {
            let edition: String = arg(args, "edition")?;
            let draft: Draft = arg(args, "draft")?;
            match arg::<Option<Vec<String>>>(args, "evidence_items")? {
                Some(items) => ok(app.evaluate_with_evidence(&edition, &draft, &items)?),
                None => ok(app.evaluate(&edition, &draft)?),
            }
        }
        "version_code" => ok(arg::<Draft>(args, "draft")?.version_code()),
        "bundle_code" => ok(app.bundle_code(id()?, &arg::<Draft>(args, "draft")?)?),
        "rename_draft" => ok(app.rename(id()?, &arg::<String>(args, "name")?)?),
        "duplicate_draft" => ok(app.duplicate(id()?)?),
        "delete_draft" => ok(app.delete(id()?)?),
        "undelete_draft" => ok(app.undelete(id()?)?),
        "purge_draft" => ok(app.purge(id()?)?),
        "history" => ok(app.history(id()?)?),
        "name_version" => {
            ok(app.name_version(id()?, arg(args, "revision")?, &arg::<String>(args, "name")?)?)
        }
        "restore_version" => ok(app.restore_version(id()?, arg(args, "revision")?)?),
        "upgrade_edition" => ok(app.upgrade_edition(id()?)?),
        "list_evidence" => ok(app.evidence(id()?)?),
        "add_evidence_data" => ok(app.add_evidence_base64(
            id()?,
            &arg::<String>(args, "item")?,
            &arg::<String>(args, "name")?,
            &arg::<String>(args, "data")?,
        )?),
        "retitle_evidence" => {
            ok(app.retitle_evidence(arg(args, "evidence")?, &arg::<String>(args, "title")?)?)
        }
        "move_evidence" => ok(app.move_evidence(arg(args, "evidence")?, arg(args, "by")?)?),
        "remove_evidence" => ok(app.remove_evidence(arg(args, "evidence")?)?),
        "close_answered" => ok(app.close_answered()),
        // An open tab says it is still there (see `Server::stop_when_idle`).
        "ping" => Ok(Value::Null),
        "close_cancelled" => ok(app.close_cancelled()),
        other => file_command(app, t, other, args),
    }
}
