//! Tag soup to a tree, in one pass and bounded: a lenient tokenizer (raw
//! text elements swallowed whole, comments dropped) and a tree builder
//! that closes what HTML closes implicitly (a block closes an open `<p>`,
//! an `<li>` the previous one, a cell the previous cell). Nodes keep byte
//! ranges into the page, never copies.
//!
//! Bounds: elements nest at most [`MAX_DEPTH`] deep (deeper ones are read
//! as if flat, so their text is kept); the page is read once, and a close
//! tag looks back at most `MAX_DEPTH` open elements.

use std::ops::Range;

pub(super) const MAX_DEPTH: usize = 256;

#[derive(Debug)]
pub(super) enum Kind {
    Document,
    /// Name (lower case) and the raw attribute text's range.
    Element {
        name: String,
        attrs: Range<usize>,
    },
    Text(Range<usize>),
    /// A raw text element (script, style, ...): name, attributes, content.
    Raw {
        name: String,
        attrs: Range<usize>,
        content: Range<usize>,
    },
}

#[derive(Debug)]
pub(super) struct Node {
    pub kind: Kind,
    pub parent: usize,
    pub children: Vec<usize>,
}

pub(super) struct Dom<'a> {
    pub src: &'a str,
    pub nodes: Vec<Node>,
    /// Whether the builder had to flatten nesting past the bound.
    pub flattened: bool,
}

const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed",
    "track", "param", "keygen",
];
const RAW: &[&str] = &[
    "script", "style", "textarea", "noscript", "template", "title", "xmp", "iframe", "noembed",
    "noframes",
];
/// Elements whose start closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];
/// Phrasing elements a `<p>` can be open beneath.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "big",
    "strike", "tt", "label", "nobr",
];

pub(super) fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

impl<'a> Dom<'a> {
    pub fn parse(src: &'a str) -> Dom<'a> {
        let mut dom = Dom {
            src,
            nodes: vec![Node {
                kind: Kind::Document,
                parent: 0,
                children: Vec::new(),
            }],
            flattened: false,
        };
        let mut stack: Vec<usize> = vec![0];
        let b = src.as_bytes();
        let mut i = 0;
        let mut text_start = 0;
        let mut none_after = [usize::MAX; 2];
        while i < b.len() {
            // Jump to the next '<' (memchr-fast through `find`).
            match src.get(i..).and_then(|r| r.find('<')) {
                Some(p) => i += p,
                None => break,
            }
            let next = b.get(i + 1).copied().unwrap_or(b' ');
            if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
                i += 1;
                continue;
            }
            if text_start < i {
                dom.push_text(&stack, text_start..i);
            }
            let rest = src.get(i..).unwrap_or("");
            if rest.starts_with("<!--") {
                i = rest
                    .get(4..)
                    .and_then(|r| r.find("-->"))
                    .map_or(b.len(), |e| i + 4 + e + 3);
                text_start = i;
                continue;
            }
            // The closing '>' outside quotes; an unclosed quote ends at the
            // next '>' so one stray quote cannot swallow the page.
            let j = tag_end(b, i + 1, &mut none_after);
            let inner = src.get(i + 1..j.min(b.len())).unwrap_or("");
            let inner_start = i + 1;
            i = (j + 1).min(b.len());
            text_start = i;
            if next == b'!' || next == b'?' {
                continue;
            }
            let closing = inner.starts_with('/');
            let body_off = usize::from(closing);
            let body = inner.get(body_off..).unwrap_or("");
            let name_len = body
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .unwrap_or(body.len());
            let name = body.get(..name_len).unwrap_or("").to_ascii_lowercase();
            let attrs = inner_start + body_off + name_len..inner_start + inner.len();
            if name.is_empty() {
                continue;
            }
            if closing {
                dom.close(&mut stack, &name);
                continue;
            }
            let self_closing = inner.trim_end().ends_with('/');
            if RAW.contains(&name.as_str()) && !self_closing {
                let end = raw_end(src, i, &name);
                dom.add(
                    &stack,
                    Kind::Raw {
                        name: name.clone(),
                        attrs,
                        content: i..end,
                    },
                );
                // Past the close tag.
                i = src
                    .get(end..)
                    .and_then(|r| r.find('>'))
                    .map_or(b.len(), |e| end + e + 1);
                text_start = i;
                continue;
            }
            dom.open(&mut stack, name, attrs, self_closing);
        }
        if text_start < b.len() {
            dom.push_text(&stack, text_start..b.len());
        }
        dom
    }

