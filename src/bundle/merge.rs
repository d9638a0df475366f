//! Assembling the bundle from lopdf objects written as they are made ([`PdfSink`]): every page is a fresh
//! A4 page that draws its source as a form XObject (a page of the forms, of our own pages or of
//! an evidence PDF, fitted and turned upright) or an image (JPEG passed through as it is), and
//! the running footer over it. Only what a source page draws is copied (its content and
//! resources): no annotations, actions or scripts of an evidence file come along.

use std::collections::HashMap;
use std::io::Write;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::sink::PdfSink;

use crate::evidence::pages::inherited;
use crate::evidence::{jpeg, page_box, PageBox, MAX_PAGE_CONTENT};

/// A4 in points.
pub const A4: (f32, f32) = (595.276, 841.89);
/// Where an evidence page or image goes: 15 mm at the sides and the top, 22 mm at the bottom
/// (the footer's line lies below).
const AREA: (f32, f32, f32, f32) = (42.52, 62.36, 552.76, 799.37);

/// Copies objects of one source document into the bundle, each once. It owns the source, so
/// that the source is dropped as soon as its pages are copied.
pub struct Importer {
    src: Document,
    pages: std::collections::BTreeMap<u32, ObjectId>,
    copier: Copier,
}

/// The numbers given in the bundle to the source's objects so far.
struct Copier {
    map: HashMap<ObjectId, ObjectId>,
}

impl Copier {
    fn object<W: Write>(&mut self, src: &Document, dst: &mut PdfSink<W>, o: &Object) -> Object {
        match o {
            Object::Reference(id) => Object::Reference(self.reference(src, dst, *id)),
            Object::Array(a) => Object::Array(a.iter().map(|x| self.object(src, dst, x)).collect()),
            Object::Dictionary(d) => Object::Dictionary(self.dict(src, dst, d)),
            // (A stream is always an object of its own; this is for a malformed file.)
            Object::Stream(s) => {
                Object::Stream(Stream::new(self.dict(src, dst, &s.dict), s.content.clone()))
            }
            other => other.clone(),
        }
    }

    fn dict<W: Write>(
        &mut self,
        src: &Document,
        dst: &mut PdfSink<W>,
        d: &Dictionary,
    ) -> Dictionary {
        let mut out = Dictionary::new();
        for (k, v) in d.iter() {
            // Never climb to the page tree, nor take actions or scripts along.
            if matches!(
                k.as_slice(),
                b"Parent" | b"AA" | b"A" | b"JS" | b"OpenAction"
            ) {
                continue;
            }
            out.set(k.clone(), self.object(src, dst, v));
        }
        out
    }

    /// The bundle's number for the source's object `id`, written on first use; a stream's
    /// content goes from the source to the output without a copy.
    fn reference<W: Write>(
        &mut self,
        src: &Document,
        dst: &mut PdfSink<W>,
        id: ObjectId,
    ) -> ObjectId {
        if let Some(n) = self.map.get(&id) {
            return *n;
        }
        let new = dst.new_id();
        self.map.insert(id, new);
        match src.get_object(id) {
            Ok(Object::Stream(s)) => {
                let dict = self.dict(src, dst, &s.dict);
                dst.put_stream(new, &dict, &s.content);
            }
            Ok(o) => {
                let copied = self.object(src, dst, o);
                dst.put(new, &copied);
            }
            Err(_) => dst.put(new, &Object::Null),
        }
        new
    }
}

impl Importer {
    pub fn new(src: Document) -> Self {
        Importer {
            pages: src.get_pages(),
            src,
            copier: Copier {
                map: HashMap::new(),
            },
        }
    }

    /// The source's pages by number (from 1).
    pub fn pages(&self) -> &std::collections::BTreeMap<u32, ObjectId> {
        &self.pages
    }

