//! Writing the bundle as it is assembled: each object goes to the output the moment it is made,
//! and only the cross-reference offsets stay in memory. So an evidence file is held only while
//! its pages are copied, and the finished document never is (lopdf would keep every object of
//! every file until the end, then the whole file again as bytes: 298 MiB for 67 MB of
//! evidence; docs/evidence.md).
//!
//! The objects are lopdf's; the syntax is PDF 1.7's (ISO 32000-1, 7.3), written here because
//! lopdf 0.44 keeps its object writer private.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// A PDF being written: objects in any order, then the cross-reference table and trailer.
pub struct PdfSink<W: Write> {
    out: W,
    written: u64,
    /// The offset of each object by number (index 0 is the free head).
    offsets: Vec<Option<u64>>,
    /// The first write error; later writes are skipped, [`PdfSink::finish`] returns it.
    error: Option<std::io::Error>,
}

impl<W: Write> PdfSink<W> {
    /// Starts a PDF 1.7 file on `out`.
    pub fn new(out: W) -> Self {
        let mut sink = PdfSink {
            out,
            written: 0,
            offsets: vec![None],
            error: None,
        };
        // The binary comment tells transfer programs the file is not text.
        sink.raw(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        sink
    }

    fn raw(&mut self, bytes: &[u8]) {
        if self.error.is_none() {
            match self.out.write_all(bytes) {
                Ok(()) => self.written += bytes.len() as u64,
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// A new object number, to be written later with [`PdfSink::put`].
    pub fn new_id(&mut self) -> ObjectId {
        self.offsets.push(None);
        ((self.offsets.len() - 1) as u32, 0)
    }

    /// Writes object `id` now. A stream's content goes to the output as it is, never copied.
    pub fn put(&mut self, id: ObjectId, object: &Object) {
        match object {
            Object::Stream(s) => self.put_stream(id, &s.dict, &s.content),
            other => {
                self.offsets[id.0 as usize] = Some(self.written);
                let mut buf = Vec::new();
                buf.extend_from_slice(format!("{} 0 obj\n", id.0).as_bytes());
                write_object(&mut buf, other);
                buf.extend_from_slice(b"\nendobj\n");
                self.raw(&buf);
            }
        }
    }

    /// Writes stream `id` of `dict` (its `/Length` set here) and `content`.
    pub fn put_stream(&mut self, id: ObjectId, dict: &Dictionary, content: &[u8]) {
        self.offsets[id.0 as usize] = Some(self.written);
        let mut head = Vec::new();
        head.extend_from_slice(format!("{} 0 obj\n", id.0).as_bytes());
        stream_head(&mut head, dict, content.len());
        self.raw(&head);
        self.raw(content);
        self.raw(b"\nendstream\nendobj\n");
    }

    /// Whether a write has failed (the rest is skipped; [`PdfSink::finish`] says why).
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Writes `object` now under a new number.
    pub fn add(&mut self, object: impl Into<Object>) -> ObjectId {
        let id = self.new_id();
        self.put(id, &object.into());
        id
    }

    /// Writes the cross-reference table and the trailer (`root`, `info`); returns the file's
    /// size. An object numbered but never written is listed as free.
    pub fn finish(mut self, root: ObjectId, info: ObjectId) -> std::io::Result<(W, u64)> {
        let start = self.written;
        let n = self.offsets.len();
        let mut table = format!("xref\n0 {n}\n0000000000 65535 f\r\n");
        for o in &self.offsets[1..] {
            match o {
                Some(at) => table.push_str(&format!("{at:010} 00000 n\r\n")),
                None => table.push_str("0000000000 00000 f\r\n"),
            }
        }
        table.push_str(&format!(
            "trailer\n<< /Size {n} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{start}\n%%EOF\n",
            root.0, info.0
        ));
        self.raw(table.as_bytes());
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(e);
            }
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok((self.out, self.written)),
        }
    }
}

/// Whether a byte may stand as it is in a name (7.3.5): printable, not a delimiter, not `#`.
fn regular(b: u8) -> bool {
    (0x21..=0x7e).contains(&b) && !b"()<>[]{}/%#".contains(&b)
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if regular(b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_dict(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
        out.push(b' ');
    }
    out.extend_from_slice(b">>");
}

/// A stream's dictionary with its real `/Length`, and the `stream` keyword; the content follows.
fn stream_head(out: &mut Vec<u8>, dict: &Dictionary, len: usize) {
    let mut dict = dict.clone();
    dict.set("Length", len as i64);
    write_dict(out, &dict);
    out.extend_from_slice(b"\nstream\n");
}

/// Appends the PDF syntax of `object` to `out`.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        // Rust writes floats without exponents; a non-finite number is not PDF.
        Object::Real(r) => {
            let r = if r.is_finite() { *r } else { 0.0 };
            out.extend_from_slice(format!("{r}").as_bytes());
        }
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'\\' | b'(' | b')' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, x);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d),
        Object::Stream(s) => {
            stream_head(out, &s.dict, s.content.len());
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Document, Stream};

    /// What the sink writes, lopdf reads back object for object.
    #[test]
    fn lopdf_reads_back_what_the_sink_writes() {
        let mut sink = PdfSink::new(Vec::new());
        let pages = sink.new_id();
        let content = sink.add(Stream::new(
            Dictionary::new(),
            b"BT /F1 12 Tf (a\\(b) Tj ET".to_vec(),
        ));
        let page = sink.add(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "MediaBox" => vec![0.into(), 0.into(), 595.276.into(), 841.89.into()],
            "Contents" => content,
            "Odd name" => Object::String("（中）\\)".as_bytes().to_vec(), StringFormat::Literal),
            "Hex" => Object::String(vec![0xfe, 0xff, 0x4e, 0x2d], StringFormat::Hexadecimal),
        });
        sink.put(
            pages,
            &Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![Object::Reference(page)],
                "Count" => 1,
            }),
        );
        let root = sink.add(dictionary! { "Type" => "Catalog", "Pages" => pages });
        let info = sink.add(dictionary! { "Title" => Object::string_literal("t") });
        let unused = sink.new_id();
        let (bytes, size) = sink.finish(root, info).unwrap();
        assert_eq!(size as usize, bytes.len());
        let doc = Document::load_mem(&bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        let p = doc.get_dictionary(page).unwrap();
        assert_eq!(
            p.get(b"Odd name").unwrap().as_str().unwrap(),
            "（中）\\)".as_bytes()
        );
        assert_eq!(
            p.get(b"Hex").unwrap().as_str().unwrap(),
            &[0xfe, 0xff, 0x4e, 0x2d]
        );
        let c = doc.get_object(content).unwrap().as_stream().unwrap();
        assert_eq!(c.content, b"BT /F1 12 Tf (a\\(b) Tj ET");
        assert!(doc.get_object(unused).is_err());
    }

    /// A failed write is kept and returned at the end, never ignored.
    #[test]
    fn a_write_error_is_returned() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut sink = PdfSink::new(Full);
        let id = sink.add(dictionary! { "A" => 1 });
        let err = sink.finish(id, id).err().unwrap();
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
    }
}
