//! Word tokens with byte offsets, and the folding that makes "Jürg", "jurg"
//! and "JURG" one term.

use crate::span::Span;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A word of a text: where it is, and its folded form for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub folded: String,
}

/// The words of `text` by Unicode word boundaries (UAX #29), folded.
/// Punctuation and spaces are not tokens; offsets index `text` exactly.
pub fn tokenize(text: &str) -> Vec<Token> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(start, w)| {
            // "Yuldash’s" is the word "Yuldash": the possessive is not part
            // of the name a reader looks for or sees marked.
            let w = strip_possessive(w);
            Token {
                span: Span::new(start, start + w.len()),
                folded: fold(w),
            }
        })
        .filter(|t| !t.folded.is_empty())
        .collect()
}

fn strip_possessive(w: &str) -> &str {
    for suffix in ["\u{2019}s", "'s", "\u{2019}S", "'S"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    w
}

/// Compatibility-normalise, drop diacritics, lower-case, and unify quote
/// and apostrophe variants and the separators inside numbers.
pub fn fold(word: &str) -> String {
    word.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' => Some('\''),
            // "136.609.182" and "136,609,182" fold to "136609182".
            '.' | ',' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cover_words_and_fold_accents_and_case() {
        let text = "Jürg Lauber’s OEWG, 136.609.182 cases";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(words, ["Jürg", "Lauber", "OEWG", "136.609.182", "cases"]);
        let folded: Vec<&str> = toks.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(folded, ["jurg", "lauber", "oewg", "136609182", "cases"]);
    }

    #[test]
    fn emoji_and_punctuation_are_not_tokens() {
        assert!(tokenize("🙂 ... !!! — “”").is_empty());
    }
}
