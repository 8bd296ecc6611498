//! The common currency of the format readers: a page as an ordered list of
//! units (a line, a paragraph, an HTML block), each with what its markup
//! says it is, if anything. `segment` turns units into documents.

use super::run::Run;

/// What the markup says a unit is; `None` for plain text, where shape decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    None,
    Title,
    Section,
    Byline,
    Heading,
    // No reader gives it since HTML reads its own documents; segment still
    // handles it, for a reader that marks paragraphs.
    #[allow(dead_code)]
    Paragraph,
    ListItem,
    Quote,
    Caption,
}

#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub run: Run,
    pub hint: Hint,
    /// The markup starts a new document here (an HTML `<article>`).
    pub starts_doc: bool,
}

impl Unit {
    pub fn new(run: Run, hint: Hint) -> Unit {
        Unit {
            run,
            hint,
            starts_doc: false,
        }
    }
}
