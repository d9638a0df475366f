//! What the county prints: its copy of the forms of every application it recommends (its
//! 推荐意见 and date on 附件1, its name as 填报单位 on 附件2, the official forms otherwise as
//! the applicant's), the 推荐汇总表 (PDF here, xlsx in `report`), and the 补正告知单 that
//! sends an application back with everything to fix listed at once (PDF and Word).

use serde::Serialize;

use crate::docx::letter::{self, Line};
use crate::draft::Draft;
use crate::pdf::flow::{self, Block, Column};
use crate::pdf::{clean_text, Align, ExportOptions};
use crate::rubric::Editions;

use super::desk::{Decision, Desk, Settings};
use super::hints::HintKind;
use super::layer::Verdict;
use super::overview::{detail, overview, Row};
use super::ReviewError;

/// The applicant's draft as the county prints it: its 推荐意见 (and the date set, if any) on
/// 附件1 and its name as 填报单位 on 附件2; nothing else changes.
pub fn county_draft(draft: &Draft, settings: &Settings, opinion: &str) -> Draft {
    let mut d = draft.clone();
    d.form1.county_opinion.text = opinion.trim().to_string();
    d.form1.county_opinion.date = settings.opinion_date();
    d.form2.reporting_unit = settings.county.trim().to_string();
    d
}

/// The footer of the county's copy: the applicant's 校验码 (it still verifies the forms it
/// sent) beside the county's own code (of the forms as the county prints them).
pub fn county_footer(applicant: &str, county: &str) -> String {
    format!("校验码 {applicant} · 县区审核码 {county}")
}

/// What the county's copy of the forms holds.
#[derive(Debug, Clone, Serialize)]
pub struct CountyForms {
    /// Applications printed, in the order of recommendation.
    pub applications: usize,
    /// Pages.
    pub pages: usize,
    /// (brand, applicant's 校验码, county's code), in order.
    pub codes: Vec<(String, String, String)>,
}

/// The county's copy of the forms of every recommended application, in the order of
/// recommendation, as one PDF.
pub fn county_forms(
    desk: &Desk,
    editions: &Editions,
) -> Result<(Vec<u8>, CountyForms), ReviewError> {
    let settings = desk.settings()?;
    let rows: Vec<Row> = overview(desk, editions)?
        .into_iter()
        .filter(|r| r.decision == Some(Decision::Recommend))
        .collect();
    let mut drafts = Vec::new();
    let mut codes = Vec::new();
    for r in &rows {
        let v = desk.version(&r.sha256)?;
        let rubric = editions.get(&v.file.rubric_edition)?.rubric;
        let d = county_draft(&v.file.draft, &settings, &r.opinion);
        let county = d.version_code();
        codes.push((r.brand.clone(), v.code.clone(), county.clone()));
        drafts.push((d, rubric, county_footer(&v.code, &county)));
    }
    if drafts.is_empty() {
        return Err(ReviewError::NotReady {
            brand: "县区推荐表".into(),
            why: vec!["还没有决定推荐的申报".into()],
        });
    }
    let title = format!("{}推荐的市级劳务品牌申报表", settings.county);
    let (bytes, pages) = crate::pdf::render_many(&title, &drafts, &ExportOptions::default())?;
    Ok((
        bytes,
        CountyForms {
            applications: drafts.len(),
            pages,
            codes,
        },
    ))
}

/// The 推荐汇总表's columns: header and relative width.
pub const REPORT_COLUMNS: [(&str, f32); 12] = [
    ("序号", 9.0),
    ("劳务品牌名称", 24.0),
    ("类型", 15.0),
    ("培育建设单位", 28.0),
    ("负责人", 11.0),
    ("从业人员（人）", 13.0),
    ("自评分", 11.5),
    ("核定分", 11.5),
    ("差异", 9.0),
    ("佐证齐全", 9.0),
    ("推荐与否", 10.0),
    ("推荐顺序", 9.0),
];

