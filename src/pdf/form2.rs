//! 附件2 连云港市市级劳务品牌评分表: the official six-column table over as many A4 pages as it
//! takes. 类别 and 项目 cells span their rows (repeated at the top of a continuation page), a row
//! is never split across pages, and the column header is repeated on every page.

use super::canvas::{self, Align, Canvas, PT_PER_MM};
use super::fonts::{Face, TextFace};
use super::layout::wrap;
use crate::draft::Draft;
use crate::forms::{
    form2_rows, total_text, FORM2_HEADERS as HEADERS, FORM2_HEADER_LABELS as HEADER_LABELS,
    FORM2_TITLE,
};
use crate::rubric::{Rubric, ScoreResult};

const X0: f32 = canvas::LEFT;
/// Column widths (mm): 类别 · 项目 · 标准 · 分值 · 评分依据 · 自评分.
const COLS: [f32; 6] = crate::forms::FORM2_COLUMN_MM;
/// Body size of the table (pt): 9.5, the largest that keeps 附件2 on three pages with the seal
/// square in its header (五号 10.5 pt takes four; docs/printing.md).
const SIZE: f32 = 9.5;
const LEADING: f32 = 1.38;
const PAD: f32 = 1.6;
const HEADER_H: f32 = 9.0;
/// Where the table starts on the first page: under the header and its seal square.
const FIRST_TOP: f32 = SEAL_TOP + SEAL_SQUARE + 1.5;
const NEXT_TOP: f32 = 18.0;
const BOTTOM: f32 = 281.0;

fn col_x(i: usize) -> f32 {
    X0 + COLS[..i].iter().sum::<f32>()
}

/// One table row, measured.
struct Row {
    category: &'static str,
    project: String,
    /// Height the 项目 label needs.
    project_h: f32,
    cells: [Vec<String>; 3], // 标准, 分值, 评分依据
    score: String,
    height: f32,
    total: bool,
}

fn lines_h(n: usize) -> f32 {
    n as f32 * SIZE * LEADING / PT_PER_MM + 2.0 * PAD
}

fn build_rows(
    face: TextFace,
    rubric: &Rubric,
    draft: &Draft,
    result: &ScoreResult,
    compact: bool,
) -> Vec<Row> {
    let w = |i: usize| (COLS[i] - 2.0 * PAD) * PT_PER_MM;
    let mut rows: Vec<Row> = form2_rows(rubric, draft, result, compact)
        .into_iter()
        .map(|r| {
            let cells = [
                wrap(&r.standard, face, SIZE, w(2)),
                wrap(&r.points_text, face, SIZE, w(3)),
                wrap(&r.basis, face, SIZE, w(4)),
            ];
            let height = lines_h(cells.iter().map(Vec::len).max().unwrap_or(1)).max(8.0);
            let project_h = lines_h(wrap(&r.project, face, SIZE, w(1)).len());
            Row {
                category: r.category,
                project: r.project,
                project_h,
                cells,
                score: r.score,
                height,
                total: false,
            }
        })
        .collect();
    // A 项目 cell must fit in the rows it spans: grow the span's last row if needed.
    let mut start = 0;
    while start < rows.len() {
        let mut end = start;
        while end + 1 < rows.len() && rows[end + 1].project == rows[start].project {
            end += 1;
        }
        let need = rows[start].project_h;
        let have: f32 = rows[start..=end].iter().map(|r| r.height).sum();
        if need > have {
            rows[end].height += need - have;
        }
        start = end + 1;
    }
    let total = total_text(result);
    rows.push(Row {
        category: "",
        project: String::new(),
        project_h: 0.0,
        cells: [vec![], vec![], vec![]],
        score: total,
        height: 11.0,
        total: true,
    });
    rows
}

/// The 分值 of an item that scores only by its bonuses (the 一票否决 基本条件).
const NO_POINTS: &str = "--";

fn no_points(r: &Row) -> bool {
    !r.total && r.cells[1].len() == 1 && r.cells[1][0] == NO_POINTS
}

