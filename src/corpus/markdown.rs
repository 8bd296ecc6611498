//! Markdown to units: front matter (title, author, category), ATX and
//! setext headings (the first level-1 heading is the title), lists, block
//! quotes, image captions, paragraphs; inline markup (emphasis, links,
//! images, code ticks, footnote references) is stripped with its map kept.

use super::run::{Edit, Run};
use super::shape::lazy;
use super::text_page::{is_blank, lines};
use super::unit::{Hint, Unit};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

fn inline_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    // 1: image; 2-3: link text and target; 4: footnote ref; 5: strong/code marks.
    lazy(
        &RE,
        r"(!\[[^\]]*\]\([^)]*\))|\[([^\]\n]+)\](\([^)\n]*\)|\[[^\]\n]*\])|(\[\^[^\]\s]+\])|(\*\*|__|`)",
    )
}

/// Strip inline markup from a run.
fn inline(run: Run) -> Run {
    let text = &run.text;
    // Most paragraphs have no markup: leave them untouched, unscanned.
    if !text.contains(['[', '*', '_', '`']) {
        return run;
    }
    let Some(re) = inline_re() else {
        return run;
    };
    let mut edits = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    for c in re.captures_iter(text) {
        if let Some(m) = c.get(1).or(c.get(4)).or(c.get(5)) {
            edits.push(Edit::delete(m.range()));
            covered.push(m.range());
        } else if let (Some(all), Some(label), Some(target)) = (c.get(0), c.get(2), c.get(3)) {
            // Keep the link text, drop "[" and "](target)".
            edits.push(Edit::delete(all.start()..label.start()));
            edits.push(Edit::delete(label.end()..target.end()));
            covered.push(all.range());
        }
    }
    // Single "*" / "_" emphasis: at a word edge, not inside snake_case.
    let chars: Vec<(usize, char)> = if text.contains(['*', '_']) {
        text.char_indices().collect()
    } else {
        Vec::new()
    };
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '*' | '_') || covered.iter().any(|r| r.contains(&i)) {
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, c)| c);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let edge =
            |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
        let word = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
        if edge(prev) && word(next) || word(prev) && edge(next) {
            edits.push(Edit::delete(i..i + 1));
        }
    }
    if edits.is_empty() {
        run
    } else {
        run.edit(edits)
    }
}

fn heading_level(s: &str) -> Option<(usize, usize)> {
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && t.get(hashes..hashes + 1).is_some_and(|c| c == " ") {
        return Some((hashes, lead + hashes + 1));
    }
    None
}

fn list_mark(s: &str) -> Option<usize> {
    let t = s.trim_start();
    let lead = s.len() - t.len();
    if ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m)) {
        return Some(lead + 2);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let after = t.get(digits..)?;
    if (1..=3).contains(&digits) && (after.starts_with(". ") || after.starts_with(") ")) {
        return Some(lead + digits + 2);
    }
    None
}

/// "---", "* * *", "___": three or more of one mark and nothing else.
/// Asked of every line, so it stops at the first other character.
fn is_rule(s: &str) -> bool {
    let mut marks = s.chars().filter(|c| !c.is_whitespace());
    let Some(mark) = marks.next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    let mut n = 1;
    for c in marks {
        if c != mark {
            return false;
        }
        n += 1;
    }
    n >= 3
}

