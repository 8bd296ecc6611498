//! Saved HTML pages to units, with a small hand-written tokenizer.
//!
//! Text inside `<article>` (or `<main>`, or else `<body>`) is kept; nav,
//! header (outside an article), footer, aside, forms, scripts, styles and
//! elements whose class names say share/related/comments/ads are skipped.
//! Block tags cut units and give hints: h1 title, h2-h6 heading, li list
//! item, blockquote quote, figcaption caption, p paragraph; a class naming
//! the byline gives a byline. Entities are decoded as replacements, so the
//! map points at "&amp;" for "&".

use super::run::{Edit, Run};
use super::unit::{Hint, Unit};
use crate::span::Span;
use crate::text::MapBuilder;

/// One token of the tag soup.
enum Tok<'a> {
    Text(std::ops::Range<usize>),
    Open {
        name: String,
        attrs: &'a str,
        self_closing: bool,
    },
    Close(String),
}

/// Tokenize; comments, doctypes and processing instructions vanish, raw
/// text elements (script, style) are swallowed whole.
fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b.get(i) != Some(&b'<') {
            i += 1;
            continue;
        }
        let rest = s.get(i..).unwrap_or("");
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        let is_tag = next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?';
        if !is_tag {
            i += 1;
            continue;
        }
        if text_start < i {
            out.push(Tok::Text(text_start..i));
        }
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| i + e + 3);
            text_start = i;
            continue;
        }
        // Find the closing '>' outside quotes.
        let mut j = i + 1;
        let mut quote: Option<u8> = None;
        while let Some(&c) = b.get(j) {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' => break,
                None => {}
            }
            j += 1;
        }
        let inner = s.get(i + 1..j.min(b.len())).unwrap_or("");
        i = (j + 1).min(b.len());
        text_start = i;
        if next == b'!' || next == b'?' {
            continue;
        }
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/');
        let name_len = body
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(body.len());
        let name = body.get(..name_len).unwrap_or("").to_ascii_lowercase();
        let attrs = body.get(name_len..).unwrap_or("");
        if closing {
            out.push(Tok::Close(name));
            continue;
        }
        let self_closing = attrs.trim_end().ends_with('/');
        let raw = matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "noscript" | "template"
        );
        out.push(Tok::Open {
            name: name.clone(),
            attrs,
            self_closing,
        });
        if raw && !self_closing {
            // Skip to the matching close tag, whatever is inside.
            let mut end = b.len();
            let mut k = i;
            while let Some(p) = s.get(k..).and_then(|r| r.find("</")) {
                let at = k + p;
                let tag = b.get(at + 2..at + 2 + name.len());
                if tag.is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes())) {
                    end = at;
                    break;
                }
                k = at + 2;
            }
            i = end;
            text_start = i;
        }
    }
    if text_start < b.len() {
        out.push(Tok::Text(text_start..b.len()));
    }
    out
}

/// The value of attribute `key` in a raw attribute string.
fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower.get(from..).and_then(|l| l.find(key)) {
        let at = from + p;
        from = at + key.len();
        let before_ok = at == 0
            || lower
                .as_bytes()
                .get(at - 1)
                .is_some_and(|c| c.is_ascii_whitespace());
        let rest = attrs.get(at + key.len()..)?.trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let v = rest.get(1..)?.trim_start();
        let q = v.chars().next()?;
        if q == '"' || q == '\'' {
            let inner = v.get(1..)?;
            return inner.find(q).and_then(|e| inner.get(..e));
        }
        return v.split_whitespace().next();
    }
    None
}

const SKIP: &[&str] = &[
    "nav", "footer", "aside", "form", "script", "style", "noscript", "svg", "iframe", "template",
    "select", "button", "textarea", "head", "menu", "dialog", "canvas", "video", "audio", "object",
];
const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed",
    "track", "param",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figcaption",
    "figure",
    "section",
    "article",
    "main",
    "header",
    "table",
    "tr",
    "td",
    "th",
    "dt",
    "dd",
    "dl",
    "pre",
    "address",
    "body",
    "html",
    "br",
    "hr",
    "time",
    "center",
];

