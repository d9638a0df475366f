//! Documents of our own that flow over A4 pages: a title, paragraphs, tables whose header row
//! repeats on every page, and a signature block with room for the seal. The county's 补正告知单
//! and 推荐汇总表 are printed with it; text is never set under 9 pt, and a table longer than a
//! page continues on the next rather than shrinking.

use super::canvas::{Align, Canvas, DocFonts, FOOTER_Y, PAGE_W, PT_PER_MM};
use super::fonts::Face;
use super::layout::wrap;
use super::PdfError;

/// The smallest size any text of a flowed document is set in (pt).
pub const MIN_SIZE: f32 = 9.0;
const TOP: f32 = 18.0;
const BOTTOM: f32 = 278.0;
const MARGIN: f32 = 14.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;

/// One column of a [`Block::Table`].
#[derive(Debug, Clone)]
pub struct Column {
    /// Its header.
    pub head: String,
    /// Its width (mm); the widths are scaled to the page's width.
    pub width: f32,
    /// How its cells are aligned.
    pub align: Align,
}

/// A part of a flowed document.
#[derive(Debug, Clone)]
pub enum Block {
    /// The title, centred, large.
    Title(String),
    /// A paragraph (size pt, first-line indent in characters).
    Para {
        /// The text (line breaks kept).
        text: String,
        /// Size in pt (at least [`MIN_SIZE`]).
        size: f32,
        /// Aligned.
        align: Align,
    },
    /// A ruled table; its header row repeats on every page it runs over.
    Table {
        /// Its columns.
        columns: Vec<Column>,
        /// Its rows, a text per column.
        rows: Vec<Vec<String>>,
        /// Size in pt (at least [`MIN_SIZE`]).
        size: f32,
    },
    /// Empty space (mm).
    Gap(f32),
    /// The block at the foot: lines on the right ("填表人：", "日期："), with a square left
    /// empty for the round seal beside them; kept on one page.
    Signature {
        /// Lines on the left ("填表人：____").
        left: Vec<String>,
        /// Lines on the right, under the seal square ("（盖章）", the date).
        right: Vec<String>,
    },
}

struct Cursor<'f> {
    fonts: &'f DocFonts<'f>,
    pages: Vec<Canvas<'f>>,
    y: f32,
}

impl<'f> Cursor<'f> {
    fn page(&mut self) -> &mut Canvas<'f> {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Canvas::new(self.fonts));
        self.y = TOP;
    }

    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn lines(&self, text: &str, size: f32, w: f32) -> Vec<String> {
        let face = self.pages[0].face(Face::Body);
        wrap(text, face, size, w * PT_PER_MM)
    }
}

fn leading(size: f32) -> f32 {
    size * 1.45 / PT_PER_MM
}

/// Draws `blocks` over as many pages as they need; each page's foot reads
/// "第 n 页 共 m 页" and `footer` (a code) on the right.
pub fn draw<'f>(fonts: &'f DocFonts<'f>, blocks: &[Block], footer: &str) -> Vec<Canvas<'f>> {
    let mut c = Cursor {
        fonts,
        pages: vec![Canvas::new(fonts)],
        y: TOP,
    };
    for b in blocks {
        match b {
            Block::Title(t) => {
                c.room(14.0);
                let face = if fonts.set.first_missing(Face::Title, t).is_none() {
                    Face::Title
                } else {
                    Face::Body
                };
                let y = c.y + 8.0;
                c.page()
                    .text_in(face, 18.0, 0.0, PAGE_W, y, t, Align::Center);
                c.y += 14.0;
            }
            Block::Para { text, size, align } => {
                let size = size.max(MIN_SIZE);
                let lead = leading(size);
                for line in c.lines(text, size, WIDTH) {
                    c.room(lead);
                    let y = c.y + lead * 0.75;
                    c.page()
                        .text_in(Face::Body, size, MARGIN, WIDTH, y, &line, *align);
                    c.y += lead;
                }
            }
            Block::Gap(h) => c.y += h,
            Block::Table {
                columns,
                rows,
                size,
            } => table(&mut c, columns, rows, size.max(MIN_SIZE)),
            Block::Signature { left, right } => {
                let lead = leading(11.0);
                let h = (left.len().max(right.len()) as f32 * lead).max(40.0) + 4.0;
                c.room(h);
                let top = c.y;
                for (i, l) in left.iter().enumerate() {
                    let y = top + 6.0 + i as f32 * lead * 1.6;
                    c.page().text(Face::Body, 11.0, MARGIN, y, l);
                }
                // The seal's square, left empty, with the right-hand lines under it.
                let side = 40.0;
                let x = MARGIN + WIDTH - side - 10.0;
                for (i, l) in right.iter().enumerate() {
                    let y = top + side - 4.0 + i as f32 * lead;
                    c.page()
                        .text_in(Face::Body, 11.0, x - 20.0, side + 30.0, y, l, Align::Center);
                }
                c.y = top + h;
            }
        }
    }
    let total = c.pages.len();
    for (i, p) in c.pages.iter_mut().enumerate() {
        let text = format!("第 {} 页 共 {total} 页", i + 1);
        p.text_in(
            Face::Body,
            MIN_SIZE,
            0.0,
            PAGE_W,
            FOOTER_Y,
            &text,
            Align::Center,
        );
        if !footer.is_empty() {
            p.text_in(
                Face::Body,
                MIN_SIZE,
                MARGIN,
                WIDTH,
                FOOTER_Y,
                footer,
                Align::Right,
            );
        }
    }
    c.pages
}