    fn top(stack: &[usize]) -> usize {
        stack.last().copied().unwrap_or(0)
    }

    fn add(&mut self, stack: &[usize], kind: Kind) -> usize {
        let parent = Self::top(stack);
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent,
            children: Vec::new(),
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(id);
        }
        id
    }

    fn push_text(&mut self, stack: &[usize], range: Range<usize>) {
        self.add(stack, Kind::Text(range));
    }

    pub fn name(&self, id: usize) -> &str {
        match self.nodes.get(id).map(|n| &n.kind) {
            Some(Kind::Element { name, .. }) | Some(Kind::Raw { name, .. }) => name,
            _ => "",
        }
    }

    pub fn attrs(&self, id: usize) -> &'a str {
        match self.nodes.get(id).map(|n| &n.kind) {
            Some(Kind::Element { attrs, .. }) | Some(Kind::Raw { attrs, .. }) => {
                self.src.get(attrs.clone()).unwrap_or("")
            }
            _ => "",
        }
    }

    /// Pop open elements down to (and including) the nearest `name`, looking
    /// through elements of `through` only; `false` when none is open there.
    fn close_implied(&self, stack: &mut Vec<usize>, names: &[&str], through: &[&str]) {
        for k in (1..stack.len()).rev() {
            let n = self.name(stack[k]);
            if names.contains(&n) {
                stack.truncate(k);
                return;
            }
            if !through.contains(&n) {
                return;
            }
        }
    }

    fn open(
        &mut self,
        stack: &mut Vec<usize>,
        name: String,
        attrs: Range<usize>,
        self_closing: bool,
    ) {
        let n = name.as_str();
        if CLOSES_P.contains(&n) {
            self.close_implied(stack, &["p"], INLINE);
        }
        match n {
            "li" => self.close_implied(
                stack,
                &["li"],
                &["p", "div", "span", "a", "b", "i", "em", "strong"],
            ),
            "dt" | "dd" => self.close_implied(stack, &["dt", "dd"], &["p", "span"]),
            "td" | "th" => self.close_implied(stack, &["td", "th"], INLINE),
            "tr" => {
                self.close_implied(stack, &["td", "th"], INLINE);
                self.close_implied(stack, &["tr"], &[]);
            }
            "option" => self.close_implied(stack, &["option"], &[]),
            _ => {}
        }
        let void = is_void(n) || self_closing;
        let id = self.add(stack, Kind::Element { name, attrs });
        if void {
            return;
        }
        if stack.len() > MAX_DEPTH {
            // Deeper nesting is read flat: the text stays, the depth does not.
            self.flattened = true;
            return;
        }
        stack.push(id);
    }

    fn close(&mut self, stack: &mut Vec<usize>, name: &str) {
        // `</br>` is a line break in browsers; `</p>` with no open p an empty one.
        if name == "br" {
            self.open(stack, "br".to_string(), 0..0, true);
            return;
        }
        let from = stack.len().saturating_sub(MAX_DEPTH + 1).max(1);
        if let Some(k) = (from..stack.len())
            .rev()
            .find(|&k| self.name(stack[k]) == name)
        {
            stack.truncate(k);
        }
    }

    /// The text content of a raw element or text node.
    pub fn range(&self, id: usize) -> Option<Range<usize>> {
        match self.nodes.get(id).map(|n| &n.kind) {
            Some(Kind::Text(r)) => Some(r.clone()),
            Some(Kind::Raw { content, .. }) => Some(content.clone()),
            _ => None,
        }
    }
}

/// Index of the '>' ending the tag whose name starts at `from`: the first
/// outside quoted values, as browsers read it (a value may be megabytes of
/// JSON). A quote that never closes ends the tag at its first '>' instead,
/// so one stray quote cannot swallow the page. `none_after` remembers, per
/// quote character, a position past which it does not occur: the search
/// for a closing quote is not repeated, so the page is read in linear time.
fn tag_end(b: &[u8], from: usize, none_after: &mut [usize; 2]) -> usize {
    let first_gt = |b: &[u8]| {
        b.get(from..)
            .and_then(|r| r.iter().position(|&c| c == b'>'))
            .map_or(b.len(), |p| from + p)
    };
    let mut j = from;
    let mut last = 0u8;
    while let Some(&c) = b.get(j) {
        if c == b'>' {
            return j;
        }
        if (c == b'"' || c == b'\'') && last == b'=' {
            let k = usize::from(c == b'\'');
            let close = if j >= none_after[k] {
                None
            } else {
                b.get(j + 1..)
                    .and_then(|r| r.iter().position(|&x| x == c))
                    .map(|p| j + 1 + p)
            };
            match close {
                Some(e) => {
                    j = e + 1;
                    last = c;
                    continue;
                }
                None => {
                    none_after[k] = none_after[k].min(j);
                    return first_gt(b);
                }
            }
        }
        if !c.is_ascii_whitespace() {
            last = c;
        }
        j += 1;
    }
    b.len()
}

