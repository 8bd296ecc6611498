//! Reading a prebuilt index: the manifest and chunk look-ups a page uses to
//! fetch only what it needs ([`Pack`]), and a whole load back into the
//! core's types ([`load`]) for the single file and the tests.

use super::wire::*;
use super::{decode_chunk, decode_manifest, PackError};
use crate::corpus::{Corpus, Document, Field, FieldKind, ParsedFile, Teaser};
use crate::entities::{Acronym, Entity, EntityKind, EntitySet, Mention};
use crate::events::{Event, Figure, Quote};
use crate::explore::Together;
use crate::search::{DocInfo as IndexDoc, Index, IndexParts, Occ, ENTITY_FIELD, GROUPS};
use crate::span::Span;
use crate::text::OffsetMap;
use fst::{IntoStreamer, Streamer};
use std::collections::HashMap;

const FIELD_KINDS: [FieldKind; 14] = [
    FieldKind::Section,
    FieldKind::Title,
    FieldKind::Byline,
    FieldKind::Dateline,
    FieldKind::LeadCaption,
    FieldKind::Paragraph,
    FieldKind::Heading,
    FieldKind::Caption,
    FieldKind::ListItem,
    FieldKind::Quote,
    FieldKind::Attribution,
    FieldKind::Date,
    FieldKind::Table,
    FieldKind::Code,
];

const ENTITY_KINDS: [EntityKind; 10] = [
    EntityKind::Person,
    EntityKind::Org,
    EntityKind::Place,
    EntityKind::Date,
    EntityKind::Quantity,
    EntityKind::Group,
    EntityKind::Event,
    EntityKind::Law,
    EntityKind::Work,
    EntityKind::Misc,
];

fn field_kind(code: u8) -> FieldKind {
    FIELD_KINDS
        .get(usize::from(code))
        .copied()
        .unwrap_or(FieldKind::Paragraph)
}

fn entity_kind(code: u8) -> EntityKind {
    ENTITY_KINDS
        .get(usize::from(code))
        .copied()
        .unwrap_or(EntityKind::Misc)
}

/// An opened index: its manifest, for finding the chunks a query or view
/// needs. Chunks are fetched by the caller (a page's `fetch`, a file read)
/// and decoded with [`Pack::decode`].
#[derive(Clone, Debug)]
pub struct Pack {
    pub manifest: Manifest,
}

impl Pack {
    pub fn open(manifest: &[u8]) -> Result<Pack, PackError> {
        Ok(Pack {
            manifest: decode_manifest(manifest)?,
        })
    }

    pub fn decode<T: serde::de::DeserializeOwned>(
        &self,
        r: &ChunkRef,
        kind: ChunkKind,
        bytes: &[u8],
    ) -> Result<T, PackError> {
        decode_chunk(r, kind, bytes)
    }
}

impl DictChunk {
    fn map(&self) -> Option<fst::Map<&[u8]>> {
        fst::Map::new(self.fst.as_slice()).ok()
    }

    /// The global id of `term`, if this chunk holds it.
    pub fn get(&self, term: &str) -> Option<u32> {
        self.map()?.get(term).and_then(|v| u32::try_from(v).ok())
    }

    /// Terms of this chunk starting with `prefix`, in order, with ids.
    pub fn prefixed(&self, prefix: &str) -> Vec<(String, u32)> {
        let Some(map) = self.map() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut s = map.range().ge(prefix).into_stream();
        while let Some((k, v)) = s.next() {
            if !k.starts_with(prefix.as_bytes()) {
                break;
            }
            out.push((
                String::from_utf8_lossy(k).into_owned(),
                u32::try_from(v).unwrap_or(u32::MAX),
            ));
        }
        out
    }

    /// Every term of the chunk, in id order.
    pub fn terms(&self) -> Vec<String> {
        self.prefixed("").into_iter().map(|(t, _)| t).collect()
    }
}

impl TermDocs {
    /// Absolute document numbers.
    pub fn doc_numbers(&self) -> Vec<u32> {
        let mut at = 0u32;
        self.docs
            .iter()
            .map(|d| {
                at = at.wrapping_add(*d);
                at
            })
            .collect()
    }
}

