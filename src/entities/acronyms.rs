//! Acronyms paired with their expansions, in both orders:
//! "Islamic Movement of Uzbekistan (IMU)" and "HTS (Hayat Tahrir al-Sham)".
//! Glosses in parentheses ("allegiance (bayat)", "(humans)") are not pairs:
//! the short form must look like an acronym.

use super::gazetteer::{self as gz, is_in};
use super::EntityKind;
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// As the text writes it, a plural "s" dropped ("GGEs" -> "GGE").
    pub short: String,
    pub short_span: Span,
    pub long: String,
    pub long_span: Span,
    /// "(also known as ALPHV)": another name, not an acronym.
    pub alias: bool,
}

/// Words an expansion may skip between its initials.
const SKIP: &[&str] = &[
    "of", "and", "the", "for", "on", "in", "de", "al", "at", "to", "&", "s", "des", "du", "la",
    "le",
];

fn looks_acronym(s: &str) -> bool {
    // "Africa CDC": a word and an acronym.
    if let Some((w, a)) = s.split_once(' ') {
        return w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase)
            && !a.contains(' ')
            && looks_acronym(a);
    }
    // "RDR-Tchanji", "PNDS-Tarayya": an acronym and a party's own name.
    if let Some((a, b)) = s.split_once('-') {
        if a.chars().count() >= 2
            && a.chars().all(|c| c.is_uppercase())
            && b.chars().next().is_some_and(char::is_uppercase)
            && b.chars().skip(1).any(char::is_lowercase)
            && b.chars().all(char::is_alphabetic)
        {
            return true;
        }
    }
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let first_up = s.chars().next().is_some_and(char::is_uppercase);
    first_up
        && upper >= 2
        && upper * 2 > letters.len()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '.'))
        && s.chars().filter(char::is_ascii_digit).count() < 4
        && s.chars().count() <= 12
        && !is_in(&gz::NOT_ACRONYMS, s)
}

/// The letters and digits an expansion must account for.
fn short_core(s: &str) -> Vec<char> {
    let s = strip_plural(s);
    let s = match s.split_once('-') {
        Some((a, b)) if b.chars().skip(1).any(char::is_lowercase) => a,
        _ => s,
    };
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn strip_plural(s: &str) -> &str {
    if s.ends_with('s') && s.chars().filter(|c| c.is_uppercase()).count() >= 2 {
        s.get(..s.len() - 1).unwrap_or(s)
    } else {
        s
    }
}

/// Words of `seg` with their byte starts, split at spaces and hyphens.
fn words(seg: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in seg.char_indices() {
        let part = c.is_alphanumeric() || matches!(c, '\'' | '’');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, seg.get(s..i).unwrap_or("")));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, seg.get(s..).unwrap_or("")));
    }
    out
}

/// The first letter without its accent ("É" -> 'e').
fn fold_first(w: &str) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    w.chars()
        .next()
        .and_then(|c| c.to_string().nfkd().next())
        .map(|c| c.to_ascii_lowercase())
}

/// Match the short form's letters to word initials, backwards from the end
/// of `seg`; returns the byte start of the expansion.
fn by_initials(seg: &str, short: &[char]) -> Option<usize> {
    let ws = words(seg);
    let mut si = short.len();
    let mut wi = ws.len();
    let mut start = None;
    while si > 0 {
        let c = *short.get(si - 1)?;
        let (ws_start, w) = *ws.get(wi.checked_sub(1)?)?;
        wi -= 1;
        let lw = w.to_lowercase();
        let lw = lw.trim_end_matches("’s").trim_end_matches("'s");
        if c.is_ascii_digit() {
            // "2019" answers the digits of "COVID-19" at once.
            let mut k = si;
            while k > 0 && short.get(k - 1).is_some_and(char::is_ascii_digit) {
                k -= 1;
            }
            let digits: String = short.get(k..si)?.iter().collect();
            if lw.ends_with(&digits) {
                si = k;
                start = Some(ws_start);
                continue;
            }
            return None;
        }
        // A function word never opens an expansion ("for Defense of Democracies").
        if si == 1 && is_in(SKIP, lw) && fold_first(lw) == Some(c) {
            continue;
        }
        if fold_first(lw) == Some(c) {
            si -= 1;
            start = Some(ws_start);
            continue;
        }
        if is_in(SKIP, lw) {
            continue;
        }
        return None;
    }
    start
}

