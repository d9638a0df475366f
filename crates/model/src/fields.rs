//! The fields of the two forms that a user fills in, listed once: key (the path in a draft),
//! the label printed on the form, whether it must be filled, the length limit. Validation, the
//! draft-file checks, the history's list of changed fields, the print layout and the exports all
//! take them from here.

use serde::Serialize;

use crate::draft::Draft;
use crate::validate::{OPINION_LIMIT, SUMMARY_LIMIT};

/// A field a user fills in: of 附件1, of the 附件2 header, or printed on the cover only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    /// 劳务品牌名称.
    BrandName,
    /// 劳务品牌类型 (one box ticked).
    BrandType,
    /// 培育建设单位.
    Unit,
    /// 劳务品牌负责人.
    Leader,
    /// 职务.
    LeaderTitle,
    /// 基本情况.
    Summary,
    /// 申报年度 (printed on blank date lines).
    Year,
    /// 培育建设单位推荐意见.
    UnitOpinion,
    /// Its date.
    UnitOpinionDate,
    /// 县区人社部门推荐意见.
    CountyOpinion,
    /// Its date.
    CountyOpinionDate,
    /// 联系人及电话 (on the 申报材料's cover, not on the forms).
    Contact,
    /// 填报单位 (附件2 header).
    ReportingUnit,
}

/// How a field's value is kept in a draft, and so which input it gets.
#[derive(Clone, Copy)]
pub enum Value {
    /// Typed text on one line; `get`/`get_mut` reach it in a draft.
    Line(fn(&Draft) -> &String, fn(&mut Draft) -> &mut String),
    /// Typed text of several lines (a block with a length limit).
    Block(fn(&Draft) -> &String, fn(&mut Draft) -> &mut String),
    /// One choice of a list (the brand type); `differs` compares two drafts.
    Choice(fn(&Draft, &Draft) -> bool),
    /// A year.
    Year(fn(&Draft, &Draft) -> bool),
    /// A date (blank: "年 月 日" for handwriting).
    Date(fn(&Draft, &Draft) -> bool),
}

impl Value {
    /// The name a front end knows the input by.
    pub fn kind(self) -> &'static str {
        match self {
            Value::Line(..) => "text",
            Value::Block(..) => "block",
            Value::Choice(_) => "choice",
            Value::Year(_) => "year",
            Value::Date(_) => "date",
        }
    }
}

/// Where a field prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Printed {
    /// In its place on 附件1 (drawn by `pdf/form1` and `docx/form1`).
    Form1,
    /// In the header of 附件2.
    Form2Header,
    /// As a line of the 申报材料's cover page, after the fixed lines, in list order: no print
    /// code is needed for such a field (the official forms have no place for it).
    Cover,
}

/// Everything about one field, in one entry of [`FIELDS`].
#[derive(Clone, Copy)]
pub struct FieldSpec {
    /// Which field.
    pub field: FormField,
    /// Its path in a draft (`form1.brand_name`), as findings and the page name it.
    pub key: &'static str,
    /// Its Chinese label (as printed on the form for the typed ones).
    pub label: &'static str,
    /// Whether an application must fill it.
    pub required: bool,
    /// The most characters it may hold, where the form sets a limit.
    pub limit: Option<usize>,
    /// How it is kept.
    pub value: Value,
    /// Where it prints.
    pub printed: Printed,
    /// A note the editor shows beside the label, if any.
    pub note: Option<&'static str>,
}

