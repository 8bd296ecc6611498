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
    Paragraph,
    ListItem,
    Quote,
    Caption,
    /// Rows of cells (tab between cells, line end between rows), never repaired.
    Table,
    /// Code, kept character for character (Markdown code blocks).
    Code,
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
