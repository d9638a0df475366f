//! Every rubric item at every boundary, as a table a domain expert can check against the
//! official 评分表 (seed 附件2) and rubric-notes.md: one row per case, facts → points → why.
//!
//! Columns: item id | facts typed | expected points | expected state | a phrase the explanation
//! must contain. State: S = scored, I = incomplete, V = vetoed (一票否决).

use labour_brand_model::example::{draft_with, type_of};
use labour_brand_model::rubric::{score_with, ItemState, Rubric, Standard};

const W: &str = "common.workers";

#[rustfmt::skip]
const CASES: &[(&str, &str, u32, char, &str)] = &[
    // ── 基本条件: 11 一票否决 items, 分值 "--", only bonuses score ───────────────────────
    ("basic.1", "basic.1.plan=否", 0, 'V', "属一票否决项目"),
    ("basic.1", "basic.1.plan=", 0, 'I', "「已制定劳务品牌建设实施方案」尚未填写"),
    ("basic.1", "basic.1.plan=是; basic.1.county_standard=否; basic.1.county_brand=否", 0, 'S', "一票否决项已满足"),
    ("basic.1", "basic.1.plan=是; basic.1.county_standard=是; basic.1.county_brand=否", 2, 'S', "已细化县区认定标准，加 2 分"),
    ("basic.1", "basic.1.plan=是; basic.1.county_standard=是; basic.1.county_brand=是", 4, 'S', "已评定县区级劳务品牌，加 2 分"),
    ("basic.1", "basic.1.plan=是; basic.1.county_standard=是", 2, 'I', "最高可得 4 分"),
    ("basic.2", "basic.2.long_term_plan=否", 0, 'V', "没有中长期发展规划"),
    ("basic.2", "basic.2.long_term_plan=是", 0, 'S', "有中长期发展规划"),
    ("basic.3", "basic.3.brand_name=是; basic.3.trademark=是", 2, 'S', "已注册商标，加 2 分"),
    ("basic.3", "basic.3.brand_name=否; basic.3.trademark=是", 0, 'V', "没有独立品牌名称"),
    ("basic.4", "basic.4.product=否", 0, 'V', "没有成型的产品或服务"),
    ("basic.5", "basic.5.recognition=否", 0, 'V', "属一票否决项目"),
    ("basic.6", "basic.6.credit_system=否", 0, 'V', "属一票否决项目"),
    // item 7: 5000 万元以上 and 2 亿元以上 include the figure, 小于 60% excludes it; all three needed
    ("basic.7", "basic.7.leading_enterprises=是; basic.7.fixed_assets=5000; basic.7.annual_sales=2; basic.7.debt_ratio=59.99; basic.7.hr_services=否", 2, 'S', "达到东部地区国家级重点龙头企业建设标准"),
    ("basic.7", "basic.7.leading_enterprises=是; basic.7.fixed_assets=5000; basic.7.annual_sales=2; basic.7.debt_ratio=60; basic.7.hr_services=否", 0, 'S', "未同时达到"),
    ("basic.7", "basic.7.leading_enterprises=是; basic.7.fixed_assets=4999.99; basic.7.annual_sales=3; basic.7.debt_ratio=40; basic.7.hr_services=否", 0, 'S', "未同时达到"),
    ("basic.7", "basic.7.leading_enterprises=是; basic.7.fixed_assets=8000; basic.7.annual_sales=1.99; basic.7.debt_ratio=40; basic.7.hr_services=是", 2, 'S', "已组织人力资源服务机构"),
    ("basic.7", "basic.7.leading_enterprises=是; basic.7.fixed_assets=8000; basic.7.annual_sales=2.5; basic.7.debt_ratio=40; basic.7.hr_services=是", 4, 'S', "本项得 4 分"),
    ("basic.7", "basic.7.leading_enterprises=是; basic.7.fixed_assets=8000; basic.7.hr_services=是", 2, 'I', "「龙头企业年销售额」尚未填写"),
    ("basic.7", "basic.7.leading_enterprises=否; basic.7.fixed_assets=8000; basic.7.annual_sales=2.5; basic.7.debt_ratio=40", 0, 'V', "没有行业龙头企业"),
    ("basic.8", "basic.8.park=是; basic.8.city_demo_base=是; basic.8.hr_park_operation=是", 4, 'S', "建有市级创业示范基地，加 2 分"),
    ("basic.8", "basic.8.park=否; basic.8.city_demo_base=是", 0, 'V', "没有特色产业园区或创业示范基地"),
    ("basic.9", "basic.9.employment_scale=是; basic.9.hard_to_employ=是", 2, 'S', "加 2 分"),
    ("basic.10", "basic.10.one_stop_service=否", 0, 'V', "未提供一条龙服务"),
    ("basic.10", "basic.10.one_stop_service=是", 0, 'S', "提供一条龙服务"),
    ("basic.11", "basic.11.training_system=是; basic.11.training_materials=是", 2, 'S', "加 2 分"),
    ("basic.11", "basic.11.training_system=否; basic.11.training_materials=是", 0, 'V', "属一票否决项目"),

    // ── (一) 中高端技能类 ─────────────────────────────────────────────────────────────
    // 1: 少于3000 → 0 (so 3000 earns 20); 超过5000 → +2 (so 5000 earns no bonus)
    ("skill.1", "common.workers=2999", 0, 'S', "少于 3,000 人，不得分"),
    ("skill.1", "common.workers=3000", 20, 'S', "从业人员 3,000 人，不少于 3,000 人，得 20 分；未超过 5,000 人，不加分"),
    ("skill.1", "common.workers=5000", 20, 'S', "未超过 5,000 人，不加分"),
    ("skill.1", "common.workers=5001", 22, 'S', "超过 5,000 人，加 2 分"),
    ("skill.1", "common.workers=", 0, 'I', "「从业人员人数」尚未填写"),
    ("skill.1", "common.workers=三千", 0, 'I', "「从业人员人数」应填写数字"),
    ("skill.1", "common.workers=-5", 0, 'I', "「从业人员人数」应在 0 到"),
    // 2: 高出10%以上 (≥), exactly: 55000 vs 50000 is 10%; 高出15% read as ≥ 15%
    ("skill.2", "skill.avg_wage=55000; skill.industry_avg_wage=50000", 20, 'S', "高出行业平均 10%"),
    ("skill.2", "skill.avg_wage=54999; skill.industry_avg_wage=50000", 0, 'S', "高出行业平均 9.998%"),
    ("skill.2", "skill.avg_wage=47619; skill.industry_avg_wage=50000", 0, 'S', "低于行业平均 约4.76%，未能高于"),
    ("skill.2", "skill.avg_wage=50000; skill.industry_avg_wage=50000", 0, 'S', "与行业平均持平"),
    ("skill.2", "skill.avg_wage=54999.99; skill.industry_avg_wage=50000", 0, 'S', "未能高于行业平均工资10%，不得分"),
    ("skill.2", "skill.avg_wage=57499; skill.industry_avg_wage=50000", 20, 'S', "未高出15%，不加分"),
    ("skill.2", "skill.avg_wage=57500; skill.industry_avg_wage=50000", 22, 'S', "高出15%，加 2 分"),
    ("skill.2", "skill.avg_wage=48000; skill.industry_avg_wage=50000", 0, 'S', "不得分"),
    ("skill.2", "skill.avg_wage=48000; skill.industry_avg_wage=0", 0, 'I', "该行业年平均工资"),
    // 3: 占比在50%以上 (≥); 高于70% (>)
    ("skill.3", "common.workers=3000; skill.skilled_workers=1500", 20, 'S', "占比在50%以上，得 20 分"),
    ("skill.3", "common.workers=3000; skill.skilled_workers=1499", 0, 'S', "占比低于50%，不得分"),
    ("skill.3", "common.workers=3000; skill.skilled_workers=2100", 20, 'S', "未高于70%，不加分"),
    ("skill.3", "common.workers=3000; skill.skilled_workers=2101", 22, 'S', "高于70%，加 2 分"),
    ("skill.3", "common.workers=3000; skill.skilled_workers=3001", 0, 'I', "不能大于「从业人员人数」"),
    // 4: 居省内同行业前列
    ("skill.4", "skill.market_position=none", 0, 'S', "达不到省内同行业前列"),
    ("skill.4", "skill.market_position=province", 20, 'S', "居省内同行业前列，得 20 分"),
    ("skill.4", "skill.market_position=nation", 20, 'S', "得 20 分"),
    // 5: start at 20, −10 each
    ("skill.5", "skill.above_scale_enterprises=是; skill.little_giants=是", 20, 'S', "本项得 20 分"),
    ("skill.5", "skill.above_scale_enterprises=是; skill.little_giants=否", 10, 'S', "没有“专精特新”小巨人企业，扣 10 分"),
    ("skill.5", "skill.above_scale_enterprises=否; skill.little_giants=否", 0, 'S', "本项得 0 分"),
    ("skill.5", "skill.above_scale_enterprises=是", 10, 'I', "填写后最高可得 20 分"),

    // ── (二) 高品质服务类 ─────────────────────────────────────────────────────────────
    ("service.1", "common.workers=5999", 0, 'S', "少于 6,000 人"),
    ("service.1", "common.workers=6000", 20, 'S', "不少于 6,000 人，得 20 分"),
    ("service.1", "common.workers=10000", 20, 'S', "未超过 10,000 人"),
    ("service.1", "common.workers=10001", 22, 'S', "超过 10,000 人，加 2 分"),
    ("service.2", "service.training_program=是; service.certified_work=是", 20, 'S', "本项得 20 分"),
    ("service.2", "service.training_program=否; service.certified_work=是", 10, 'S', "未开发职业培训项目，扣 10 分"),
    ("service.2", "service.training_program=否; service.certified_work=否", 0, 'S', "未推行持证上岗，扣 10 分"),
    ("service.3", "service.offline_gig_market=是; service.online_zone=是; service.matching_events=是", 22, 'S', "开展了供需对接活动，加 2 分"),
    ("service.3", "service.offline_gig_market=是; service.online_zone=否; service.matching_events=否", 10, 'S', "未建有线上灵活就业服务专区，扣 10 分"),
    ("service.3", "service.offline_gig_market=否; service.online_zone=否; service.matching_events=是", 0, 'S', "本项得 0 分"),
    // 4: 5 + 5 + 5 + 5; 较为完善 counts only where the thing is established
    ("service.4", "service.standard=是; service.standard_complete=是; service.after_sales=是; service.after_sales_complete=是", 20, 'S', "本项得 20 分"),
    ("service.4", "service.standard=是; service.standard_complete=否; service.after_sales=是; service.after_sales_complete=否", 10, 'S', "服务标准尚不完善，不得分"),
    ("service.4", "service.standard=否; service.standard_complete=是; service.after_sales=否; service.after_sales_complete=是", 0, 'S', "未建立服务标准，不得分"),
    // 5: 达95%以上 (≥); 98%以上 (≥)
    ("service.5", "service.satisfaction=94.99", 0, 'S', "达不到95%，不得分"),
    ("service.5", "service.satisfaction=95", 20, 'S', "达到95%以上，得 20 分"),
    ("service.5", "service.satisfaction=97.99", 20, 'S', "未达到98%，不加分"),
    ("service.5", "service.satisfaction=98", 22, 'S', "达到98%以上，加 2 分"),
    ("service.5", "service.satisfaction=100.5", 0, 'I', "「第三方机构测评客户满意度」应在 0 到 100 之间"),

    // ── (三) 文化旅游类 ───────────────────────────────────────────────────────────────
    ("culture.1", "common.workers=1999", 0, 'S', "少于 2,000 人"),
    ("culture.1", "common.workers=2000", 20, 'S', "得 20 分"),
    ("culture.1", "common.workers=3000", 20, 'S', "未超过 3,000 人"),
    ("culture.1", "common.workers=3001", 22, 'S', "超过 3,000 人，加 2 分"),
    // 2: none → 0 and no bonus; 5 / 4 / 2, together at most 11
    ("culture.2", "culture.craftsmen=否; culture.honours=[national]", 0, 'S', "没有代表性能工巧匠和特色乡土人才，不得分"),
    ("culture.2", "culture.craftsmen=是; culture.honours=[]", 20, 'S', "无国家级相关荣誉，不加分"),
    ("culture.2", "culture.craftsmen=是; culture.honours=[national]", 25, 'S', "有国家级相关荣誉，加 5 分"),
    ("culture.2", "culture.craftsmen=是; culture.honours=[province_top,province]", 26, 'S', "本项得 26 分"),
    ("culture.2", "culture.craftsmen=是; culture.honours=[national,province_top,province]", 31, 'S', "本项得 31 分"),
    // 3: 省级 20, 国家级 22; 市级 or none 0 (标准 mentions 市级, 评分依据 pays only 省级/国家级)
    ("culture.3", "culture.product_level=none", 0, 'S', "不得分"),
    ("culture.3", "culture.product_level=city", 0, 'S', "市级认定不得分"),
    ("culture.3", "culture.product_level=province", 20, 'S', "有省级及以上认定，得 20 分"),
    ("culture.3", "culture.product_level=nation", 22, 'S', "有国家级认定，加 2 分"),
    // 4: plan 5, ≥1 activity 10, media 5; 省级以上 +2 or 中央 +4, the larger, not both
    ("culture.4", "culture.promotion_plan=是; culture.activities_held=0; culture.media=none", 5, 'S', "尚未举办活动，不得分"),
    ("culture.4", "culture.promotion_plan=否; culture.activities_held=1; culture.media=local", 15, 'S', "已举办 1 次活动，得 10 分"),
    ("culture.4", "culture.promotion_plan=是; culture.activities_held=2; culture.media=province", 22, 'S', "在省级以上媒体宣传推广，加 2 分"),
    ("culture.4", "culture.promotion_plan=是; culture.activities_held=5; culture.media=central", 24, 'S', "加分取较高者 4 分"),
    // 5: one kind 20; two kinds +2; a 省级 carrier +2
    ("culture.5", "culture.carriers=[]; culture.provincial_carrier=是", 0, 'S', "一项也没有，不得分"),
    ("culture.5", "culture.carriers=[craft_station]; culture.provincial_carrier=否", 20, 'S', "只有其中一项，不加分"),
    ("culture.5", "culture.carriers=[master_studio,demo_base]; culture.provincial_carrier=否", 22, 'S', "有其中两项以上，加 2 分"),
    ("culture.5", "culture.carriers=[master_studio,demo_base,intangible_workshop]; culture.provincial_carrier=是", 24, 'S', "有省级载体平台或文化品牌，加 2 分"),

    // ── (四) 民生保障类 ───────────────────────────────────────────────────────────────
    ("livelihood.1", "common.workers=29999", 0, 'S', "少于 30,000 人"),
    ("livelihood.1", "common.workers=30000", 20, 'S', "得 20 分"),
    ("livelihood.1", "common.workers=50000", 20, 'S', "未超过 50,000 人"),
    ("livelihood.1", "common.workers=50001", 22, 'S', "超过 50,000 人，加 2 分"),
    // 2: start 20; 农民工 <70% −15, >85% +2; 困难群体 <10% −5, >20% +2
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=700; livelihood.hardship_workers=100", 20, 'S', "农民工占比不低于70%，不扣分"),
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=699; livelihood.hardship_workers=100", 5, 'S', "农民工占比低于70%，扣 15 分"),
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=700; livelihood.hardship_workers=99", 15, 'S', "就业困难群体占比低于10%，扣 5 分"),
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=850; livelihood.hardship_workers=200", 20, 'S', "农民工占比未超过85%，不加分"),
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=851; livelihood.hardship_workers=201", 24, 'S', "就业困难群体占比超过20%，加 2 分"),
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=600; livelihood.hardship_workers=50", 0, 'S', "本项得 0 分"),
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=600; livelihood.hardship_workers=250", 7, 'S', "本项得 7 分"),
    ("livelihood.2", "common.workers=1000; livelihood.migrant_workers=900", 17, 'I', "「从业人员中就业困难群体人数」尚未填写"),
    // 3: 少于25亿元 → 0; 超过30亿元 → +2
    ("livelihood.3", "livelihood.annual_income=24.99", 0, 'S', "少于25亿元，不得分"),
    ("livelihood.3", "livelihood.annual_income=25", 20, 'S', "不少于25亿元，得 20 分"),
    ("livelihood.3", "livelihood.annual_income=30", 20, 'S', "未超过30亿元，不加分"),
    ("livelihood.3", "livelihood.annual_income=30.01", 22, 'S', "超过30亿元，加 2 分"),
    ("livelihood.4", "livelihood.project_training=否; livelihood.special_certificates=是", 10, 'S', "没有开展项目制培训，扣 10 分"),
    ("livelihood.4", "livelihood.project_training=否; livelihood.special_certificates=否", 0, 'S', "本项得 0 分"),
    ("livelihood.5", "livelihood.carriers=[]", 0, 'S', "一项也没有，不得分"),
    ("livelihood.5", "livelihood.carriers=[cooperative]", 20, 'S', "得 20 分"),
    ("livelihood.5", "livelihood.carriers=[workshop,rural_base,cooperative]", 22, 'S', "有两项以上，加 2 分"),
];