/// The fields of the two forms, in form order: the one list validation, the draft-file checks,
/// the history, the print plan, the exports and the page (through [`FieldInfo`]) read.
///
/// Adding a field is one entry here (with a variant of [`FormField`] and the member of the
/// draft it is kept in); a field printed on the cover needs nothing else, one printed on a form
/// its place in `pdf/form1` and `docx/form1` (docs/architecture.md shows a real example).
pub const FIELDS: [FieldSpec; 13] = [
    FieldSpec {
        field: FormField::BrandName,
        key: "form1.brand_name",
        label: "劳务品牌名称",
        required: true,
        limit: None,
        value: Value::Line(|d| &d.form1.brand_name, |d| &mut d.form1.brand_name),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::BrandType,
        key: "form1.brand_type",
        label: "劳务品牌类型",
        required: true,
        limit: None,
        value: Value::Choice(|a, b| a.form1.brand_type != b.form1.brand_type),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::Unit,
        key: "form1.unit",
        label: "培育建设单位",
        required: true,
        limit: None,
        value: Value::Line(|d| &d.form1.unit, |d| &mut d.form1.unit),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::Leader,
        key: "form1.leader",
        label: "劳务品牌负责人",
        required: true,
        limit: None,
        value: Value::Line(|d| &d.form1.leader, |d| &mut d.form1.leader),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::LeaderTitle,
        key: "form1.leader_title",
        label: "职务",
        required: true,
        limit: None,
        value: Value::Line(|d| &d.form1.leader_title, |d| &mut d.form1.leader_title),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::Summary,
        key: "form1.summary",
        label: "基本情况",
        required: true,
        limit: Some(SUMMARY_LIMIT),
        value: Value::Block(|d| &d.form1.summary, |d| &mut d.form1.summary),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::Year,
        key: "form1.year",
        label: "申报年度",
        required: false,
        limit: None,
        value: Value::Year(|a, b| a.form1.year != b.form1.year),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::UnitOpinion,
        key: "form1.unit_opinion.text",
        label: "培育建设单位推荐意见",
        required: false,
        limit: Some(OPINION_LIMIT),
        value: Value::Block(
            |d| &d.form1.unit_opinion.text,
            |d| &mut d.form1.unit_opinion.text,
        ),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::UnitOpinionDate,
        key: "form1.unit_opinion.date",
        label: "培育建设单位推荐意见日期",
        required: false,
        limit: None,
        value: Value::Date(|a, b| a.form1.unit_opinion.date != b.form1.unit_opinion.date),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::CountyOpinion,
        key: "form1.county_opinion.text",
        label: "县区人社部门推荐意见",
        required: false,
        limit: Some(OPINION_LIMIT),
        value: Value::Block(
            |d| &d.form1.county_opinion.text,
            |d| &mut d.form1.county_opinion.text,
        ),
        printed: Printed::Form1,
        note: Some("一般由县区人社局填写，可留空"),
    },
    FieldSpec {
        field: FormField::CountyOpinionDate,
        key: "form1.county_opinion.date",
        label: "县区人社部门推荐意见日期",
        required: false,
        limit: None,
        value: Value::Date(|a, b| a.form1.county_opinion.date != b.form1.county_opinion.date),
        printed: Printed::Form1,
        note: None,
    },
    FieldSpec {
        field: FormField::Contact,
        key: "form1.contact",
        label: "联系人及电话",
        required: false,
        limit: Some(CONTACT_LIMIT),
        value: Value::Line(|d| &d.form1.contact, |d| &mut d.form1.contact),
        printed: Printed::Cover,
        note: Some("不印在推荐表上，印在申报材料封面，便于县区人社局联系补正"),
    },
    FieldSpec {
        field: FormField::ReportingUnit,
        key: "form2.reporting_unit",
        label: "填报单位",
        required: false,
        limit: None,
        value: Value::Line(|d| &d.form2.reporting_unit, |d| &mut d.form2.reporting_unit),
        printed: Printed::Form2Header,
        note: Some("各县区人社局盖章"),
    },
];

/// The most characters of 联系人及电话 (a name and one or two numbers).
pub const CONTACT_LIMIT: usize = 40;

impl FormField {
    /// Every field, in form order (the order of [`FIELDS`]).
    pub const ALL: [FormField; FIELDS.len()] = {
        let mut out = [FormField::BrandName; FIELDS.len()];
        let mut i = 0;
        while i < FIELDS.len() {
            out[i] = FIELDS[i].field;
            i += 1;
        }
        out
    };

