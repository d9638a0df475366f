//! The portable draft file: a versioned JSON envelope around a [`Draft`], for sending a draft to
//! a colleague or keeping a copy outside the app. Import never trusts the file: size, shape and
//! version are checked before anything is written anywhere.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::draft::Draft;

/// The `format` marker of a draft file.
pub const FORMAT: &str = "labour-brand-draft";
/// The draft file format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The largest draft file accepted (a full draft is a few kB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The longest text field accepted on import, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A draft file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DraftFileError {
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("草稿文件过大（{0} 字节，上限 1 MB），不是有效的草稿文件 / draft file too large ({0} bytes)")]
    TooLarge(usize),
    /// Not JSON, truncated, or not the expected shape.
    #[error("草稿文件已损坏或格式不正确：{0} / draft file is malformed: {0}")]
    Malformed(String),
    /// Not a draft file at all.
    #[error("不是劳务品牌申报助手的草稿文件 / not a labour-brand draft file")]
    NotADraft,
    /// Written by a newer version.
    #[error("草稿文件由更新版本（格式版本 {0}）生成，请升级本软件后再导入 / draft file format {0} is newer than this build supports")]
    Newer(u32),
    /// A text field longer than any form allows.
    #[error("草稿文件中「{0}」的内容过长，不是有效的草稿 / field {0} is implausibly long")]
    FieldTooLong(String),
}

/// The envelope written to disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this build.
    pub format_version: u32,
    /// Display name of the draft.
    #[serde(default)]
    pub name: String,
    /// The rubric edition the draft was made with.
    #[serde(default)]
    pub rubric_edition: String,
    /// When it was exported (RFC 3339), informational.
    #[serde(default)]
    pub exported_at: String,
    /// The draft itself.
    pub draft: Draft,
}

impl DraftFile {
    /// Wraps a draft for writing.
    pub fn new(name: &str, rubric_edition: &str, draft: Draft) -> Self {
        DraftFile {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            name: name.into(),
            rubric_edition: rubric_edition.into(),
            exported_at: chrono::Local::now().to_rfc3339(),
            draft,
        }
    }

    /// Pretty JSON text of the file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a draft always serialises")
    }
}

fn check_lengths(draft: &Draft) -> Result<(), DraftFileError> {
    let f = &draft.form1;
    let texts = [
        ("劳务品牌名称", &f.brand_name),
        ("培育建设单位", &f.unit),
        ("劳务品牌负责人", &f.leader),
        ("职务", &f.leader_title),
        ("基本情况", &f.summary),
        ("培育建设单位推荐意见", &f.unit_opinion.text),
        ("县区人社部门推荐意见", &f.county_opinion.text),
        ("填报单位", &draft.form2.reporting_unit),
    ];
    for (label, t) in texts {
        if t.chars().count() > MAX_TEXT_CHARS {
            return Err(DraftFileError::FieldTooLong(label.into()));
        }
    }
    for (k, t) in &draft.evidence {
        if t.chars().count() > MAX_TEXT_CHARS {
            return Err(DraftFileError::FieldTooLong(format!("佐证材料 {k}")));
        }
    }
    if draft.facts.len() > 1000 || draft.evidence.len() > 1000 {
        return Err(DraftFileError::FieldTooLong("事项".into()));
    }
    Ok(())
}

/// Reads a draft file, or a bare draft document (as printed by scripts), from bytes.
pub fn parse(bytes: &[u8]) -> Result<DraftFile, DraftFileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DraftFileError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| DraftFileError::Malformed("不是 UTF-8 文本".into()))?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| DraftFileError::Malformed(e.to_string()))?;
    let Value::Object(map) = &value else {
        return Err(DraftFileError::NotADraft);
    };
    let file = match map.get("format") {
        Some(Value::String(f)) if f == FORMAT => {
            let version = map
                .get("format_version")
                .and_then(Value::as_u64)
                .unwrap_or(0) as u32;
            if version > FORMAT_VERSION {
                return Err(DraftFileError::Newer(version));
            }
            if version == 0 {
                return Err(DraftFileError::Malformed("缺少 format_version".into()));
            }
            serde_json::from_value::<DraftFile>(value)
                .map_err(|e| DraftFileError::Malformed(e.to_string()))?
        }
        Some(_) => return Err(DraftFileError::NotADraft),
        None if map.contains_key("form1") || map.contains_key("facts") => {
            let draft: Draft = serde_json::from_value(value)
                .map_err(|e| DraftFileError::Malformed(e.to_string()))?;
            DraftFile::new(&draft.display_name(), "", draft)
        }
        None => return Err(DraftFileError::NotADraft),
    };
    check_lengths(&file.draft)?;
    Ok(file)
}
