//! The bundle's own pages, drawn with the forms' fonts: the 封面, the 目录, the 佐证材料清单,
//! and the running footer every page of the bundle carries.

use crate::pdf::{Align, Canvas, DocFonts, Face, FOOTER_Y, PAGE_W};

/// One line of the 目录: its text, its level (0 a part, 1 an item, 2 a file), its first page.
#[derive(Debug, Clone)]
pub struct TocLine {
    pub text: String,
    pub level: u8,
    pub page: usize,
}

/// One row of the 佐证材料清单.
#[derive(Debug, Clone)]
pub struct ListRow {
    /// 基本条件第3项 独立品牌名称.
    pub item: String,
    /// What the item claims: its 自评分 ("加 2 分", "满足", "18 分").
    pub claim: String,
    /// The file's title.
    pub title: String,
    /// "第 12 页" or "第 12–15 页".
    pub pages: String,
}

/// What the cover says.
pub struct Cover {
    pub brand: String,
    pub unit: String,
    pub brand_type: String,
    pub total: String,
    pub date: String,
    pub code: String,
    pub bundle_code: String,
    pub pages: usize,
    /// The filled fields printed on the cover only ([`crate::fields::Printed::Cover`]), as
    /// (label, text), after the fixed lines.
    pub fields: Vec<(&'static str, String)>,
}

/// 目录 lines on one page.
pub const TOC_ROWS: usize = 30;
/// 清单 rows on one page.
pub const LIST_ROWS: usize = 26;

const LEFT: f32 = 25.0;
const RIGHT: f32 = PAGE_W - 25.0;

/// `face` when it has every character of `text`, else the body face (the title and heading
/// faces are subsets for the forms' own words).
fn best(c: &Canvas, face: Face, text: &str) -> Face {
    if c.fonts().set.first_missing(face, text).is_none() {
        face
    } else {
        Face::Body
    }
}

/// Draws `text` in `face` where it can, aligned in the span `x .. x + w`.
#[allow(clippy::too_many_arguments)]
fn say(c: &mut Canvas, face: Face, size: f32, x: f32, w: f32, y: f32, text: &str, align: Align) {
    let f = best(c, face, text);
    c.text_in(f, size, x, w, y, text, align);
}

/// The title of page `n` (from 0) of a part: `first`, then `continued`.
fn heading(p: &mut Canvas, n: usize, first: &str, continued: &str) {
    let title = if n == 0 { first } else { continued };
    say(
        p,
        Face::Title,
        20.0,
        0.0,
        PAGE_W,
        32.0,
        title,
        Align::Center,
    );
}

/// Cuts `s` to fit `w` mm at `size` pt, ending in "…" when cut.
fn fit(c: &Canvas, face: Face, size: f32, w: f32, s: &str) -> String {
    let m = c.face(face);
    let pt = |t: &str| m.width(t, size) / crate::pdf::PT_PER_MM;
    if pt(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        if pt(&format!("{out}{ch}…")) > w {
            break;
        }
        out.push(ch);
    }
    out + "…"
}

/// The 封面.
pub fn cover<'f>(fonts: &'f DocFonts<'f>, c: &Cover) -> Canvas<'f> {
    let mut p = Canvas::new(fonts);
    say(
        &mut p,
        Face::Title,
        26.0,
        0.0,
        PAGE_W,
        80.0,
        "连云港市市级劳务品牌",
        Align::Center,
    );
    say(
        &mut p,
        Face::Title,
        26.0,
        0.0,
        PAGE_W,
        96.0,
        "申 报 材 料",
        Align::Center,
    );
    let mut rows = vec![
        ("劳务品牌名称", c.brand.as_str()),
        ("培育建设单位", c.unit.as_str()),
        ("劳务品牌类型", c.brand_type.as_str()),
    ];
    rows.extend(c.fields.iter().map(|(l, v)| (*l, v.as_str())));
    rows.extend([
        ("自评总分", c.total.as_str()),
        ("材料日期", c.date.as_str()),
        ("表格校验码", c.code.as_str()),
        ("材料校验码", c.bundle_code.as_str()),
    ]);
    // Seven lines from 150 mm; each more starts the list a line higher (the title ends at
    // 100 mm, the page count sits at 250 mm).
    let top = 150.0 - 13.0 * (rows.len().saturating_sub(7) as f32).min(3.0);
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = top + i as f32 * 13.0;
        say(
            &mut p,
            Face::Heading,
            14.0,
            40.0,
            36.0,
            y,
            label,
            Align::Right,
        );
        // Smaller before shorter: a long unit name or a contact line keeps every character
        // down to 10.5 pt, and only then ends in "…".
        let size = [14.0, 13.0, 12.0, 11.0, 10.5]
            .into_iter()
            .find(|s| p.face(Face::Body).width(value, *s) / crate::pdf::PT_PER_MM <= 90.0)
            .unwrap_or(10.5);
        let v = fit(&p, Face::Body, size, 90.0, value);
        p.text(Face::Body, size, 82.0, y, &v);
        p.rule(80.0, y + 2.0, 175.0, y + 2.0, 0.5);
    }
    p.text_in(
        Face::Body,
        11.0,
        0.0,
        PAGE_W,
        250.0,
        &format!("本册共 {} 页，由劳务品牌申报助手生成", c.pages),
        Align::Center,
    );
    p
}

