//! Small helpers over web-sys: elements and text nodes only (corpus and
//! user text never pass through HTML parsing).

use crate::span::Span;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

pub type Res<T = ()> = Result<T, JsValue>;

/// `<tag class="class">`.
pub fn el(doc: &Document, tag: &str, class: &str) -> Res<Element> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// `<tag class="class">text</tag>`.
pub fn el_text(doc: &Document, tag: &str, class: &str, text: &str) -> Res<Element> {
    let e = el(doc, tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

/// A `<button type="button">` whose clicks send `data-action` `action`.
pub fn button(doc: &Document, class: &str, text: &str, action: &str) -> Res<Element> {
    let b = el_text(doc, "button", class, text)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-action", action)?;
    Ok(b)
}

pub fn append<C: AsRef<Node>>(parent: &Node, child: &C) -> Res {
    parent.append_child(child.as_ref()).map(|_| ())
}

pub fn clear(node: &Node) {
    node.set_text_content(None);
}

/// Append `text` to `parent`, wrapping each span in `<mark class=class>`.
/// Spans must be sorted; overlapping or off-boundary spans are skipped
/// rather than trusted.
pub fn append_marked(
    doc: &Document,
    parent: &Node,
    text: &str,
    spans: &[Span],
    class: &str,
) -> Res {
    let mut at = 0;
    for s in spans {
        if s.start < at || s.is_empty() {
            continue;
        }
        let (Some(before), Some(hit)) = (text.get(at..s.start), text.get(s.start..s.end)) else {
            continue;
        };
        if !before.is_empty() {
            append(parent, &doc.create_text_node(before))?;
        }
        append(parent, &el_text(doc, "mark", class, hit)?)?;
        at = s.end;
    }
    if let Some(rest) = text.get(at..) {
        if !rest.is_empty() {
            append(parent, &doc.create_text_node(rest))?;
        }
    }
    Ok(())
}

/// An entity mention to draw as a link to its entity page.
pub struct EntityMark<'a> {
    pub span: Span,
    pub kind: &'a str,
    pub name: &'a str,
    pub href: String,
}

/// Append `text` with entity mentions as links (`a.dz-ent.dz-ent-KIND`)
/// and search hits as `<mark class="dz-hit" data-hit=N>` on top of them.
/// `hits` are `(number, span)` pairs; a hit that crosses a mention's edge
/// is drawn as two marks with the same number. Overlapping mentions are
/// skipped after the first; spans off character boundaries are skipped.
pub fn append_layered(
    doc: &Document,
    parent: &Node,
    text: &str,
    ents: &[EntityMark],
    hits: &[(usize, Span)],
) -> Res {
    append_layered_in(doc, parent, text, Span::new(0, text.len()), ents, hits)
}

/// The same for `text[range]` only (a table cell): marks keep their
/// offsets in the whole text; those outside the range are left out.
pub fn append_layered_in(
    doc: &Document,
    parent: &Node,
    text: &str,
    range: Span,
    ents: &[EntityMark],
    hits: &[(usize, Span)],
) -> Res {
    let mut at = range.start;
    for e in ents {
        if e.span.start < at
            || e.span.end > range.end
            || e.span.is_empty()
            || text.get(e.span.start..e.span.end).is_none()
        {
            continue;
        }
        append_hits(doc, parent, text, Span::new(at, e.span.start), hits)?;
        let a = el(doc, "a", &format!("dz-ent dz-ent-{}", e.kind))?;
        a.set_attribute("href", &e.href)?;
        a.set_attribute("data-entity-name", e.name)?;
        a.set_attribute("data-start", &e.span.start.to_string())?;
        a.set_attribute("title", &format!("{} ({})", e.name, e.kind))?;
        append_hits(doc, &a, text, e.span, hits)?;
        append(parent, &a)?;
        at = e.span.end;
    }
    append_hits(doc, parent, text, Span::new(at, range.end), hits)
}

/// `text[range]` with the hits inside it marked.
fn append_hits(
    doc: &Document,
    parent: &Node,
    text: &str,
    range: Span,
    hits: &[(usize, Span)],
) -> Res {
    let mut at = range.start;
    for &(n, h) in hits {
        // Only the part of the hit inside the range (never a reversed span).
        if h.end <= range.start || h.start >= range.end {
            continue;
        }
        let s = Span::new(h.start.max(range.start), h.end.min(range.end));
        if s.start < at {
            continue;
        }
        let (Some(before), Some(hit)) = (text.get(at..s.start), text.get(s.start..s.end)) else {
            continue;
        };
        if !before.is_empty() {
            append(parent, &doc.create_text_node(before))?;
        }
        let m = el_text(doc, "mark", "dz-hit", hit)?;
        m.set_attribute("data-hit", &n.to_string())?;
        append(parent, &m)?;
        at = s.end;
    }
    if let Some(rest) = text.get(at..range.end) {
        if !rest.is_empty() {
            append(parent, &doc.create_text_node(rest))?;
        }
    }
    Ok(())
}
