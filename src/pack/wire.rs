//! The layout of the prebuilt index's files: the manifest and each chunk
//! kind's payload. These are the format's own types (the core's are not
//! serialisable); changing any of them means a new [`super::FORMAT`].
//!
//! Integer lists called "delta" hold each value minus the one before it.

use serde::{Deserialize, Serialize};

/// What a file holds; written as the header's kind byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[repr(u8)]
pub enum ChunkKind {
    Manifest = 0,
    Dict = 1,
    /// A term range's document lists and positions (formats up to 3 had
    /// them apart: kinds 2 and 3).
    Postings = 2,
    Info = 4,
    Store = 5,
    Entities = 6,
    Mentions = 7,
    Timeline = 8,
    Quotes = 9,
    Figures = 10,
    Pairs = 11,
    Misc = 12,
    /// Every file of an index in one, deflated: the single file's copy.
    Bundle = 13,
    /// The entity list in its first order (most mentioned, then name), in
    /// pages of whole rows: its first screen reads one page (since format 5).
    Ranked = 14,
    /// Per entity, the quotes and figures its page shows (since format 5).
    Own = 15,
    /// The timeline's events counted by date (since format 5).
    Days = 16,
}

impl ChunkKind {
    /// The file name prefix of the kind.
    pub fn prefix(self) -> &'static str {
        match self {
            ChunkKind::Manifest => "manifest",
            ChunkKind::Dict => "dict",
            ChunkKind::Postings => "post",
            ChunkKind::Info => "info",
            ChunkKind::Store => "store",
            ChunkKind::Entities => "ent",
            ChunkKind::Mentions => "ment",
            ChunkKind::Timeline => "time",
            ChunkKind::Quotes => "quote",
            ChunkKind::Figures => "fig",
            ChunkKind::Pairs => "pair",
            ChunkKind::Misc => "misc",
            ChunkKind::Bundle => "bundle",
            ChunkKind::Ranked => "rank",
            ChunkKind::Own => "own",
            ChunkKind::Days => "days",
        }
    }
}

/// One file of the index, as the manifest names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRef {
    pub name: String,
    /// Length of the whole file.
    pub bytes: u64,
    /// [`super::checksum`] of the whole file.
    pub hash: u64,
}

/// A chunk holding items `first .. first + count` (terms by id, documents,
/// entities, events, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeRef {
    pub first: u32,
    pub count: u32,
    pub chunk: ChunkRef,
}

/// A dictionary chunk: terms `first ..= last` in byte order, which are the
/// term ids `first_id .. first_id + count`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictRef {
    pub first: String,
    pub last: String,
    pub first_id: u32,
    pub count: u32,
    pub chunk: ChunkRef,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub documents: u32,
    pub files: u32,
    pub terms: u32,
    pub entities: u32,
    pub teasers: u32,
    pub events: u32,
    pub quotes: u32,
    pub figures: u32,
    pub pairs: u32,
    /// Bytes of text in the documents' fields.
    pub text_bytes: u64,
    /// Sections and how many documents each has, most first.
    pub sections: Vec<(String, u32)>,
    /// Entity kinds and how many entities each has.
    pub kinds: Vec<(String, u32)>,
    /// The first and last normalised dates of the timeline, if any.
    pub dates: Option<(String, String)>,
    /// The first screen's summary (since format 4): shown before any
    /// other chunk is read.
    pub overview: crate::explore::overview::Overview,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Names this build: a checksum over every chunk's checksum.
    pub build: String,
    pub stats: Stats,
    /// BM25F average length per field group.
    pub avg_len: Vec<f32>,
    pub dict: Vec<DictRef>,
    pub postings: Vec<RangeRef>,
    pub info: Vec<RangeRef>,
    pub store: Vec<RangeRef>,
    pub entities: Vec<RangeRef>,
    pub mentions: Vec<RangeRef>,
    pub timeline: Vec<RangeRef>,
    pub quotes: Vec<RangeRef>,
    pub figures: Vec<RangeRef>,
    pub pairs: Vec<RangeRef>,
    pub misc: Option<ChunkRef>,
    /// The entity list's pages, by rank (since format 5).
    pub ranked: Vec<RangeRef>,
    /// What each entity's page lists, by entity range (since format 5).
    pub own: Vec<RangeRef>,
    /// The timeline's counts by date (since format 5).
    pub days: Option<ChunkRef>,
}

