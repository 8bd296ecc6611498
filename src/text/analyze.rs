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
    /// Whether that capital says nothing about the word being a name: the
    /// word starts its text or a sentence ("Vaccinating children ..."), or
    /// the whole text is written in title case or capitals.
    pub initial: bool,
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

/// The term standing for any connecting syllable of a transliterated
/// name ([`LINKS`]): "Mazar-e-Sharif" and "Mazar-i-Sharif" both have it
/// at the place of "e" or "i". No query word can be it (it has no letter),
/// and it is indexed as a joined form, so prefixes and typos never reach it.
pub const LINK_TERM: &str = "~";

/// Connecting syllables that transliterations of Persian, Urdu and Arabic
/// names write in several ways: the ezafe ("-e-", "-i-", "-ye-") and the
/// article ("al", "el", "ul", and its forms before sun letters: "ud",
/// "ur", "ush", ...). Sorted for binary search. English words are not
/// among them ("in", "on", "of", "to", "at", "as", "an", "us"), so
/// "mother-in-law" and "stay-at-home" stay as written.
const LINKS: &[&str] = &[
    "ad", "adh", "al", "ar", "ash", "ath", "az", "e", "el", "i", "il", "ud", "ul", "un", "ur",
    "ush", "ut", "uz", "ye", "yi",
];

/// The article proper, which links a name's parts wherever it stands
/// before a word: "al-Sham", "el-Sisi", "al Sham".
const ARTICLES: &[&str] = &["al", "el", "ul"];

/// Whether a folded word is a connecting syllable of [`LINKS`].
pub fn is_link_word(term: &str) -> bool {
    LINKS.binary_search(&term).is_ok()
}

/// Whether token `i` of `tokens` is a connecting syllable: one of [`LINKS`]
/// with hyphens to the words on both sides ("Mazar-e-Sharif"), or written
/// in lower case between two capitalised words ("Hizb ut-Tahrir", "Mazar
/// e Sharif"); or an article before a word. Never an all-capital word
/// ("US-led", "UN-backed") nor the pronoun "I".
fn is_link(text: &str, tokens: &[super::Token], i: usize) -> bool {
    let Some(tok) = tokens.get(i) else {
        return false;
    };
    let term = tok.folded.as_str();
    if !is_link_word(term) {
        return false;
    }
    let word = tok.span.slice(text);
    if word.chars().all(char::is_uppercase) {
        return false;
    }
    let Some(next) = tokens.get(i + 1) else {
        return false;
    };
    let gap = |a: Span, b: Span| text.get(a.end..b.start).unwrap_or("");
    let spaced = |g: &str| is_hyphen_joint(g) || (!g.is_empty() && g.chars().all(|c| c == ' '));
    let after = gap(tok.span, next.span);
    if ARTICLES.contains(&term) && spaced(after) {
        return true;
    }
    let Some(prev) = i.checked_sub(1).and_then(|p| tokens.get(p)) else {
        return false;
    };
    let before = gap(prev.span, tok.span);
    if is_hyphen_joint(before) && is_hyphen_joint(after) {
        return true;
    }
    let capital = |t: &super::Token| t.span.slice(text).starts_with(char::is_uppercase);
    spaced(before)
        && spaced(after)
        && capital(prev)
        && capital(next)
        && !word.starts_with(char::is_uppercase)
}

/// Whether the text between two words ends a sentence, so that the next
/// word's capital is the sentence's, not a name's.
fn ends_sentence(between: &str) -> bool {
    between.contains(['.', '!', '?', ':', '\n', '\u{2022}', '\u{201C}', '"'])
}

/// Whether most words of `text` (function words aside) start with a
/// capital: a headline in title case or capitals, where capitals do not
/// mark names.
fn is_title_case(text: &str, tokens: &[super::Token]) -> bool {
    let (mut words, mut capitals) = (0usize, 0usize);
    for t in tokens {
        if is_stop_word(&t.folded) || !t.folded.starts_with(char::is_alphabetic) {
            continue;
        }
        words += 1;
        capitals += usize::from(t.span.slice(text).starts_with(char::is_uppercase));
    }
    words >= 3 && capitals * 4 >= words * 3
}

/// A word of letters then digits ("covid19", "MH17"): its two parts, as
/// byte lengths, so that "covid" finds "covid19". Words of more runs
/// ("h5n1") and of one letter ("g7") stay whole.
fn letter_digit_split(word: &str) -> Option<usize> {
    let letters = word.find(|c: char| c.is_ascii_digit())?;
    let head = word.get(..letters)?;
    let tail = word.get(letters..)?;
    let ok = head.chars().count() >= 2
        && head.chars().all(char::is_alphabetic)
        && tail.chars().all(|c| c.is_ascii_digit());
    ok.then_some(letters)
}

