//! Word tokens tuned for names: "al-Bukhari", "ISIS-K", "COVID-19", "U.S.",
//! "136.609.182" stay whole; a possessive "’s" is cut off so that a name's
//! span never carries it.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    pub span: Span,
    /// First character is upper case (or a particle glued to a capital, "alQaeda").
    pub cap: bool,
    /// At least two letters and no lower-case letter ("IMU", "ISIS-K", "GGEs" counts too).
    pub acro: bool,
    /// All characters are digits or number separators.
    pub num: bool,
    /// Preceded by a sentence boundary (or the field start, a line break, a colon).
    pub sent_start: bool,
    /// Separated from the previous token by exactly one space (names never cross more).
    pub joined: bool,
}

impl Tok {
    pub fn text(self, s: &str) -> &str {
        self.span.slice(s)
    }
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Split `text` into tokens. Never panics; every span lies on char boundaries.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let pos = |i: usize| chars.get(i).map(|&(p, _)| p).unwrap_or(text.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(c) = at(i) else { break };
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        while j < n {
            let Some(c) = at(j) else { break };
            if c.is_alphanumeric() {
                j += 1;
                continue;
            }
            let prev = at(j - 1).unwrap_or(' ');
            let next = at(j + 1).unwrap_or(' ');
            if is_hyphen(c) && prev.is_alphanumeric() && next.is_alphanumeric() {
                j += 2;
                continue;
            }
            if is_apos(c) && prev.is_alphabetic() && next.is_alphabetic() {
                // "’s" then a non-letter is a possessive: stop before it.
                let after = at(j + 2).unwrap_or(' ');
                if matches!(next, 's' | 'S') && !after.is_alphabetic() {
                    break;
                }
                j += 2;
                continue;
            }
            if c == '.' || c == ',' {
                if prev.is_ascii_digit() && next.is_ascii_digit() {
                    j += 2;
                    continue;
                }
                // Dotted abbreviations: "U.S.", "U.N.", "e.g." (single letters only).
                if c == '.' && prev.is_alphabetic() && (j < 2 || !at(j - 2).is_some_and(char::is_alphabetic)) {
                    if next.is_alphabetic() && !at(j + 2).is_some_and(char::is_alphabetic) {
                        j += 2;
                        continue;
                    }
                    // Keep the final dot of an abbreviation that already has one.
                    if j >= 3 && at(j - 2) == Some('.') {
                        j += 1;
                    }
                }
            }
            break;
        }
        let s = pos(start);
        let e = pos(j.min(n));
        let word = text.get(s..e).unwrap_or("");
        out.push(make(text, s, e, word));
        i = j.max(i + 1);
    }
    out
}

fn make(text: &str, s: usize, e: usize, word: &str) -> Tok {
    let first = word.chars().next().unwrap_or(' ');
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    // "GGEs": upper-case letters and a plural s.
    let plural_acro = word.ends_with('s') && lower == 1 && upper >= 2;
    let acro = upper >= 2 && (lower == 0 || plural_acro);
    let glued_particle = (word.starts_with("al") || word.starts_with("el"))
        && word.chars().nth(2).is_some_and(|c| c.is_uppercase());
    let particle_hyphen = ["al-", "el-", "ad-", "ar-", "as-", "ash-", "az-", "an-", "at-", "ud-", "ul-"]
        .iter()
        .any(|p| word.starts_with(p) && word.get(p.len()..).and_then(|r| r.chars().next()).is_some_and(char::is_uppercase));
    let cap = first.is_uppercase() || glued_particle || particle_hyphen;
    let num = letters == 0 && word.chars().any(|c| c.is_ascii_digit());
    let before = text.get(..s).unwrap_or("");
    let gap: String = before
        .chars()
        .rev()
        .take_while(|c| !c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let joined = gap == " " || gap == "\u{a0}";
    let sent_start = sentence_boundary(before, &gap);
    Tok {
        span: Span::new(s, e),
        cap,
        acro,
        num,
        sent_start,
        joined,
    }
}

/// Whether the text before a token (ending in `gap`, the non-word run) ends a sentence.
fn sentence_boundary(before: &str, gap: &str) -> bool {
    if before.trim().is_empty() {
        return true;
    }
    let core: String = gap
        .chars()
        .filter(|c| !matches!(c, '“' | '"' | '‘' | '\'' | '«' | '(' | '[' | '”' | '»' | '’' | '*' | '•' | '-' | '–' | '—'))
        .collect();
    if gap.contains('\n') || gap.contains(['“', '«']) || gap.trim_start().starts_with('"') {
        return true;
    }
    let t = core.trim();
    if t.ends_with(['.', '!', '?', ':', '…']) {
        // "Mr. Smith", "Gen. Dostum": a title abbreviation is no boundary.
        let word: String = before
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let abbrev = matches!(
            word.as_str(),
            "Mr" | "Mrs" | "Ms" | "Dr" | "Gen" | "Col" | "Lt" | "Sgt" | "Capt" | "Prof" | "Rev" | "St" | "Gov" | "Sen" | "Rep" | "No" | "para" | "Jr" | "Sr" | "vs"
        );
        // "U.S. drone": a dotted abbreviation absorbed the dot.
        return !abbrev;
    }
    // A field opened by quotes or a bullet.
    before.trim_end_matches(|c: char| !c.is_alphanumeric()).is_empty()
}