    /// A page of the source as a form XObject in `dst`, with its box.
    pub fn page<W: Write>(
        &mut self,
        dst: &mut PdfSink<W>,
        page: ObjectId,
    ) -> Result<(ObjectId, PageBox), String> {
        let bx = page_box(&self.src, page).ok_or("页面没有尺寸")?;
        let content = self
            .src
            .get_page_content_with_limit(page, MAX_PAGE_CONTENT)
            .map_err(|e| e.to_string())?;
        let resources = match inherited(&self.src, page, b"Resources") {
            Some(r) => self.copier.object(&self.src, dst, r),
            None => Object::Dictionary(Dictionary::new()),
        };
        let dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "FormType" => 1,
            "BBox" => vec![bx.x0.into(), bx.y0.into(), bx.x1.into(), bx.y1.into()],
            "Resources" => resources,
        };
        let mut st = Stream::new(dict, content);
        let _ = st.compress();
        Ok((dst.add(st), bx))
    }
}

/// An image XObject's dictionary: 8-bit samples in `space`.
fn image_dict(width: u32, height: u32, space: &str) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => width as i64,
        "Height" => height as i64,
        "ColorSpace" => space,
        "BitsPerComponent" => 8,
    }
}

/// A JPEG as an image XObject, its bytes passed through; returns its size as shown (after its
/// EXIF turn) and the orientation.
pub fn jpeg_image<W: Write>(
    dst: &mut PdfSink<W>,
    bytes: Vec<u8>,
) -> Option<(ObjectId, f32, f32, u8)> {
    let info = jpeg::info(&bytes)?;
    let space = match info.components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut dict = image_dict(info.width, info.height, space);
    dict.set("Filter", "DCTDecode");
    if info.components == 4 && info.adobe {
        // Adobe writes CMYK JPEGs inverted.
        dict.set(
            "Decode",
            vec![
                1.into(),
                0.into(),
                1.into(),
                0.into(),
                1.into(),
                0.into(),
                1.into(),
                0.into(),
            ],
        );
    }
    let id = dst.new_id();
    dst.put_stream(id, &dict, &bytes);
    let turned = matches!(info.orientation, 5..=8);
    let (w, h) = if turned {
        (info.height as f32, info.width as f32)
    } else {
        (info.width as f32, info.height as f32)
    };
    Some((id, w, h, info.orientation))
}

/// A PNG as an image XObject (decoded, samples compressed; the alpha as a soft mask).
pub fn png_image<W: Write>(
    dst: &mut PdfSink<W>,
    bytes: &[u8],
) -> Result<(ObjectId, f32, f32), String> {
    let d = crate::evidence::decode_png(bytes)?;
    let space = if d.colors == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    let mut dict = image_dict(d.width, d.height, space);
    if let Some(alpha) = d.alpha {
        let mut mask = Stream::new(image_dict(d.width, d.height, "DeviceGray"), alpha);
        let _ = mask.compress();
        dict.set("SMask", dst.add(mask));
    }
    let mut st = Stream::new(dict, d.pixels);
    let _ = st.compress();
    Ok((dst.add(st), d.width as f32, d.height as f32))
}

/// The matrix that draws a unit-square image turned by EXIF `orientation` into the box
/// `(x, y, w, h)` as shown.
pub fn image_matrix(orientation: u8, x: f32, y: f32, w: f32, h: f32) -> [f32; 6] {
    match orientation {
        2 => [-w, 0.0, 0.0, h, x + w, y],
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        4 => [w, 0.0, 0.0, -h, x, y + h],
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        7 => [0.0, h, w, 0.0, x, y],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    }
}

/// The matrix that draws a page's content (its box `b`, turned by its `/Rotate`) scaled by
/// `s` with the lower left corner of what is shown at `(x, y)`.
pub fn page_matrix(b: &PageBox, s: f32, x: f32, y: f32) -> [f32; 6] {
    let (w, h) = (b.x1 - b.x0, b.y1 - b.y0);
    match b.rotate {
        90 => [0.0, -s, s, 0.0, x - s * b.y0, y + s * (w + b.x0)],
        180 => [-s, 0.0, 0.0, -s, x + s * (w + b.x0), y + s * (h + b.y0)],
        270 => [0.0, s, -s, 0.0, x + s * (h + b.y0), y - s * b.x0],
        _ => [s, 0.0, 0.0, s, x - s * b.x0, y - s * b.y0],
    }
}

/// The size a page shows (turned).
pub fn shown_size(b: &PageBox) -> (f32, f32) {
    let (w, h) = (b.x1 - b.x0, b.y1 - b.y0);
    if b.rotate % 180 == 90 {
        (h, w)
    } else {
        (w, h)
    }
}