/// A whole index read back: what a finished build holds. Read on demand
/// ([`Shelf`]), the parts not yet read are stand-ins: a document has its
/// title, section and byline, an entity its name and no mentions, a term
/// its counts and no postings ([`Index::is_partial`]).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    pub entities: EntitySet,
    pub index: Index,
    pub pairs: HashMap<(usize, usize), Together>,
    pub timeline: Vec<Event>,
    pub quotes: Vec<Quote>,
    pub figures: Vec<Figure>,
    /// Each document's entity marks (field, span, entity), in reading order.
    pub marks: HashMap<usize, Vec<(usize, Span, usize)>>,
    pub manifest: Manifest,
    /// Chunks that were missing or damaged; what they held is left out (a
    /// document keeps its id and title, an entity its name).
    pub problems: Vec<PackError>,
    /// Per entity, its (mentions, articles) as the entity table counts
    /// them: there before its mentions are (0 for a row not read yet).
    pub counts: Vec<(u32, u32)>,
    /// The pages of the entity list's first order read so far: first rank
    /// to the entities from it.
    pub ranked: std::collections::BTreeMap<u32, Vec<u32>>,
    /// What the pages of the entities whose `own` chunk is in list.
    pub own: HashMap<usize, OwnLists>,
    /// The timeline counted by date, once read.
    pub days: Option<crate::events::period::Days>,
}

/// What an entity's page lists of quotes and figures: how many it has,
/// and the first [`crate::explore::ON_ENTITY_PAGE`] of each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OwnLists {
    pub quotes: usize,
    pub quote_rows: Vec<Quote>,
    pub figures: usize,
    pub figure_rows: Vec<Figure>,
}

/// Read a whole index: the manifest's bytes, and `fetch` giving a chunk's
/// bytes by name. Only a manifest that cannot be read fails; a bad chunk
/// is reported in [`Loaded::problems`] and the rest loads.
pub fn load(
    manifest: &[u8],
    fetch: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
) -> Result<Loaded, PackError> {
    let (mut shelf, mut loaded) = Shelf::open(manifest, fetch)?;
    for name in shelf.unread() {
        let bytes = fetch(&name);
        shelf.supply(&name, bytes, &mut loaded);
    }
    loaded.problems = shelf.problems.clone();
    Ok(loaded)
}

/// A prebuilt index opened on demand: the chunks every view needs are read
/// at [`Shelf::open`]; the rest are named by what a query or view lacks
/// ([`Shelf::chunks_for`]) and put in with [`Shelf::supply`] when fetched.
#[derive(Clone, Debug, Default)]
pub struct Shelf {
    pub manifest: Manifest,
    /// Chunk name to its kind and place in the manifest's list of that kind.
    by_name: HashMap<String, (ChunkKind, usize)>,
    /// Chunks read, or tried and found missing or damaged.
    done: std::collections::HashSet<String>,
    pub problems: Vec<PackError>,
    /// The pages of the item lists in so far: first item to length, to
    /// find where an arriving page goes among them.
    timeline: std::collections::BTreeMap<u32, usize>,
    quotes: std::collections::BTreeMap<u32, usize>,
    figures: std::collections::BTreeMap<u32, usize>,
    /// File names by number.
    files: Vec<String>,
}