/// The Schwartz–Hearst match: the short form's characters in order inside
/// the expansion, the first at a word start.
fn by_letters(seg: &str, short: &[char]) -> Option<usize> {
    let chars: Vec<(usize, char)> = seg.char_indices().collect();
    let mut li = chars.len();
    let mut si = short.len();
    while si > 0 {
        let c = *short.get(si - 1)?;
        loop {
            let (_, lc) = *chars.get(li.checked_sub(1)?)?;
            li -= 1;
            let at_start = li == 0 || !chars.get(li - 1).is_some_and(|&(_, p)| p.is_alphanumeric());
            if lc.to_lowercase().eq(std::iter::once(c)) && (si > 1 || at_start) {
                break;
            }
        }
        si -= 1;
    }
    chars.get(li).map(|&(p, _)| p)
}

fn is_cap_word(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Every pair in one field's text.
pub fn find(text: &str) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(rel) = text.get(search..).and_then(|t| t.find('(')) {
        let open = search + rel;
        search = open + 1;
        let Some(close_rel) = text.get(open + 1..).and_then(|t| t.find(')')) else {
            break;
        };
        let close = open + 1 + close_rel;
        let inner_raw = text.get(open + 1..close).unwrap_or("");
        if inner_raw.len() > 120 || inner_raw.contains('(') {
            continue;
        }
        let inner = inner_raw.trim();
        let inner_start = open + 1 + (inner_raw.len() - inner_raw.trim_start().len());
        let before = text.get(..open).unwrap_or("");
        if let Some(p) = also_known_as(before, inner, inner_start) {
            out.push(p);
        } else if let Some(p) = same_head_alias(before, inner, inner_start) {
            out.push(p);
        } else if looks_acronym(inner) {
            if let Some(p) =
                expansion_before(before, inner, inner_start).filter(|p| !known_place(p))
            {
                out.push(p);
            }
        } else if let Some(p) = short_before(before, inner, inner_start) {
            out.push(p);
        }
    }
    out
}

/// "the BlackCat group (also known as ALPHV)": the other name joins the
/// capitalised name just before (within two words).
fn also_known_as(before: &str, inner: &str, inner_start: usize) -> Option<Pair> {
    let lead = [
        "also known as ",
        "aka ",
        "a.k.a. ",
        "known as ",
        "formerly ",
        "also called ",
    ]
    .iter()
    .find(|l| inner.starts_with(*l))?;
    let other = inner.get(lead.len()..)?.trim();
    if !is_cap_word(other) || other.split_whitespace().count() > 5 || other.contains([',', ';']) {
        return None;
    }
    let ws = words(before);
    let n = ws.len();
    let back = ws.get(n.saturating_sub(3)..)?;
    let mut end_i = None;
    for (k, (_, w)) in back.iter().enumerate().rev() {
        if is_cap_word(w) {
            end_i = Some(k);
            break;
        }
    }
    let end_i = end_i?;
    let mut start_i = end_i;
    while start_i > 0 && back.get(start_i - 1).is_some_and(|(_, w)| is_cap_word(w)) {
        start_i -= 1;
    }
    while start_i < end_i
        && back
            .get(start_i)
            .is_some_and(|(_, w)| matches!(*w, "The" | "A" | "An"))
    {
        start_i += 1;
    }
    let base = n.saturating_sub(3);
    let (s_off, _) = *ws.get(base + start_i)?;
    let (e_off, e_w) = *ws.get(base + end_i)?;
    let long = before.get(s_off..e_off + e_w.len())?.to_string();
    let other_start = inner_start
        + lead.len()
        + (inner.len() - lead.len() - inner.get(lead.len()..)?.trim_start().len());
    Some(Pair {
        short: other.to_string(),
        short_span: Span::new(other_start, other_start + other.len()),
        long,
        long_span: Span::new(s_off, e_off + e_w.len()),
        alias: true,
    })
}

