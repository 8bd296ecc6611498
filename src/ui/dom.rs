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
