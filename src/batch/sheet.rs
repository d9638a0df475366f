//! How our workbooks look and print, shared by the county summary and the 推荐汇总表: a CJK
//! font named in every cell (宋体 10 pt), a title and the 填报单位 above the table, header rows
//! repeated on every printed page with the first columns, rows as tall as their wrapped text,
//! an autofilter, and A4 landscape at 100 % — a wide sheet runs over several pages rather than
//! shrinking its text under 9 pt.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// The font named in every cell.
pub const FONT: &str = "宋体";
/// Its size (pt).
pub const SIZE: f64 = 10.0;

/// The cell formats.
pub struct Styles {
    /// The sheet's title.
    pub title: Format,
    /// The line under it (填报单位).
    pub sub: Format,
    /// Column headers.
    pub header: Format,
    /// Text.
    pub text: Format,
    /// Numbers.
    pub number: Format,
    /// Short centred text (满足, 是).
    pub center: Format,
    /// A veto or a refusal, in red.
    pub red: Format,
    /// The 满分 row.
    pub max: Format,
    /// A met 一票否决 item: its points, 0 shown as 满足.
    pub met: Format,
}

impl Styles {
    /// The formats, every one with the CJK font named.
    pub fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(SIZE)
            .set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            sub: base.clone(),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("#E8EEF7"),
            text: cell.clone(),
            number: cell.clone().set_align(FormatAlign::Center),
            center: cell.clone().set_align(FormatAlign::Center),
            met: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0;-0;\"满足\""),
            red: cell.clone().set_font_color("#B00020").set_bold(),
            max: cell
                .set_align(FormatAlign::Center)
                .set_italic()
                .set_background_color("#F4F4F4"),
        }
    }
}

/// The width of a text in Excel's column units (a CJK character counts two).
pub fn display_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.0 })
        .sum()
}

/// The height (pt) a row needs for its texts wrapped in columns of `widths`.
pub fn row_height(cells: &[&str], widths: &[f64]) -> f64 {
    let lines = cells
        .iter()
        .zip(widths)
        .map(|(t, w)| {
            t.split('\n')
                .map(|l| (display_width(l) / (w - 1.0).max(1.0)).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    lines * (SIZE * 1.35) + 4.0
}

/// A4 landscape at 100 %, the rows `head` (first, last) repeated on every page with the first
/// `fixed` columns, the title in the page header and 第 n 页 共 m 页 in the footer, at 10 pt.
pub fn page_setup(
    sheet: &mut Worksheet,
    title: &str,
    head: (u32, u32),
    fixed: u16,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    sheet.set_print_scale(100);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(head.0, head.1)?;
    if fixed > 0 {
        sheet.set_repeat_columns(0, fixed - 1)?;
    }
    sheet.set_print_gridlines(false);
    let title = title.replace('&', "&&");
    sheet.set_header(format!("&C&\"{FONT}\"&10{title}"));
    sheet.set_footer(format!("&C&\"{FONT}\"&10第 &P 页 共 &N 页"));
    Ok(())
}

/// The title (row 0) and the 填报单位 line (row 1) across `cols` columns.
pub fn heading(
    sheet: &mut Worksheet,
    styles: &Styles,
    title: &str,
    sub: &str,
    cols: u16,
) -> Result<(), XlsxError> {
    let last = cols.saturating_sub(1);
    sheet.merge_range(0, 0, 0, last, title, &styles.title)?;
    sheet.set_row_height(0, 24)?;
    sheet.merge_range(1, 0, 1, last, sub, &styles.sub)?;
    sheet.set_row_height(1, 18)?;
    Ok(())
}