/// Where the raw text of `name` opened at `from` ends (its close tag).
fn raw_end(src: &str, from: usize, name: &str) -> usize {
    let b = src.as_bytes();
    let mut k = from;
    while let Some(p) = src.get(k..).and_then(|r| r.find("</")) {
        let at = k + p;
        let tag = b.get(at + 2..at + 2 + name.len());
        let after = b.get(at + 2 + name.len()).copied().unwrap_or(b'>');
        if tag.is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()))
            && (after == b'>' || after.is_ascii_whitespace() || after == b'/')
        {
            return at;
        }
        k = at + 2;
    }
    b.len()
}

/// The value of attribute `key` in a raw attribute string, as a slice of it.
pub(super) fn attr<'s>(attrs: &'s str, key: &str) -> Option<&'s str> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
        {
            i += 1;
        }
        let start = i;
        while b
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'=' && *c != b'/' && *c != b'>')
        {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let name = attrs.get(start..i)?;
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = attrs
                        .get(i + 1..)?
                        .find(q as char)
                        .map_or(b.len(), |e| i + 1 + e);
                    value = attrs.get(i + 1..end).unwrap_or("");
                    i = end + 1;
                }
                _ => {
                    let s = i;
                    while b
                        .get(i)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        i += 1;
                    }
                    value = attrs.get(s..i).unwrap_or("");
                }
            }
        }
        if name.eq_ignore_ascii_case(key) {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(src: &str) -> String {
        let dom = Dom::parse(src);
        fn walk(dom: &Dom, id: usize, out: &mut String) {
            match &dom.nodes[id].kind {
                Kind::Text(r) => out.push_str(&dom.src[r.clone()]),
                Kind::Raw { name, .. } => out.push_str(&format!("[{name}]")),
                Kind::Element { name, .. } => {
                    out.push_str(&format!("({name}"));
                    for &c in &dom.nodes[id].children {
                        walk(dom, c, out);
                    }
                    out.push(')');
                }
                Kind::Document => {
                    for &c in &dom.nodes[id].children {
                        walk(dom, c, out);
                    }
                }
            }
        }
        let mut out = String::new();
        walk(&dom, 0, &mut out);
        out
    }

    #[test]
    fn implied_closes_and_embeds_inside_paragraphs() {
        assert_eq!(shape("<p>a<p>b"), "(pa)(pb)");
        assert_eq!(shape("<ul><li>a<li>b</ul>"), "(ul(lia)(lib))");
        assert_eq!(shape("<p>a <b>x<div>y</div>"), "(pa (bx))(divy)");
        assert_eq!(
            shape("<p>one <script>x()</script>two <iframe src=a></iframe>three</p>"),
            "(pone [script]two [iframe]three)"
        );
        assert_eq!(shape("<p>a</div>b</p>"), "(pab)");
        assert_eq!(
            shape("<table><tr><td>a<td>b<tr><td>c</table>"),
            "(table(tr(tda)(tdb))(tr(tdc)))"
        );
        assert_eq!(shape("a <!-- <p>x</p> --> b"), "a  b");
        assert_eq!(shape("x < y and <b>z</b>"), "x < y and (bz)");
        // A value of megabytes with '>' inside is one attribute; a quote
        // that never closes ends its tag at the first '>'.
        let big = format!("<div data-x=\"{}\">a</div>", "<p>x</p>".repeat(5000));
        assert_eq!(shape(&big), "(diva)");
        assert_eq!(shape("<a href=\"x>b</a><p>c"), "(ab)(pc)");
    }

    #[test]
    fn attributes_quoted_bare_and_missing() {
        let a = " class=\"story body\" hidden data-x='1>2' id=main";
        assert_eq!(attr(a, "class"), Some("story body"));
        assert_eq!(attr(a, "hidden"), Some(""));
        assert_eq!(attr(a, "data-x"), Some("1>2"));
        assert_eq!(attr(a, "id"), Some("main"));
        assert_eq!(attr(a, "style"), None);
    }
}
