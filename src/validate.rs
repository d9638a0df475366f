//! Findings on a draft: the model's ([`labour_brand_model::validate`]: required fields, limits,
//! the round's year, facts out of range) with what the print layout will do with long texts, from
//! the plan the export draws ([`crate::pdf::print_findings`]).

pub use labour_brand_model::validate::*;

use crate::draft::Draft;
use crate::rubric::Rubric;

/// Checks a draft against the rubric, print-layout notes included; findings in form order.
pub fn validate(rubric: &Rubric, draft: &Draft) -> Vec<Finding> {
    validate_with(rubric, draft, crate::pdf::print_findings(draft, rubric))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The print layout's notes come with the model's findings, after the texts' own and
    /// before the facts'.
    #[test]
    fn print_notes_are_findings_in_form_order() {
        let mut d = crate::example::example(crate::BrandType::Skill);
        d.form1.summary = "甲".repeat(501);
        d.facts
            .insert("common.workers".into(), serde_json::json!("三千"));
        let codes: Vec<FindingCode> = validate(Rubric::city(), &d)
            .into_iter()
            .map(|f| f.code)
            .collect();
        let at = |c| codes.iter().position(|x| *x == c).unwrap();
        assert!(at(FindingCode::OverLimit) < at(FindingCode::PrintSmaller));
        assert!(at(FindingCode::PrintSmaller) < at(FindingCode::InvalidFact));
        assert!(!labour_brand_model::validate(Rubric::city(), &d)
            .iter()
            .any(|f| f.code == FindingCode::PrintSmaller));
    }
}
