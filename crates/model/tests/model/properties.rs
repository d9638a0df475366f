//! Property tests over random drafts, valid and invalid: the engine never panics, items stay in
//! 0..=max, the total never exceeds the highest reachable total, and filling a missing fact
//! never raises that highest total.

use labour_brand_model::facts::FactKind;
use labour_brand_model::rubric::{score_with, Rubric, Standard};
use labour_brand_model::{BrandType, Draft};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A random value for a fact: mostly plausible for its kind, sometimes hostile.
fn value_for(kind: FactKind, options: Vec<String>) -> BoxedStrategy<Value> {
    let hostile = prop_oneof![
        Just(json!(null)),
        Just(json!("")),
        Just(json!("abc")),
        Just(json!(-1)),
        Just(json!(1e300)),
        Just(json!([1, 2])),
        Just(json!({"x": 1})),
        any::<bool>().prop_map(Value::Bool),
    ];
    let plausible = match kind {
        FactKind::Count => (0u64..120_000).prop_map(|n| json!(n)).boxed(),
        FactKind::Money => (0u64..10_000_000, 0u32..100)
            .prop_map(|(a, c)| json!(format!("{a}.{c:02}")))
            .boxed(),
        FactKind::Percent => (0u32..=10_000)
            .prop_map(|n| json!(format!("{}.{:02}", n / 100, n % 100)))
            .boxed(),
        FactKind::YesNo => any::<bool>().prop_map(Value::Bool).boxed(),
        FactKind::OneOf => proptest::sample::select(options)
            .prop_map(Value::String)
            .boxed(),
        FactKind::SeveralOf => proptest::sample::subsequence(options.clone(), 0..=options.len())
            .prop_map(|v| Value::Array(v.into_iter().map(Value::String).collect()))
            .boxed(),
    };
    prop_oneof![8 => plausible, 1 => hostile].boxed()
}

fn arb_draft() -> impl Strategy<Value = Draft> {
    let rubric = Rubric::city();
    let facts: Vec<BoxedStrategy<Option<(String, Value)>>> = rubric
        .facts
        .iter()
        .map(|d| {
            let key = d.key.clone();
            let options = d.options.iter().map(|o| o.key.clone()).collect();
            proptest::option::of(value_for(d.kind, options).prop_map(move |v| (key.clone(), v)))
                .boxed()
        })
        .collect();
    let brand_type = proptest::option::of(proptest::sample::select(BrandType::ALL.to_vec()));
    (facts, brand_type).prop_map(|(facts, brand_type)| {
        let mut d = Draft::default();
        d.form1.brand_type = brand_type;
        for (k, v) in facts.into_iter().flatten() {
            d.facts.insert(k, v);
        }
        d
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn scores_are_bounded(draft in arb_draft()) {
        let r = score_with(Rubric::city(), Some(Standard::provincial()), &draft);
        for item in &r.items {
            prop_assert!(item.points <= item.max, "{} {} > {}", item.id, item.points, item.max);
            prop_assert!(item.points <= item.reachable && item.reachable <= item.max, "{}", item.id);
            prop_assert!(!item.explanation.is_empty());
        }
        prop_assert!(r.total <= r.max_reachable);
        prop_assert!(r.max_reachable <= r.max_total);
        prop_assert_eq!(r.total, r.basic_bonus + r.category_total);
    }

    #[test]
    fn filling_a_missing_fact_never_raises_the_reachable_total(
        draft in arb_draft(),
        pick in any::<proptest::sample::Index>(),
        value in arb_draft(),
    ) {
        let rubric = Rubric::city();
        let before = score_with(rubric, None, &draft);
        let missing: Vec<&str> = rubric.facts.iter().map(|f| f.key.as_str()).filter(|k| draft.fact(k).is_none()).collect();
        prop_assume!(!missing.is_empty());
        let key = missing[pick.index(missing.len())];
        let Some(v) = value.facts.get(key).cloned() else { return Ok(()) };
        let mut filled = draft.clone();
        filled.facts.insert(key.to_string(), v);
        let after = score_with(rubric, None, &filled);
        prop_assert!(after.max_reachable <= before.max_reachable,
            "filling {} raised reachable {} -> {}", key, before.max_reachable, after.max_reachable);
    }
}
