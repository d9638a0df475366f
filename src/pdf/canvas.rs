//! A page being drawn: millimetres from the top-left corner in, PDF operations out.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point,
    Pt, Rect, TextItem, TextMatrix,
};

use serde::Serialize;

use super::fonts::{Face, FontSet, LoadedFace, TextFace};

/// A4 width in mm.
pub const PAGE_W: f32 = 210.0;
/// A4 height in mm.
pub const PAGE_H: f32 = 297.0;
/// Left margin of both forms (mm).
pub const LEFT: f32 = 20.0;
/// Width of the tables of both forms (mm).
pub const CONTENT_W: f32 = 170.0;
/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;
/// No ink closer than this to any edge of the sheet: office laser printers do not print within
/// 4–5 mm of the edge and some drivers shrink the page instead (tests/integration/print.rs measures it).
pub const SAFE_MARGIN: f32 = 8.0;
/// Baseline of the 第 N 页 共 M 页 line under the 附件2 table (which ends by 281 mm).
pub const PAGE_NUMBER_Y: f32 = 285.0;
/// Baseline of the 校验码 footer line: its descenders end above the safe margin.
pub const FOOTER_Y: f32 = PAGE_H - SAFE_MARGIN - 0.8;

/// The fonts registered with the document.
pub struct DocFonts<'a> {
    /// The faces, for measuring.
    pub set: &'a FontSet,
    /// Their document ids: body, title, heading.
    pub ids: [FontId; 3],
    /// A fallback for body characters the bundled font lacks, with its id, when the draft needs one.
    pub fallback: Option<(&'a LoadedFace, FontId)>,
}

impl DocFonts<'_> {
    fn id(&self, f: Face) -> FontId {
        match f {
            Face::Body => self.ids[0].clone(),
            Face::Title => self.ids[1].clone(),
            Face::Heading => self.ids[2].clone(),
        }
    }
}

/// Horizontal alignment within a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One line of text as drawn, in mm from the top-left corner of the page: the layout model the
/// print tests check (inside its cell, size, line breaking).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedText {
    /// The text of the line.
    pub text: String,
    /// Size in pt.
    pub size: f32,
    /// Left edge.
    pub x: f32,
    /// Right edge (left + advance width).
    pub right: f32,
    /// Top of the em box (baseline − 0.88 em).
    pub top: f32,
    /// Bottom of the em box (baseline + 0.12 em).
    pub bottom: f32,
    /// The block of lines it belongs to (lines wrapped from one text share it); `None` for a
    /// single line drawn on its own.
    pub block: Option<usize>,
    /// Set one character a line on purpose (the vertical 类别 cells).
    pub vertical: bool,
}

/// A rectangle as drawn (mm from the top-left corner): a cell or a frame.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlacedRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// What one page holds, for checking: every text line and every ruled rectangle.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageModel {
    /// The text lines in drawing order.
    pub texts: Vec<PlacedText>,
    /// The ruled rectangles (cells, frames, check boxes).
    pub rects: Vec<PlacedRect>,
}

/// One page's operations.
pub struct Canvas<'a> {
    fonts: &'a DocFonts<'a>,
    ops: Vec<Op>,
    model: PageModel,
    blocks: usize,
    current_block: Option<(usize, bool)>,
}

fn pt(x_mm: f32, y_mm_from_top: f32) -> Point {
    Point::new(Mm(x_mm), Mm(PAGE_H - y_mm_from_top))
}

impl<'a> Canvas<'a> {
    /// A blank page with black ink.
    pub fn new(fonts: &'a DocFonts<'a>) -> Self {
        let black = Color::Greyscale(Greyscale {
            percent: 0.0,
            icc_profile: None,
        });
        Canvas {
            fonts,
            ops: vec![
                Op::SetOutlineColor { col: black.clone() },
                Op::SetFillColor { col: black },
            ],
            model: PageModel::default(),
            blocks: 0,
            current_block: None,
        }
    }

    /// The document's fonts.
    pub fn fonts(&self) -> &'a DocFonts<'a> {
        self.fonts
    }