/// Splits rows into pages, never splitting a row, and never leaving the start of a 项目 span at
/// the foot of a page with too little room for its label.
fn paginate(rows: &[Row]) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut y = FIRST_TOP + HEADER_H;
    for (i, r) in rows.iter().enumerate() {
        let starts_span = i == 0 || rows[i - 1].project != r.project;
        let mut room = 0.0;
        if starts_span && !r.total {
            let mut yy = y;
            for next in rows[i..]
                .iter()
                .take_while(|n| n.project == r.project && !n.total)
            {
                if yy + next.height > BOTTOM {
                    break;
                }
                yy += next.height;
                room += next.height;
            }
        }
        let orphan = starts_span && !r.total && room < r.project_h.min(40.0);
        if (y + r.height > BOTTOM || orphan) && i > start {
            pages.push(start..i);
            start = i;
            y = NEXT_TOP + HEADER_H;
        }
        y += r.height;
    }
    pages.push(start..rows.len());
    pages
}

fn header_row(c: &mut Canvas, y: f32) {
    for (i, h) in HEADERS.iter().enumerate() {
        c.rect(col_x(i), y, COLS[i], HEADER_H, 0.6);
        c.text_in(
            Face::Heading,
            10.0,
            col_x(i),
            COLS[i],
            y + 6.1,
            h,
            Align::Center,
        );
    }
}

/// A spanned cell (类别 or 项目) over `y .. y + h`, always at the body size. 类别 is set
/// vertically, one character a line, as on the official form. A piece of a span continued from
/// the page before may be too short for the whole label: it then shows as many of the label's
/// lines as fit (at least its ordinal, "（一）"), never a smaller size.
fn span_cell(c: &mut Canvas, col: usize, y: f32, h: f32, text: &str, face: Face) {
    c.rect(col_x(col), y, COLS[col], h, 0.6);
    let f = c.face(face);
    let inner = COLS[col] - 2.0 * PAD;
    let fits = |lines: &[String]| lines_h(lines.len()) <= h + 0.01;
    let (x, w) = (col_x(col) + PAD, inner);
    if col == 0 {
        let vertical: Vec<String> = text.chars().map(String::from).collect();
        if fits(&vertical) {
            c.vertical_in(face, SIZE, LEADING, x, y + PAD, w, h - 2.0 * PAD, &vertical);
            return;
        }
    }
    let mut lines = wrap(text, f, SIZE, inner * PT_PER_MM);
    while lines.len() > 1 && !fits(&lines) {
        lines.pop();
    }
    c.lines_in(
        face,
        SIZE,
        LEADING,
        x,
        y + PAD,
        w,
        h - 2.0 * PAD,
        &lines,
        Align::Center,
        true,
    );
}

/// Right edge of the header's lines; the county bureau's seal square lies to the right of it.
const HEADER_RIGHT: f32 = X0 + canvas::CONTENT_W - SEAL_SQUARE - 2.0;
/// Side of the square kept clear for the county bureau's seal in the header (mm).
const SEAL_SQUARE: f32 = 46.0;
/// Top of the seal square: under the title.
const SEAL_TOP: f32 = 31.5;
const HEADER_SIZE: f32 = 12.0;

/// The two header blanks: field key, label before the blank, the value, the baseline.
fn header_blanks(draft: &Draft) -> [(&'static str, &'static str, &str, f32); 2] {
    [
        (
            "form1.brand_name",
            HEADER_LABELS[0],
            draft.form1.brand_name.trim(),
            45.0,
        ),
        (
            "form2.reporting_unit",
            "",
            draft.form2.reporting_unit.trim(),
            68.0,
        ),
    ]
}