impl Shelf {
    /// Open an index: read the manifest and the chunks every view needs
    /// (misc, info, dict, ent), fetched with `fetch`. Only a manifest that
    /// cannot be read fails.
    pub fn open(
        manifest: &[u8],
        fetch: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
    ) -> Result<(Shelf, Loaded), PackError> {
        let m = decode_manifest(manifest)?;
        let mut shelf = Shelf {
            by_name: m
                .chunks()
                .into_iter()
                .map(|(k, c)| (c.name.clone(), (k, 0)))
                .collect(),
            manifest: m.clone(),
            ..Shelf::default()
        };
        for (kind, list) in [
            (ChunkKind::Postings, &m.postings),
            (ChunkKind::Info, &m.info),
            (ChunkKind::Store, &m.store),
            (ChunkKind::Entities, &m.entities),
            (ChunkKind::Mentions, &m.mentions),
            (ChunkKind::Timeline, &m.timeline),
            (ChunkKind::Quotes, &m.quotes),
            (ChunkKind::Figures, &m.figures),
            (ChunkKind::Pairs, &m.pairs),
            (ChunkKind::Ranked, &m.ranked),
            (ChunkKind::Own, &m.own),
        ] {
            for (i, r) in list.iter().enumerate() {
                shelf.by_name.insert(r.chunk.name.clone(), (kind, i));
            }
        }
        for (i, d) in m.dict.iter().enumerate() {
            shelf
                .by_name
                .insert(d.chunk.name.clone(), (ChunkKind::Dict, i));
        }
        let misc: MiscChunk = match &m.misc {
            Some(r) => shelf
                .decode(r, ChunkKind::Misc, fetch(&r.name))
                .unwrap_or_default(),
            None => MiscChunk::default(),
        };
        shelf.files = misc.files.iter().map(|f| f.name.clone()).collect();
        let n_docs = m.stats.documents as usize;
        let mut infos: Vec<DocInfo> = Vec::with_capacity(n_docs);
        for r in &m.info {
            let chunk: Option<InfoChunk> =
                shelf.decode(&r.chunk, ChunkKind::Info, fetch(&r.chunk.name));
            fill(&mut infos, r, chunk.map(|c| c.docs), |i| DocInfo {
                id: format!("missing#{}", i + 1),
                ..DocInfo::default()
            });
        }
        infos.resize_with(n_docs.max(infos.len()), DocInfo::default);

        let documents: Vec<Document> = infos
            .iter()
            .map(|info| stand_in(info, shelf.file_name(info.file)))
            .collect();
        let mut files: Vec<ParsedFile> = misc
            .files
            .iter()
            .map(|f| ParsedFile {
                name: f.name.clone(),
                diagnostics: f.diagnostics.clone(),
                ..ParsedFile::default()
            })
            .collect();
        for (info, d) in infos.iter().zip(&documents) {
            if let Some(f) = files.get_mut(info.file as usize) {
                f.documents.push(d.clone());
            }
        }
        let teasers: Vec<Teaser> = misc
            .teasers
            .iter()
            .map(|t| Teaser {
                file: shelf.file_name(t.file),
                section: t.section.clone(),
                age: t.age.clone(),
                title: t.title.clone(),
                snippet: t.snippet.clone(),
                document: t.document.clone(),
            })
            .collect();
        for t in &teasers {
            if let Some(f) = files.iter_mut().find(|f| f.name == t.file) {
                f.teasers.push(t.clone());
            }
        }

        // The entity table is read when a view, an article's marks or a
        // `kind:` / `entity:` query needs it; until then each entity is a
        // nameless stand-in in its place.
        let n_entities = m
            .entities
            .iter()
            .map(|r| r.first.saturating_add(r.count))
            .max()
            .unwrap_or(0)
            .max(m.stats.entities) as usize;
        let rows = vec![EntityRow::default(); n_entities];
        let entities = EntitySet {
            entities: rows
                .iter()
                .map(|row| entity(row, &EntityMentions::default()))
                .collect(),
            acronyms: misc
                .entity_acronyms
                .iter()
                .map(|(s, l, f)| Acronym {
                    short: s.clone(),
                    long: l.clone(),
                    file: f.clone(),
                })
                .collect(),
        };

        let mut parts = IndexParts {
            docs: infos
                .iter()
                .map(|i| {
                    let mut len = [0u32; GROUPS];
                    for (l, v) in len.iter_mut().zip(&i.len) {
                        *l = *v;
                    }
                    IndexDoc {
                        kinds: i.kinds.iter().map(|&k| field_kind(k)).collect(),
                        len,
                    }
                })
                .collect(),
            acronyms: misc.text_acronyms.clone(),
            ..IndexParts::default()
        };
        let (mut df, mut cf) = (Vec::new(), Vec::new());
        for d in &m.dict {
            let chunk: Option<DictChunk> =
                shelf.decode(&d.chunk, ChunkKind::Dict, fetch(&d.chunk.name));
            let n = d.count as usize;
            let Some(chunk) = chunk else {
                // Lost: its ids keep their places with words no query can
                // type, sorted after the range's first and out of expansion.
                parts
                    .terms
                    .extend((0..n).map(|i| format!("{}\u{0}{i:08}", d.first)));
                parts.proper.extend(std::iter::repeat_n(false, n));
                parts.joined_only.extend(std::iter::repeat_n(true, n));
                parts.forms.extend(std::iter::repeat_n(Vec::new(), n));
                df.extend(std::iter::repeat_n(0, n));
                cf.extend(std::iter::repeat_n(0, n));
                continue;
            };
            let mut terms = chunk.terms();
            terms.resize_with(n, String::new);
            terms.truncate(n);
            parts.terms.extend(terms);
            for i in 0..n {
                let flag = chunk.flags.get(i).copied().unwrap_or(0);
                parts.proper.push(flag & 1 != 0);
                parts.joined_only.push(flag & 2 != 0);
                df.push(chunk.df.get(i).copied().unwrap_or(0));
                parts
                    .forms
                    .push(chunk.forms.get(i).cloned().unwrap_or_default());
                cf.push(chunk.cf.get(i).copied().unwrap_or(0));
            }
        }
        let kind_docs = misc
            .kind_docs
            .iter()
            .map(|deltas| {
                let mut at = 0u32;
                deltas
                    .iter()
                    .map(|d| {
                        at = at.wrapping_add(*d);
                        at
                    })
                    .collect()
            })
            .collect();
        let index = Index::on_demand(parts, (df, cf), kind_docs, &entities);
        let loaded = Loaded {
            // Its links cache catches up on first use.
            corpus: Corpus {
                files,
                documents,
                teasers,
                ..Corpus::default()
            },
            entities,
            index,
            manifest: m,
            counts: vec![(0, 0); n_entities],
            ..Loaded::default()
        };
        Ok((shelf, loaded))
    }