/// Class or id words that mark site furniture.
fn furniture(attrs: &str) -> bool {
    let words = [attr(attrs, "class"), attr(attrs, "id"), attr(attrs, "role")];
    words
        .iter()
        .flatten()
        .flat_map(|v| v.split_whitespace())
        .any(|w| {
            let w = w.to_ascii_lowercase();
            [
                "share",
                "sharing",
                "social",
                "related",
                "comment",
                "advert",
                "sidebar",
                "widget",
                "newsletter",
                "breadcrumb",
                "cookie",
                "subscribe",
                "navigation",
                "navbar",
                "menu",
                "promo",
                "paywall",
                "popup",
                "modal",
            ]
            .iter()
            .any(|k| w.starts_with(k) || w.ends_with(k) || w.contains(&format!("-{k}")))
                || matches!(
                    w.as_str(),
                    "ad" | "ads"
                        | "tags"
                        | "post-tags"
                        | "nav"
                        | "footer"
                        | "site-footer"
                        | "header"
                        | "site-header"
                        | "masthead"
                        | "topbar"
                        | "hidden"
                        | "banner"
                        | "contentinfo"
                        | "complementary"
                )
        })
}

fn class_hint(attrs: &str) -> Option<Hint> {
    let class = attr(attrs, "class").unwrap_or("").to_ascii_lowercase();
    let rel = attr(attrs, "rel").unwrap_or("").to_ascii_lowercase();
    let prop = attr(attrs, "itemprop").unwrap_or("").to_ascii_lowercase();
    if class.contains("byline") || class.contains("author") || rel == "author" || prop == "author" {
        Some(Hint::Byline)
    } else if class.contains("caption") {
        Some(Hint::Caption)
    } else if class.contains("kicker")
        || class.contains("category")
        || class.contains("section-label")
    {
        Some(Hint::Section)
    } else {
        None
    }
}

/// Decode an entity at the start of `s` ("&amp;..."): its text and length.
fn entity(s: &str) -> Option<(String, usize)> {
    // The name runs to the first other character, or to the end of the text.
    let end = s
        .get(1..)?
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .map_or(s.len(), |e| e + 1);
    if end > 12 {
        return None;
    }
    let name = s.get(1..end)?;
    let len = if s.get(end..end + 1) == Some(";") {
        end + 1
    } else {
        end
    };
    let c = if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}')
            .to_string()
    } else {
        let v = match name {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "nbsp" => "\u{a0}",
            "mdash" => "—",
            "ndash" => "–",
            "hellip" => "…",
            "rsquo" => "’",
            "lsquo" => "‘",
            "rdquo" => "”",
            "ldquo" => "“",
            "laquo" => "«",
            "raquo" => "»",
            "copy" => "©",
            "reg" => "®",
            "trade" => "™",
            "shy" => "\u{ad}",
            "eacute" => "é",
            "egrave" => "è",
            "aacute" => "á",
            "agrave" => "à",
            "oacute" => "ó",
            "uuml" => "ü",
            "ouml" => "ö",
            "auml" => "ä",
            "ccedil" => "ç",
            "ntilde" => "ñ",
            "iacute" => "í",
            "uacute" => "ú",
            "szlig" => "ß",
            "bull" => "•",
            "middot" => "·",
            "deg" => "°",
            "euro" => "€",
            "pound" => "£",
            "thinsp" => "\u{2009}",
            "ensp" => "\u{2002}",
            "emsp" => "\u{2003}",
            "zwj" => "\u{200d}",
            "zwnj" => "\u{200c}",
            "times" => "×",
            _ => return None,
        };
        // Legacy entities work without ";" only in their short forms.
        if len == end && !matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp") {
            return None;
        }
        v.to_string()
    };
    Some((c, len))
}

