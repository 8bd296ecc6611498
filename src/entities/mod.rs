//! Named entities: people, organisations, places, dates and quantities,
//! found in document fields and merged into one entity per real thing.
//! (The entities issue fills in recognition; this is the shape.)

pub mod wire;

use crate::corpus::Corpus;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Org,
    Place,
    Date,
    Quantity,
}

impl EntityKind {
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Org => "org",
            EntityKind::Place => "place",
            EntityKind::Date => "date",
            EntityKind::Quantity => "quantity",
        }
    }
}

/// One occurrence of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`Corpus::documents`].
    pub doc: usize,
    /// Index into that document's fields.
    pub field: usize,
    /// Span in the field's text.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Entity {
    /// Its fullest form.
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// An acronym and the expansion the text pairs it with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acronym {
    pub short: String,
    pub long: String,
    pub file: String,
}

#[derive(Clone, Debug, Default)]
pub struct EntitySet {
    pub entities: Vec<Entity>,
    pub acronyms: Vec<Acronym>,
}

/// Find the entities of every document of `corpus`.
pub fn extract(_corpus: &Corpus) -> EntitySet {
    EntitySet::default()
}
