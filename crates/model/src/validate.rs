//! Validation: findings that mark a draft (error / warning) but never block saving it.

use serde::Serialize;

use crate::draft::Draft;
use crate::facts::{FactState, Facts};
use crate::fields::FormField;
use crate::rubric::Rubric;
use crate::text::{char_count, has_title_suffix};

/// The most characters 基本情况 may hold (the form says 500 字以内).
pub const SUMMARY_LIMIT: usize = 500;
/// The most characters each 推荐意见 may hold: the form sets no figure; 300 字 is what the cell
/// holds at 9 pt or more beside the stamp square, even with a 500-字 基本情况 on the same page.
pub const OPINION_LIMIT: usize = 300;

/// A limited text's length, for a counter beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextCount {
    /// The field's key.
    pub field: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Characters typed, counted as a person counts them.
    pub count: usize,
    /// The limit.
    pub limit: usize,
}

/// The length of every limited text of `draft` ([`FormField::limit`]), in form order.
pub fn text_counts(draft: &Draft) -> Vec<TextCount> {
    FormField::ALL
        .into_iter()
        .filter_map(|f| {
            Some(TextCount {
                field: f.key(),
                label: f.label(),
                count: char_count(f.text(draft)?),
                limit: f.limit()?,
            })
        })
        .collect()
}
/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed before the forms are handed in.
    Error,
    /// Worth a look; the forms can still be handed in.
    Warning,
    /// What the export will do, said beforehand ("将以 9.5 磅打印").
    Info,
}

/// What a finding is about, stable whatever its wording: tests and the window decide by it,
/// never by the Chinese message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// A field the application must fill is empty (or no type is ticked).
    Required,
    /// The 劳务品牌名称 does not follow 地域 + 产业 + 称谓.
    NameForm,
    /// A text is over its limit (基本情况 500 字, 推荐意见 300 字).
    OverLimit,
    /// A long text of 附件1 prints under 12 pt.
    PrintSmaller,
    /// A long text of 附件1 continues on the 附页.
    PrintContinues,
    /// A value of the 附件2 header prints under 9 pt, or only its beginning.
    PrintHeader,
    /// A fact's value cannot be read (not a number, out of range, unknown choice).
    InvalidFact,
    /// A money figure looks typed in a smaller unit than its field's.
    UnitSlip,
    /// 从业人员人数 is 0.
    ZeroWorkers,
    /// A fact the draft holds is not in this rubric edition.
    UnknownFact,
    /// An evidence note belongs to an item not in this rubric edition.
    UnknownEvidence,
    /// An item earns points but no evidence file is attached to it (a warning, never a block).
    NoEvidence,
    /// The 申报年度 is outside the years a round can have, or a typed date is of another year.
    RoundYear,
}

/// One finding about one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it is about.
    pub code: FindingCode,
    /// Error or warning.
    pub severity: Severity,
    /// The field's key: `form1.brand_name`, `facts.common.workers`, `evidence.skill.1`, …
    pub field: String,
    /// A Chinese message that names the field.
    pub message: String,
    /// An empty required field: a window shows it beside the field only once the field was
    /// visited (or at export), not as a wall of red on a new draft.
    pub required: bool,
}

impl Finding {
    /// The warning that item `item` earns points without evidence (`message` names it).
    pub fn no_evidence(item: &str, message: String) -> Finding {
        Finding::new(
            FindingCode::NoEvidence,
            Severity::Warning,
            &format!("evidence.{item}"),
            message,
        )
    }

    /// A finding of `code` on `field` (its key), with its message in Chinese.
    pub fn new(code: FindingCode, severity: Severity, field: &str, message: String) -> Self {
        Finding {
            code,
            severity,
            field: field.to_string(),
            message,
            required: code == FindingCode::Required,
        }
    }
    fn error(code: FindingCode, field: &str, message: String) -> Self {
        Finding::new(code, Severity::Error, field, message)
    }
    fn warning(code: FindingCode, field: &str, message: String) -> Self {
        Finding::new(code, Severity::Warning, field, message)
    }
    fn required(field: &str, message: String) -> Self {
        Finding::error(FindingCode::Required, field, message)
    }
}

