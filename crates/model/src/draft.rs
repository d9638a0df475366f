//! The draft document: everything an applicant types into 附件1 and 附件2.
//!
//! Facts are kept as raw JSON values keyed by the fact keys declared in the rubric data; they are
//! read by kind in [`crate::facts`]. A key that is absent means "not filled", which is different
//! from a filled `false` ("filled: no").

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The four 劳务品牌类型 of 附件1. The serde names are the type keys used everywhere
/// (`skill`, `service`, `culture`, `livelihood`) and the prefixes of the category item ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum BrandType {
    /// 中高端技能类劳务品牌
    Skill,
    /// 高品质服务类劳务品牌
    Service,
    /// 文化旅游类劳务品牌
    Culture,
    /// 民生保障类劳务品牌
    Livelihood,
}

impl BrandType {
    /// All four types in the order of the official forms.
    pub const ALL: [BrandType; 4] = [Self::Skill, Self::Service, Self::Culture, Self::Livelihood];

    /// The type key (`skill`, …), which is also the prefix of its item ids.
    pub fn key(self) -> &'static str {
        match self {
            Self::Skill => "skill",
            Self::Service => "service",
            Self::Culture => "culture",
            Self::Livelihood => "livelihood",
        }
    }

    /// Parses a type key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The official Chinese name, as printed beside its box in 附件1.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Skill => "中高端技能类劳务品牌",
            Self::Service => "高品质服务类劳务品牌",
            Self::Culture => "文化旅游类劳务品牌",
            Self::Livelihood => "民生保障类劳务品牌",
        }
    }
}

/// A 推荐意见 cell: free text and an optional date (blank = written by hand).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Opinion {
    /// The opinion text.
    pub text: String,
    /// The date printed on the "年 月 日" line; `None` leaves it blank for handwriting.
    pub date: Option<NaiveDate>,
}

/// 附件1 连云港市市级劳务品牌推荐表.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form1 {
    /// 劳务品牌名称 (also the name in the header of 附件2).
    pub brand_name: String,
    /// 劳务品牌类型; `None` until one box is ticked.
    pub brand_type: Option<BrandType>,
    /// 培育建设单位
    pub unit: String,
    /// 劳务品牌负责人
    pub leader: String,
    /// 职务
    pub leader_title: String,
    /// 基本情况 (at most 500 characters, see [`crate::text::char_count`]).
    pub summary: String,
    /// 培育建设单位推荐意见
    pub unit_opinion: Opinion,
    /// 县区人社部门推荐意见 (usually left blank for the bureau).
    pub county_opinion: Opinion,
    /// 申报年度: the year of the application round, printed on the blank "年 月 日" lines
    /// beside the stamps. New drafts get the current year; `None` (a draft made before the
    /// field existed) prints the current year. Omitted from the JSON when `None`, so the
    /// 校验码 of such drafts stays what was printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// 联系人及电话: whom the county bureau calls about the application. Not on the official
    /// form; printed on the 申报材料's cover. Omitted from the JSON when empty, so the 校验码 of
    /// drafts made before it existed stays what was printed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub contact: String,
}

/// The header of 附件2 besides the brand name, which is taken from 附件1 and never typed twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form2 {
    /// 填报单位：（各县区人社局盖章）
    pub reporting_unit: String,
}

/// One application draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// 附件1 推荐表.
    pub form1: Form1,
    /// 附件2 header.
    pub form2: Form2,
    /// Facts by key, as typed. Absent = not filled. Facts of every category are kept, so
    /// switching the brand type loses nothing; only the chosen category is scored.
    pub facts: BTreeMap<String, Value>,
    /// 佐证材料 notes by item id, for the applicant's own record.
    pub evidence: BTreeMap<String, String>,
}

/// The current calendar year (local time): the default 申报年度.
pub fn current_year() -> i32 {
    use chrono::Datelike;
    chrono::Local::now().year()
}

/// Whether a typed fact value means "not filled": JSON `null` or blank text.
pub fn is_unfilled(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

impl Draft {
    /// The keys of the fields that differ between two drafts, in form order: the
    /// [`FormField`](crate::fields::FormField) keys, then `facts.<key>` and `evidence.<item>`.
    pub fn changed_fields(&self, other: &Draft) -> Vec<String> {
        let mut out: Vec<String> = crate::fields::FormField::ALL
            .into_iter()
            .filter(|f| f.differs(self, other))
            .map(|f| f.key().to_string())
            .collect();
        let keys: std::collections::BTreeSet<&String> =
            self.facts.keys().chain(other.facts.keys()).collect();
        for k in keys {
            if self.fact(k) != other.fact(k) {
                out.push(format!("facts.{k}"));
            }
        }
        let items: std::collections::BTreeSet<&String> =
            self.evidence.keys().chain(other.evidence.keys()).collect();
        for k in items {
            let get = |d: &Draft| {
                d.evidence
                    .get(k)
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            if get(self) != get(other) {
                out.push(format!("evidence.{k}"));
            }
        }
        out
    }

    /// The value typed for a fact, treating JSON `null` and blank strings as not filled.
    pub fn fact(&self, key: &str) -> Option<&Value> {
        self.facts.get(key).filter(|v| !is_unfilled(v))
    }

    /// Sets a fact; `None` clears it back to "not filled".
    pub fn set_fact(&mut self, key: &str, value: Option<Value>) {
        match value {
            Some(v) => {
                self.facts.insert(key.to_string(), v);
            }
            None => {
                self.facts.remove(key);
            }
        }
    }

    /// A short fingerprint of the draft content (first 8 bytes of SHA-256 of its canonical JSON,
    /// as 16 hex digits), printed on paper copies so they can be matched to their draft.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&json);
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The short version code printed on the forms and shown in the window beside the export
    /// ("3F2A-91C0": the first 8 digits of [`Draft::fingerprint`]), so that a printed copy can
    /// be matched to the state it was made from.
    pub fn version_code(&self) -> String {
        let f = self.fingerprint().to_uppercase();
        format!("{}-{}", &f[..4], &f[4..8])
    }

    /// The 申报年度 printed on blank date lines: the draft's own, else the current year; `None`
    /// for a year no round can have (validation names it), so that the line is left blank
    /// for handwriting rather than printing "31 年".
    pub fn round_year(&self) -> Option<i32> {
        let y = self.form1.year.unwrap_or_else(current_year);
        crate::validate::ROUND_YEARS.contains(&y).then_some(y)
    }

    /// A new empty draft for this year's round.
    pub fn new_for_this_year() -> Draft {
        let mut d = Draft::default();
        d.form1.year = Some(current_year());
        d
    }

    /// A display name for lists: the brand name, or "未命名草稿".
    pub fn display_name(&self) -> String {
        let name = self.form1.brand_name.trim();
        if name.is_empty() {
            "未命名草稿".to_string()
        } else {
            name.to_string()
        }
    }
}