/// How a header value fits its blank: the largest size from 12 pt down to 9 pt at which it
/// takes at most two lines, below 9 pt (down to 6 pt) only for a value no form allows, and
/// whether even then it had to be cut (the end replaced by "…").
fn header_fit(face: TextFace, label: &str, value: &str) -> (f32, Vec<String>, bool) {
    let x = X0 + face.width(label, HEADER_SIZE) / PT_PER_MM;
    let width = (HEADER_RIGHT - x - 2.0) * PT_PER_MM;
    let at = |size: f32| wrap(value, face, size, width);
    let mut size = HEADER_SIZE;
    while size > 6.0 && (at(size).len() > 1 && size > 9.0 || at(size).len() > 2) {
        size -= 0.5;
    }
    let mut lines = at(size);
    let cut = lines.len() > 2;
    if cut {
        lines.truncate(2);
        let last = &mut lines[1];
        while !last.is_empty() && face.width(&format!("{last}…"), size) > width {
            last.pop();
        }
        last.push('…');
    }
    (size, lines, cut)
}

/// The official header is one line: "劳务品牌名称：…　填报单位：…（各县区人社局盖章）". Its baseline
/// sits just above the table, so that the whole band between the title and the line is the
/// county bureau's seal square.
const LINE_Y: f32 = FIRST_TOP - 2.0;
/// The room left for a brand name not filled in (written by hand), and between the halves.
const LINE_BLANK: f32 = 40.0;
const LINE_GAP: f32 = 6.0;

