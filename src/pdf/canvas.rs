//! A page being drawn: millimetres from the top-left corner in, PDF operations out.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point,
    Pt, Rect, TextItem, TextMatrix,
};

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
/// 4–5 mm of the edge and some drivers shrink the page instead (tests/print.rs measures it).
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

/// One page's operations.
pub struct Canvas<'a> {
    fonts: &'a DocFonts<'a>,
    ops: Vec<Op>,
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
        }
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
        let line_h = size * leading / PT_PER_MM;
        let block = line_h * lines.len() as f32;
        let top = if v_center { y + (h - block) / 2.0 } else { y };
        let ascent = size * 0.88 / PT_PER_MM;
        let gap = (line_h - size / PT_PER_MM) / 2.0;
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
    }

    /// A stroked rectangle; `(x, y)` is its top-left corner.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
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

    /// The finished A4 page.
    pub fn finish(self) -> PdfPage {
        PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), self.ops)
    }
}
