//! Numbers as office staff type them: a trailing unit that matches the field is accepted, money
//! is converted exactly between 元, 万元 and 亿元, and a figure that looks typed in the wrong
//! unit gets a warning saying what was probably meant. One row per case.

use labour_brand::example::draft_with;
use labour_brand::facts::parse_with_unit;
use labour_brand::rubric::Rubric;
use labour_brand::summary::evaluate;
use labour_brand::BrandType;
use rust_decimal::Decimal;
use std::str::FromStr;

/// typed text | the field's unit | understood in the field's unit (None = not a number there)
const PARSE: &[(&str, &str, Option<&str>)] = &[
    ("5000", "万元", Some("5000")),
    ("5000万元", "万元", Some("5000")),
    ("5000 万元", "万元", Some("5000")),
    ("5000万", "万元", Some("5000")),
    ("2.5亿", "万元", Some("25000")),
    ("2.5亿元", "万元", Some("25000")),
    ("50000000元", "万元", Some("5000")),
    ("27.8亿元", "亿元", Some("27.8")),
    ("27.8亿", "亿元", Some("27.8")),
    ("278000万元", "亿元", Some("27.8")),
    ("5.8万", "元", Some("58000")),
    ("58,000元", "元", Some("58000")),
    ("3000人", "人", Some("3000")),
    ("60%", "%", Some("60")),
    ("60％", "%", Some("60")),
    ("３０００人", "人", Some("3000")),
    ("3000元", "人", None),
    ("60人", "%", None),
    ("约3000", "人", None),
    ("5000美元", "万元", None),
];

#[test]
fn numbers_with_units_are_understood_exactly() {
    for (typed, unit, want) in PARSE {
        let got = parse_with_unit(typed, Some(unit)).map(|(n, _)| n);
        let want = want.map(|w| Decimal::from_str(w).unwrap());
        assert_eq!(
            got.map(|g| g.normalize()),
            want,
            "“{typed}” in a {unit} field"
        );
    }
}

#[test]
fn a_typed_unit_counts_for_the_score_and_is_shown_as_understood() {
    // basic.7's top-tier bonus needs 固定资产 ≥ 5000 万元 and 年销售额 ≥ 2 亿元.
    let d = draft_with(
        Some(BrandType::Skill),
        "basic.7.fixed_assets=0.5亿; basic.7.annual_sales=20000万元",
    );
    let ev = evaluate(&d, Rubric::city(), None);
    assert_eq!(
        ev.understood
            .get("basic.7.fixed_assets")
            .map(String::as_str),
        Some("按 5,000 万元计（由亿元换算）")
    );
    assert_eq!(
        ev.understood
            .get("basic.7.annual_sales")
            .map(String::as_str),
        Some("按 2 亿元计（由万元换算）")
    );
    assert!(
        !ev.findings
            .iter()
            .any(|f| f.field.starts_with("facts.basic.7")
                && f.severity == labour_brand::Severity::Error),
        "{:?}",
        ev.findings
    );
}

/// typed figure | fact | the warning must contain
const SLIPS: &[(&str, &str, &str)] = &[
    (
        "27800",
        "livelihood.annual_income",
        "这看起来是以万元为单位：2.78 亿元？",
    ),
    (
        "250000000",
        "livelihood.annual_income",
        "这看起来是以元为单位：2.5 亿元？",
    ),
    (
        "50000000",
        "basic.7.fixed_assets",
        "这看起来是以元为单位：5,000 万元？",
    ),
];

#[test]
fn likely_unit_slips_are_warned_with_what_was_meant() {
    for (typed, key, wanted) in SLIPS {
        let d = draft_with(Some(BrandType::Livelihood), &format!("{key}={typed}"));
        let ev = evaluate(&d, Rubric::city(), None);
        let f = ev
            .findings
            .iter()
            .find(|f| f.field == format!("facts.{key}"))
            .unwrap_or_else(|| panic!("no warning for {typed} in {key}"));
        assert!(f.message.contains(wanted), "{typed}: {}", f.message);
    }
    // Plausible figures stay quiet.
    let d = draft_with(Some(BrandType::Livelihood), "livelihood.annual_income=27.8");
    let ev = evaluate(&d, Rubric::city(), None);
    assert!(!ev
        .findings
        .iter()
        .any(|f| f.field == "facts.livelihood.annual_income"));
}