/// "Second Thomas Shoal (Ayungin Shoal)": a second name with the same head
/// word is another name of the same thing.
fn same_head_alias(before: &str, inner: &str, inner_start: usize) -> Option<Pair> {
    let iw: Vec<&str> = inner.split(' ').collect();
    if iw.len() < 2 || iw.len() > 4 || !iw.iter().all(|w| is_cap_word(w)) {
        return None;
    }
    let head = *iw.last()?;
    let b = before.trim_end();
    if !b.ends_with(head) || b.len() == head.len() {
        return None;
    }
    let ws = words(b);
    let n = ws.len();
    let mut k = n.checked_sub(1)?;
    while k > 0
        && ws
            .get(k - 1)
            .is_some_and(|(_, w)| is_cap_word(w) && !matches!(*w, "The" | "A" | "An"))
    {
        k -= 1;
    }
    if n - k < 2 || n - k > 5 {
        return None;
    }
    let (s_off, _) = *ws.get(k)?;
    Some(Pair {
        short: inner.to_string(),
        short_span: Span::new(inner_start, inner_start + inner.len()),
        long: b.get(s_off..)?.to_string(),
        long_span: Span::new(s_off, b.len()),
        alias: true,
    })
}

/// A short form the gazetteer knows as a place ("U.S.", "UAE") stands for
/// that place only: a name before it that spells its letters ("Al Unser Jr
/// (U.S.)", a racer and his country) is no expansion.
fn known_place(p: &Pair) -> bool {
    let known = &gz::get().known;
    match known.get(&gz::key(&p.short)) {
        Some((EntityKind::Place, canon)) => {
            known.get(&gz::key(&p.long)).is_none_or(|(_, c)| c != canon)
        }
        _ => false,
    }
}