    /// The chunks [`Shelf::open`] reads, so a page can fetch them side by
    /// side first: what a result list and the scorer need (misc, info,
    /// dict), not the entity table.
    pub fn first_chunks(m: &Manifest) -> Vec<String> {
        let mut out: Vec<String> = m.misc.iter().map(|c| c.name.clone()).collect();
        out.extend(m.info.iter().map(|r| r.chunk.name.clone()));
        out.extend(m.dict.iter().map(|d| d.chunk.name.clone()));
        out
    }

    fn file_name(&self, i: u32) -> String {
        self.files.get(i as usize).cloned().unwrap_or_default()
    }

    /// Decode a chunk, noting it as read, and a problem if it is bad.
    fn decode<T: serde::de::DeserializeOwned>(
        &mut self,
        r: &ChunkRef,
        kind: ChunkKind,
        bytes: Option<Vec<u8>>,
    ) -> Option<T> {
        self.done.insert(r.name.clone());
        let Some(bytes) = bytes else {
            self.problems.push(PackError::Missing {
                name: r.name.clone(),
            });
            return None;
        };
        match decode_chunk(r, kind, &bytes) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(e);
                None
            }
        }
    }

    /// Every chunk not read yet, in the manifest's order.
    pub fn unread(&self) -> Vec<String> {
        self.manifest
            .chunks()
            .into_iter()
            .map(|(_, c)| c.name.clone())
            .filter(|n| !self.done.contains(n))
            .collect()
    }

    /// Whether every chunk has been read (or found bad).
    pub fn is_complete(&self) -> bool {
        // `done` holds only names of this index's chunks.
        self.done.len() >= self.by_name.len()
    }

    /// The unread chunks that hold what `needs` lacks.
    pub fn chunks_for(&self, needs: &crate::search::Needs) -> Vec<String> {
        let m = &self.manifest;
        let mut out: Vec<String> = Vec::new();
        let mut want = |list: &[RangeRef], id: u32| {
            if let Some(r) = Manifest::range_for(list, id) {
                if !self.done.contains(&r.chunk.name) && !out.contains(&r.chunk.name) {
                    out.push(r.chunk.name.clone());
                }
            }
        };
        for &t in &needs.terms {
            want(&m.postings, t);
        }
        for &d in &needs.texts {
            want(&m.store, d);
        }
        for &e in &needs.mentions {
            want(&m.mentions, e);
        }
        if needs.entity_table {
            for r in &m.entities {
                want(&m.entities, r.first);
            }
        }
        out
    }

    /// The unread chunks of the entity table holding entities `ids` (an
    /// article's marks show their entities' names and kinds).
    pub fn entity_chunks(&self, ids: impl IntoIterator<Item = usize>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in ids {
            let id = u32::try_from(e).unwrap_or(u32::MAX);
            if let Some(r) = Manifest::range_for(&self.manifest.entities, id) {
                if !self.done.contains(&r.chunk.name) && !out.contains(&r.chunk.name) {
                    out.push(r.chunk.name.clone());
                }
            }
        }
        out
    }

    /// Where event `n` of the whole timeline is among the events read so
    /// far (they are kept in order, the pages not read left out), if its
    /// page is in.
    pub fn event_place(&self, n: usize) -> Option<usize> {
        let n = u32::try_from(n).ok()?;
        let (&first, &len) = self.timeline.range(..=n).next_back()?;
        let inside = (n - first) as usize;
        (inside < len).then(|| self.timeline.range(..first).map(|(_, l)| l).sum::<usize>() + inside)
    }

    /// The unread chunks of the pages of `list` holding items `items`.
    pub fn unread_holding(
        &self,
        list: &[RangeRef],
        items: impl IntoIterator<Item = usize>,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in items {
            let id = u32::try_from(n).unwrap_or(u32::MAX);
            if let Some(r) = Manifest::range_for(list, id) {
                if !self.done.contains(&r.chunk.name) && !out.contains(&r.chunk.name) {
                    out.push(r.chunk.name.clone());
                }
            }
        }
        out
    }

    /// Whether chunk `name` has been read (or found bad).
    pub fn has_read(&self, name: &str) -> bool {
        self.done.contains(name)
    }

    /// The unread chunks of one kind.
    pub fn unread_of(&self, kind: ChunkKind) -> Vec<String> {
        self.manifest
            .chunks()
            .into_iter()
            .filter(|(k, c)| *k == kind && !self.done.contains(&c.name))
            .map(|(_, c)| c.name.clone())
            .collect()
    }

    /// Put in the chunk `name` (its bytes, or `None` when it could not be
    /// fetched: then what it holds stays a stand-in, and it is a problem).
    /// Returns whether the name was one of this index's unread chunks.
    pub fn supply(&mut self, name: &str, bytes: Option<Vec<u8>>, into: &mut Loaded) -> bool {
        if self.done.contains(name) {
            return false;
        }
        let Some(&(kind, i)) = self.by_name.get(name) else {
            return false;
        };
        // Lent out while the chunk goes in, not copied for each chunk.
        let m = std::mem::take(&mut self.manifest);
        let took = self.put(&m, name, kind, i, bytes, into);
        self.manifest = m;
        if took {
            into.problems.clone_from(&self.problems);
        }
        took
    }

    fn put(
        &mut self,
        m: &Manifest,
        name: &str,
        kind: ChunkKind,
        i: usize,
        bytes: Option<Vec<u8>>,
        into: &mut Loaded,
    ) -> bool {
        match kind {
            ChunkKind::Postings => {
                let Some(r) = m.postings.get(i) else {
                    return false;
                };
                let c: PostingsChunk = self.decode(&r.chunk, kind, bytes).unwrap_or_default();
                for k in 0..r.count as usize {
                    let id = r.first.saturating_add(u32::try_from(k).unwrap_or(u32::MAX));
                    let occs = match (c.docs.get(k), c.positions.get(k)) {
                        (Some(d), Some(p)) => occurrences(d, Some(p)),
                        _ => Vec::new(),
                    };
                    into.index.fill_term(id, occs);
                }
            }
            ChunkKind::Store => {
                let Some(r) = m.store.get(i) else {
                    return false;
                };
                let c: Option<StoreChunk> = self.decode(&r.chunk, kind, bytes);
                let docs = c.map(|c| c.docs);
                for k in 0..r.count as usize {
                    let d = r.first as usize + k;
                    if let Some(s) = docs.as_ref().and_then(|v| v.get(k)) {
                        // An empty store entry keeps the stand-in's title.
                        if let Some(doc) = into
                            .corpus
                            .documents
                            .get_mut(d)
                            .filter(|_| !s.fields.is_empty())
                        {
                            let file = std::mem::take(&mut doc.file);
                            let id = std::mem::take(&mut doc.id);
                            *doc = document(&id, s, file);
                        }
                        let marks: Vec<(usize, Span, usize)> = s
                            .marks
                            .iter()
                            .map(|mk| {
                                (
                                    mk.field as usize,
                                    Span::new(
                                        mk.start as usize,
                                        (mk.end as usize).max(mk.start as usize),
                                    ),
                                    mk.entity as usize,
                                )
                            })
                            .collect();
                        if !marks.is_empty() {
                            into.marks.insert(d, marks);
                        }
                    }
                    into.index.fill_text(d);
                }
            }
            ChunkKind::Entities => {
                let Some(r) = m.entities.get(i) else {
                    return false;
                };
                let c: Option<EntitiesChunk> = self.decode(&r.chunk, kind, bytes);
                // A chunk that cannot be read leaves its entities nameless
                // stand-ins, and they count as read: asking again would
                // give nothing more.
                let rows = c.map(|c| c.entities).unwrap_or_default();
                let blank = EntityRow::default();
                for k in 0..r.count as usize {
                    let e = r.first as usize + k;
                    put_entity(into, e, rows.get(k).unwrap_or(&blank));
                }
            }
            ChunkKind::Ranked => {
                let Some(r) = m.ranked.get(i) else {
                    return false;
                };
                let c: Option<RankedChunk> = self.decode(&r.chunk, kind, bytes);
                // A page that cannot be read leaves its ranks out: the list
                // then reads the whole table instead.
                let Some(c) = c else {
                    return true;
                };
                let mut ids = Vec::with_capacity(c.rows.len());
                for (e, row) in c.rows.iter().take(r.count as usize) {
                    put_entity(into, *e as usize, row);
                    ids.push(*e);
                }
                into.ranked.insert(r.first, ids);
            }
            ChunkKind::Own => {
                let Some(r) = m.own.get(i) else {
                    return false;
                };
                let c: Option<OwnChunk> = self.decode(&r.chunk, kind, bytes);
                // Unreadable: its entities list none (the quotes and figures
                // screens still have them all).
                let rows = c.map(|c| c.entities).unwrap_or_default();
                for k in 0..r.count as usize {
                    let e = r.first as usize + k;
                    let own = rows.get(k).map_or_else(OwnLists::default, |o| OwnLists {
                        quotes: o.quotes as usize,
                        quote_rows: o.quote_rows.iter().map(quote).collect(),
                        figures: o.figures as usize,
                        figure_rows: o.figure_rows.iter().map(figure).collect(),
                    });
                    into.own.insert(e, own);
                }
            }
            ChunkKind::Days => {
                let Some(r) = m.days.as_ref() else {
                    return false;
                };
                let c: Option<DaysChunk> = self.decode(r, kind, bytes);
                into.days = c.map(|c| {
                    crate::events::period::Days::from_counts(
                        c.days.into_iter().map(|(k, n)| (k, n as usize)).collect(),
                    )
                });
            }
            ChunkKind::Mentions => {
                let Some(r) = m.mentions.get(i) else {
                    return false;
                };
                let c: Option<MentionsChunk> = self.decode(&r.chunk, kind, bytes);
                let lists = c.map(|c| c.entities).unwrap_or_default();
                for k in 0..r.count as usize {
                    let e = r.first as usize + k;
                    let ms = lists.get(k).map(mentions).unwrap_or_default();
                    if let Some(ent) = into.entities.entities.get_mut(e) {
                        ent.mentions = ms.clone();
                    }
                    into.index.fill_mentions(e, ms);
                }
            }
            ChunkKind::Timeline => {
                let Some(r) = m.timeline.get(i) else {
                    return false;
                };
                let c: Option<TimelineChunk> = self.decode(&r.chunk, kind, bytes);
                let page = c
                    .map(|c| c.events.iter().map(event).collect())
                    .unwrap_or_default();
                place(&mut self.timeline, r.first, page, &mut into.timeline);
            }
            ChunkKind::Quotes => {
                let Some(r) = m.quotes.get(i) else {
                    return false;
                };
                let c: Option<QuotesChunk> = self.decode(&r.chunk, kind, bytes);
                let page = c
                    .map(|c| c.quotes.iter().map(quote).collect())
                    .unwrap_or_default();
                place(&mut self.quotes, r.first, page, &mut into.quotes);
            }
            ChunkKind::Figures => {
                let Some(r) = m.figures.get(i) else {
                    return false;
                };
                let c: Option<FiguresChunk> = self.decode(&r.chunk, kind, bytes);
                let page = c
                    .map(|c| c.figures.iter().map(figure).collect())
                    .unwrap_or_default();
                place(&mut self.figures, r.first, page, &mut into.figures);
            }
            ChunkKind::Pairs => {
                let Some(r) = m.pairs.get(i) else {
                    return false;
                };
                let c: Option<PairsChunk> = self.decode(&r.chunk, kind, bytes);
                for (a, b, s, p) in c.into_iter().flat_map(|c| c.pairs) {
                    into.pairs.insert(
                        (a as usize, b as usize),
                        Together {
                            sentences: s as usize,
                            paragraphs: p as usize,
                        },
                    );
                }
            }
            // Read at open; a second copy changes nothing.
            _ => {
                self.done.insert(name.to_string());
            }
        }
        true
    }
}

