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

fn char_at(text: &str, i: usize) -> Option<char> {
    // ASCII fast path: most of any page is ASCII.
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|s| s.chars().next()),
        None => None,
    }
}

/// Split `text` into tokens. Never panics; every span lies on char boundaries.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let len = text.len();
    let mut i = 0;
    while i < len {
        let Some(c) = char_at(text, i) else { break };
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut j = i + c.len_utf8();
        // The two characters before `j`, for abbreviations.
        let mut prev = c;
        let mut prev2 = ' ';
        while let Some(c) = char_at(text, j) {
            if c.is_alphanumeric() {
                prev2 = prev;
                prev = c;
                j += c.len_utf8();
                continue;
            }
            let nj = j + c.len_utf8();
            let next = char_at(text, nj).unwrap_or(' ');
            if is_hyphen(c) && prev.is_alphanumeric() && next.is_alphanumeric() {
                prev2 = c;
                prev = next;
                j = nj + next.len_utf8();
                continue;
            }
            if is_apos(c) && prev.is_alphabetic() && next.is_alphabetic() {
                // "’s" then a non-letter is a possessive: stop before it.
                let after = char_at(text, nj + next.len_utf8()).unwrap_or(' ');
                if matches!(next, 's' | 'S') && !after.is_alphabetic() {
                    break;
                }
                prev2 = c;
                prev = next;
                j = nj + next.len_utf8();
                continue;
            }
            if c == '.' || c == ',' {
                if prev.is_ascii_digit() && next.is_ascii_digit() {
                    prev2 = c;
                    prev = next;
                    j = nj + next.len_utf8();
                    continue;
                }
                // Dotted abbreviations: "U.S.", "U.N.", "e.g." (single letters only).
                if c == '.' && prev.is_alphabetic() && !prev2.is_alphabetic() {
                    let after = char_at(text, nj + next.len_utf8()).unwrap_or(' ');
                    if next.is_alphabetic() && !after.is_alphabetic() {
                        prev2 = c;
                        prev = next;
                        j = nj + next.len_utf8();
                        continue;
                    }
                    // Keep the final dot of an abbreviation that already has one.
                    if prev2 == '.' {
                        j = nj;
                    }
                }
            }
            break;
        }
        let word = text.get(start..j).unwrap_or("");
        out.push(make(text, start, j, word));
        i = j.max(i + 1);
    }
    out
}

fn make(text: &str, s: usize, e: usize, word: &str) -> Tok {
    // One pass for the letter counts (an ASCII fast path: most words are).
    let (mut letters, mut lower, mut upper) = (0usize, 0usize, 0usize);
    if word.is_ascii() {
        for b in word.bytes() {
            if b.is_ascii_lowercase() {
                letters += 1;
                lower += 1;
            } else if b.is_ascii_uppercase() {
                letters += 1;
                upper += 1;
            }
        }
    } else {
        for c in word.chars() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_lowercase() {
                    lower += 1;
                } else if c.is_uppercase() {
                    upper += 1;
                }
            }
        }
    }
    let first = word.chars().next().unwrap_or(' ');
    // "GGEs": upper-case letters and a plural s.
    let plural_acro = lower == 1 && upper >= 2 && word.ends_with('s');
    let acro = upper >= 2 && (lower == 0 || plural_acro);
    let cap = first.is_uppercase()
        || (first.is_lowercase() && upper > 0 && {
            let glued_particle = (word.starts_with("al") || word.starts_with("el"))
                && word.chars().nth(2).is_some_and(|c| c.is_uppercase());
            let particle_hyphen = [
                "al-", "el-", "ad-", "ar-", "as-", "ash-", "az-", "an-", "at-", "ud-", "ul-",
            ]
            .iter()
            .any(|p| {
                word.starts_with(p)
                    && word
                        .get(p.len()..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_uppercase)
            });
            glued_particle || particle_hyphen
        });
    let num = letters == 0 && word.chars().any(|c| c.is_ascii_digit());
    let before = text.get(..s).unwrap_or("");
    let bytes = before.as_bytes();
    let gap_start = match bytes.len().checked_sub(2).and_then(|i| bytes.get(i..)) {
        // "word word": one space after an ASCII letter or digit.
        Some(&[a, b' ']) if a.is_ascii_alphanumeric() => before.len() - 1,
        _ => before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8()),
    };
    let gap = before.get(gap_start..).unwrap_or("");
    let joined = gap == " " || gap == "\u{a0}";
    let sent_start = sentence_boundary(before, gap);
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
    if gap == " " {
        // The common case: a word, a space, a word.
        return before.len() == 1;
    }
    if before.trim().is_empty() {
        return true;
    }
    // Line breaks, opening quotes, and a spaced dash after a dateline or
    // aside ("KHORGOS, Kazakhstan — Cranes swing") start a new run.
    if gap.contains('\n')
        || gap.contains(['“', '«'])
        || gap.trim_start().starts_with('"')
        || gap.contains(" — ")
        || gap.contains(" – ")
    {
        return true;
    }
    let quote = |c: char| {
        matches!(
            c,
            '“' | '"'
                | '‘'
                | '\''
                | '«'
                | '('
                | '['
                | '”'
                | '»'
                | '’'
                | '*'
                | '•'
                | '-'
                | '–'
                | '—'
        )
    };
    let t = gap.trim_matches(|c: char| c.is_whitespace() || quote(c));
    if t.ends_with(['.', '!', '?', ':', '…']) {
        // "Mr. Smith", "Gen. Dostum": a title abbreviation is no boundary.
        let head = before.trim_end_matches(|c: char| !c.is_alphanumeric());
        let ws = head
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = head.get(ws..).unwrap_or("");
        let abbrev = matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Gen"
                | "Col"
                | "Lt"
                | "Sgt"
                | "Capt"
                | "Prof"
                | "Rev"
                | "St"
                | "Gov"
                | "Sen"
                | "Rep"
                | "No"
                | "para"
                | "Jr"
                | "Sr"
                | "vs"
        );
        // "U.S. drone": a dotted abbreviation absorbed the dot.
        return !abbrev;
    }
    // A field opened by quotes or a bullet.
    before
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .is_empty()
}
