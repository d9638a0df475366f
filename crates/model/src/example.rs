//! Complete, realistic example drafts of each brand type (fictitious units and people).

use serde_json::{json, Value};

use crate::draft::{BrandType, Draft, Form1, Form2, Opinion};

fn basic_facts() -> Vec<(&'static str, Value)> {
    vec![
        ("basic.1.plan", json!(true)),
        ("basic.1.county_standard", json!(true)),
        ("basic.1.county_brand", json!(false)),
        ("basic.2.long_term_plan", json!(true)),
        ("basic.3.brand_name", json!(true)),
        ("basic.3.trademark", json!(true)),
        ("basic.4.product", json!(true)),
        ("basic.5.recognition", json!(true)),
        ("basic.6.credit_system", json!(true)),
        ("basic.7.leading_enterprises", json!(true)),
        ("basic.7.fixed_assets", json!("6800")),
        ("basic.7.annual_sales", json!("2.6")),
        ("basic.7.debt_ratio", json!("48.5")),
        ("basic.7.hr_services", json!(true)),
        ("basic.8.park", json!(true)),
        ("basic.8.city_demo_base", json!(false)),
        ("basic.8.hr_park_operation", json!(true)),
        ("basic.9.employment_scale", json!(true)),
        ("basic.9.hard_to_employ", json!(true)),
        ("basic.10.one_stop_service", json!(true)),
        ("basic.11.training_system", json!(true)),
        ("basic.11.training_materials", json!(false)),
    ]
}

/// A complete example draft of the given type.
pub fn example(brand_type: BrandType) -> Draft {
    let (name, unit, leader, title, summary, facts): (&str, &str, &str, &str, &str, Vec<(&str, Value)>) =
        match brand_type {
            BrandType::Skill => (
                "连云港石化技工",
                "连云港徐圩石化产业发展有限公司",
                "王建国",
                "总经理",
                "连云港石化技工依托徐圩新区国家级石化产业基地培育，现有从业人员4200人，其中技能劳动者2600人。品牌建有石化技能实训基地1个，年开展职业技能培训3000余人次；龙头企业3家，其中规上企业12家；建有石化产业园区1个、创业示范基地1家。",
                vec![
                    ("common.workers", json!(4200)),
                    ("skill.avg_wage", json!("96600")),
                    ("skill.industry_avg_wage", json!("84000")),
                    ("skill.skilled_workers", json!(2600)),
                    ("skill.market_position", json!("province")),
                    ("skill.above_scale_enterprises", json!(true)),
                    ("skill.little_giants", json!(false)),
                ],
            ),
            BrandType::Service => (
                "港城家政员",
                "连云港市海州区家庭服务业协会",
                "李秀兰",
                "会长",
                "港城家政员品牌现有从业人员8500人，开发母婴护理、养老护理等专门职业培训项目6个，推行持证上岗。区域内建有线下规范化零工市场2个和线上灵活就业服务专区1个，定期开展供需对接活动；服务标准和售后服务体系已建立，第三方机构测评客户满意度96.5%。",
                vec![
                    ("common.workers", json!(8500)),
                    ("service.training_program", json!(true)),
                    ("service.certified_work", json!(true)),
                    ("service.offline_gig_market", json!(true)),
                    ("service.online_zone", json!(true)),
                    ("service.matching_events", json!(true)),
                    ("service.standard", json!(true)),
                    ("service.standard_complete", json!(true)),
                    ("service.after_sales", json!(true)),
                    ("service.after_sales_complete", json!(false)),
                    ("service.satisfaction", json!("96.5")),
                ],
            ),
            BrandType::Culture => (
                "东海水晶工匠",
                "东海县水晶产业发展服务中心",
                "张明",
                "主任",
                "东海水晶工匠品牌依托“世界水晶之都”东海县培育，现有从业人员3500人，培养水晶雕刻能工巧匠和特色乡土人才200余名，其中获“江苏大工匠”称号1人、“江苏工匠”称号3人。水晶雕刻技艺获省级非物质文化遗产认定，建有乡土人才大师工作室2个、非遗工坊1个，每年举办水晶文化节等宣传推广和体验活动。",
                vec![
                    ("common.workers", json!(3500)),
                    ("culture.craftsmen", json!(true)),
                    ("culture.honours", json!(["province_top", "province"])),
                    ("culture.product_level", json!("province")),
                    ("culture.promotion_plan", json!(true)),
                    ("culture.activities_held", json!(2)),
                    ("culture.media", json!("province")),
                    ("culture.carriers", json!(["master_studio", "intangible_workshop"])),
                    ("culture.provincial_carrier", json!(true)),
                ],
            ),
            BrandType::Livelihood => (
                "灌南建筑工",
                "灌南县建筑业协会",
                "陈海波",
                "秘书长",
                "灌南建筑工品牌现有从业人员36000人，其中农民工29000人、外省脱贫人口和本省低收入人口等就业困难群体4300人，年劳务总收入27.8亿元。品牌开展项目制培训和专项职业能力考核，建有就业帮扶车间5个、人社乡村振兴基地1个。",
                vec![
                    ("common.workers", json!(36000)),
                    ("livelihood.migrant_workers", json!(29000)),
                    ("livelihood.hardship_workers", json!(4300)),
                    ("livelihood.annual_income", json!("27.8")),
                    ("livelihood.project_training", json!(true)),
                    ("livelihood.special_certificates", json!(true)),
                    ("livelihood.carriers", json!(["workshop", "rural_base"])),
                ],
            ),
        };
    let mut draft = Draft {
        form1: Form1 {
            brand_name: name.into(),
            brand_type: Some(brand_type),
            unit: unit.into(),
            leader: leader.into(),
            leader_title: title.into(),
            summary: summary.into(),
            unit_opinion: Opinion {
                text: "经研究，同意推荐该劳务品牌申报连云港市市级劳务品牌。".into(),
                // Left blank: printed as "<申报年度> 年 月 日" for the date written by hand.
                date: None,
            },
            county_opinion: Opinion::default(),
            year: Some(crate::draft::current_year()),
            ..Form1::default()
        },
        form2: Form2 {
            reporting_unit: String::new(),
        },
        ..Draft::default()
    };
    for (k, v) in basic_facts().into_iter().chain(facts) {
        draft.facts.insert(k.to_string(), v);
    }
    draft
        .evidence
        .insert("basic.1".into(), "实施方案文件（2023年印发）".into());
    draft
}

/// Builds a draft from a compact, readable fact list (the test tables are written with it): `"common.workers=3000; skill.little_giants=否;
/// culture.carriers=[master_studio,demo_base]"`. Numbers stay strings (read exactly by the core),
/// 是/否 are yes/no, `[a,b]` is a list, anything else a string; `key=` alone leaves it unfilled.
pub fn draft_with(brand_type: Option<BrandType>, facts: &str) -> Draft {
    let mut d = Draft::default();
    d.form1.brand_type = brand_type;
    for pair in facts.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').expect("key=value");
        let v = v.trim();
        let value = match v {
            "" => continue,
            "是" => Value::Bool(true),
            "否" => Value::Bool(false),
            _ if v.starts_with('[') => Value::Array(
                v.trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.into()))
                    .collect(),
            ),
            _ => Value::String(v.into()),
        };
        d.facts.insert(k.trim().to_string(), value);
    }
    d
}

/// The brand type an item id belongs to (basic items are scored under `skill`).
pub fn type_of(item_id: &str) -> BrandType {
    BrandType::from_key(item_id.split('.').next().unwrap()).unwrap_or(BrandType::Skill)
}