/// Put in entity `e`'s row (its mentions come apart, and stay).
fn put_entity(into: &mut Loaded, e: usize, r: &EntityRow) {
    let row = entity(r, &EntityMentions::default());
    if let Some(ent) = into.entities.entities.get_mut(e) {
        let mentions = std::mem::take(&mut ent.mentions);
        *ent = Entity {
            mentions,
            ..row.clone()
        };
    }
    if let Some(c) = into.counts.get_mut(e) {
        *c = (r.mentions, r.articles);
    }
    into.index.fill_entity(e, &row);
}

/// A document not read yet: its id, file, and the title, section and
/// byline the result list shows.
fn stand_in(info: &DocInfo, file: String) -> Document {
    let mut fields = Vec::new();
    for (kind, text) in [
        (FieldKind::Title, &info.title),
        (FieldKind::Section, &info.section),
        (FieldKind::Byline, &info.byline),
    ] {
        if let Some(t) = text {
            fields.push(Field {
                kind,
                text: t.clone(),
                span: Span::new(0, 0),
                map: OffsetMap::identity(0, 0),
            });
        }
    }
    Document {
        id: info.id.clone(),
        file,
        fields,
    }
}

/// Put a page of a list (timeline, quotes, figures) in its place among
/// the pages in `out` already, whose lengths `lens` keeps by first item.
/// Joining all pages again for each (as before) copied the whole list per
/// page: seconds for the 150 pages of a 100k-article timeline. Pages come
/// mostly in order, and then this appends.
fn place<T>(
    lens: &mut std::collections::BTreeMap<u32, usize>,
    first: u32,
    page: Vec<T>,
    out: &mut Vec<T>,
) {
    let at: usize = lens.range(..first).map(|(_, n)| n).sum();
    lens.insert(first, page.len());
    out.splice(at..at, page);
}