/// The terms of `text`: every word at its position, plus each hyphen
/// compound joined ("covid19" for "COVID-19") at its first part's position,
/// the parts of a word of letters and digits ("covid" and "19" for
/// "covid19") at its position, and [`LINK_TERM`] before a connecting
/// syllable at the syllable's (so a query takes it, see `search::eval::words`).
pub fn analyze(text: &str) -> Vec<Term> {
    let tokens = tokenize(text);
    let mut out = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    let title_case = is_title_case(text, &tokens);
    let mut prev: Option<(Span, String)> = None;
    for (i, tok) in tokens.iter().enumerate() {
        let pos = u32::try_from(i).unwrap_or(u32::MAX);
        let word = tok.span.slice(text);
        let term = term_of(&tok.folded).to_string();
        let between = prev
            .as_ref()
            .map(|(pspan, _)| text.get(pspan.end..tok.span.start).unwrap_or(""));
        if let (Some((pspan, pterm)), Some(between)) = (&prev, between) {
            if is_hyphen_joint(between) {
                out.push(Term {
                    term: format!("{pterm}{term}"),
                    pos: pos.saturating_sub(1),
                    span: Span::new(pspan.start, tok.span.end),
                    capital: false,
                    initial: false,
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
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        // An acronym at a sentence's start is still written in capitals.
        let acronym = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !word.chars().any(char::is_lowercase);
        let initial = title_case || (!acronym && between.is_none_or(ends_sentence));
        if is_link(text, &tokens, i) {
            out.push(Term {
                term: LINK_TERM.to_string(),
                pos,
                span,
                capital: false,
                initial: true,
                joined: true,
            });
        }
        out.push(Term {
            term: term.clone(),
            pos,
            span,
            capital,
            initial,
            joined: false,
        });
        if let Some(cut) = letter_digit_split(&term) {
            for part in [term.get(..cut), term.get(cut..)].into_iter().flatten() {
                out.push(Term {
                    term: part.to_string(),
                    pos,
                    span,
                    capital: capital && part.starts_with(char::is_alphabetic),
                    initial,
                    joined: false,
                });
            }
        }
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

    fn initial_words(text: &str) -> Vec<&str> {
        analyze(text)
            .into_iter()
            .filter(|t| t.initial && !t.joined)
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn capitals_that_say_nothing_about_names() {
        assert_eq!(
            initial_words("Vaccinating works. Nurses met Lauber: Doctors agreed.\nMasks help"),
            ["Vaccinating", "Nurses", "Doctors", "Masks"]
        );
        // Acronyms keep their capitals' meaning at a sentence's start.
        assert_eq!(
            initial_words("IMU fighters left. WHO said so."),
            Vec::<&str>::new()
        );
        // A headline in title case: no capital tells.
        assert_eq!(
            initial_words("Taliban Retake Northern City").len(),
            4,
            "title case"
        );
        assert_eq!(initial_words("Taliban retake a northern city"), ["Taliban"]);
    }

    fn at(text: &str, pos: u32) -> Vec<(String, &str)> {
        analyze(text)
            .into_iter()
            .filter(|t| t.pos == pos)
            .map(|t| (t.term, t.span.slice(text)))
            .collect()
    }

    #[test]
    fn letters_then_digits_give_their_parts() {
        let whole = |term: &str| (term.to_string(), "Covid19");
        assert_eq!(
            at("a Covid19 test", 1),
            [whole("covid19"), whole("covid"), whole("19")]
        );
        assert_eq!(at("an H5N1 strain", 1).len(), 1);
        assert_eq!(at("the G7 summit", 1).len(), 1);
        assert_eq!(at("in 1990s Kabul", 1).len(), 1);
    }

    fn link_at(text: &str, pos: u32) -> bool {
        at(text, pos).first().is_some_and(|t| t.0 == LINK_TERM)
    }

    #[test]
    fn connecting_syllables() {
        assert!(link_at("in Mazar-i-Sharif today", 2));
        assert!(link_at("in Mazar-e Sharif today", 2));
        assert!(link_at("in Mazar e Sharif today", 2));
        assert!(link_at("Hizb ut-Tahrir", 1));
        assert!(link_at("el-Sisi spoke", 0));
        assert!(link_at("Tahrir al Sham", 1));
        // English words, capitals and lone syllables are not.
        assert!(!link_at("a mother-in-law", 2));
        assert!(!link_at("a stay-at-home order", 2));
        assert!(!link_at("the US-led coalition", 1));
        assert!(!link_at("an e-mail", 1));
        assert!(!link_at("Kabul I think", 1));
        assert!(!link_at("mazar e sharif", 1));
        assert!(!link_at("said al", 1));
        // A query takes the link, the index keeps the syllable too.
        let terms: Vec<String> = analyze("Mazar-e-Sharif")
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(
            terms,
            ["mazar", "mazare", LINK_TERM, "e", "esharif", "sharif"]
        );
    }

    #[test]
    fn link_list_is_sorted_for_binary_search() {
        assert!(LINKS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stemmer_keeps_uzbek_apart() {
        let s = EnglishStemmer::default();
        assert_ne!(s.stem("uzbek"), s.stem("uzbekistan"));
        assert_eq!(s.stem("vaccines"), s.stem("vaccine"));
    }
}
