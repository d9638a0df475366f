//! A county's sample folder, as a clerk receives it: the example applications of every type,
//! some as draft containers with their evidence (`.lbdraft`) and some as plain draft files, with
//! the slips a real folder holds — a vetoed application, an incomplete one, 27800 typed in an
//! 亿元 field meaning 2.78, one printed and then changed, the same file twice, and a scan that is
//! not a draft. The tests, the benchmarks and the user guide's screenshots are made from it.

use std::path::Path;

use crate::container;
use crate::draft::{BrandType, Draft};
use crate::draftfile::DraftFile;
use crate::evidence::EvidenceKind;
use crate::example::example;
use crate::rubric::Editions;
use crate::store::{sha256_hex, EvidenceFile};

/// What the sample folder holds besides its files.
#[derive(Debug, Clone)]
pub struct Sample {
    /// The 校验码 printed on the paper copy of the application changed after printing.
    pub printed_code: String,
    /// Its brand.
    pub printed_brand: String,
    /// The brand with the 27800 typo.
    pub typo_brand: String,
    /// The vetoed brand.
    pub vetoed_brand: String,
    /// The incomplete brand.
    pub incomplete_brand: String,
    /// Evidence files in the containers.
    pub evidence_files: usize,
}

/// A PNG of `w`×`h` pixels whose content is fixed by `seed` (noise: it does not compress, so a
/// file has about the size asked).
pub fn png(seed: u64, w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let data: Vec<u8> = (0..w * h * 3)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                (x >> 56) as u8
            })
            .collect();
        writer.write_image_data(&data).expect("png data");
    }
    out
}

/// A picture of a page of `w`×`h` pixels: white paper with grey lines of text-like bars whose
/// lengths are fixed by `seed` (what the sample's evidence looks like in the viewer).
pub fn page_png(seed: u64, w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        let mut x = seed
            .wrapping_mul(2862933555777941757)
            .wrapping_add(3037000493);
        let mut data = vec![255u8; (w * h) as usize];
        let margin = w / 10;
        let mut y = h / 8;
        while y + 6 < h - h / 10 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let len = (w - 2 * margin) / 2 + ((x >> 40) as u32 % ((w - 2 * margin) / 2));
            for row in y..y + 5 {
                for col in margin..margin + len {
                    data[(row * w + col) as usize] = 90;
                }
            }
            y += 14;
        }
        writer.write_image_data(&data).expect("png data");
    }
    out
}

/// A draft container of `draft` with one PNG per (item, title) given: noise of `side`×`side`
/// pixels (about `3 * side²` bytes each; the benchmarks' fixture).
pub fn container_of(draft: &Draft, files: &[(&str, &str)], seed: u64, side: u32) -> Vec<u8> {
    container_with(draft, files, seed, side, true)
}

/// As [`container_of`]; pictures of pages (`side` high) instead of noise unless `noise`.
fn container_with(
    draft: &Draft,
    files: &[(&str, &str)],
    seed: u64,
    side: u32,
    noise: bool,
) -> Vec<u8> {
    let edition = Editions::shipped().current();
    let df = DraftFile::new(&draft.display_name(), edition.id(), draft.clone());
    let mut evidence = Vec::new();
    let mut positions = std::collections::HashMap::new();
    for (k, (item, title)) in files.iter().enumerate() {
        let bytes = if noise {
            png(seed * 1000 + k as u64, side, side)
        } else {
            page_png(seed * 1000 + k as u64, side * 3 / 4, side)
        };
        let position = positions.entry(*item).or_insert(0);
        *position += 1;
        let f = EvidenceFile {
            id: k as i64 + 1,
            draft_id: 1,
            item_id: item.to_string(),
            position: *position,
            title: title.to_string(),
            file_name: format!("{title}.png"),
            sha256: sha256_hex(&bytes),
            kind: EvidenceKind::Png,
            size: bytes.len() as i64,
            pages: 1,
            added_at: String::new(),
        };
        evidence.push((f, bytes));
    }
    container::write(&df, &evidence).expect("a container of the sample")
}