    /// A face for measuring; the body face comes with the document's fallback, if any.
    pub fn face(&self, face: Face) -> TextFace<'a> {
        let primary = self.fonts.set.face(face);
        match face {
            Face::Body => {
                TextFace::with_fallback(primary, self.fonts.fallback.as_ref().map(|(f, _)| *f))
            }
            _ => TextFace::new(primary),
        }
    }

    /// Draws one line of text with its baseline at `y` mm from the top; characters the face
    /// lacks are drawn in the fallback face.
    pub fn text(&mut self, face: Face, size: f32, x: f32, y: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let measure = self.face(face);
        let width = measure.width(s, size) / PT_PER_MM;
        self.model.texts.push(PlacedText {
            text: s.to_string(),
            size,
            x,
            right: x + width,
            top: y - 0.88 * size / PT_PER_MM,
            bottom: y + 0.12 * size / PT_PER_MM,
            block: self.current_block.map(|b| b.0),
            vertical: self.current_block.is_some_and(|b| b.1),
        });
        let mut x_pt = pt(x, y).x.0;
        let y_pt = pt(x, y).y;
        for (fallback, run) in measure.runs(s) {
            let id = match (fallback, &self.fonts.fallback) {
                (true, Some((_, id))) => id.clone(),
                _ => self.fonts.id(face),
            };
            self.ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(id),
                    size: Pt(size),
                },
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x_pt), y_pt),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(run.clone())],
                },
                Op::EndTextSection,
            ]);
            x_pt += measure.width(&run, size);
        }
    }

    /// Draws one line of text aligned in the span `x .. x + w`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        face: Face,
        size: f32,
        x: f32,
        w: f32,
        y: f32,
        s: &str,
        align: Align,
    ) {
        let width = self.face(face).width(s, size) / PT_PER_MM;
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - width) / 2.0,
            Align::Right => x + w - width,
        };
        self.text(face, size, x, y, s);
    }

    /// Draws lines of text in a box, top-aligned or vertically centred; returns the height used.
    #[allow(clippy::too_many_arguments)]
    pub fn lines_in(
        &mut self,
        face: Face,
        size: f32,
        leading: f32,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        lines: &[String],
        align: Align,
        v_center: bool,
    ) {
        self.lines_at(
            face, size, leading, x, y, w, h, lines, align, v_center, false,
        );
    }

    /// Like [`Canvas::lines_in`], one character a line set on purpose (vertical 类别 cells).
    #[allow(clippy::too_many_arguments)]
    pub fn vertical_in(
        &mut self,
        face: Face,
        size: f32,
        leading: f32,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        lines: &[String],
    ) {
        self.lines_at(
            face,
            size,
            leading,
            x,
            y,
            w,
            h,
            lines,
            Align::Center,
            true,
            true,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn lines_at(
        &mut self,
        face: Face,
        size: f32,
        leading: f32,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        lines: &[String],
        align: Align,
        v_center: bool,
        vertical: bool,
    ) {
        let line_h = size * leading / PT_PER_MM;
        let block = line_h * lines.len() as f32;
        let top = if v_center { y + (h - block) / 2.0 } else { y };
        let ascent = size * 0.88 / PT_PER_MM;
        let gap = (line_h - size / PT_PER_MM) / 2.0;
        self.blocks += 1;
        self.current_block = Some((self.blocks, vertical));
        for (i, l) in lines.iter().enumerate() {
            self.text_in(
                face,
                size,
                x,
                w,
                top + gap + ascent + line_h * i as f32,
                l,
                align,
            );
        }
        self.current_block = None;
    }

    /// A stroked rectangle; `(x, y)` is its top-left corner.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        self.model.rects.push(PlacedRect { x, y, w, h });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        let bottom_left = pt(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: bottom_left.x,
                y: bottom_left.y,
                width: Mm(w).into(),
                height: Mm(h).into(),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    /// A check box of side `s` mm at `(x, y)` (top-left), ticked or empty, drawn as vectors.
    pub fn checkbox(&mut self, x: f32, y: f32, s: f32, ticked: bool) {
        self.rect(x, y, s, s, 0.8);
        if ticked {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(1.4) });
            self.ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: pt(x + s * 0.18, y + s * 0.52),
                            bezier: false,
                        },
                        LinePoint {
                            p: pt(x + s * 0.42, y + s * 0.78),
                            bezier: false,
                        },
                        LinePoint {
                            p: pt(x + s * 0.85, y + s * 0.2),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
    }

    /// A straight rule from `(x0, y0)` to `(x1, y1)` (a blank to write on).
    pub fn rule(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, width: f32) {
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: pt(x0, y0),
                        bezier: false,
                    },
                    LinePoint {
                        p: pt(x1, y1),
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// The finished A4 page and its model.
    pub fn finish(self) -> (PdfPage, PageModel) {
        (PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), self.ops), self.model)
    }
}
