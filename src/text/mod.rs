//! Text processing shared by every stage: offset maps for repaired text,
//! word tokens with byte offsets, folding for matching, and the search
//! analyzer (possessives, compounds, stop words, stemming).

mod analyze;
mod map;
mod tokens;

pub use analyze::{
    analyze, is_hyphen_joint, is_link_word, is_stop_word, term_of, EnglishStemmer, Term, LINK_TERM,
};
pub use map::{MapBuilder, OffsetMap};
pub use tokens::{fold, tokenize, Token};