/// Where something of size `(w, h)` goes inside the evidence area, fitted and centred: the
/// scale and the lower left corner.
pub fn fit_area(w: f32, h: f32) -> (f32, f32, f32) {
    let (x0, y0, x1, y1) = AREA;
    let s = ((x1 - x0) / w).min((y1 - y0) / h);
    let (sw, sh) = (w * s, h * s);
    (s, x0 + (x1 - x0 - sw) / 2.0, y0 + (y1 - y0 - sh) / 2.0)
}

/// A PDF text string (UTF-16BE with its byte order mark), for titles and bookmarks.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn fmt(m: &[f32; 6]) -> String {
    m.iter()
        .map(|v| format!("{v:.4}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What one page of the bundle draws.
pub struct PagePlan {
    /// The source (a form XObject or an image) and its matrix.
    pub body: (ObjectId, [f32; 6]),
    /// The footer form XObject.
    pub footer: ObjectId,
}

/// Writes one A4 page of the bundle under the page tree `tree` (written at the end,
/// [`add_tree`]); returns its id.
pub fn add_page<W: Write>(dst: &mut PdfSink<W>, tree: ObjectId, p: &PagePlan) -> ObjectId {
    let content = format!("q {} cm /B Do Q\nq /F Do Q\n", fmt(&p.body.1,));
    let mut st = Stream::new(Dictionary::new(), content.into_bytes());
    let _ = st.compress();
    let contents = dst.add(st);
    dst.add(dictionary! {
        "Type" => "Page",
        "Parent" => tree,
        "MediaBox" => vec![0.into(), 0.into(), A4.0.into(), A4.1.into()],
        "Resources" => dictionary! {
            "XObject" => dictionary! { "B" => p.body.0, "F" => p.footer },
        },
        "Contents" => contents,
    })
}

/// Writes the page tree `tree` over `kids`.
pub fn add_tree<W: Write>(dst: &mut PdfSink<W>, tree: ObjectId, kids: &[ObjectId]) {
    dst.put(
        tree,
        &Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids.iter().map(|k| Object::Reference(*k)).collect::<Vec<_>>(),
            "Count" => kids.len() as i64,
        }),
    );
}

/// A bookmark: its title, its page (index), its children.
pub struct Mark {
    pub title: String,
    pub page: usize,
    pub children: Vec<Mark>,
}

/// Writes the outline tree; returns the outlines dictionary's id.
pub fn add_outlines<W: Write>(
    dst: &mut PdfSink<W>,
    marks: &[Mark],
    pages: &[ObjectId],
) -> ObjectId {
    let root = dst.new_id();
    let (first, last, count) = add_level(dst, marks, root, pages);
    let mut d = dictionary! { "Type" => "Outlines", "Count" => count as i64 };
    if let (Some(f), Some(l)) = (first, last) {
        d.set("First", f);
        d.set("Last", l);
    }
    dst.put(root, &Object::Dictionary(d));
    root
}

fn add_level<W: Write>(
    dst: &mut PdfSink<W>,
    marks: &[Mark],
    parent: ObjectId,
    pages: &[ObjectId],
) -> (Option<ObjectId>, Option<ObjectId>, usize) {
    let ids: Vec<ObjectId> = marks.iter().map(|_| dst.new_id()).collect();
    let mut count = 0;
    for (i, m) in marks.iter().enumerate() {
        let page = pages[m.page.min(pages.len() - 1)];
        let mut d = dictionary! {
            "Title" => text_string(&m.title),
            "Parent" => parent,
            "Dest" => vec![Object::Reference(page), "Fit".into()],
        };
        if i > 0 {
            d.set("Prev", ids[i - 1]);
        }
        if i + 1 < ids.len() {
            d.set("Next", ids[i + 1]);
        }
        let (f, l, c) = add_level(dst, &m.children, ids[i], pages);
        if let (Some(f), Some(l)) = (f, l) {
            d.set("First", f);
            d.set("Last", l);
            // Parts open, items closed (negative count).
            d.set("Count", -(c as i64));
        }
        dst.put(ids[i], &Object::Dictionary(d));
        count += 1;
    }
    (ids.first().copied(), ids.last().copied(), count)
}
