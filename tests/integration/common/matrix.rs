//! The print-conformance matrix and the measures of a rendered page, shared by the PDF
//! (tests/integration/print.rs) and Word (tests/integration/docx.rs) checks.

use std::path::{Path, PathBuf};

use labour_brand::example::example;
use labour_brand::{BrandType, Draft};

use super::{read_pgm, tool};

/// Resolution of the rendered pages.
pub const DPI: f64 = 100.0;

/// One case of the matrix.
pub struct Case {
    pub name: String,
    pub draft: Draft,
    pub compact: bool,
    /// Whether 附件1 is expected to continue on an 附页.
    pub continues: bool,
}

/// A 基本情况 of exactly `chars` characters in `lines` lines (paragraphs), each paragraph the
/// start of a real sentence of equal length.
pub fn summary_in_lines(chars: usize, lines: usize) -> String {
    let text = "港城家政员品牌现有从业人员8500人，开发母婴护理、养老护理等专门职业培训项目6个，推行持证上岗。";
    let per = chars / lines;
    let out = (0..lines)
        .map(|i| {
            let n = if i == lines - 1 { chars - per * i } else { per };
            text.chars().cycle().take(n).collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(labour_brand::text::char_count(&out), chars);
    out
}

pub fn cases() -> Vec<Case> {
    let case = |name: &str, draft: Draft, compact: bool, continues: bool| Case {
        name: name.to_string(),
        draft,
        compact,
        continues,
    };
    let mut out = Vec::new();
    for t in BrandType::ALL {
        out.push(case(&format!("{}-full", t.key()), example(t), false, false));
        out.push(case(
            &format!("{}-compact", t.key()),
            example(t),
            true,
            false,
        ));
    }
    for lines in [1, 10, 40] {
        let mut d = example(BrandType::Service);
        d.form1.summary = summary_in_lines(500, lines);
        out.push(case(
            &format!("summary-500-in-{lines}"),
            d,
            false,
            lines == 40,
        ));
    }
    // 500 字 in 25 paragraphs of 20 字, each indented by two ideographic spaces: on the form.
    let mut d = example(BrandType::Service);
    d.form1.summary = summary_in_lines(500, 25)
        .lines()
        .map(|l| format!("\u{3000}\u{3000}{l}"))
        .collect::<Vec<_>>()
        .join("\n");
    out.push(case("summary-500-in-25-indented", d, false, false));
    // A 39-字 brand name (printed whole at a smaller size) and both dates left blank.
    let mut d = example(BrandType::Skill);
    d.form1.brand_name = "连云港东海水晶雕刻工艺传承与创新发展示范基地水晶雕刻技艺工匠"
        .chars()
        .cycle()
        .take(39)
        .collect();
    d.form1.unit_opinion.date = None;
    d.form1.county_opinion.date = None;
    d.form1.year = Some(2026);
    out.push(case("name-39-blank-dates", d, false, false));
    let mut opinions = example(BrandType::Skill);
    opinions.form1.summary = summary_in_lines(500, 1);
    opinions.form1.unit_opinion.text = "经单位集体研究，该品牌培育成效明显，同意推荐。".repeat(14)
        [..]
        .chars()
        .take(300)
        .collect();
    opinions.form1.county_opinion.text = "经审核，情况属实，材料齐全，同意推荐为市级劳务品牌。"
        .repeat(13)
        .chars()
        .take(300)
        .collect();
    out.push(case("opinions-300", opinions, false, false));
    let mut names = example(BrandType::Culture);
    names.form1.brand_name = "连云港东海水晶雕刻工艺传承与创新发展示范基地水晶雕刻技艺工匠"
        .chars()
        .cycle()
        .take(30)
        .collect();
    names.form1.unit =
        "连云港市东海县水晶产业发展促进中心暨东海县水晶雕刻技艺非物质文化遗产保护传承基地"
            .chars()
            .cycle()
            .take(40)
            .collect();
    names.form2.reporting_unit = "连云港市东海县人力资源和社会保障局".into();
    assert_eq!(names.form1.brand_name.chars().count(), 30);
    assert_eq!(names.form1.unit.chars().count(), 40);
    out.push(case("names-30-40", names, false, false));
    let mut vetoed = example(BrandType::Skill);
    vetoed
        .facts
        .insert("basic.4.product".into(), serde_json::json!(false));
    out.push(case("vetoed", vetoed, false, false));
    out.push(case("empty", Draft::default(), false, false));
    let mut no_type = example(BrandType::Skill);
    no_type.form1.brand_type = None;
    out.push(case("no-type-full", no_type.clone(), false, false));
    out.push(case("no-type-compact", no_type, true, false));
    out
}

/// Renders every page as a grey image at [`DPI`]; the paths in page order.
pub fn render(pdf: &Path, dir: &Path, name: &str) -> Vec<PathBuf> {
    let prefix = dir.join(format!("{name}-page"));
    tool(
        "pdftoppm",
        &[
            "-r",
            &DPI.to_string(),
            "-gray",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "pgm")
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{name}-page"))
        })
        .collect();
    pages.sort();
    pages
}

/// A rendered page: width, height, pixels; `ink(x, y)` for a pixel darker than paper.
pub struct Page(pub usize, pub usize, pub Vec<u8>);

impl Page {
    pub fn ink(&self, x: usize, y: usize) -> bool {
        self.2[y * self.0 + x] < 200
    }
    pub fn px(mm: f64) -> usize {
        (mm * DPI / 25.4).round() as usize
    }

    /// The ink's distance from the left, top, right and bottom edges, in mm.
    pub fn ink_margins(&self) -> Option<[f64; 4]> {
        let (w, h) = (self.0, self.1);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for y in 0..h {
            for x in 0..w {
                if self.2[y * w + x] < 160 {
                    x0 = x0.min(x);
                    x1 = x1.max(x);
                    y0 = y0.min(y);
                    y1 = y1.max(y);
                }
            }
        }
        if x0 == usize::MAX {
            return None;
        }
        let mm = |px: usize| px as f64 * 25.4 / DPI;
        Some([mm(x0), mm(y0), mm(w - 1 - x1), mm(h - 1 - y1)])
    }

    /// The side (mm) of the largest square without ink inside the region (mm from the top-left).
    pub fn largest_clear_square(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
        let (a, b) = (Self::px(x0), Self::px(y0));
        let (c, d) = (Self::px(x1).min(self.0), Self::px(y1).min(self.1));
        let w = c - a;
        let mut prev = vec![0usize; w + 1];
        let mut best = 0;
        for y in b..d {
            let mut row = vec![0usize; w + 1];
            for i in 0..w {
                if !self.ink(a + i, y) {
                    row[i + 1] = 1 + prev[i].min(prev[i + 1]).min(row[i]);
                    best = best.max(row[i + 1]);
                }
            }
            prev = row;
        }
        best as f64 * 25.4 / DPI
    }
}

pub fn load(path: &Path) -> Page {
    let (w, h, px) = read_pgm(path);
    Page(w, h, px)
}
