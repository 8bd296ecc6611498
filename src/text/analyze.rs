//! The analyzer of the search index: tokens, folded, possessives dropped,
//! joined hyphen compounds added, with stop words and stemming available
//! as separate steps so that the index can keep every position (phrases
//! need stop words) and every exact form (exact matches rank first).

use super::tokenize;
use crate::span::Span;
use rust_stemmers::{Algorithm, Stemmer};

/// One indexed term occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The folded term, without a possessive ending.
    pub term: String,
    /// Word position in the field; a joined compound shares its first part's.
    pub pos: u32,
    /// The original word(s) in the text.
    pub span: Span,
    /// Whether the word starts with a capital letter in the text.
    pub capital: bool,
    /// A hyphen compound written as one ("covid19"), not a word of the text.
    pub joined: bool,
}

/// English function words: skipped in bare-word queries, kept in phrases.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "may",
    "me",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether a folded term is an English function word.
pub fn is_stop_word(term: &str) -> bool {
    STOP_WORDS.binary_search(&term).is_ok()
}

/// The folded form of a word without its possessive ("lauber's" → "lauber").
pub fn term_of(folded: &str) -> &str {
    let t = folded
        .strip_suffix("'s")
        .or_else(|| folded.strip_suffix('\''))
        .unwrap_or(folded);
    if t.is_empty() {
        folded
    } else {
        t
    }
}

/// Whether the bytes between two words are a single hyphen or dash, so
/// the words form a compound ("COVID-19", "Taliban–led"). An em dash
/// joins clauses ("nationalism—the practice"), never a compound.
pub fn is_hyphen_joint(between: &str) -> bool {
    let mut chars = between.chars();
    matches!(
        (chars.next(), chars.next()),
        (
            Some('-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}'),
            None
        )
    )
}

/// The terms of `text`: every word at its position, plus each hyphen
/// compound joined ("covid19" for "COVID-19") at its first part's position.
pub fn analyze(text: &str) -> Vec<Term> {
    let tokens = tokenize(text);
    let mut out = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    let mut prev: Option<(Span, String)> = None;
    for (i, tok) in tokens.iter().enumerate() {
        let pos = u32::try_from(i).unwrap_or(u32::MAX);
        let word = tok.span.slice(text);
        let term = term_of(&tok.folded).to_string();
        if let Some((pspan, pterm)) = &prev {
            let between = text.get(pspan.end..tok.span.start).unwrap_or("");
            if is_hyphen_joint(between) {
                out.push(Term {
                    term: format!("{pterm}{term}"),
                    pos: pos.saturating_sub(1),
                    span: Span::new(pspan.start, tok.span.end),
                    capital: false,
                    joined: true,
                });
            }
        }
        // A possessive is not part of the highlighted word: "Lauber’s".
        let span = if term.len() < tok.folded.len() {
            match word.rfind(['\'', '\u{2019}', '\u{2018}', '\u{02BC}', '`']) {
                Some(cut) if cut > 0 => Span::new(tok.span.start, tok.span.start + cut),
                _ => tok.span,
            }
        } else {
            tok.span
        };
        out.push(Term {
            term: term.clone(),
            pos,
            span,
            capital: word.chars().next().is_some_and(char::is_uppercase),
            joined: false,
        });
        prev = Some((tok.span, term));
    }
    out
}

/// Snowball English stemming, built once.
pub struct EnglishStemmer(Stemmer);

impl Default for EnglishStemmer {
    fn default() -> Self {
        EnglishStemmer(Stemmer::create(Algorithm::English))
    }
}

impl std::fmt::Debug for EnglishStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnglishStemmer")
    }
}

impl Clone for EnglishStemmer {
    fn clone(&self) -> Self {
        EnglishStemmer::default()
    }
}

impl EnglishStemmer {
    pub fn stem(&self, term: &str) -> String {
        // Numbers and mixed tokens ("covid19", "136609182") stay whole.
        if term.chars().any(|c| c.is_ascii_digit()) {
            return term.to_string();
        }
        self.0.stem(term).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && !is_stop_word("taliban"));
    }

    #[test]
    fn possessives_and_compounds() {
        let text = "Lauber’s COVID-19 plan";
        let terms: Vec<(String, u32)> =
            analyze(text).into_iter().map(|t| (t.term, t.pos)).collect();
        assert_eq!(
            terms,
            [
                ("lauber".to_string(), 0),
                ("covid".to_string(), 1),
                ("covid19".to_string(), 1),
                ("19".to_string(), 2),
                ("plan".to_string(), 3)
            ]
        );
    }

    #[test]
    fn possessive_is_outside_the_span() {
        let text = "Lauber’s plan";
        let t = analyze(text);
        assert_eq!(t.first().map(|t| t.span.slice(text)), Some("Lauber"));
    }

    #[test]
    fn stemmer_keeps_uzbek_apart() {
        let s = EnglishStemmer::default();
        assert_ne!(s.stem("uzbek"), s.stem("uzbekistan"));
        assert_eq!(s.stem("vaccines"), s.stem("vaccine"));
    }
}