impl Manifest {
    /// Every chunk the manifest names, with its kind.
    pub fn chunks(&self) -> Vec<(ChunkKind, &ChunkRef)> {
        let ranges = [
            (ChunkKind::Postings, &self.postings),
            (ChunkKind::Info, &self.info),
            (ChunkKind::Store, &self.store),
            (ChunkKind::Entities, &self.entities),
            (ChunkKind::Mentions, &self.mentions),
            (ChunkKind::Timeline, &self.timeline),
            (ChunkKind::Quotes, &self.quotes),
            (ChunkKind::Figures, &self.figures),
            (ChunkKind::Pairs, &self.pairs),
            (ChunkKind::Ranked, &self.ranked),
            (ChunkKind::Own, &self.own),
        ];
        let mut out: Vec<(ChunkKind, &ChunkRef)> = self
            .dict
            .iter()
            .map(|d| (ChunkKind::Dict, &d.chunk))
            .collect();
        for (kind, list) in ranges {
            out.extend(list.iter().map(|r| (kind, &r.chunk)));
        }
        out.extend(self.misc.iter().map(|m| (ChunkKind::Misc, m)));
        out.extend(self.days.iter().map(|m| (ChunkKind::Days, m)));
        out
    }

    /// The dictionary chunk that would hold `term`.
    pub fn dict_for(&self, term: &str) -> Option<&DictRef> {
        let i = self.dict.partition_point(|d| d.last.as_str() < term);
        self.dict.get(i).filter(|d| d.first.as_str() <= term)
    }

    /// The dictionary chunks holding terms that start with `prefix`.
    pub fn dicts_with_prefix(&self, prefix: &str) -> &[DictRef] {
        let from = self.dict.partition_point(|d| d.last.as_str() < prefix);
        let to = from
            + self
                .dict
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|d| d.first.as_str() <= prefix || d.first.starts_with(prefix))
                .count();
        self.dict.get(from..to).unwrap_or(&[])
    }

    /// The chunk of `ranges` holding item `id`.
    pub fn range_for(ranges: &[RangeRef], id: u32) -> Option<&RangeRef> {
        let i = ranges.partition_point(|r| r.first.saturating_add(r.count) <= id);
        ranges.get(i).filter(|r| r.first <= id)
    }
}

/// A dictionary chunk: an fst map of its terms to their global ids, and per
/// term (in id order) its document frequency and flags.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictChunk {
    pub fst: Vec<u8>,
    pub df: Vec<u32>,
    /// Per term, its occurrences in all (prefix expansion keeps the
    /// commonest).
    pub cf: Vec<u32>,
    /// Per term, its written forms other than itself (lower-cased, accents
    /// kept), which [`TermPositions::forms`] number from 1.
    pub forms: Vec<Vec<String>>,
    /// Bit 0: a name (written capitalised most of the time); bit 1: only
    /// ever a joined compound.
    pub flags: Vec<u8>,
}

/// A term's documents: delta doc numbers and, per document, its term
/// frequency in each field group present (`groups` is a bit mask per doc,
/// `tf` the frequencies of its set bits in order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermDocs {
    pub docs: Vec<u32>,
    pub groups: Vec<u8>,
    pub tf: Vec<u32>,
}

/// The postings of consecutive term ids: each term's documents, and its
/// positions in the same order. They share a file because every query
/// reads both (its ranking walks the occurrences, for exact accents,
/// fields and proximity): one request per term range, not two. The
/// document lists still come first in the payload and decode apart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingsChunk {
    pub docs: Vec<TermDocs>,
    pub positions: Vec<TermPositions>,
}

/// A term's occurrences in the order of its [`TermDocs`]: per document
/// `count` occurrences; `field` is the field number plus one (0 is the
/// entity-name pseudo-field), `pos` delta within a field, `start` delta
/// within a field, `len` the occurrence's byte length.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermPositions {
    pub count: Vec<u32>,
    pub field: Vec<u32>,
    pub pos: Vec<u32>,
    pub start: Vec<u32>,
    pub len: Vec<u32>,
    /// The occurrences not written as the term itself: (delta occurrence
    /// number, form number from 1), sparse as most words have one form.
    pub forms: Vec<(u32, u16)>,
}