/// A row's cells in the 推荐汇总表 (序号 `n`).
pub fn report_cells(n: usize, r: &Row) -> Vec<String> {
    let score = |t: u32, vetoed: bool| {
        if vetoed {
            "否决".to_string()
        } else {
            t.to_string()
        }
    };
    vec![
        n.to_string(),
        r.brand.clone(),
        r.type_name.replace("劳务品牌", ""),
        r.unit.clone(),
        r.leader.clone(),
        r.workers
            .map(crate::text::format_decimal)
            .unwrap_or_default(),
        score(r.self_total, r.self_vetoed),
        score(r.assessed_total, r.assessed_vetoed),
        if r.self_vetoed || r.assessed_vetoed {
            String::new()
        } else {
            format!("{:+}", r.difference).replace("+0", "0")
        },
        if r.evidence_complete { "是" } else { "否" }.into(),
        r.decision.map_or("待定", Decision::zh).into(),
        r.rank.map(|n| n.to_string()).unwrap_or_default(),
    ]
}

/// Whether a row is listed apart (vetoed after the county's check, or withdrawn).
pub fn apart(r: &Row) -> bool {
    r.assessed_vetoed || r.decision == Some(Decision::Withdrawn)
}

/// The 推荐汇总表 as PDF: the ranked list, the vetoed and withdrawn apart, and the block for
/// 填表人, 审核人, 日期 and the seal.
pub fn report_pdf(rows: &[Row], settings: &Settings) -> Result<Vec<u8>, ReviewError> {
    let columns: Vec<Column> = REPORT_COLUMNS
        .iter()
        .enumerate()
        .map(|(k, (h, w))| Column {
            head: (*h).into(),
            width: *w,
            align: if matches!(k, 1 | 2 | 3) {
                Align::Left
            } else {
                Align::Center
            },
        })
        .collect();
    let table = |rs: Vec<&Row>| Block::Table {
        columns: columns.clone(),
        rows: rs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                report_cells(i + 1, r)
                    .into_iter()
                    .map(|c| clean_text(&c))
                    .collect()
            })
            .collect(),
        size: 9.0,
    };
    let main: Vec<&Row> = rows.iter().filter(|r| !apart(r)).collect();
    let other: Vec<&Row> = rows.iter().filter(|r| apart(r)).collect();
    let date = date_line(settings);
    let mut blocks = vec![
        Block::Title("连云港市市级劳务品牌推荐汇总表".into()),
        Block::Para {
            text: format!(
                "填报单位（盖章）：{}        填报日期：{date}",
                clean_text(&settings.county)
            ),
            size: 11.0,
            align: Align::Left,
        },
        Block::Gap(2.0),
        table(main),
    ];
    if !other.is_empty() {
        blocks.push(Block::Gap(4.0));
        blocks.push(Block::Para {
            text: "一票否决及撤回的申报（不参与排序）".into(),
            size: 11.0,
            align: Align::Left,
        });
        blocks.push(table(other));
    }
    let preparer = if settings.preparer.is_empty() {
        &settings.reviewer
    } else {
        &settings.preparer
    };
    blocks.push(Block::Gap(6.0));
    blocks.push(Block::Signature {
        left: vec![
            format!("填表人：{}", clean_text(preparer)),
            "审核人：".into(),
            format!("日  期：{date}"),
        ],
        right: vec![format!("{}（盖章）", clean_text(&settings.county))],
    });
    Ok(flow::render("推荐汇总表", &blocks, "")?)
}

/// The county's date as a 推荐意见 cell prints one: "2026 年 12 月 7 日", or blanks to write by hand.
fn date_line(settings: &Settings) -> String {
    let opinion = crate::draft::Opinion {
        text: String::new(),
        date: settings.opinion_date(),
    };
    crate::forms::date_line(None, &opinion)
}

/// A 补正告知单: everything to fix in one version, said at once.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// 培育建设单位.
    pub unit: String,
    /// 劳务品牌名称.
    pub brand: String,
    /// Which version ("第 2 版，校验码 3F2A-91C0，2026-12-07 接收").
    pub version: String,
    /// The things to fix, each a sentence.
    pub items: Vec<String>,
    /// The county.
    pub county: String,
    /// The reviewer (经办人).
    pub reviewer: String,
    /// The date line.
    pub date: String,
}

