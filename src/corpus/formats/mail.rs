//! Mail through `mail-parser`: an `.eml` message or an mbox of many, one
//! document per message. Subject as title, From as byline, the Date header
//! as date; the body is the text/plain part when there is one
//! (paragraphs at blank lines, `>` quoted lines as quotes), else the HTML
//! part read by the ordinary HTML reader. Attachments of a readable kind
//! (text, HTML, Markdown, PDF, Word, mail) become documents of their own,
//! right after their message; others are named in a note.
//!
//! Bounds: an mbox is split one message at a time (linear in its size);
//! messages nest at most [`super::MAX_DEPTH`] deep; past
//! [`MAX_MESSAGES`] messages the rest of a mailbox is noted, not read.

use super::{Doc, Extract, Kind, MAX_DEPTH};
use mail_parser::{MessageParser, MimeHeaders, PartType};

pub(super) const MAX_MESSAGES: usize = 200_000;

pub(super) fn read(label: &str, bytes: &[u8], depth: usize, ex: &mut Extract) {
    if bytes.starts_with(b"From ") {
        let mut n = 0;
        let messages = mail_parser::mailbox::mbox::MessageIterator::new(bytes);
        for m in messages {
            n += 1;
            if n > MAX_MESSAGES {
                ex.note(format!(
                    "{label}: more than {MAX_MESSAGES} messages; the rest are not read"
                ));
                break;
            }
            match m {
                Ok(m) => message(&format!("{label} message {n}"), m.contents(), depth, ex),
                Err(e) => {
                    ex.note(format!("{label}: message {n} cannot be read ({e})"));
                    break;
                }
            }
        }
        if n == 0 {
            ex.note(format!("{label}: an empty mailbox"));
        }
    } else {
        message(label, bytes, depth, ex);
    }
}

fn message(label: &str, raw: &[u8], depth: usize, ex: &mut Extract) {
    let fixed = latin1_headers(raw);
    if fixed.is_some() {
        ex.note(format!(
            "{label}: headers in 8-bit without encoding; their odd bytes were read as Windows-1252 (Latin-1)"
        ));
    }
    let raw = fixed.as_deref().unwrap_or(raw);
    let Some(m) = MessageParser::default().parse(raw) else {
        ex.note(format!("{label}: not a readable message; skipped"));
        return;
    };
    let mut d = Doc::new(label);
    if let Some(s) = m.subject() {
        d.push("title", s);
    }
    if let Some(from) = m.from().and_then(|a| a.first()) {
        let who = match (from.name(), from.address()) {
            (Some(n), Some(a)) => format!("{n} <{a}>"),
            (Some(n), None) => n.to_string(),
            (None, Some(a)) => a.to_string(),
            (None, None) => String::new(),
        };
        d.push("byline", &who);
    }
    // The header as written reads best ("Tue, 5 Mar 2024 14:03 +0100");
    // one that does not parse is still what the sender's client wrote.
    if let Some(date) = m.header_raw("Date") {
        d.push("date", date);
    }
    // Every text body in order: the text/plain one of an alternative, and
    // the HTML one where a message has no plain alternative for it.
    for p in m.text_bodies() {
        match &p.body {
            PartType::Text(t) => plain(&mut d, t),
            PartType::Html(h) => html_body(&mut d, label, h, m.subject(), ex),
            _ => {}
        }
    }
    let mut attached = Vec::new();
    let mut skipped = Vec::new();
    for (i, part) in m.attachments().enumerate() {
        let name = part
            .attachment_name()
            .map(str::to_string)
            .unwrap_or_else(|| format!("attachment {}", i + 1));
        let at = format!("{label}, attachment {name}");
        if let PartType::Message(inner) = &part.body {
            if depth + 1 >= MAX_DEPTH {
                skipped.push(format!("{name} (a message nested too deep)"));
                continue;
            }
            let mut sub = Extract::default();
            read(&at, inner.raw_message(), depth + 1, &mut sub);
            attached.push(sub);
            continue;
        }
        let bytes = part.contents();
        let ctype = part
            .content_type()
            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_ascii_lowercase())
            .unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        let mut sub = Extract::default();
        match Kind::of(&name, bytes) {
            Some(kind) if depth + 1 < MAX_DEPTH || kind != Kind::Mail => {
                super::read_into(kind, &at, bytes, depth + 1, &mut sub);
            }
            Some(_) => {
                skipped.push(format!("{name} (a message nested too deep)"));
                continue;
            }
            None if matches!(ext, "txt" | "text" | "html" | "htm" | "md" | "markdown")
                || matches!(ctype.as_str(), "text/plain" | "text/html" | "text/markdown") =>
            {
                // The ordinary readers pick the format by this name.
                let as_name = if ext.is_empty() && ctype == "text/html" {
                    format!("{name}.html")
                } else {
                    name.clone()
                };
                let docs = super::parse_text_into(&as_name, bytes, &mut sub);
                sub.docs = docs;
                for doc in &mut sub.docs {
                    doc.origin = at.clone();
                }
            }
            None => {
                let what = if ctype.is_empty() {
                    "unknown type".into()
                } else {
                    ctype
                };
                skipped.push(format!("{name} ({what})"));
                continue;
            }
        }
        attached.push(sub);
    }
    if !skipped.is_empty() {
        ex.note(format!(
            "{label}: attachment(s) not read (not a text, HTML, Markdown, PDF, Word or mail file): {}",
            skipped.join(", ")
        ));
    }
    if d.has_text() {
        ex.docs.push(d);
    } else {
        ex.note(format!("{label}: an empty message"));
    }
    for mut sub in attached {
        ex.notes.append(&mut sub.notes);
        for mut doc in sub.docs {
            if !doc.has("section") {
                doc.put_first("section", "attachment");
            }
            ex.docs.push(doc);
        }
    }
}