/// What a result row and the scorer need of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocInfo {
    pub id: String,
    pub file: u32,
    pub title: Option<String>,
    pub section: Option<String>,
    pub byline: Option<String>,
    /// Field kind codes, one per field.
    pub kinds: Vec<u8>,
    /// BM25F length per field group.
    pub len: Vec<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoChunk {
    pub docs: Vec<DocInfo>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredField {
    pub kind: u8,
    pub text: String,
    /// The field's extent in its input file (bytes).
    pub start: u64,
    pub end: u64,
}

/// One entity mark in a document: field, span in its text, entity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub field: u32,
    pub start: u32,
    pub end: u32,
    pub entity: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDoc {
    pub fields: Vec<StoredField>,
    /// In reading order.
    pub marks: Vec<Mark>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreChunk {
    pub docs: Vec<StoredDoc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRow {
    pub name: String,
    pub kind: u8,
    pub aliases: Vec<String>,
    pub value: Option<String>,
    pub acronym: Option<String>,
    pub mentions: u32,
    pub articles: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitiesChunk {
    pub entities: Vec<EntityRow>,
}

/// A page of the entity list in its first order: each entity's number and
/// its whole row (the same as in `ent`), so the list's first screen and the
/// pages its links open need no other chunk of the entity table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedChunk {
    pub rows: Vec<(u32, EntityRow)>,
}

/// What an entity's page lists of the quotes and figures: how many it has
/// of each, and the first [`crate::explore::ON_ENTITY_PAGE`] of each in
/// corpus order, whole (the page reads no `quote` or `fig` chunk).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OwnRow {
    pub quotes: u32,
    pub quote_rows: Vec<QuoteRow>,
    pub figures: u32,
    pub figure_rows: Vec<FigureRow>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OwnChunk {
    pub entities: Vec<OwnRow>,
}

/// The timeline counted by date: each sort key its events have, in
/// timeline order, with how many events have it (the unplaced last). The
/// axis at every zoom, and where a period's events are, come from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaysChunk {
    pub days: Vec<((i32, u8, u8), u32)>,
}

/// An entity's mentions: delta document numbers, fields, spans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMentions {
    pub doc: Vec<u32>,
    pub field: Vec<u32>,
    pub start: Vec<u32>,
    pub len: Vec<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionsChunk {
    pub entities: Vec<EntityMentions>,
}

/// A span in a field's text, as `(start, end)`.
pub type WSpan = (u32, u32);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    pub doc: u32,
    pub field: u32,
    pub sentence: WSpan,
    pub date: WSpan,
    pub value: String,
    pub sort_key: (i32, u8, u8),
    pub approximate: bool,
    pub relative: bool,
    pub entity: Option<u32>,
    pub entities: Vec<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineChunk {
    pub events: Vec<EventRow>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRow {
    pub doc: u32,
    pub field: u32,
    pub span: WSpan,
    pub sentence: WSpan,
    pub speaker: Option<u32>,
    pub speaker_text: Option<String>,
    pub speaker_span: Option<WSpan>,
    pub cue: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotesChunk {
    pub quotes: Vec<QuoteRow>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    pub doc: u32,
    pub field: u32,
    pub sentence: WSpan,
    pub quantity: WSpan,
    pub quantity_entity: Option<u32>,
    pub entity: Option<u32>,
    pub qualifier: Option<String>,
    pub number: Option<f64>,
    pub upper: Option<f64>,
    pub unit: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FiguresChunk {
    pub figures: Vec<FigureRow>,
}

/// Two entities named together: `(a, b, sentences, paragraphs)`, `a < b`,
/// the strongest pairs first.
pub type PairRow = (u32, u32, u32, u32);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairsChunk {
    pub pairs: Vec<PairRow>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRow {
    pub name: String,
    pub documents: u32,
    pub diagnostics: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeaserRow {
    pub file: u32,
    pub section: Option<String>,
    pub age: Option<String>,
    pub title: String,
    pub snippet: Option<String>,
    pub document: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiscChunk {
    pub files: Vec<FileRow>,
    pub teasers: Vec<TeaserRow>,
    /// Acronym pairs of the entity set: (short, long, file).
    pub entity_acronyms: Vec<(String, String, String)>,
    /// Acronym pairs the index read off the text: (short, long).
    pub text_acronyms: Vec<(String, String)>,
    /// Per kind of the kind facets (`FACET_KINDS`: every kind, in
    /// `EntityKind::ALL` order since format 3), the delta-coded documents
    /// naming one: results count by kind without reading a mention.
    pub kind_docs: Vec<Vec<u32>>,
}