/// Put the items of chunk `r` at their places in `out`, or stand-ins where
/// the chunk could not be read.
fn fill<T>(out: &mut Vec<T>, r: &RangeRef, items: Option<Vec<T>>, stand_in: impl Fn(usize) -> T) {
    let first = r.first as usize;
    while out.len() < first {
        out.push(stand_in(out.len()));
    }
    let mut items = items.unwrap_or_default();
    items.truncate(r.count as usize);
    out.truncate(first);
    out.extend(items);
    while out.len() < first + r.count as usize {
        out.push(stand_in(out.len()));
    }
}

/// A document of the store: its fields as the build had them.
fn document(id: &str, s: &StoredDoc, file: String) -> Document {
    let fields: Vec<Field> = s
        .fields
        .iter()
        .map(|f| {
            let start = usize::try_from(f.start).unwrap_or(usize::MAX);
            let end = usize::try_from(f.end).unwrap_or(usize::MAX).max(start);
            Field {
                kind: field_kind(f.kind),
                // The pack keeps each field's extent in its file, not the
                // map inside it: positions map to the field's start.
                map: OffsetMap::identity(start, f.text.len()),
                text: f.text.clone(),
                span: Span::new(start, end),
            }
        })
        .collect();
    Document {
        id: id.to_string(),
        file,
        fields,
    }
}