    /// Its entry of [`FIELDS`].
    pub fn spec(self) -> &'static FieldSpec {
        FIELDS
            .iter()
            .find(|s| s.field == self)
            .expect("every field has its entry (tested)")
    }

    /// The key: the field's path in a draft (`form1.brand_name`, …), as findings name it.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The Chinese label (as printed on the form for the typed ones).
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The field with this key.
    pub fn from_key(key: &str) -> Option<FormField> {
        FIELDS.iter().find(|s| s.key == key).map(|s| s.field)
    }

    /// Whether an application must fill it (the opinions and dates may be left for the
    /// bureau or for handwriting).
    pub fn required(self) -> bool {
        self.spec().required
    }

    /// The most characters it may hold, where the form sets a limit.
    pub fn limit(self) -> Option<usize> {
        self.spec().limit
    }

    /// Where it prints.
    pub fn printed(self) -> Printed {
        self.spec().printed
    }

    /// The typed text of a text field (`None` for the type, the year and the dates).
    pub fn text(self, draft: &Draft) -> Option<&String> {
        match self.spec().value {
            Value::Line(get, _) | Value::Block(get, _) => Some(get(draft)),
            _ => None,
        }
    }

    /// The typed text of a text field, to change it.
    pub fn text_mut(self, draft: &mut Draft) -> Option<&mut String> {
        match self.spec().value {
            Value::Line(_, get) | Value::Block(_, get) => Some(get(draft)),
            _ => None,
        }
    }

    /// Whether it is typed text (not the ticked type, not a year or date).
    pub fn is_text(self) -> bool {
        matches!(self.spec().value, Value::Line(..) | Value::Block(..))
    }

    /// The typed text fields, in form order.
    pub fn texts() -> impl Iterator<Item = FormField> {
        FormField::ALL.into_iter().filter(|f| f.is_text())
    }

    /// Whether two drafts differ in this field.
    pub fn differs(self, a: &Draft, b: &Draft) -> bool {
        match self.spec().value {
            Value::Line(get, _) | Value::Block(get, _) => get(a) != get(b),
            Value::Choice(d) | Value::Year(d) | Value::Date(d) => d(a, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key is the field's real path in a draft's JSON, and setting a text through the
    /// enum changes exactly that path.
    #[test]
    fn every_key_is_the_path_of_its_field_in_a_draft() {
        for f in FormField::ALL {
            assert_eq!(FormField::from_key(f.key()), Some(f));
            // Every optional field present, as in a new draft (a text omitted while empty,
            // such as 联系人及电话, is checked below once set).
            let json = serde_json::to_value(Draft::new_for_this_year()).unwrap();
            let path = format!("/{}", f.key().replace('.', "/"));
            assert!(
                json.pointer(&path).is_some() || f.is_text(),
                "{} is not a path",
                f.key()
            );
            let mut d = Draft::default();
            if let Some(t) = f.text_mut(&mut d) {
                *t = "甲".into();
                let json = serde_json::to_value(&d).unwrap();
                assert_eq!(json.pointer(&path).unwrap(), "甲", "{}", f.key());
                assert!(f.differs(&d, &Draft::default()));
                assert!(FormField::ALL
                    .into_iter()
                    .filter(|g| *g != f)
                    .all(|g| !g.differs(&d, &Draft::default())));
            }
        }
        assert_eq!(FormField::texts().count(), 9);
        for f in FormField::ALL {
            assert_eq!(f.is_text(), f.text(&Draft::default()).is_some(), "{f:?}");
        }
    }
}

/// A field as a front end receives it, to label its input and count its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldInfo {
    /// The path in a draft (`form1.brand_name`).
    pub key: &'static str,
    /// The label printed on the form.
    pub label: &'static str,
    /// Whether it must be filled.
    pub required: bool,
    /// The length limit in characters, if any.
    pub limit: Option<usize>,
    /// Whether it is free text (not the type choice).
    pub text: bool,
    /// Which input: `text`, `block`, `choice`, `year` or `date`.
    pub kind: &'static str,
    /// Where it prints.
    pub printed: Printed,
    /// A note beside its label, if any.
    pub note: Option<&'static str>,
}

impl FieldInfo {
    /// Every field, in form order.
    pub fn all() -> Vec<FieldInfo> {
        FormField::ALL
            .iter()
            .map(|f| FieldInfo {
                key: f.key(),
                label: f.label(),
                required: f.required(),
                limit: f.limit(),
                text: f.is_text(),
                kind: f.spec().value.kind(),
                printed: f.printed(),
                note: f.spec().note,
            })
            .collect()
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;

    /// The page's unit tests (ui/tests/editor-fields.test.mjs) read the field list the core
    /// sends from ui/tests/fixtures/form_fields.json: it must be what `form_fields` answers.
    /// `UPDATE_FIXTURES=1` writes it anew after a field is added or changed.
    #[test]
    fn the_page_tests_read_the_field_list_the_core_sends() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../ui/tests/fixtures/form_fields.json"
        );
        let now = serde_json::to_string_pretty(&FieldInfo::all()).unwrap() + "\n";
        if std::env::var_os("UPDATE_FIXTURES").is_some() {
            std::fs::write(path, &now).unwrap();
        }
        let fixture = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            fixture, now,
            "ui/tests/fixtures/form_fields.json is stale: run with UPDATE_FIXTURES=1"
        );
    }

    /// Every field has one entry, and the entries are in the enum's order.
    #[test]
    fn every_field_has_one_entry() {
        for (i, f) in FormField::ALL.into_iter().enumerate() {
            assert_eq!(FIELDS.iter().filter(|s| s.field == f).count(), 1, "{f:?}");
            assert_eq!(f as usize, i, "{f:?} is out of order in FIELDS");
        }
    }
}