/// The message with its header block re-encoded as UTF-8 when that block
/// holds bytes that are not UTF-8 (old clients send Latin-1 headers raw,
/// with no RFC 2047 words): each such byte read as Windows-1252, valid
/// UTF-8 kept. `None` when the headers are UTF-8 already. Bodies carry
/// their own charset and are left to the parser.
fn latin1_headers(raw: &[u8]) -> Option<Vec<u8>> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .into_iter()
        .chain(raw.windows(2).position(|w| w == b"\n\n").map(|i| i + 2))
        .min()
        .unwrap_or(raw.len());
    let head = &raw[..end];
    if std::str::from_utf8(head).is_ok() {
        return None;
    }
    let mut out = String::with_capacity(raw.len() + 16);
    for chunk in head.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(
            chunk
                .invalid()
                .iter()
                .map(|&b| crate::corpus::decode::cp1252(b)),
        );
    }
    let mut out = out.into_bytes();
    out.extend_from_slice(&raw[end..]);
    Some(out)
}

/// An HTML body through the ordinary HTML reader, its blocks into `d`.
fn html_body(d: &mut Doc, label: &str, html: &str, subject: Option<&str>, ex: &mut Extract) {
    use super::super::parse::title_key;
    let subject = subject.map(title_key);
    for sub in super::parse_text_into(&format!("{label}.html"), html.as_bytes(), ex) {
        for (tag, text) in sub.blocks {
            // The page's own title repeats the subject or names a
            // newsletter: kept as a heading of the body unless the subject.
            let tag = match tag {
                "title" if subject.as_deref() == Some(title_key(&text).as_str()) => continue,
                "title" | "section" => "heading",
                "byline" | "dateline" | "date" | "lead-caption" => "paragraph",
                t => t,
            };
            d.push(tag, &text);
        }
    }
}

/// A text/plain body: paragraphs at blank lines; quoted lines (`>`) as
/// quotes; lines that start with an item mark as list items.
fn plain(d: &mut Doc, body: &str) {
    // Mail is wrapped near a width: a line well short of it that ends a
    // sentence ends its paragraph too (a schedule, an address).
    let wrap = body
        .lines()
        .map(|l| l.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut para = String::new();
    let mut quote = String::new();
    let flush = |d: &mut Doc, para: &mut String, quote: &mut String| {
        d.push("paragraph", para);
        d.push("quote", quote);
        para.clear();
        quote.clear();
    };
    for line in body.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(d, &mut para, &mut quote);
        } else if let Some(q) = t.strip_prefix('>') {
            if !para.is_empty() {
                d.push("paragraph", &para);
                para.clear();
            }
            quote.push(' ');
            quote.push_str(q.trim_start_matches(['>', ' ']));
        } else if let Some(item) = ["- ", "* ", "• "].iter().find_map(|b| t.strip_prefix(b)) {
            flush(d, &mut para, &mut quote);
            d.push("list-item", item);
        } else {
            if !quote.is_empty() {
                d.push("quote", &quote);
                quote.clear();
            }
            para.push(' ');
            para.push_str(t);
            if t.chars().count() * 4 < wrap * 3 && t.ends_with(['.', '!', '?', ':']) {
                d.push("paragraph", &para);
                para.clear();
            }
        }
    }
    flush(d, &mut para, &mut quote);
}
