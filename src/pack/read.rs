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

/// A whole index read back: what a finished build holds.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    pub entities: EntitySet,
    pub index: Index,
    pub pairs: HashMap<(usize, usize), Together>,
    pub timeline: Vec<Event>,
    pub quotes: Vec<Quote>,
    pub figures: Vec<Figure>,
    pub manifest: Manifest,
    /// Chunks that were missing or damaged; what they held is left out (a
    /// document keeps its id and title, an entity its name).
    pub problems: Vec<PackError>,
}

/// Read a whole index: the manifest's bytes, and `fetch` giving a chunk's
/// bytes by name. Only a manifest that cannot be read fails; a bad chunk
/// is reported in [`Loaded::problems`] and the rest loads.
pub fn load(
    manifest: &[u8],
    fetch: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
) -> Result<Loaded, PackError> {
    let m = decode_manifest(manifest)?;
    let mut f = Fetcher {
        fetch,
        problems: Vec::new(),
    };
    let misc: MiscChunk = m
        .misc
        .as_ref()
        .and_then(|r| f.get(r, ChunkKind::Misc))
        .unwrap_or_default();
    let n_docs = m.stats.documents as usize;
    let mut infos: Vec<DocInfo> = Vec::with_capacity(n_docs);
    for r in &m.info {
        let chunk: Option<InfoChunk> = f.get(&r.chunk, ChunkKind::Info);
        fill(&mut infos, r, chunk.map(|c| c.docs), |i| DocInfo {
            id: format!("missing#{}", i + 1),
            ..DocInfo::default()
        });
    }
    infos.resize_with(n_docs.max(infos.len()), DocInfo::default);
    let mut stored: Vec<StoredDoc> = Vec::with_capacity(infos.len());
    for r in &m.store {
        let chunk: Option<StoreChunk> = f.get(&r.chunk, ChunkKind::Store);
        fill(&mut stored, r, chunk.map(|c| c.docs), |_| {
            StoredDoc::default()
        });
    }
    stored.resize_with(infos.len(), StoredDoc::default);

    let file_name = |i: u32| {
        misc.files
            .get(i as usize)
            .map_or_else(String::new, |f| f.name.clone())
    };
    let documents: Vec<Document> = infos
        .iter()
        .zip(&stored)
        .map(|(info, s)| document(info, s, file_name(info.file)))
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
            file: file_name(t.file),
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

    let mut rows: Vec<EntityRow> = Vec::new();
    for r in &m.entities {
        let chunk: Option<EntitiesChunk> = f.get(&r.chunk, ChunkKind::Entities);
        fill(&mut rows, r, chunk.map(|c| c.entities), |_| {
            EntityRow::default()
        });
    }
    let mut mentions: Vec<EntityMentions> = Vec::new();
    for r in &m.mentions {
        let chunk: Option<MentionsChunk> = f.get(&r.chunk, ChunkKind::Mentions);
        fill(&mut mentions, r, chunk.map(|c| c.entities), |_| {
            EntityMentions::default()
        });
    }
    mentions.resize_with(rows.len(), EntityMentions::default);
    let entities = EntitySet {
        entities: rows
            .iter()
            .zip(&mentions)
            .map(|(row, ms)| entity(row, ms))
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
    // Per term id: whether its dictionary chunk was read.
    let mut known: Vec<bool> = Vec::new();
    for d in &m.dict {
        let chunk: Option<DictChunk> = f.get(&d.chunk, ChunkKind::Dict);
        let ok = chunk.is_some();
        let chunk = chunk.unwrap_or_default();
        let mut terms = chunk.terms();
        terms.resize_with(d.count as usize, String::new);
        terms.truncate(d.count as usize);
        parts.terms.extend(terms);
        known.extend(std::iter::repeat_n(ok, d.count as usize));
        for i in 0..d.count as usize {
            let flag = chunk.flags.get(i).copied().unwrap_or(0);
            parts.proper.push(flag & 1 != 0);
            parts.joined_only.push(flag & 2 != 0);
        }
    }
    let mut docs: Vec<TermDocs> = Vec::new();
    for r in &m.docs {
        let chunk: Option<DocsChunk> = f.get(&r.chunk, ChunkKind::Docs);
        fill(&mut docs, r, chunk.map(|c| c.terms), |_| {
            TermDocs::default()
        });
    }
    let mut positions: Vec<TermPositions> = Vec::new();
    for r in &m.positions {
        let chunk: Option<PositionsChunk> = f.get(&r.chunk, ChunkKind::Positions);
        fill(&mut positions, r, chunk.map(|c| c.terms), |_| {
            TermPositions::default()
        });
    }
    parts.postings = docs
        .iter()
        .enumerate()
        .map(|(i, d)| occurrences(d, positions.get(i)))
        .collect();
    if known.contains(&false) {
        drop_lost_terms(&mut parts, &known);
    }
    let index = Index::from_parts(parts, &entities);

    let mut timeline = Vec::new();
    for r in &m.timeline {
        let c: Option<TimelineChunk> = f.get(&r.chunk, ChunkKind::Timeline);
        timeline.extend(c.into_iter().flat_map(|c| c.events).map(|e| event(&e)));
    }
    let mut quotes = Vec::new();
    for r in &m.quotes {
        let c: Option<QuotesChunk> = f.get(&r.chunk, ChunkKind::Quotes);
        quotes.extend(c.into_iter().flat_map(|c| c.quotes).map(|q| quote(&q)));
    }
    let mut figures = Vec::new();
    for r in &m.figures {
        let c: Option<FiguresChunk> = f.get(&r.chunk, ChunkKind::Figures);
        figures.extend(c.into_iter().flat_map(|c| c.figures).map(|f| figure(&f)));
    }
    let mut pairs = HashMap::new();
    for r in &m.pairs {
        let c: Option<PairsChunk> = f.get(&r.chunk, ChunkKind::Pairs);
        for (a, b, s, p) in c.into_iter().flat_map(|c| c.pairs) {
            pairs.insert(
                (a as usize, b as usize),
                Together {
                    sentences: s as usize,
                    paragraphs: p as usize,
                },
            );
        }
    }
    Ok(Loaded {
        // Its links cache catches up on first use.
        corpus: Corpus {
            files,
            documents,
            teasers,
            ..Corpus::default()
        },
        entities,
        index,
        pairs,
        timeline,
        quotes,
        figures,
        manifest: m,
        problems: f.problems,
    })
}

/// Fetches and decodes chunks, noting each one that fails.
struct Fetcher<'a> {
    fetch: &'a mut dyn FnMut(&str) -> Option<Vec<u8>>,
    problems: Vec<PackError>,
}