pub(crate) fn units(page: &Run) -> Vec<Unit> {
    let text = page.text.as_str();
    let all = lines(text);
    let line = |k: usize| all.get(k).and_then(|r| text.get(r.clone())).unwrap_or("");
    let mut out: Vec<Unit> = Vec::new();
    let mut k = 0;
    // Front matter.
    if line(0).trim() == "---" {
        if let Some(end) = (1..all.len()).find(|&j| matches!(line(j).trim(), "---" | "...")) {
            for j in 1..end {
                let l = line(j);
                let Some(colon) = l.find(':') else { continue };
                let key = l.get(..colon).unwrap_or("").trim().to_lowercase();
                let hint = match key.as_str() {
                    "title" => Hint::Title,
                    "author" | "authors" | "byline" => Hint::Byline,
                    "category" | "categories" | "section" => Hint::Section,
                    _ => continue,
                };
                let Some(r) = all.get(j) else { continue };
                let v = page.slice(r.start + colon + 1..r.end).trim();
                let v = v.slice(strip_quotes(&v.text));
                // "[Conflict, War]": the first item of an inline list.
                let v = match v.text.strip_prefix('[') {
                    Some(inner) => {
                        let end = inner.find([',', ']']).unwrap_or(inner.len());
                        v.slice(1..1 + end).trim()
                    }
                    None => v,
                };
                if !v.text.is_empty() {
                    out.push(Unit::new(v, hint));
                }
            }
            k = end + 1;
        }
    }
    let mut have_title = out.iter().any(|u| u.hint == Hint::Title);
    let mut para: Vec<usize> = Vec::new();
    let mut after_image = false;
    let flush = |para: &mut Vec<usize>, out: &mut Vec<Unit>, hint: Hint| {
        if para.is_empty() {
            return;
        }
        let parts: Vec<Run> = para
            .iter()
            .filter_map(|&j| all.get(j))
            .map(|r| page.slice(r.clone()).trim())
            .collect();
        let refs: Vec<&Run> = parts.iter().collect();
        out.push(Unit::new(inline(Run::join(&refs, " ")), hint));
        para.clear();
    };
    while k < all.len() {
        let l = line(k);
        let r = all.get(k).cloned().unwrap_or(0..0);
        let t = l.trim();
        if is_blank(l) {
            flush(&mut para, &mut out, Hint::None);
            k += 1;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            // Code is not prose: skip the fence.
            flush(&mut para, &mut out, Hint::None);
            k += 1;
            while k < all.len()
                && !(line(k).trim().starts_with("```") || line(k).trim().starts_with("~~~"))
            {
                k += 1;
            }
            k += 1;
            continue;
        }
        if t.starts_with("<!--") || (t.starts_with('[') && t.contains("]:") && !t.starts_with("[^"))
        {
            k += 1;
            continue;
        }
        if is_rule(l) && para.is_empty() {
            k += 1;
            continue;
        }
        // Setext heading: a paragraph line underlined with === or ---.
        let under = line(k + 1).trim();
        if para.is_empty()
            && !under.is_empty()
            && (under.chars().all(|c| c == '=')
                || under.chars().all(|c| c == '-') && under.len() >= 3)
        {
            let h = if under.starts_with('=') && !have_title {
                have_title = true;
                Hint::Title
            } else {
                Hint::Heading
            };
            out.push(Unit::new(inline(page.slice(r).trim()), h));
            k += 2;
            continue;
        }
        if let Some((level, skip)) = heading_level(l) {
            flush(&mut para, &mut out, Hint::None);
            let h = if level == 1 && !have_title {
                have_title = true;
                Hint::Title
            } else {
                Hint::Heading
            };
            let run = page.slice(r.start + skip..r.end).trim();
            let run = run.slice(0..run.text.trim_end_matches(['#', ' ']).len());
            out.push(Unit::new(inline(run), h));
            k += 1;
            continue;
        }
        if let Some(m) = list_mark(l) {
            flush(&mut para, &mut out, Hint::None);
            let mut parts = vec![page.slice(r.start + m..r.end).trim()];
            // Indented continuation lines belong to the item.
            while k + 1 < all.len()
                && line(k + 1).starts_with("  ")
                && !is_blank(line(k + 1))
                && list_mark(line(k + 1)).is_none()
            {
                k += 1;
                if let Some(r2) = all.get(k) {
                    parts.push(page.slice(r2.clone()).trim());
                }
            }
            let refs: Vec<&Run> = parts.iter().collect();
            out.push(Unit::new(inline(Run::join(&refs, " ")), Hint::ListItem));
            k += 1;
            continue;
        }
        if t.starts_with('>') {
            flush(&mut para, &mut out, Hint::None);
            let mut parts = Vec::new();
            while k < all.len() && line(k).trim_start().starts_with('>') {
                if let Some(r2) = all.get(k) {
                    let l2 = line(k);
                    let skip = l2.len() - l2.trim_start().len() + 1;
                    parts.push(page.slice(r2.start + skip..r2.end).trim());
                }
                k += 1;
            }
            let refs: Vec<&Run> = parts.iter().filter(|p| !p.text.is_empty()).collect();
            out.push(Unit::new(inline(Run::join(&refs, " ")), Hint::Quote));
            continue;
        }
        let image_only = t.starts_with("![") && t.ends_with(')') && para.is_empty();
        if image_only {
            after_image = true;
            k += 1;
            continue;
        }
        // An emphasised line right under an image is its caption.
        if after_image && para.is_empty() && (t.starts_with('*') || t.starts_with('_')) {
            out.push(Unit::new(inline(page.slice(r).trim()), Hint::Caption));
            after_image = false;
            k += 1;
            continue;
        }
        after_image = false;
        para.push(k);
        k += 1;
    }
    flush(&mut para, &mut out, Hint::None);
    // A "# Title" repeating the front matter's title is not a subheading.
    let fm_title = out
        .iter()
        .find(|u| u.hint == Hint::Title)
        .map(|u| u.run.text.trim().to_lowercase());
    if let Some(t) = fm_title {
        let mut first = true;
        out.retain(|u| {
            let dup = u.hint == Hint::Heading && u.run.text.trim().to_lowercase() == t;
            let keep = !(dup && first);
            first &= !dup;
            keep
        });
    }
    out
}

fn strip_quotes(s: &str) -> Range<usize> {
    let b = s.as_bytes();
    if b.len() >= 2
        && (b.first() == Some(&b'"') && b.last() == Some(&b'"')
            || b.first() == Some(&b'\'') && b.last() == Some(&b'\''))
    {
        return 1..s.len() - 1;
    }
    0..s.len()
}