/// Copy text, decoding entities as mapped replacements.
fn push_text(b: &mut MapBuilder, page: &Run, range: std::ops::Range<usize>) {
    let s = page.text.get(range.clone()).unwrap_or("");
    let mut at = 0;
    let mut copied = 0;
    while let Some(p) = s.get(at..).and_then(|r| r.find('&')) {
        let i = at + p;
        match s.get(i..).and_then(entity) {
            Some((rep, len)) => {
                b.append_from(&page.text, &page.map, range.start + copied..range.start + i);
                let orig = page
                    .map
                    .to_original(Span::new(range.start + i, range.start + i + len));
                // Owned decoded text through a mapped replacement.
                b.replace(&rep, orig);
                at = i + len;
                copied = at;
            }
            None => at = i + 1,
        }
    }
    b.append_from(&page.text, &page.map, range.start + copied..range.end);
}

struct Walker {
    out: Vec<Unit>,
    cur: MapBuilder,
    hint_stack: Vec<(String, Hint)>,
    pending_doc: bool,
}

impl Walker {
    fn hint(&self) -> Hint {
        // The innermost typed block wins, except a list item or quote holds
        // its paragraphs.
        let mut h = Hint::None;
        for (_, x) in &self.hint_stack {
            if !(matches!(h, Hint::ListItem | Hint::Quote | Hint::Caption) && *x == Hint::Paragraph)
            {
                h = *x;
            }
        }
        h
    }

    fn flush(&mut self) {
        if self.cur.text().trim().is_empty() {
            self.cur = MapBuilder::new();
            return;
        }
        let run = Run::from_builder(std::mem::take(&mut self.cur));
        // HTML whitespace is insignificant: newlines and tabs are spaces.
        let edits: Vec<Edit> = run
            .text
            .char_indices()
            .filter(|(_, c)| matches!(c, '\n' | '\r' | '\t'))
            .map(|(i, _)| Edit::replace(i..i + 1, " "))
            .collect();
        let mut unit = Unit::new(run.edit(edits), self.hint());
        unit.starts_doc = std::mem::take(&mut self.pending_doc);
        self.out.push(unit);
    }
}

pub(crate) fn units(page: &Run) -> (Vec<Unit>, Option<Unit>) {
    let toks = tokenize(&page.text);
    let has = |tag: &str| {
        toks.iter()
            .any(|t| matches!(t, Tok::Open { name, .. } if name == tag))
    };
    let size = |us: &[Unit]| us.iter().map(|u| u.run.text.len()).sum::<usize>();
    // Which container holds the content: <article>s, else <main>, else the
    // body. When the chosen one holds little of the page's text (articles
    // used for sidebar cards only), the wider one wins.
    let (body, title) = walk(page, &toks, "");
    for scope in ["article", "main"] {
        if has(scope) {
            let (inner, _) = walk(page, &toks, scope);
            if size(&inner) * 3 >= size(&body) {
                return (inner, title);
            }
        }
    }
    (body, title)
}