/// The parts of the one-line header: label, value, then 填报单位 and its value and hint.
fn line_parts(draft: &Draft) -> [(&'static str, &str); 2] {
    [
        (HEADER_LABELS[0], draft.form1.brand_name.trim()),
        ("填报单位：", draft.form2.reporting_unit.trim()),
    ]
}

const LINE_HINT: &str = "（各县区人社局盖章）";

/// Where the 填报单位 half begins when the brand name leaves room: the middle of the line.
const LINE_HALF: f32 = canvas::CONTENT_W * 0.45;

/// The x (mm from the left edge) of the 填报单位 half and where the line ends, at `size`.
fn line_layout(face: TextFace, draft: &Draft, size: f32) -> (f32, f32) {
    let mm = |t: &str| face.width(t, size) / PT_PER_MM;
    let [(l1, name), (l2, unit)] = line_parts(draft);
    let first = mm(l1) + mm(name).max(LINE_BLANK);
    let second_x = X0 + (first + LINE_GAP).max(LINE_HALF);
    // An empty 填报单位 is the seal's place: the hint follows the label at once.
    let second = mm(l2) + if unit.is_empty() { 0.0 } else { mm(unit) + 1.0 } + mm(LINE_HINT);
    (second_x, second_x + second)
}

/// The size (12 pt down to 9 pt) at which the header fits on its one official line, if any;
/// else the header is set on three lines beside the seal square (long names).
fn one_line_size(face: TextFace, draft: &Draft) -> Option<f32> {
    [12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0]
        .into_iter()
        .find(|&size| line_layout(face, draft, size).1 <= X0 + canvas::CONTENT_W)
}

/// Draws the one-line header at `size`.
fn header_line(c: &mut Canvas, draft: &Draft, size: f32) {
    let face = c.face(Face::Body);
    let mm = |t: &str| face.width(t, size) / PT_PER_MM;
    let [(l1, name), (l2, unit)] = line_parts(draft);
    let (second_x, _) = line_layout(face, draft, size);
    c.text(Face::Body, size, X0, LINE_Y, l1);
    c.text(Face::Body, size, X0 + mm(l1), LINE_Y, name);
    c.text(Face::Body, size, second_x, LINE_Y, l2);
    let mut x = second_x + mm(l2);
    if !unit.is_empty() {
        c.text(Face::Body, size, x, LINE_Y, unit);
        x += mm(unit) + 1.0;
    }
    c.text(Face::Body, size, x, LINE_Y, LINE_HINT);
}

/// What the header does with a long value, said before export: (field key, message).
pub(crate) fn header_notes(face: TextFace, draft: &Draft) -> Vec<(&'static str, String)> {
    if one_line_size(face, draft).is_some() {
        return Vec::new();
    }
    header_blanks(draft)
        .into_iter()
        .filter(|(_, _, value, _)| !value.is_empty())
        .filter_map(|(key, label, value, _)| {
            let (size, _, cut) = header_fit(face, label, value);
            let name = if key == "form1.brand_name" {
                "劳务品牌名称"
            } else {
                "填报单位"
            };
            if cut {
                Some((
                    key,
                    format!("「{name}」过长，评分表表头只能以 {size} 磅印出开头部分，请精简"),
                ))
            } else if size < 9.0 {
                Some((
                    key,
                    format!("「{name}」较长，评分表表头将以 {size} 磅打印，请精简"),
                ))
            } else {
                None
            }
        })
        .collect()
}

/// A label and its value on a ruled blank from the label's end to [`HEADER_RIGHT`]; a second
/// line of the value sits above the first.
fn blank_line(c: &mut Canvas, label: &str, value: &str, y: f32) {
    let face = c.face(Face::Body);
    c.text(Face::Body, HEADER_SIZE, X0, y, label);
    let x = X0 + face.width(label, HEADER_SIZE) / PT_PER_MM;
    c.rule(x, y + 1.5, HEADER_RIGHT, y + 1.5, 0.5);
    if value.is_empty() {
        return;
    }
    let (size, lines, _) = header_fit(face, label, value);
    let line_h = size * 1.2 / PT_PER_MM;
    for (i, l) in lines.iter().enumerate() {
        let back = (lines.len() - 1 - i) as f32 * line_h;
        c.text(Face::Body, size, x + 1.0, y - back, l);
    }
}

/// The lines above the table: 劳务品牌名称 and 填报单位：（各县区人社局盖章） with a blank of
/// 100 mm or more for the bureau's name, and a square kept clear for its seal beside them.
fn header_lines(c: &mut Canvas, draft: &Draft) {
    if let Some(size) = one_line_size(c.face(Face::Body), draft) {
        header_line(c, draft, size);
        return;
    }
    c.text(Face::Body, HEADER_SIZE, X0, 57.0, HEADER_LABELS[1]);
    for (_, label, value, y) in header_blanks(draft) {
        blank_line(c, label, value, y);
    }
}

/// The index (in [`crate::forms::form2_rows`]) of the first row of every page after the first:
/// where the Word copy repeats the 类别 and 项目 labels, as the PDF does.
pub(crate) fn page_starts(
    face: TextFace,
    rubric: &Rubric,
    draft: &Draft,
    result: &ScoreResult,
    compact: bool,
) -> Vec<usize> {
    let rows = build_rows(face, rubric, draft, result, compact);
    paginate(&rows)
        .into_iter()
        .skip(1)
        .map(|r| r.start)
        .collect()
}

/// Draws 附件2 on the pages planned (each starting at its row of `page_starts`); `new_page` makes a
/// canvas for each page.
pub fn draw<'a>(
    mut new_page: impl FnMut() -> Canvas<'a>,
    rubric: &Rubric,
    draft: &Draft,
    result: &ScoreResult,
    compact: bool,
    page_starts: &[usize],
) -> Vec<Canvas<'a>> {
    let probe = new_page();
    let rows = build_rows(probe.face(Face::Body), rubric, draft, result, compact);
    drop(probe);
    // The pages as planned ([`page_starts`], through the print plan).
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(page_starts.iter().copied())
        .chain(std::iter::once(rows.len()))
        .collect();
    let pages: Vec<std::ops::Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let count = pages.len();
    let mut out = Vec::new();
    for (n, range) in pages.into_iter().enumerate() {
        let mut c = new_page();
        let mut y = if n == 0 {
            c.text(Face::Heading, 16.0, X0, 17.0, "附件2");
            c.text_in(
                Face::Title,
                22.0,
                X0,
                canvas::CONTENT_W,
                28.0,
                FORM2_TITLE,
                Align::Center,
            );
            header_lines(&mut c, draft);
            FIRST_TOP
        } else {
            NEXT_TOP
        };
        let top = y;
        header_row(&mut c, y);
        y += HEADER_H;
        let page_rows = &rows[range];
        // Row cells (标准, 分值, 评分依据, 自评分) and the total row.
        let mut ys = Vec::with_capacity(page_rows.len());
        for r in page_rows {
            ys.push(y);
            if r.total {
                c.rect(col_x(0), y, col_x(5) - col_x(0), r.height, 0.6);
                c.text_in(
                    Face::Heading,
                    10.5,
                    col_x(0),
                    COLS[0] + COLS[1],
                    y + 7.2,
                    "总分",
                    Align::Center,
                );
            } else {
                for (k, col) in [2usize, 3, 4].into_iter().enumerate() {
                    // "--" is set once per 项目, over all its rows, as the official table does.
                    if col == 3 && no_points(r) {
                        continue;
                    }
                    c.rect(col_x(col), y, COLS[col], r.height, 0.6);
                    let align = if col == 3 { Align::Center } else { Align::Left };
                    c.lines_in(
                        Face::Body,
                        SIZE,
                        LEADING,
                        col_x(col) + PAD,
                        y + PAD,
                        COLS[col] - 2.0 * PAD,
                        r.height - 2.0 * PAD,
                        &r.cells[k],
                        align,
                        col == 3,
                    );
                }
            }
            c.rect(col_x(5), y, COLS[5], r.height, 0.6);
            score_cell(&mut c, y, r.height, &r.score);
            y += r.height;
        }
        // Spanned cells: 类别 and 项目 per run of equal values on this page, and the 分值 "--"
        // of a 项目's 一票否决 items.
        for (col, key) in [(0usize, 0u8), (1, 1), (3, 2)] {
            let mut i = 0;
            while i < page_rows.len() {
                if page_rows[i].total || key == 2 && !no_points(&page_rows[i]) {
                    i += 1;
                    continue;
                }
                let same = |a: &Row, b: &Row| match key {
                    0 => a.category == b.category,
                    1 => a.project == b.project && a.category == b.category,
                    _ => a.project == b.project && a.category == b.category && no_points(b),
                };
                let mut j = i;
                while j + 1 < page_rows.len()
                    && !page_rows[j + 1].total
                    && same(&page_rows[i], &page_rows[j + 1])
                {
                    j += 1;
                }
                let h: f32 = page_rows[i..=j].iter().map(|r| r.height).sum();
                let (text, face) = match col {
                    0 => (page_rows[i].category.to_string(), Face::Heading),
                    1 => (page_rows[i].project.clone(), Face::Body),
                    _ => (NO_POINTS.to_string(), Face::Body),
                };
                span_cell(&mut c, col, ys[i], h, &text, face);
                i = j + 1;
            }
        }
        c.rect(X0, top, canvas::CONTENT_W, y - top, 1.2);
        c.text_in(
            Face::Body,
            9.0,
            X0,
            canvas::CONTENT_W,
            canvas::PAGE_NUMBER_Y,
            &format!("第 {} 页 共 {} 页", n + 1, count),
            Align::Center,
        );
        out.push(c);
    }
    out
}

/// The 自评分 cell: one line at 10.5 pt, centred; a text too wide for the cell's inner width
/// ("一票否决") is split into two lines of equal length at the same size, so that nothing crosses
/// the cell's rules and nothing shrinks below the body size.
fn score_cell(c: &mut Canvas, y: f32, h: f32, score: &str) {
    const SCORE_SIZE: f32 = 10.5;
    let inner = COLS[5] - 2.0 * PAD;
    let width = c.face(Face::Body).width(score, SCORE_SIZE) / PT_PER_MM;
    let lines: Vec<String> = if width <= inner {
        vec![score.to_string()]
    } else {
        let chars: Vec<char> = score.chars().collect();
        let half = chars.len().div_ceil(2);
        vec![
            chars[..half].iter().collect(),
            chars[half..].iter().collect(),
        ]
    };
    c.lines_in(
        Face::Body,
        SCORE_SIZE,
        1.1,
        col_x(5) + PAD,
        y + PAD,
        inner,
        h - 2.0 * PAD,
        &lines,
        Align::Center,
        true,
    );
}
