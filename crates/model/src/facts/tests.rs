use super::*;
use serde_json::json;
use std::str::FromStr;

fn decl(kind: FactKind) -> FactDecl {
    FactDecl {
        key: "k".into(),
        label: "从业人员人数".into(),
        kind,
        unit: None,
        min: None,
        max: Some(Decimal::from(100)),
        options: vec![
            FactOption {
                key: "a".into(),
                label: "甲".into(),
            },
            FactOption {
                key: "b".into(),
                label: "乙".into(),
            },
        ],
        at_most: None,
        positive: false,
        help: None,
        usual_max: None,
        usual_per_worker: None,
        role: None,
        items: vec![],
    }
}

#[test]
fn numbers_are_exact() {
    let d = decl(FactKind::Percent);
    assert_eq!(
        read(&d, &json!(95.5)),
        Ok(FactValue::Number(Decimal::from_str("95.5").unwrap()))
    );
    assert_eq!(
        read(&d, &json!("９５．５")),
        Ok(FactValue::Number(Decimal::from_str("95.5").unwrap()))
    );
    assert_eq!(
        read(&d, &json!(0.1)),
        Ok(FactValue::Number(Decimal::from_str("0.1").unwrap()))
    );
}

#[test]
fn bad_numbers_name_the_field() {
    let d = decl(FactKind::Count);
    let e = read(&d, &json!("四千")).unwrap_err();
    assert!(e.to_string().contains("从业人员人数"), "{e}");
    assert!(matches!(
        read(&d, &json!(2.5)),
        Err(FactProblem::NotInteger { .. })
    ));
    assert!(matches!(
        read(&d, &json!(-1)),
        Err(FactProblem::OutOfRange { .. })
    ));
    assert!(matches!(
        read(&d, &json!(101)),
        Err(FactProblem::OutOfRange { .. })
    ));
    assert!(matches!(
        read(&d, &json!(true)),
        Err(FactProblem::NotANumber { .. })
    ));
}

#[test]
fn huge_numbers_are_refused_even_without_a_declared_max() {
    let mut d = decl(FactKind::Money);
    d.max = None;
    assert_eq!(ABSOLUTE_MAX, Decimal::from(1_000_000_000_000_000u64));
    assert!(read(&d, &json!("999999999999999")).is_ok());
    assert!(matches!(
        read(&d, &json!("99999999999999999999999999")),
        Err(FactProblem::OutOfRange { .. })
    ));
}

#[test]
fn options_and_lists() {
    let d = decl(FactKind::OneOf);
    assert_eq!(read(&d, &json!("a")), Ok(FactValue::Choice("a".into())));
    assert!(read(&d, &json!("z")).is_err());
    let d = decl(FactKind::SeveralOf);
    assert_eq!(
        read(&d, &json!(["b", "a", "b"])),
        Ok(FactValue::Choices(vec!["a".into(), "b".into()]))
    );
    assert!(read(&d, &json!("a")).is_err());
    let d = decl(FactKind::YesNo);
    assert_eq!(read(&d, &json!(false)), Ok(FactValue::Bool(false)));
    assert!(read(&d, &json!(0)).is_err());
}