fn expansion_before(before: &str, short: &str, short_start: usize) -> Option<Pair> {
    // A quoted expansion: the “major questions doctrine” (MQD).
    let trimmed = before.trim_end();
    let before = match trimmed.strip_suffix(['”', '"']) {
        Some(inner) if inner.contains(['“', '"']) => inner,
        _ => before,
    };
    // The clause before the parenthesis.
    let cut = before
        .rfind([
            '.', ',', ';', ':', '(', ')', '“', '”', '"', '«', '»', '!', '?', '\n', '–', '—',
        ])
        .map(|i| {
            i + before
                .get(i..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8)
        })
        .unwrap_or(0);
    let seg_full = before.get(cut..).unwrap_or("");
    let seg = seg_full.trim_end();
    let (lead_word, acro) = short.split_once(' ').unwrap_or(("", short));
    let core = short_core(acro);
    if core.is_empty() || seg.is_empty() {
        return None;
    }
    if !lead_word.is_empty() {
        // The expansion starts with the same word: take the capitalised run back to it.
        let at = seg.rfind(lead_word)?;
        let start = cut + at;
        let end = cut + seg.len();
        return Some(Pair {
            short: short.to_string(),
            short_span: Span::new(short_start, short_start + short.len()),
            long: before.get(start..end)?.to_string(),
            long_span: Span::new(start, end),
            alias: false,
        });
    }
    let ws = words(seg);
    let max_words = core.len() + 5;
    let tail_start = ws.len().saturating_sub(max_words.max(core.len() * 2));
    let tail_off = ws.get(tail_start).map_or(0, |&(s, _)| s);
    let tail = seg.get(tail_off..).unwrap_or("");
    let mut rel = by_initials(tail, &core).or_else(|| {
        by_letters(tail, &core).filter(|&s| {
            let long = tail.get(s..).unwrap_or("");
            words(long).len() <= core.len() + 3
                && words(long)
                    .first()
                    .is_some_and(|(_, w)| !is_in(SKIP, &w.to_lowercase()))
        })
    });
    if rel.is_none() && core.len() >= 3 {
        // The text pairs them though the initials differ (COVAX, LIPI):
        // take the run of capitalised words before the parenthesis.
        let tw = words(tail);
        let mut k = tw.len();
        let mut caps = 0;
        while k > 0 {
            let (_, w) = *tw.get(k - 1)?;
            if w.ends_with("’s") || w.ends_with("'s") {
                break;
            }
            if is_cap_word(w)
                && !matches!(
                    w,
                    "The"
                        | "A"
                        | "An"
                        | "In"
                        | "On"
                        | "At"
                        | "By"
                        | "For"
                        | "From"
                        | "With"
                        | "And"
                        | "Of"
                        | "To"
                )
            {
                caps += 1;
            } else if !(matches!(w, "of" | "and" | "for" | "the" | "on") && caps > 0) {
                break;
            }
            k -= 1;
        }
        while tw.get(k).is_some_and(|(_, w)| !is_cap_word(w)) {
            k += 1;
        }
        if caps >= 2 {
            rel = tw.get(k).map(|&(s, _)| s);
        }
    }
    let mut start = cut + tail_off + rel?;
    // Extend over capitalised words right before it ("UN Open-Ended Working Group").
    loop {
        let head = before.get(..start).unwrap_or("");
        let Some(sp) = head.strip_suffix(' ') else {
            break;
        };
        let w_start = sp
            .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(|i| {
                i + sp
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8)
            })
            .unwrap_or(0);
        let w = sp.get(w_start..).unwrap_or("");
        let g = gz::get();
        // "Washington-based": a describing compound, not part of the name.
        let describing = w
            .rsplit('-')
            .next()
            .is_some_and(|p| p.chars().next().is_some_and(char::is_lowercase));
        if w.is_empty()
            || describing
            || !w.chars().next().is_some_and(char::is_uppercase)
            || g.common.contains(&w.to_lowercase())
            || w_start < cut
        {
            break;
        }
        start = w_start;
    }
    // "Department of Health and Human Services": the head before "of" belongs too.
    loop {
        let head = before.get(..start).unwrap_or("");
        let Some(rest) = head
            .strip_suffix(" of ")
            .or_else(|| head.strip_suffix(" for "))
        else {
            break;
        };
        let w_start = rest.rfind(' ').map_or(0, |i| i + 1);
        let w = rest.get(w_start..).unwrap_or("");
        if w_start < cut || !is_in(&gz::ORG_HEADS, w) {
            break;
        }
        start = w_start;
        // and any capitalised words before that head
        while let Some(r) = before.get(..start).and_then(|h| h.strip_suffix(' ')) {
            let ws = r.rfind(' ').map_or(0, |i| i + 1);
            let w = r.get(ws..).unwrap_or("");
            if ws < cut
                || !w.chars().next().is_some_and(char::is_uppercase)
                || gz::get().common.contains(&w.to_lowercase()) && !is_in(&gz::ORG_HEADS, w)
            {
                break;
            }
            start = ws;
        }
    }
    let end = cut + seg.len();
    let long = before.get(start..end)?.to_string();
    if long.is_empty()
        || long.chars().filter(|c| c.is_alphabetic()).count() <= core.len()
            && long.len() < short.len()
    {
        return None;
    }
    if long.chars().next().is_some_and(char::is_lowercase)
        && by_initials(&long, &core).is_none_or(|s| s != 0)
    {
        return None;
    }
    Some(Pair {
        short: strip_plural(short).to_string(),
        short_span: Span::new(short_start, short_start + short.len()),
        long,
        long_span: Span::new(start, end),
        alias: false,
    })
}

fn short_before(before: &str, inner: &str, inner_start: usize) -> Option<Pair> {
    let b = before.trim_end();
    let w_start = b
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '&'))
        .map(|i| {
            i + b
                .get(i..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8)
        })
        .unwrap_or(0);
    let short = b.get(w_start..)?;
    if !looks_acronym(short) {
        return None;
    }
    let iw = words(inner);
    if iw.len() < 2 || iw.len() > 10 || inner.contains([',', ';', ':']) {
        return None;
    }
    let core = short_core(short);
    // Initials over words, a hyphenated word counting once ("twenty-foot equivalent units").
    let spaced = inner.replace(['-', '‑'], "");
    let initials_ok =
        by_initials(inner, &core) == Some(0) || by_initials(&spaced, &core) == Some(0);
    // A lower-case gloss pairs only when its initials spell the acronym.
    if !is_cap_word(inner) && !initials_ok {
        return None;
    }
    let first_ok = inner
        .chars()
        .next()
        .zip(core.first())
        .is_some_and(|(a, b)| a.to_lowercase().eq(std::iter::once(*b)));
    if !(initials_ok || first_ok) {
        return None;
    }
    Some(Pair {
        short: strip_plural(short).to_string(),
        short_span: Span::new(w_start, w_start + short.len()),
        long: inner.to_string(),
        long_span: Span::new(inner_start, inner_start + inner.len()),
        alias: false,
    })
}