/// The 补正告知单 of a version: every item 不认定 or 存疑 with the reason, every corrected
/// figure, every item earning points without evidence, every hint not yet settled, and what is
/// unfilled.
pub fn notice(desk: &Desk, editions: &Editions, sha: &str) -> Result<Notice, ReviewError> {
    let settings = desk.settings()?;
    let d = detail(desk, editions, sha)?;
    let mut items = Vec::new();
    for i in &d.items {
        if let Some(j) = i
            .judgement
            .as_ref()
            .filter(|j| j.verdict != Verdict::Accepted)
        {
            let want = if i.evidence.is_empty() {
                "请补充该项佐证材料"
            } else {
                "请补充或更正该项佐证材料"
            };
            items.push(format!(
                "{}：审核意见为“{}”。{}。{want}。",
                i.label,
                j.verdict.zh(),
                j.reason.trim_end_matches('。')
            ));
        }
        for f in &i.facts {
            if let Some(c) = &f.correction {
                let v = match &c.value {
                    serde_json::Value::String(s) => s.clone(),
                    v => v.to_string(),
                };
                let unit = f.unit.clone().unwrap_or_default();
                items.push(format!(
                    "{}「{}」：申报为 {}，经核对应为 {v} {unit}（{}）。请更正后重新报送。",
                    i.label,
                    f.label,
                    f.claimed,
                    c.reason.trim_end_matches('。')
                ));
            }
        }
    }
    for h in d.hints.iter().filter(|h| h.settled.is_none()) {
        let ask = match h.kind {
            HintKind::Unproved | HintKind::VetoUnproved => "请补充佐证材料。",
            HintKind::Unit | HintKind::Ratio => "请核实并说明。",
            HintKind::SelfScore => "请补全后重新报送。",
        };
        items.push(format!("{}。{ask}", h.text));
    }
    let v = &d.version;
    Ok(Notice {
        unit: d.draft.form1.unit.trim().to_string(),
        brand: d.draft.display_name(),
        version: format!(
            "第 {} 版，校验码 {}，{} 接收",
            v.number,
            v.code,
            &v.received_at[..v.received_at.len().min(10)]
        ),
        items,
        county: settings.county.clone(),
        reviewer: settings.reviewer.clone(),
        date: date_line(&settings),
    })
}

impl Notice {
    fn intro(&self) -> String {
        format!(
            "经初审，你单位报送的「{}」市级劳务品牌申报材料（{}）存在以下问题，现一次性告知。请逐项补正后，重新导出草稿包（含佐证材料）报送。",
            self.brand, self.version
        )
    }

    fn list(&self) -> Vec<String> {
        if self.items.is_empty() {
            vec!["（经初审，未发现需补正的问题。）".into()]
        } else {
            self.items
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{}. {t}", i + 1))
                .collect()
        }
    }

    /// As PDF.
    pub fn to_pdf(&self) -> Result<Vec<u8>, ReviewError> {
        let para = |t: String| Block::Para {
            text: clean_text(&t),
            size: 12.0,
            align: Align::Left,
        };
        let mut blocks = vec![
            Block::Title("劳务品牌申报材料补正告知单".into()),
            Block::Gap(4.0),
            para(format!("{}：", self.unit)),
            para(format!("　　{}", self.intro())),
            Block::Gap(2.0),
        ];
        blocks.extend(self.list().into_iter().map(para));
        blocks.push(Block::Gap(6.0));
        blocks.push(Block::Signature {
            left: vec![format!("经办人：{}", clean_text(&self.reviewer))],
            right: vec![clean_text(&self.county), self.date.clone()],
        });
        Ok(flow::render("补正告知单", &blocks, "")?)
    }

    /// As Word (the clerk may edit it before sending).
    pub fn to_docx(&self) -> Result<Vec<u8>, ReviewError> {
        let mut lines = vec![
            Line::Title("劳务品牌申报材料补正告知单".into()),
            Line::Blank,
            Line::Para(format!("{}：", self.unit)),
            Line::Para(format!("　　{}", self.intro())),
        ];
        lines.extend(self.list().into_iter().map(Line::Para));
        lines.push(Line::Blank);
        lines.push(Line::Para(format!("经办人：{}", self.reviewer)));
        lines.push(Line::Right(format!("{}（盖章）", self.county)));
        lines.push(Line::Right(self.date.clone()));
        Ok(letter::render("补正告知单", &lines)?)
    }
}
