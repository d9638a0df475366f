//! The fields of the two forms that a user fills in, listed once: key (the path in a draft),
//! the label printed on the form, whether it must be filled, the length limit. Validation, the
//! draft-file checks, the history's list of changed fields, the print layout and the exports all
//! take them from here.

use serde::Serialize;

use crate::draft::Draft;
use crate::validate::{OPINION_LIMIT, SUMMARY_LIMIT};

/// A field of 附件1 or of the 附件2 header.
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
    /// 填报单位 (附件2 header).
    ReportingUnit,
}

impl FormField {
    /// Every field, in form order.
    pub const ALL: [FormField; 12] = [
        FormField::BrandName,
        FormField::BrandType,
        FormField::Unit,
        FormField::Leader,
        FormField::LeaderTitle,
        FormField::Summary,
        FormField::Year,
        FormField::UnitOpinion,
        FormField::UnitOpinionDate,
        FormField::CountyOpinion,
        FormField::CountyOpinionDate,
        FormField::ReportingUnit,
    ];

    /// The key: the field's path in a draft (`form1.brand_name`, …), as findings name it.
    pub fn key(self) -> &'static str {
        match self {
            FormField::BrandName => "form1.brand_name",
            FormField::BrandType => "form1.brand_type",
            FormField::Unit => "form1.unit",
            FormField::Leader => "form1.leader",
            FormField::LeaderTitle => "form1.leader_title",
            FormField::Summary => "form1.summary",
            FormField::Year => "form1.year",
            FormField::UnitOpinion => "form1.unit_opinion.text",
            FormField::UnitOpinionDate => "form1.unit_opinion.date",
            FormField::CountyOpinion => "form1.county_opinion.text",
            FormField::CountyOpinionDate => "form1.county_opinion.date",
            FormField::ReportingUnit => "form2.reporting_unit",
        }
    }

    /// The Chinese label (as printed on the form for the typed ones).
    pub fn label(self) -> &'static str {
        match self {
            FormField::BrandName => "劳务品牌名称",
            FormField::BrandType => "劳务品牌类型",
            FormField::Unit => "培育建设单位",
            FormField::Leader => "劳务品牌负责人",
            FormField::LeaderTitle => "职务",
            FormField::Summary => "基本情况",
            FormField::Year => "申报年度",
            FormField::UnitOpinion => "培育建设单位推荐意见",
            FormField::UnitOpinionDate => "培育建设单位推荐意见日期",
            FormField::CountyOpinion => "县区人社部门推荐意见",
            FormField::CountyOpinionDate => "县区人社部门推荐意见日期",
            FormField::ReportingUnit => "填报单位",
        }
    }

    /// The field with this key.
    pub fn from_key(key: &str) -> Option<FormField> {
        FormField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Whether an application must fill it (the opinions and dates may be left for the
    /// bureau or for handwriting).
    pub fn required(self) -> bool {
        matches!(
            self,
            FormField::BrandName
                | FormField::BrandType
                | FormField::Unit
                | FormField::Leader
                | FormField::LeaderTitle
                | FormField::Summary
        )
    }

    /// The most characters it may hold, where the form sets a limit.
    pub fn limit(self) -> Option<usize> {
        match self {
            FormField::Summary => Some(SUMMARY_LIMIT),
            FormField::UnitOpinion | FormField::CountyOpinion => Some(OPINION_LIMIT),
            _ => None,
        }
    }

    /// The typed text of a text field (`None` for the type and the dates).
    pub fn text(self, draft: &Draft) -> Option<&String> {
        let (f1, f2) = (&draft.form1, &draft.form2);
        Some(match self {
            FormField::BrandName => &f1.brand_name,
            FormField::Unit => &f1.unit,
            FormField::Leader => &f1.leader,
            FormField::LeaderTitle => &f1.leader_title,
            FormField::Summary => &f1.summary,
            FormField::UnitOpinion => &f1.unit_opinion.text,
            FormField::CountyOpinion => &f1.county_opinion.text,
            FormField::ReportingUnit => &f2.reporting_unit,
            FormField::BrandType
            | FormField::Year
            | FormField::UnitOpinionDate
            | FormField::CountyOpinionDate => return None,
        })
    }

    /// The typed text of a text field, to change it.
    pub fn text_mut(self, draft: &mut Draft) -> Option<&mut String> {
        let (f1, f2) = (&mut draft.form1, &mut draft.form2);
        Some(match self {
            FormField::BrandName => &mut f1.brand_name,
            FormField::Unit => &mut f1.unit,
            FormField::Leader => &mut f1.leader,
            FormField::LeaderTitle => &mut f1.leader_title,
            FormField::Summary => &mut f1.summary,
            FormField::UnitOpinion => &mut f1.unit_opinion.text,
            FormField::CountyOpinion => &mut f1.county_opinion.text,
            FormField::ReportingUnit => &mut f2.reporting_unit,
            FormField::BrandType
            | FormField::Year
            | FormField::UnitOpinionDate
            | FormField::CountyOpinionDate => return None,
        })
    }

    /// Whether it is typed text (not the ticked type, not a date).
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            FormField::BrandType
                | FormField::Year
                | FormField::UnitOpinionDate
                | FormField::CountyOpinionDate
        )
    }

    /// The typed text fields, in form order.
    pub fn texts() -> impl Iterator<Item = FormField> {
        FormField::ALL.into_iter().filter(|f| f.is_text())
    }

    /// Whether two drafts differ in this field.
    pub fn differs(self, a: &Draft, b: &Draft) -> bool {
        let (x, y) = (&a.form1, &b.form1);
        match self {
            FormField::BrandType => x.brand_type != y.brand_type,
            FormField::Year => x.year != y.year,
            FormField::UnitOpinionDate => x.unit_opinion.date != y.unit_opinion.date,
            FormField::CountyOpinionDate => x.county_opinion.date != y.county_opinion.date,
            text => text.text(a) != text.text(b),
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
            // Every optional field present, as in a new draft.
            let json = serde_json::to_value(Draft::new_for_this_year()).unwrap();
            let path = format!("/{}", f.key().replace('.', "/"));
            assert!(json.pointer(&path).is_some(), "{} is not a path", f.key());
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
        assert_eq!(FormField::texts().count(), 8);
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
            })
            .collect()
    }
}
