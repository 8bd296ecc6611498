//! Text processing shared by every stage: offset maps for repaired text,
//! word tokens with byte offsets, and folding for matching.

mod map;
mod tokens;

pub use map::{MapBuilder, OffsetMap};
pub use tokens::{fold, tokenize, Token};
