//! The portable draft file: a versioned JSON envelope around a [`Draft`], for sending a draft to
//! a colleague or keeping a copy outside the app. Import never trusts the file: size, shape and
//! version are checked before anything is written anywhere.

use crate::Bilingual;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

use crate::draft::Draft;
use crate::fields::FormField;

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
    #[error("{} / {}", self.zh(), self.en())]
    TooLarge(usize),
    /// Not JSON, truncated, or not the expected shape.
    #[error("{} / {}", self.zh(), self.en())]
    Malformed(String),
    /// Not valid JSON text at a place in the file.
    #[error("{} / {}", self.zh(), self.en())]
    Syntax {
        line: usize,
        column: usize,
        problem: &'static str,
        detail: String,
    },
    /// A field holds a value of the wrong kind.
    #[error("{} / {}", self.zh(), self.en())]
    Field {
        field: String,
        problem: String,
        path: String,
        detail: String,
    },
    /// `format_version` is not a positive whole number this build can read.
    #[error("{} / {}", self.zh(), self.en())]
    BadVersion(String),
    /// Not a draft file at all.
    #[error("{} / {}", self.zh(), self.en())]
    NotADraft,
    /// Written by a newer version.
    #[error("{} / {}", self.zh(), self.en())]
    Newer(u32),
    /// A text field longer than any form allows.
    #[error("{} / {}", self.zh(), self.en())]
    FieldTooLong(String),
    /// Brackets nested deeper than any draft (a draft nests four levels).
    #[error("{} / {}", self.zh(), self.en())]
    TooDeep,
    /// The path is not a regular file (a folder, a pipe, a device, a broken link).
    #[error("{} / {}", self.zh(), self.en())]
    NotAFile { path: String, what: &'static str },
    /// The file could not be opened.
    #[error("{} / {}", self.zh(), self.en())]
    Open {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file could not be read.
    #[error("{} / {}", self.zh(), self.en())]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Bilingual for DraftFileError {
    fn code(&self) -> &'static str {
        "draft_file_invalid"
    }

    fn zh(&self) -> String {
        match self {
            Self::TooLarge(_0) => {
                format!("草稿文件过大（{_0} 字节，上限 1 MB），不是有效的草稿文件")
            }
            Self::Malformed(_0) => format!("草稿文件已损坏或格式不正确：{_0}"),
            Self::Syntax {
                line,
                column,
                problem,
                detail,
            } => format!("草稿文件第 {line} 行第 {column} 列：{problem}（技术细节：{detail}）"),
            Self::Field {
                field,
                problem,
                path,
                detail,
            } => format!("草稿文件中「{field}」{problem}（技术细节：{path}：{detail}）"),
            Self::BadVersion(_0) => format!("草稿文件的格式版本（format_version）{_0}"),
            Self::NotADraft => "不是劳务品牌申报助手的草稿文件".to_string(),
            Self::Newer(_0) => {
                format!("草稿文件由更新版本（格式版本 {_0}）生成，请升级本软件后再导入")
            }
            Self::FieldTooLong(_0) => format!("草稿文件中「{_0}」的内容过长，不是有效的草稿"),
            Self::TooDeep => {
                format!("草稿文件的嵌套层数过多（超过 {MAX_DEPTH} 层），不是有效的草稿")
            }
            Self::NotAFile { path, what } => format!("{path}：{what}，不是草稿文件"),
            Self::Open { path, source, .. } => format!("无法打开文件 {path}：{source}"),
            Self::Read { path, source, .. } => format!("无法读取文件 {path}：{source}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::TooLarge(_0) => format!("draft file too large ({_0} bytes)"),
            Self::Malformed(_0) => format!("draft file is malformed: {_0}"),
            Self::Syntax { line, column, .. } => {
                format!("draft file is not valid JSON at line {line} column {column}")
            }
            Self::Field { path, .. } => format!("draft file field {path} is invalid"),
            Self::BadVersion(_) => "draft file format_version is invalid".to_string(),
            Self::NotADraft => "not a labour-brand draft file".to_string(),
            Self::Newer(_0) => format!("draft file format {_0} is newer than this build supports"),
            Self::FieldTooLong(_0) => format!("field {_0} is implausibly long"),
            Self::TooDeep => format!("draft file nests deeper than {MAX_DEPTH} levels"),
            Self::NotAFile { path, .. } => format!("{path} is not a regular file"),
            Self::Open { path, .. } => format!("cannot open {path}"),
            Self::Read { path, .. } => format!("cannot read {path}"),
        }
    }
}

/// The deepest nesting of `[` and `{` accepted (serde_json's own limit is 128).
pub const MAX_DEPTH: usize = 64;

/// How deeply the JSON text nests, stopping as soon as it passes `limit`.
fn nesting_exceeds(text: &str, limit: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// What a path that is not a regular file is, in Chinese (for messages).
pub(crate) fn kind_of(path: &Path) -> Option<&'static str> {
    let link = std::fs::symlink_metadata(path).ok()?;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) if link.file_type().is_symlink() => return Some("链接指向的文件不存在"),
        Err(_) => return None,
    };
    if meta.is_file() {
        None
    } else if meta.is_dir() {
        Some("这是一个文件夹")
    } else {
        Some("这是管道、设备或其他特殊文件")
    }
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
    /// The rubric edition the draft was made with ([`crate::rubric::FIRST_EDITION`] when the
    /// file does not say).
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
    for field in FormField::texts() {
        let t = field.text(draft).expect("a text field");
        if t.chars().count() > MAX_TEXT_CHARS {
            return Err(DraftFileError::FieldTooLong(field.label().into()));
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

/// The Chinese label of a field path inside a draft file (`draft.form1.brand_name`, …).
fn field_label(path: &str) -> String {
    let inner = path.strip_prefix("draft.").unwrap_or(path);
    if let Some(field) = FormField::ALL
        .into_iter()
        .find(|f| inner == f.key() || inner.starts_with(&format!("{}.", f.key())))
    {
        return field.label().to_string();
    }
    if let Some(item) = inner.strip_prefix("evidence.") {
        return format!("佐证材料（{item}）");
    }
    match inner {
        "format" => "格式标记（format）".into(),
        "name" => "草稿名称（name）".into(),
        "rubric_edition" => "评分规则版本（rubric_edition）".into(),
        "exported_at" => "导出时间（exported_at）".into(),
        "form1" => "附件1".into(),
        "form2" => "附件2".into(),
        "facts" => "评分事项（facts）".into(),
        "evidence" => "佐证材料（evidence）".into(),
        "form1.unit_opinion" => "培育建设单位推荐意见".into(),
        "form1.county_opinion" => "县区人社部门推荐意见".into(),
        "." | "" => "文件内容".into(),
        other => other.to_string(),
    }
}

/// A serde "unexpected"/"expected" phrase in Chinese.
fn kind_zh(phrase: &str) -> String {
    let p = phrase.trim();
    let quoted = |p: &str| {
        p.split_once('`')
            .and_then(|(_, rest)| rest.rsplit_once('`'))
            .map(|(v, _)| v.chars().take(24).collect::<String>())
    };
    if p.starts_with("integer") || p.starts_with("floating point") {
        return format!("数字 {}", quoted(p).unwrap_or_default());
    }
    if p.starts_with("string") {
        return "文字".into();
    }
    if p.starts_with("boolean") {
        return "是/否值".into();
    }
    if p.starts_with("sequence") || p.starts_with("a sequence") {
        return "列表".into();
    }
    if p.starts_with("map") || p.starts_with("a map") || p.starts_with("struct") {
        return "一组字段".into();
    }
    if p == "null" || p == "unit value" {
        return "空值".into();
    }
    if p.starts_with("a string") || p.contains("date") {
        return "文字".into();
    }
    if p.starts_with("u32")
        || p.starts_with("i32")
        || p.starts_with("an integer")
        || p.starts_with("i64")
        || p.starts_with("u64")
    {
        return "整数".into();
    }
    if p.starts_with("a boolean") {
        return "是/否值".into();
    }
    p.to_string()
}

/// The form field at a path inside a draft file, if it is one.
fn form_field(path: &str) -> Option<FormField> {
    FormField::from_key(path.strip_prefix("draft.").unwrap_or(path))
}

/// A serde error message in Chinese, for the value at `path`.
fn problem_zh(detail: &str, path: &str) -> String {
    // The 申报年度 is a year written as a number, whatever was wrong with it.
    if form_field(path) == Some(FormField::Year) {
        return "应为四位数字的年份（如 2026），不加引号".into();
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("应为{}，实际为{}", kind_zh(want), kind_zh(got));
    }
    if detail.starts_with("unknown variant") {
        if form_field(path) == Some(FormField::BrandType) {
            return "应为 skill、service、culture、livelihood 之一".into();
        }
        return "的取值不是可选项".into();
    }
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let name: String = rest
            .split('`')
            .next()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect();
        return format!("中有本软件不认识的字段“{name}”");
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return format!("缺少必需的字段“{name}”");
    }
    if matches!(
        form_field(path),
        Some(FormField::UnitOpinionDate | FormField::CountyOpinionDate)
    ) {
        return "应为 YYYY-MM-DD 格式的日期，如 2024-05-20".into();
    }
    "的内容格式不正确".into()
}

/// Deserialises a value, naming the field that is wrong.
fn from_value<T: serde::de::DeserializeOwned>(
    value: Value,
    prefix: &str,
) -> Result<T, DraftFileError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = format!("{prefix}{}", e.path());
        let path = path.trim_end_matches('.').to_string();
        let detail: String = e.inner().to_string().chars().take(200).collect();
        // serde reads a struct from a list too (field by field); a list where the form's
        // fields belong is one mistake, not "the first field is wrong".
        if let Some((outer, _)) = path.split_once('[') {
            let inner = outer.strip_prefix("draft.").unwrap_or(outer);
            if matches!(
                inner,
                "" | "draft" | "form1" | "form2" | "form1.unit_opinion" | "form1.county_opinion"
            ) {
                return DraftFileError::Field {
                    field: field_label(if inner.is_empty() { "." } else { inner }),
                    problem: "应为一组字段，实际为列表".into(),
                    path: outer.to_string(),
                    detail,
                };
            }
        }
        let field = field_label(&path);
        DraftFileError::Field {
            problem: problem_zh(&detail, &path),
            field,
            path,
            detail,
        }
    })
}