/// The years a 申报年度 may be.
pub const ROUND_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The 申报年度 out of range (an error), or a typed date of another year (a warning: a date
/// of December for a round of the next year is possible, but usually a slip).
fn year_findings(draft: &Draft) -> Vec<Finding> {
    let mut out = Vec::new();
    let year_field = FormField::Year;
    if let Some(y) = draft.form1.year {
        if !ROUND_YEARS.contains(&y) {
            out.push(Finding::error(
                FindingCode::RoundYear,
                year_field.key(),
                format!(
                    "「{}」应为 {}–{} 之间的年份，现为 {y}",
                    year_field.label(),
                    ROUND_YEARS.start(),
                    ROUND_YEARS.end()
                ),
            ));
            return out;
        }
    }
    // In range here: an out-of-range year returned above.
    let Some(year) = draft.round_year() else {
        return out;
    };
    for (field, date) in [
        (FormField::UnitOpinionDate, draft.form1.unit_opinion.date),
        (
            FormField::CountyOpinionDate,
            draft.form1.county_opinion.date,
        ),
    ] {
        use chrono::Datelike;
        if let Some(d) = date.filter(|d| d.year() != year) {
            out.push(Finding::warning(
                FindingCode::RoundYear,
                field.key(),
                format!(
                    "「{}」是 {} 年，与申报年度 {year} 年不同，请核对",
                    field.label(),
                    d.year()
                ),
            ));
        }
    }
    out
}

/// Checks a draft against the rubric; findings come in form order. What the print layout will
/// do with long texts is the printer's to say: the root crate's `validate` passes those notes
/// to [`validate_with`].
pub fn validate(rubric: &Rubric, draft: &Draft) -> Vec<Finding> {
    validate_with(rubric, draft, Vec::new())
}

/// [`validate`] with the findings of the print layout (`layout`, from the plan the export draws)
/// in their place, after the texts' own findings and before the facts'.
pub fn validate_with(rubric: &Rubric, draft: &Draft, layout: Vec<Finding>) -> Vec<Finding> {
    let mut out = Vec::new();
    for field in FormField::ALL.into_iter().filter(|f| f.required()) {
        let Some(value) = field.text(draft) else {
            // The one required field that is not typed: the type is ticked.
            if draft.form1.brand_type.is_none() {
                out.push(Finding::required(
                    field.key(),
                    format!("「{}」为必选项，请勾选一类", field.label()),
                ));
            }
            continue;
        };
        if value.trim().is_empty() {
            out.push(Finding::required(
                field.key(),
                format!("「{}」为必填项，尚未填写", field.label()),
            ));
        }
        let name = value.trim();
        if field == FormField::BrandName && !name.is_empty() && !has_title_suffix(name) {
            out.push(Finding::warning(
                FindingCode::NameForm,
                field.key(),
                format!("「劳务品牌名称」建议采用“地域+产业/行业/产品+人”的形式，以“工、匠、师、员”等称谓结尾（如“连云港海鲜厨师”），现为“{name}”"),
            ));
        }
    }
    for count in text_counts(draft) {
        let (n, limit) = (count.count, count.limit);
        let label = FormField::from_key(count.field).map_or("", FormField::label);
        if n > limit {
            out.push(Finding::error(
                FindingCode::OverLimit,
                count.field,
                format!(
                    "「{label}」已输入 {n} 字，超过 {limit} 字的上限，请删减 {} 字",
                    n - limit
                ),
            ));
        }
    }
    out.extend(year_findings(draft));
    out.extend(layout);
    let facts = Facts::read(&rubric.facts, draft);
    for (decl, state) in facts.iter() {
        if let FactState::Invalid(problem) = state {
            // Out of range may just be the wrong unit: say what was probably meant.
            let hint = match (problem, decl.unit.as_deref()) {
                (crate::facts::FactProblem::OutOfRange { value, .. }, Some(unit)) => {
                    unit_slip(&decl.label, unit, *value)
                }
                _ => None,
            };
            let message = match hint {
                Some(h) => format!("{problem}。{h}"),
                None => problem.to_string(),
            };
            let field = format!("facts.{}", decl.key);
            out.push(Finding::error(FindingCode::InvalidFact, &field, message));
        }
    }
    for decl in rubric.facts.iter() {
        if let (Some(unit), Some(v)) = (decl.unit.as_deref(), facts.number(&decl.key)) {
            if let Some(message) = unit_slip(&decl.label, unit, v) {
                let field = format!("facts.{}", decl.key);
                out.push(Finding::warning(FindingCode::UnitSlip, &field, message));
            }
        }
    }
    if let Some(workers) = rubric.fact_with_role(crate::facts::FactRole::Workers) {
        if facts.number(&workers.key) == Some(rust_decimal::Decimal::ZERO) {
            out.push(Finding::warning(
                FindingCode::ZeroWorkers,
                &format!("facts.{}", workers.key),
                format!(
                    "「{}」填的是 0，请核对：各类别的从业规模都按这个人数计算",
                    workers.label
                ),
            ));
        }
    }
    for key in draft.facts.keys() {
        if rubric.fact(key).is_none() {
            out.push(Finding::warning(
                FindingCode::UnknownFact,
                &format!("facts.{key}"),
                format!(
                    "草稿中的事项“{key}”不在本版评分规则（{}）中，将被忽略",
                    rubric.edition
                ),
            ));
        }
    }
    for key in draft.evidence.keys() {
        if rubric.item(key).is_none() {
            out.push(Finding::warning(
                FindingCode::UnknownEvidence,
                &format!("evidence.{key}"),
                format!("佐证材料说明所属的评分项“{key}”不在本版评分规则中"),
            ));
        }
    }
    out
}

/// A money figure that is implausible in its unit but plausible in a smaller one: "27800" in a
/// 亿元 field (2.78 万亿元) was probably typed in 万元, "250000000" in 元. Says what was probably
/// meant.
fn unit_slip(label: &str, unit: &str, v: rust_decimal::Decimal) -> Option<String> {
    use crate::facts::money_scale;
    use crate::text::format_decimal;
    use rust_decimal::Decimal;
    let guess = match unit {
        "亿元" if v >= Decimal::from(10_000_000) => "元",
        "亿元" if v >= Decimal::from(1_000) => "万元",
        "万元" if v >= Decimal::from(10_000_000) => "元",
        _ => return None,
    };
    let meant = v * money_scale(guess)? / money_scale(unit)?;
    let meant = format_decimal(meant.round_dp(4).normalize());
    let typed = format_decimal(v);
    Some(format!(
        "「{label}」填的是 {typed} {unit}，这看起来是以{guess}为单位：{meant} {unit}？如是，请改填 {meant}（也可以直接带单位填写，如“{typed}{guess}”）"
    ))
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The 申报年度: out of range is an error naming the field; a typed date of another year is
    /// a warning on that date; a new draft has neither.
    #[test]
    fn the_round_year_is_checked_and_dates_are_compared_with_it() {
        let rubric = Rubric::city();
        let year_findings = |d: &Draft| -> Vec<(Severity, String, String)> {
            validate(rubric, d)
                .into_iter()
                .filter(|f| f.code == FindingCode::RoundYear)
                .map(|f| (f.severity, f.field, f.message))
                .collect()
        };
        let mut d = Draft::new_for_this_year();
        assert!(year_findings(&d).is_empty());
        d.form1.year = Some(1999);
        let f = year_findings(&d);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1.as_str()), (Severity::Error, "form1.year"));
        assert!(
            f[0].2.contains("申报年度") && f[0].2.contains("1999"),
            "{}",
            f[0].2
        );
        d.form1.year = Some(2026);
        d.form1.unit_opinion.date = chrono::NaiveDate::from_ymd_opt(2025, 12, 30);
        d.form1.county_opinion.date = chrono::NaiveDate::from_ymd_opt(2026, 1, 5);
        let f = year_findings(&d);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].0, f[0].1.as_str()),
            (Severity::Warning, "form1.unit_opinion.date")
        );
        assert!(
            f[0].2.contains("2025") && f[0].2.contains("2026"),
            "{}",
            f[0].2
        );
    }

    /// One draft per kind of finding: the code says what it is, whatever the wording.
    #[test]
    fn every_finding_carries_its_code() {
        let rubric = Rubric::city();
        let codes = |d: &Draft| -> Vec<(FindingCode, String)> {
            validate(rubric, d)
                .into_iter()
                .map(|f| (f.code, f.field))
                .collect()
        };
        let has = |d: &Draft, code: FindingCode, field: &str| {
            let found = codes(d);
            assert!(
                found.iter().any(|(c, f)| *c == code && f == field),
                "{code:?} on {field}: {found:?}"
            );
        };
        let empty = Draft::default();
        for field in ["form1.brand_name", "form1.brand_type", "form1.summary"] {
            has(&empty, FindingCode::Required, field);
        }
        assert!(validate(rubric, &empty)
            .iter()
            .all(|f| f.required == (f.code == FindingCode::Required)));
        let mut d = crate::example::example(crate::BrandType::Skill);
        assert!(codes(&d).is_empty(), "{:?}", codes(&d));
        d.form1.brand_name = "连云港石化".into();
        has(&d, FindingCode::NameForm, "form1.brand_name");
        d.form1.summary = "甲".repeat(501);
        has(&d, FindingCode::OverLimit, "form1.summary");
        d.facts.insert("common.workers".into(), json!("三千"));
        has(&d, FindingCode::InvalidFact, "facts.common.workers");
        d.facts.insert("common.workers".into(), json!(0));
        has(&d, FindingCode::ZeroWorkers, "facts.common.workers");
        d.facts.insert("no.such.fact".into(), json!(1));
        has(&d, FindingCode::UnknownFact, "facts.no.such.fact");
        d.evidence.insert("no.such.item".into(), "x".into());
        has(&d, FindingCode::UnknownEvidence, "evidence.no.such.item");
    }
}