fn entity(row: &EntityRow, ms: &EntityMentions) -> Entity {
    Entity {
        name: row.name.clone(),
        kind: entity_kind(row.kind),
        aliases: row.aliases.clone(),
        mentions: mentions(ms),
        value: row.value.clone(),
        acronym: row.acronym.clone(),
    }
}

fn mentions(ms: &EntityMentions) -> Vec<Mention> {
    let mut doc = 0u32;
    ms.doc
        .iter()
        .zip(&ms.field)
        .zip(ms.start.iter().zip(&ms.len))
        .map(|((d, f), (s, l))| {
            doc = doc.wrapping_add(*d);
            let start = *s as usize;
            Mention {
                doc: doc as usize,
                field: *f as usize,
                span: Span::new(start, start.saturating_add(*l as usize)),
            }
        })
        .collect()
}

/// A term's occurrences from its document list and positions.
fn occurrences(d: &TermDocs, p: Option<&TermPositions>) -> Vec<Occ> {
    let Some(p) = p else {
        return Vec::new();
    };
    let mut out: Vec<Occ> = Vec::with_capacity(p.field.len());
    let mut k = 0usize;
    for (doc, &count) in d.doc_numbers().into_iter().zip(&p.count) {
        let (mut field, mut pos, mut start) = (u32::MAX, 0u32, 0u32);
        for _ in 0..count {
            let (Some(&f), Some(&dp), Some(&ds), Some(&len)) =
                (p.field.get(k), p.pos.get(k), p.start.get(k), p.len.get(k))
            else {
                return out;
            };
            k += 1;
            if f != field {
                field = f;
                pos = 0;
                start = 0;
            }
            pos = pos.wrapping_add(dp);
            start = start.wrapping_add(ds);
            out.push(Occ {
                doc,
                field: if f == 0 { ENTITY_FIELD } else { f - 1 },
                pos,
                start,
                end: start.saturating_add(len),
                form: 0,
            });
        }
    }
    let mut at = 0usize;
    for &(delta, form) in &p.forms {
        at = at.saturating_add(delta as usize);
        if let Some(o) = out.get_mut(at) {
            o.form = form;
        }
    }
    out
}