/// Reads `format_version`, with a precise message for each way it can be wrong.
fn format_version(value: Option<&Value>) -> Result<u32, DraftFileError> {
    let bad = |m: String| Err(DraftFileError::BadVersion(m));
    match value {
        None | Some(Value::Null) => bad("缺失：应为正整数，本软件写入的是 1".into()),
        Some(Value::Number(n)) => {
            if let Some(u) = n.as_u64() {
                match u32::try_from(u) {
                    Ok(0) => bad("为 0：应为正整数，本软件写入的是 1".into()),
                    Ok(v) => Ok(v),
                    Err(_) => bad(format!("为 {u}，超出范围：应为正整数，本软件写入的是 1")),
                }
            } else if let Some(i) = n.as_i64() {
                bad(format!("为 {i}，是负数：应为正整数，本软件写入的是 1"))
            } else {
                let t: String = n.to_string().chars().take(24).collect();
                bad(format!("为 {t}，不是整数：应为正整数，本软件写入的是 1"))
            }
        }
        Some(Value::String(s)) => {
            let t: String = s.chars().take(24).collect();
            bad(format!("为文字“{t}”：应为不带引号的数字，如 1"))
        }
        Some(other) => bad(format!(
            "应为正整数，实际为{}",
            kind_zh(match other {
                Value::Bool(_) => "boolean",
                Value::Array(_) => "sequence",
                _ => "map",
            })
        )),
    }
}