#[test]
fn every_case_in_the_table_scores_as_the_official_rubric_says() {
    let rubric = Rubric::city();
    let mut failures = Vec::new();
    for (id, facts, points, state, phrase) in CASES {
        let draft = draft_with(Some(type_of(id)), facts);
        let result = score_with(rubric, None, &draft);
        let item = result
            .items
            .iter()
            .find(|i| i.id == *id)
            .expect("item is scored");
        let want_state = match state {
            'S' => ItemState::Scored,
            'I' => ItemState::Incomplete,
            _ => ItemState::Vetoed,
        };
        if item.points != *points || item.state != want_state || !item.explanation.contains(phrase)
        {
            failures.push(format!(
                "{id} [{facts}]: want {points} {want_state:?} «{phrase}», got {} {:?} «{}»",
                item.points, item.state, item.explanation
            ));
        }
        assert!(item.points <= item.max, "{id}: points above max");
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_item_has_a_case() {
    for item in &Rubric::city().items {
        assert!(
            CASES.iter().any(|c| c.0 == item.id),
            "no case for {}",
            item.id
        );
    }
}

#[test]
fn item_maxima_follow_the_rubric() {
    let r = Rubric::city();
    let max = |id: &str| r.item(id).unwrap().max;
    assert_eq!(max("basic.1"), 4);
    assert_eq!(max("basic.2"), 0);
    assert_eq!(max("basic.7"), 4);
    assert_eq!(max("skill.1"), 22);
    assert_eq!(max("skill.5"), 20);
    assert_eq!(max("service.4"), 20);
    assert_eq!(max("culture.2"), 31);
    assert_eq!(
        max("culture.4"),
        24,
        "中央 +4 and 省级以上 +2 are not both counted"
    );
    assert_eq!(max("culture.5"), 24);
    assert_eq!(max("livelihood.2"), 24);
}

#[test]
fn veto_is_loud_and_totals_add_up() {
    let mut d = labour_brand_model::example::example(labour_brand_model::BrandType::Culture);
    let before = labour_brand_model::score(&d);
    assert!(!before.vetoed && before.complete);
    assert_eq!(before.total, before.basic_bonus + before.category_total);
    assert_eq!(
        before.total,
        before.items.iter().map(|i| i.points).sum::<u32>()
    );
    assert_eq!(before.items.len(), 16);
    d.facts
        .insert("basic.6.credit_system".into(), serde_json::json!(false));
    let after = labour_brand_model::score(&d);
    assert!(after.vetoed);
    assert_eq!(after.vetoes, vec!["basic.6".to_string()]);
    assert!(after.summary.contains("一票否决"), "{}", after.summary);
    assert!(
        !after.summary.contains(&format!("总分 {}", after.total)),
        "a vetoed draft states no total: {}",
        after.summary
    );
}

#[test]
fn switching_type_keeps_other_facts_and_scores_only_the_chosen_category() {
    let mut d = draft_with(
        Some(labour_brand_model::BrandType::Skill),
        &format!("{W}=4000; service.satisfaction=99"),
    );
    let skill = score_with(Rubric::city(), None, &d);
    assert!(skill.items.iter().any(|i| i.id == "skill.1"));
    assert!(!skill.items.iter().any(|i| i.group.key() == "service"));
    d.form1.brand_type = Some(labour_brand_model::BrandType::Service);
    let service = score_with(Rubric::city(), None, &d);
    assert_eq!(
        service
            .items
            .iter()
            .find(|i| i.id == "service.5")
            .unwrap()
            .points,
        22
    );
    assert_eq!(d.facts.len(), 2, "nothing typed is dropped by switching");
    d.form1.brand_type = None;
    let none = score_with(Rubric::city(), None, &d);
    assert_eq!(none.items.len(), 11);
    assert!(!none.complete);
}

#[test]
fn provincial_standard_is_checked_with_the_gap() {
    let std = Standard::provincial();
    let d = draft_with(
        Some(labour_brand_model::BrandType::Service),
        &format!("{W}=8500"),
    );
    let r = score_with(Rubric::city(), Some(std), &d);
    let p = r.provincial.iter().find(|p| p.id == "service.1").unwrap();
    assert_eq!(p.met, Some(false));
    assert!(p.explanation.contains("尚差 1,500 人"), "{}", p.explanation);
    let d = draft_with(
        Some(labour_brand_model::BrandType::Skill),
        &format!("{W}=5000"),
    );
    let r = score_with(Rubric::city(), Some(std), &d);
    let p = r.provincial.iter().find(|p| p.id == "skill.1").unwrap();
    assert_eq!(p.met, Some(true));
    assert!(p.inferred && p.explanation.contains("推断"));
    assert_eq!(r.provincial_met, None, "other bars still unknown");
}

#[test]
fn a_draft_vetoed_on_the_basic_conditions_never_meets_the_provincial_standard() {
    // The complete culture example meets the provincial bars; one unmet 基本条件 must change that.
    let mut d = labour_brand_model::example::example(labour_brand_model::BrandType::Culture);
    let rubric = Rubric::city();
    let before = score_with(rubric, Some(Standard::provincial()), &d);
    assert_eq!(
        before.provincial_met,
        Some(true),
        "the example meets the bars"
    );
    d.facts
        .insert("basic.6.credit_system".into(), serde_json::json!(false));
    let after = score_with(rubric, Some(Standard::provincial()), &d);
    assert!(after.vetoed);
    assert_eq!(after.provincial_met, Some(false));
}

#[test]
fn an_industry_average_wage_of_zero_is_an_error_naming_the_field_and_zero_workers_a_warning() {
    let d = draft_with(
        Some(labour_brand_model::BrandType::Skill),
        "skill.avg_wage=60000; skill.industry_avg_wage=0; common.workers=0",
    );
    let findings = labour_brand_model::validate(Rubric::city(), &d);
    let wage = findings
        .iter()
        .find(|f| f.field == "facts.skill.industry_avg_wage")
        .expect("a finding for the wage");
    assert_eq!(wage.severity, labour_brand_model::Severity::Error);
    assert_eq!(wage.message, "「该行业年平均工资」不能为 0，请填写实际数字");
    let workers = findings
        .iter()
        .find(|f| f.field == "facts.common.workers")
        .expect("a finding for 0 workers");
    assert_eq!(workers.severity, labour_brand_model::Severity::Warning);
}

/// item | facts (main fact unfilled, some bonuses answered) | highest still reachable.
/// Bonuses answered 否 are not promised any more.
const REACHABLE: &[(&str, &str, u32)] = &[
    (
        "basic.1",
        "basic.1.county_standard=否; basic.1.county_brand=否",
        0,
    ),
    (
        "basic.1",
        "basic.1.county_standard=是; basic.1.county_brand=否",
        2,
    ),
    ("basic.1", "", 4),
    ("basic.3", "basic.3.trademark=否", 0),
    ("culture.2", "culture.honours=[province]", 22),
    ("culture.2", "culture.honours=[national,province]", 27),
    ("culture.2", "", 31),
    ("skill.1", "", 22),
];

#[test]
fn the_highest_reachable_leaves_out_bonuses_already_answered_no() {
    let rubric = Rubric::city();
    for (id, facts, want) in REACHABLE {
        let d = draft_with(Some(type_of(id)), facts);
        let r = score_with(rubric, None, &d);
        let item = r.items.iter().find(|i| i.id == *id).unwrap();
        assert_eq!(
            item.reachable, *want,
            "{id} [{facts}]: {}",
            item.explanation
        );
    }
}

/// Ticking a box never lowers 最高可达: while the user is still in a several-choice group
/// (`score_open`), its unticked boxes may yet be ticked; once the group is left, what is ticked
/// holds. A saved draft is always settled, so a finished draft scores as before.
#[test]
fn ticking_a_box_never_lowers_the_reachable_maximum_until_the_group_is_left() {
    use labour_brand_model::rubric::score_open;
    use labour_brand_model::BrandType;
    let rubric = Rubric::city();
    let mut d = labour_brand_model::example::example(BrandType::Culture);
    for key in ["culture.honours", "culture.carriers"] {
        d.facts.remove(key);
        let open = [key.to_string()];
        let before = score_open(rubric, None, &d, &open).max_reachable;
        let options: Vec<String> = rubric
            .fact(key)
            .unwrap()
            .options
            .iter()
            .map(|o| o.key.clone())
            .collect();
        let mut ticked: Vec<String> = Vec::new();
        for o in &options {
            ticked.push(o.clone());
            d.facts.insert(key.into(), serde_json::json!(ticked));
            let now = score_open(rubric, None, &d, &open);
            assert!(
                now.max_reachable >= before,
                "{key}: ticking {o} lowered 最高可达 {before} → {}",
                now.max_reachable
            );
            // An item that could still gain from the group says the group is open.
            let waiting = now
                .items
                .iter()
                .find(|i| i.missing.contains(&key.to_string()));
            if let Some(item) = waiting {
                assert!(
                    item.explanation.contains("还可以再勾选"),
                    "{}",
                    item.explanation
                );
            }
            if key == "culture.honours" && ticked.len() == 1 {
                assert!(
                    waiting.is_some(),
                    "one honour ticked: the others may follow"
                );
            }
        }
        // Left with only the first ticked: settled, the others count as no.
        d.facts
            .insert(key.into(), serde_json::json!([options[0].clone()]));
        let settled = score_with(rubric, None, &d);
        let open_now = score_open(rubric, None, &d, &open);
        assert!(settled.max_reachable <= open_now.max_reachable, "{key}");
        assert_eq!(
            settled.total, open_now.total,
            "{key}: what is ticked scores the same"
        );
    }
    // A finished example is unchanged by the open list being empty.
    let full = labour_brand_model::example::example(BrandType::Culture);
    assert_eq!(
        score_with(rubric, None, &full).max_reachable,
        score_open(rubric, None, &full, &[]).max_reachable
    );
}