fn table(c: &mut Cursor, columns: &[Column], rows: &[Vec<String>], size: f32) {
    let sum: f32 = columns.iter().map(|k| k.width).sum();
    let widths: Vec<f32> = columns.iter().map(|k| k.width * WIDTH / sum).collect();
    let lead = leading(size);
    let pad = 1.2;
    let cell_lines = |c: &Cursor, texts: &[&str]| -> Vec<Vec<String>> {
        texts
            .iter()
            .zip(&widths)
            .map(|(t, w)| c.lines(t, size, w - 2.0 * pad))
            .collect()
    };
    let draw_row = |c: &mut Cursor, lines: &[Vec<String>], head: bool| {
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * lead + 2.0 * pad;
        let mut x = MARGIN;
        let y = c.y;
        for ((ls, w), col) in lines.iter().zip(&widths).zip(columns) {
            c.page().rect(x, y, *w, h, 0.5);
            // Lines centred vertically in the row.
            let off = (h - ls.len() as f32 * lead) / 2.0;
            for (k, l) in ls.iter().enumerate() {
                let base = y + off + lead * (k as f32 + 0.75);
                let align = if head { Align::Center } else { col.align };
                c.page()
                    .text_in(Face::Body, size, x + pad, w - 2.0 * pad, base, l, align);
            }
            x += w;
        }
        c.y += h;
    };
    let heads: Vec<&str> = columns.iter().map(|k| k.head.as_str()).collect();
    let head_lines = cell_lines(c, &heads);
    let head_h = head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * pad;
    c.room(head_h + lead + 2.0 * pad);
    draw_row(c, &head_lines, true);
    for r in rows {
        let texts: Vec<&str> = r.iter().map(String::as_str).collect();
        let lines = cell_lines(c, &texts);
        let h = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * pad;
        if c.y + h > BOTTOM {
            c.new_page();
            draw_row(c, &head_lines, true);
        }
        draw_row(c, &lines, false);
    }
}

/// A flowed document as PDF bytes (the typed texts it holds drawn with a system font where the
/// bundled one lacks a character).
pub fn render(title: &str, blocks: &[Block], footer: &str) -> Result<Vec<u8>, PdfError> {
    let mut texts: Vec<(String, String)> = Vec::new();
    for b in blocks {
        match b {
            Block::Title(t) | Block::Para { text: t, .. } => texts.push((title.into(), t.clone())),
            Block::Table { columns, rows, .. } => {
                for (k, col) in columns.iter().enumerate() {
                    for r in rows {
                        if let Some(t) = r.get(k) {
                            texts.push((col.head.clone(), t.clone()));
                        }
                    }
                }
            }
            Block::Signature { left, right } => {
                for t in left.iter().chain(right) {
                    texts.push((title.into(), t.clone()));
                }
            }
            Block::Gap(_) => {}
        }
    }
    let fallback = super::texts_fallback(&texts, &super::fonts::Fallback::System)?;
    super::render_pages(title, fallback, |fonts| draw(fonts, blocks, footer))
}