/// The 目录 pages.
pub fn toc<'f>(fonts: &'f DocFonts<'f>, lines: &[TocLine]) -> Vec<Canvas<'f>> {
    let mut pages = Vec::new();
    for (n, chunk) in lines.chunks(TOC_ROWS).enumerate() {
        let mut p = Canvas::new(fonts);
        heading(&mut p, n, "目  录", "目录（续）");
        for (i, l) in chunk.iter().enumerate() {
            let y = 50.0 + i as f32 * 7.6;
            let indent = LEFT + l.level as f32 * 7.0;
            let (face, size) = if l.level == 0 {
                (Face::Body, 12.0)
            } else {
                (Face::Body, 11.0)
            };
            let num = l.page.to_string();
            let text = fit(&p, face, size, RIGHT - 14.0 - indent, &l.text);
            p.text(face, size, indent, y, &text);
            let end = indent + p.face(face).width(&text, size) / crate::pdf::PT_PER_MM;
            // Leader dots to the page number.
            let dots_w = RIGHT - 10.0 - end - 2.0;
            if dots_w > 4.0 {
                let dot = p.face(Face::Body).width("·", size) / crate::pdf::PT_PER_MM;
                let n = (dots_w / dot.max(0.5)) as usize;
                p.text(Face::Body, size, end + 1.0, y, &"·".repeat(n.min(200)));
            }
            p.text_in(Face::Body, size, RIGHT - 10.0, 10.0, y, &num, Align::Right);
        }
        pages.push(p);
    }
    pages
}

/// The 佐证材料清单 pages: a ruled table of item, claim, title and pages.
pub fn list<'f>(fonts: &'f DocFonts<'f>, rows: &[ListRow]) -> Vec<Canvas<'f>> {
    let cols = [
        (LEFT, 52.0, "项目"),
        (LEFT + 52.0, 20.0, "自评分"),
        (LEFT + 72.0, 60.0, "佐证材料"),
        (LEFT + 132.0, 28.0, "页码"),
    ];
    let mut pages = Vec::new();
    let chunks: Vec<&[ListRow]> = if rows.is_empty() {
        vec![&[]]
    } else {
        rows.chunks(LIST_ROWS).collect()
    };
    for (n, chunk) in chunks.into_iter().enumerate() {
        let mut p = Canvas::new(fonts);
        heading(&mut p, n, "佐证材料清单", "佐证材料清单（续）");
        let top = 44.0;
        let h = 8.5;
        for (x, w, head) in cols {
            p.rect(x, top, w, h, 0.5);
            say(
                &mut p,
                Face::Heading,
                11.0,
                x,
                w,
                top + 6.0,
                head,
                Align::Center,
            );
        }
        if chunk.is_empty() {
            p.text_in(
                Face::Body,
                11.0,
                0.0,
                PAGE_W,
                top + h + 10.0,
                "（尚未添加佐证材料）",
                Align::Center,
            );
        }
        for (i, r) in chunk.iter().enumerate() {
            let y = top + h * (i + 1) as f32;
            for (k, (x, w, _)) in cols.iter().enumerate() {
                p.rect(*x, y, *w, h, 0.5);
                let text = match k {
                    0 => &r.item,
                    1 => &r.claim,
                    2 => &r.title,
                    _ => &r.pages,
                };
                let t = fit(&p, Face::Body, 10.0, w - 3.0, text);
                let align = if k == 1 || k == 3 {
                    Align::Center
                } else {
                    Align::Left
                };
                p.text_in(Face::Body, 10.0, x + 1.5, w - 3.0, y + 5.8, &t, align);
            }
        }
        pages.push(p);
    }
    pages
}

/// Size (pt) and baseline (mm from the top) of an evidence page's caption.
const CAPTION_SIZE: f32 = 8.0;
const CAPTION_Y: f32 = 12.5;

/// The running footer of page `n` of `total` with the bundle's own code (it covers the evidence
/// as well as the forms): inside the printable area, right-aligned like the forms' 校验码 line.
pub fn footer<'f>(
    fonts: &'f DocFonts<'f>,
    n: usize,
    total: usize,
    code: &str,
    caption: Option<&str>,
) -> Canvas<'f> {
    let mut p = Canvas::new(fonts);
    if let Some(caption) = caption {
        // In the top margin above the fitted evidence (which starts 15 mm down), its ink more
        // than 8 mm from the edge; cut with "…" rather than run past the right margin.
        let shown = fit(&p, Face::Body, CAPTION_SIZE, RIGHT - LEFT, caption);
        p.text(Face::Body, CAPTION_SIZE, LEFT, CAPTION_Y, &shown);
    }
    p.text_in(
        Face::Body,
        9.0,
        LEFT,
        RIGHT - LEFT + 10.0,
        FOOTER_Y,
        &format!("申报材料 第 {n} 页 共 {total} 页  材料校验码 {code}"),
        Align::Right,
    );
    p
}