fn json_of(draft: &Draft) -> Vec<u8> {
    let edition = Editions::shipped().current();
    DraftFile::new(&draft.display_name(), edition.id(), draft.clone())
        .to_json()
        .into_bytes()
}

/// Writes the sample folder of eight applications into `dir` (with a duplicate and a scan).
pub fn write_county_folder(dir: &Path) -> std::io::Result<Sample> {
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes);
    // Four containers, nine evidence files.
    let skill = example(BrandType::Skill);
    let c1 = container_with(
        &skill,
        &[
            ("basic.1", "劳务品牌建设实施方案"),
            ("basic.3", "商标注册证"),
            ("skill.1", "从业人员花名册"),
        ],
        1,
        400,
        false,
    );
    w("01-连云港石化技工.lbdraft", &c1)?;
    let mut vetoed = example(BrandType::Service);
    vetoed.set_fact("basic.4.product", Some(serde_json::Value::Bool(false)));
    w(
        "02-港城家政员.lbdraft",
        &container_with(
            &vetoed,
            &[("basic.1", "实施方案"), ("service.1", "服务合同")],
            2,
            400,
            false,
        ),
    )?;
    let culture = example(BrandType::Culture);
    w(
        "03-东海水晶工匠.lbdraft",
        &container_with(
            &culture,
            &[("basic.1", "实施方案"), ("basic.3", "商标注册证")],
            3,
            400,
            false,
        ),
    )?;
    let livelihood = example(BrandType::Livelihood);
    w(
        "04-灌南建筑工.lbdraft",
        &container_with(
            &livelihood,
            &[("basic.1", "实施方案"), ("livelihood.1", "从业人员名册")],
            4,
            400,
            false,
        ),
    )?;
    // Four plain draft files.
    let mut typo = example(BrandType::Skill);
    typo.form1.brand_name = "连云港焊工".into();
    typo.form1.unit = "连云港焊接技术协会".into();
    typo.set_fact(
        "basic.7.annual_sales",
        Some(serde_json::Value::String("27800".into())),
    );
    w("05-连云港焊工.json", &json_of(&typo))?;
    let mut incomplete = example(BrandType::Culture);
    incomplete.form1.brand_name = "赣榆渔家乐".into();
    incomplete.form1.unit = "赣榆区海头镇人民政府".into();
    let keys: Vec<String> = incomplete
        .facts
        .keys()
        .filter(|k| k.starts_with("culture."))
        .take(2)
        .cloned()
        .collect();
    for k in keys {
        incomplete.set_fact(&k, None);
    }
    w("06-赣榆渔家乐.json", &json_of(&incomplete))?;
    let mut printed = example(BrandType::Livelihood);
    printed.form1.brand_name = "灌云护工".into();
    printed.form1.unit = "灌云县护理服务中心".into();
    let printed_code = printed.version_code();
    let mut changed = printed.clone();
    changed.set_fact(
        "common.workers",
        Some(serde_json::Value::String("12000".into())),
    );
    w("07-灌云护工.json", &json_of(&changed))?;
    let mut service = example(BrandType::Service);
    service.form1.brand_name = "海州月嫂".into();
    service.form1.unit = "海州区家庭服务业协会".into();
    w("08-海州月嫂.json", &json_of(&service))?;
    // The same file sent twice, and a scan that is not a draft.
    w("01-连云港石化技工（再次发送）.lbdraft", &c1)?;
    w("营业执照扫描件.pdf", b"%PDF-1.4\n%sample\n")?;
    Ok(Sample {
        printed_code,
        printed_brand: "灌云护工".into(),
        typo_brand: "连云港焊工".into(),
        vetoed_brand: "港城家政员".into(),
        incomplete_brand: "赣榆渔家乐".into(),
        evidence_files: 9,
    })
}
