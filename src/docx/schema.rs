//! The package parts in the order the ECMA-376 schema prescribes. docx-rs writes some children
//! out of their sequence (`w:rPr` before `w:jc` in `w:pPr`, `w:sz` before `w:rFonts`, …);
//! LibreOffice accepts that, Word is reported to ignore such elements and Word on the web to open
//! the file read-only. Each part is read into a small tree, the children of every element with
//! a known sequence are put in schema order (a stable sort: repeated elements keep their order),
//! and the few constructs docx-rs places where the schema has no room for them are moved or
//! dropped. tests/integration/docx.rs checks the result with an OOXML validator.

/// Child sequences of the elements docx-rs writes, from the WordprocessingML schema.
const SEQUENCES: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    ("w:tblBorders", BORDERS),
    ("w:tcBorders", BORDERS),
    ("w:tblCellMar", BORDERS),
    ("w:tcMar", BORDERS),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:lvl",
        &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
    ),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:proofState",
            "w:defaultTabStop",
            "w:evenAndOddHeaders",
            "w:characterSpacingControl",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "w:themeFontLang",
        ],
    ),
];

const BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:start",
    "w:bottom",
    "w:right",
    "w:end",
    "w:insideH",
    "w:insideV",
    "w:tl2br",
    "w:tr2bl",
];

/// A node of a part: an element or the text between elements (kept as written).
#[derive(Debug)]
enum Node {
    Element {
        name: String,
        /// The start tag's attributes as written.
        attrs: String,
        children: Vec<Node>,
    },
    Text(String),
}

/// Reads the children of the current element up to its end tag (or the end of the input).
fn parse(xml: &str, pos: &mut usize) -> Vec<Node> {
    let mut out = Vec::new();
    while *pos < xml.len() {
        let rest = &xml[*pos..];
        if rest.starts_with("</") {
            *pos += rest.find('>').map_or(rest.len(), |i| i + 1);
            return out;
        }
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push(Node::Text(rest[..end].to_string()));
            *pos += end;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            out.push(Node::Text(rest[..end].to_string()));
            *pos += end;
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[1..end];
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attrs) = match tag.find(char::is_whitespace) {
            Some(i) => (&tag[..i], tag[i..].trim_end()),
            None => (tag, ""),
        };
        *pos += end + 1;
        let children = if self_closing {
            Vec::new()
        } else {
            parse(xml, pos)
        };
        out.push(Node::Element {
            name: name.to_string(),
            attrs: attrs.to_string(),
            children,
        });
    }
    out
}

/// The index of the `>` that closes the tag at the start of `s` (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

fn write(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element {
                name,
                attrs,
                children,
            } => {
                out.push('<');
                out.push_str(name);
                out.push_str(attrs);
                if children.is_empty() {
                    out.push_str(" />");
                } else {
                    out.push('>');
                    write(children, out);
                    out.push_str("</");
                    out.push_str(name);
                    out.push('>');
                }
            }
        }
    }
}

fn name_of(n: &Node) -> Option<&str> {
    match n {
        Node::Element { name, .. } => Some(name),
        Node::Text(_) => None,
    }
}

/// Puts the children of every element in schema order, and mends what has no place in it.
fn canonicalise(nodes: &mut Vec<Node>, parent: &str) {
    for n in nodes.iter_mut() {
        if let Node::Element { name, children, .. } = n {
            let name = name.clone();
            canonicalise(children, &name);
        }
    }
    match parent {
        // The paragraph properties of a numbering level, a style and the document defaults
        // (CT_PPrGeneral) hold no run properties: non-empty ones move beside them, empty ones go.
        "w:lvl" | "w:style" | "w:pPrDefault" => {
            let mut moved = Vec::new();
            for n in nodes.iter_mut() {
                if let Node::Element { name, children, .. } = n {
                    if name == "w:pPr" {
                        let (r, keep): (Vec<Node>, Vec<Node>) = std::mem::take(children)
                            .into_iter()
                            .partition(|c| name_of(c) == Some("w:rPr"));
                        *children = keep;
                        moved.extend(r.into_iter().filter(
                            |r| matches!(r, Node::Element { children, .. } if !children.is_empty()),
                        ));
                    }
                }
            }
            if !nodes.iter().any(|n| name_of(n) == Some("w:rPr")) {
                nodes.extend(moved);
            }
        }
        // The grid's columns carry only their width.
        "w:tblGrid" => {
            for n in nodes.iter_mut() {
                if let Node::Element { attrs, .. } = n {
                    *attrs = attrs.replace(" w:type=\"dxa\"", "");
                }
            }
        }
        _ => {}
    }
    if let Some((_, order)) = SEQUENCES.iter().find(|(p, _)| *p == parent) {
        // Text between elements (whitespace) is dropped here: these elements hold none.
        nodes.retain(|n| !matches!(n, Node::Text(t) if t.trim().is_empty()));
        let rank = |n: &Node| {
            name_of(n)
                .and_then(|name| order.iter().position(|o| *o == name))
                .unwrap_or(order.len())
        };
        nodes.sort_by_key(rank);
    }
}

/// One package part (XML) in schema order; anything that is not UTF-8 is returned as it was.
pub(super) fn in_schema_order(part: &[u8]) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(part) else {
        return part.to_vec();
    };
    let mut pos = 0;
    let mut nodes = parse(xml, &mut pos);
    canonicalise(&mut nodes, "");
    let mut out = String::with_capacity(xml.len());
    write(&nodes, &mut out);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(xml: &str) -> String {
        String::from_utf8(in_schema_order(xml.as_bytes())).unwrap()
    }

    #[test]
    fn children_are_put_in_schema_order_and_text_is_kept() {
        assert_eq!(
            order(
                r#"<w:p><w:pPr><w:rPr><w:sz w:val="24" /><w:rFonts w:eastAsia="宋体" /></w:rPr><w:jc w:val="center" /><w:spacing w:after="0" /></w:pPr><w:r><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#
            ),
            r#"<w:p><w:pPr><w:spacing w:after="0" /><w:jc w:val="center" /><w:rPr><w:rFonts w:eastAsia="宋体" /><w:sz w:val="24" /></w:rPr></w:pPr><w:r><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn a_levels_run_properties_leave_its_paragraph_properties() {
        assert_eq!(
            order(r#"<w:lvl><w:pPr><w:ind /><w:rPr><w:b /></w:rPr></w:pPr><w:start /></w:lvl>"#),
            r#"<w:lvl><w:start /><w:pPr><w:ind /></w:pPr><w:rPr><w:b /></w:rPr></w:lvl>"#
        );
    }
}
