//! The pages of an evidence PDF as a reader sees them: each page's visible box and turn (its
//! own or inherited from its parents). The checks refuse a page without one; the bundle fits
//! each page by it.

use lopdf::{Document, Object, ObjectId};

/// A page's visible box and its turn, as the page (or its parents) say.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBox {
    /// Left edge (pt).
    pub x0: f32,
    /// Bottom edge (pt).
    pub y0: f32,
    /// Right edge (pt).
    pub x1: f32,
    /// Top edge (pt).
    pub y1: f32,
    /// 0, 90, 180 or 270.
    pub rotate: i64,
}

/// A number object (integer or real), followed through references.
pub(crate) fn num(doc: &Document, o: &Object) -> Option<f32> {
    match doc.dereference(o).ok()?.1 {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// An inheritable attribute of a page (its own, or its nearest parent's).
pub(crate) fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut id = page;
    for _ in 0..32 {
        let d = doc.get_dictionary(id).ok()?;
        if let Ok(v) = d.get(key) {
            return Some(v);
        }
        id = d.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

/// The crop box (else the media box) and rotation of a page.
pub fn page_box(doc: &Document, page: ObjectId) -> Option<PageBox> {
    let b = inherited(doc, page, b"CropBox")
        .or_else(|| inherited(doc, page, b"MediaBox"))
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())?;
    if b.len() != 4 {
        return None;
    }
    let v: Vec<f32> = b.iter().filter_map(|o| num(doc, o)).collect();
    if v.len() != 4 {
        return None;
    }
    let (x0, x1) = (v[0].min(v[2]), v[0].max(v[2]));
    let (y0, y1) = (v[1].min(v[3]), v[1].max(v[3]));
    if x1 - x0 < 1.0 || y1 - y0 < 1.0 {
        return None;
    }
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| num(doc, o))
        .map(|r| ((r as i64 % 360) + 360) % 360)
        .unwrap_or(0);
    Some(PageBox {
        x0,
        y0,
        x1,
        y1,
        rotate: rotate - rotate % 90,
    })
}