fn span(s: WSpan) -> Span {
    Span::new(s.0 as usize, (s.1 as usize).max(s.0 as usize))
}

fn event(e: &EventRow) -> Event {
    Event {
        doc: e.doc as usize,
        field: e.field as usize,
        sentence: span(e.sentence),
        date: span(e.date),
        value: e.value.clone(),
        sort_key: e.sort_key,
        approximate: e.approximate,
        relative: e.relative,
        entity: e.entity.map(|x| x as usize),
        entities: e.entities.iter().map(|&x| x as usize).collect(),
    }
}

fn quote(q: &QuoteRow) -> Quote {
    Quote {
        doc: q.doc as usize,
        field: q.field as usize,
        span: span(q.span),
        sentence: span(q.sentence),
        speaker: q.speaker.map(|x| x as usize),
        speaker_text: q.speaker_text.clone(),
        speaker_span: q.speaker_span.map(span),
        cue: q.cue.clone(),
    }
}

fn figure(f: &FigureRow) -> Figure {
    Figure {
        doc: f.doc as usize,
        field: f.field as usize,
        sentence: span(f.sentence),
        quantity: span(f.quantity),
        quantity_entity: f.quantity_entity.map(|x| x as usize),
        entity: f.entity.map(|x| x as usize),
        qualifier: f.qualifier.clone(),
        number: f.number,
        upper: f.upper,
        unit: f.unit.clone(),
    }
}