fn walk(page: &Run, toks: &[Tok<'_>], scope: &str) -> (Vec<Unit>, Option<Unit>) {
    let s = page.text.as_str();
    let mut w = Walker {
        out: Vec::new(),
        cur: MapBuilder::new(),
        hint_stack: Vec::new(),
        pending_doc: false,
    };
    let mut scope_depth = 0usize;
    let mut skip: Option<(String, usize)> = None;
    let mut in_title = false;
    let mut title = MapBuilder::new();
    let mut sup_text = false;
    for t in toks {
        match t {
            Tok::Open {
                name,
                attrs,
                self_closing,
            } => {
                let name = name.as_str();
                if name == "title" {
                    in_title = true;
                }
                if let Some((n, d)) = &mut skip {
                    if n == name && !self_closing {
                        *d += 1;
                    }
                    continue;
                }
                if VOID.contains(&name) || *self_closing {
                    if name == "br" || name == "hr" {
                        w.flush();
                    }
                    continue;
                }
                let header_outside = name == "header" && scope_depth == 0;
                if SKIP.contains(&name)
                    || header_outside
                    || (!matches!(name, "body" | "html" | "article" | "main") && furniture(attrs))
                {
                    w.flush();
                    skip = Some((name.to_string(), 1));
                    continue;
                }
                if name == scope {
                    w.flush();
                    scope_depth += 1;
                    if name == "article" {
                        w.pending_doc = true;
                    }
                }
                if name == "sup" {
                    sup_text = true;
                }
                if BLOCK.contains(&name) {
                    w.flush();
                    let h = match name {
                        "h1" => Hint::Title,
                        "h2" | "h3" | "h4" | "h5" | "h6" => Hint::Heading,
                        "p" | "pre" => Hint::Paragraph,
                        "li" | "dd" => Hint::ListItem,
                        "blockquote" => Hint::Quote,
                        "figcaption" => Hint::Caption,
                        _ => Hint::None,
                    };
                    let h = class_hint(attrs).unwrap_or(h);
                    w.hint_stack.push((name.to_string(), h));
                } else if let Some(h) = class_hint(attrs) {
                    // An inline element can carry a byline or section label
                    // ("<span class=author>"), outside running text only.
                    let outer = w.hint();
                    if matches!(h, Hint::Byline | Hint::Section)
                        && h != outer
                        && matches!(outer, Hint::None | Hint::Byline | Hint::Section)
                    {
                        w.flush();
                        w.hint_stack.push((name.to_string(), h));
                    }
                }
            }
            Tok::Close(name) => {
                let name = name.as_str();
                if name == "title" {
                    in_title = false;
                }
                if let Some((n, d)) = &mut skip {
                    if n == name {
                        *d -= 1;
                        if *d == 0 {
                            skip = None;
                        }
                    }
                    continue;
                }
                if name == "sup" {
                    sup_text = false;
                }
                if let Some(pos) = w.hint_stack.iter().rposition(|(n, _)| n == name) {
                    w.flush();
                    w.hint_stack.truncate(pos);
                } else if BLOCK.contains(&name) {
                    w.flush();
                }
                if name == scope {
                    w.flush();
                    scope_depth = scope_depth.saturating_sub(1);
                }
            }
            Tok::Text(r) => {
                if in_title && skip.as_ref().is_some_and(|(n, _)| n == "head") {
                    push_text(&mut title, page, r.clone());
                    continue;
                }
                if skip.is_some() || (!scope.is_empty() && scope_depth == 0) {
                    continue;
                }
                let raw = s.get(r.clone()).unwrap_or("");
                // Footnote numbers in <sup> are markers, not words.
                if sup_text
                    && raw
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_digit() || "[]()*†".contains(c))
                {
                    continue;
                }
                push_text(&mut w.cur, page, r.clone());
            }
        }
    }
    w.flush();
    let title = Run::from_builder(title);
    let title = (!title.text.trim().is_empty()).then(|| {
        let t = title.trim();
        // "Headline | Site" -> "Headline".
        let cut = [" | ", " – ", " — ", " - "]
            .iter()
            .filter_map(|sep| t.text.rfind(sep))
            .max()
            .unwrap_or(t.text.len());
        // The part after the separator names the site: a line saying only
        // that (a logo <h1>) is chrome, not a headline or section.
        let site = t.text.get(cut..).unwrap_or("");
        let site = site
            .trim_start_matches([' ', '|', '–', '—', '-'])
            .to_lowercase();
        if !site.is_empty() {
            w.out.retain(|u| u.run.text.trim().to_lowercase() != site);
        }
        Unit::new(t.slice(0..cut), Hint::Title)
    });
    (w.out, title)
}