impl Fetcher<'_> {
    fn get<T: serde::de::DeserializeOwned>(&mut self, r: &ChunkRef, kind: ChunkKind) -> Option<T> {
        let Some(bytes) = (self.fetch)(&r.name) else {
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
}

/// Leave out the terms of lost dictionary chunks: their postings have no
/// word to be found by, and the index's ids are positions in its sorted
/// list, so the rest stay valid once the lost ones are gone.
fn drop_lost_terms(parts: &mut IndexParts, known: &[bool]) {
    keep_known(&mut parts.terms, known);
    keep_known(&mut parts.postings, known);
    keep_known(&mut parts.proper, known);
    keep_known(&mut parts.joined_only, known);
}

fn keep_known<T>(v: &mut Vec<T>, known: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        let keep = known.get(i).copied().unwrap_or(false);
        i += 1;
        keep
    });
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

fn document(info: &DocInfo, s: &StoredDoc, file: String) -> Document {
    let mut fields: Vec<Field> = s
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
    if fields.is_empty() {
        // A lost store chunk: the title the result list has still shows.
        if let Some(t) = &info.title {
            fields.push(Field {
                kind: FieldKind::Title,
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

fn entity(row: &EntityRow, ms: &EntityMentions) -> Entity {
    let mut doc = 0u32;
    let mentions = ms
        .doc
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
        .collect();
    Entity {
        name: row.name.clone(),
        kind: entity_kind(row.kind),
        aliases: row.aliases.clone(),
        mentions,
        value: row.value.clone(),
        acronym: row.acronym.clone(),
    }
}

/// A term's occurrences from its document list and positions.
fn occurrences(d: &TermDocs, p: Option<&TermPositions>) -> Vec<Occ> {
    let Some(p) = p else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(p.field.len());
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
            });
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
