//! The page's commands over HTTP: the same names and arguments as the window's Tauri commands,
//! each a call of the application layer. Commands that need a native file dialog are answered
//! with `browser_unsupported` for now (the page says so).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use crate::app::{App, AppError};
use crate::draft::Draft;
use crate::fields::FieldInfo;

/// A refused or failed call, as the page receives it (the shape of [`AppError`]'s JSON).
#[derive(Debug)]
pub enum ApiError {
    /// The application's error.
    App(AppError),
    /// Arguments missing or of the wrong shape.
    BadArgs(String),
    /// A command that needs a file dialog, not in the browser yet.
    Unsupported(String),
    /// No such command.
    Unknown(String),
}

impl ApiError {
    /// The JSON the page receives.
    pub fn to_json(&self) -> Value {
        match self {
            ApiError::App(e) => serde_json::to_value(e).unwrap_or(Value::Null),
            ApiError::BadArgs(m) => err("bad_request", &format!("请求的参数不正确：{m}"), &format!("bad arguments: {m}")),
            ApiError::Unsupported(c) => err(
                "browser_unsupported",
                "浏览器模式下暂不能使用此功能（需要选择文件）。请在桌面程序中使用，或把文件拖到页面上",
                &format!("{c} needs a file dialog: not available in the browser yet"),
            ),
            ApiError::Unknown(c) => err("unknown_command", "没有这个操作", &format!("unknown command {c}")),
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

/// Runs command `cmd` with `args`.
pub fn call(app: &App, cmd: &str, args: &Value) -> Result<Value, ApiError> {
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
        "add_evidence_data" => {
            use base64::Engine;
            let name: String = arg(args, "name")?;
            let data: String = arg(args, "data")?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data.as_bytes())
                .map_err(|e| ApiError::BadArgs(format!("data: {e}")))?;
            ok(app.add_evidence_bytes(id()?, &arg::<String>(args, "item")?, &name, &bytes)?)
        }
        "retitle_evidence" => {
            ok(app.retitle_evidence(arg(args, "evidence")?, &arg::<String>(args, "title")?)?)
        }
        "move_evidence" => ok(app.move_evidence(arg(args, "evidence")?, arg(args, "by")?)?),
        "remove_evidence" => ok(app.remove_evidence(arg(args, "evidence")?)?),
        "close_answered" => ok(app.close_answered()),
        "close_cancelled" => ok(app.close_cancelled()),
        "import_draft" | "export_draft" | "export_unsaved" | "export_forms" | "export_bundle"
        | "batch_pick" | "batch_save" | "backup_drafts" | "restore_backup" | "add_evidence"
        | "open_exported" | "reveal_exported" => Err(ApiError::Unsupported(cmd.to_string())),
        other => Err(ApiError::Unknown(other.to_string())),
    }
}