fn syntax_error(e: &serde_json::Error) -> DraftFileError {
    use serde_json::error::Category;
    let problem = match e.classify() {
        Category::Eof => "文件在这里意外结束，可能没有保存完整",
        Category::Syntax => "JSON 格式错误（可能缺少逗号、引号或括号）",
        Category::Data => "数值超出范围或内容不符合要求",
        Category::Io => "读取出错",
    };
    let detail: String = e.to_string().chars().take(200).collect();
    DraftFileError::Syntax {
        line: e.line(),
        column: e.column(),
        problem,
        detail,
    }
}

/// Reads a draft file, or a bare draft document (as printed by scripts), from JSON bytes. (A
/// draft of either kind, container or JSON, is read by [`crate::incoming::parse`].)
pub fn parse_json(bytes: &[u8]) -> Result<DraftFile, DraftFileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DraftFileError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| DraftFileError::Malformed("不是 UTF-8 文本".into()))?;
    if nesting_exceeds(text, MAX_DEPTH) {
        return Err(DraftFileError::TooDeep);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
    let Value::Object(map) = &value else {
        return Err(DraftFileError::NotADraft);
    };
    let file = match map.get("format") {
        Some(Value::String(f)) if f == FORMAT => {
            let version = format_version(map.get("format_version"))?;
            if version > FORMAT_VERSION {
                return Err(DraftFileError::Newer(version));
            }
            from_value::<DraftFile>(value, "")?
        }
        Some(_) => return Err(DraftFileError::NotADraft),
        None if map.contains_key("form1") || map.contains_key("facts") => {
            let draft: Draft = from_value(value, "draft.")?;
            DraftFile::new(&draft.display_name(), "", draft)
        }
        None => return Err(DraftFileError::NotADraft),
    };
    let mut file = file;
    if file.rubric_edition.trim().is_empty() {
        // Written before files named their edition (or by a script): only the first edition
        // existed then, as for the database rows of that time.
        file.rubric_edition = crate::rubric::FIRST_EDITION.to_string();
    }
    check_lengths(&file.draft)?;
    Ok(file)
}
