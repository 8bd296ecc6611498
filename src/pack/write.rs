//! Writing a prebuilt index from a finished build.

use super::wire::*;
use super::{checksum, envelope, FORMAT, MANIFEST};
use crate::corpus::{Corpus, FieldKind};
use crate::entities::{EntityKind, EntitySet};
use crate::events::{Event, Figure, Quote};
use crate::explore::Together;
use crate::search::{doc_freq, group_of, Index, Occ, ENTITY_FIELD, GROUPS, G_BODY, G_ENTITY};
use crate::span::Span;
use serde::Serialize;
use std::collections::HashMap;

/// How big chunks grow.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Bytes a postings, store or mentions chunk grows to before the next
    /// one starts: small enough that a query pulls little it does not
    /// need, large enough that 100k articles make thousands of files, not
    /// millions.
    pub chunk_bytes: usize,
    /// Terms per dictionary chunk.
    pub dict_terms: usize,
    /// Items per page of the entity table, timeline, quotes, figures, pairs.
    pub page_items: usize,
    /// Documents per info chunk (result rows).
    pub info_docs: usize,
    /// Bytes a store chunk grows to: a page of results reads one chunk
    /// per shown result that is not already in, so these stay small.
    pub store_bytes: usize,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes {
            chunk_bytes: 64 * 1024,
            dict_terms: 4096,
            page_items: 2048,
            info_docs: 1024,
            store_bytes: 12 * 1024,
        }
    }
}

/// A finished build, as [`crate::workspace::Workspace`] holds it.
pub struct Built<'a> {
    pub corpus: &'a Corpus,
    pub entities: &'a EntitySet,
    pub index: &'a Index,
    pub pairs: &'a HashMap<(usize, usize), Together>,
    pub timeline: &'a [Event],
    pub quotes: &'a [Quote],
    pub figures: &'a [Figure],
}

impl<'a> Built<'a> {
    /// What a finished workspace build holds.
    pub fn of(ws: &'a crate::workspace::Workspace) -> Built<'a> {
        Built {
            corpus: &ws.corpus,
            entities: &ws.entities,
            index: &ws.index,
            pairs: &ws.pairs,
            timeline: &ws.timeline,
            quotes: &ws.quotes,
            figures: &ws.figures,
        }
    }
}

/// Each file's number: its place in the corpus's file list.
fn file_numbers(corpus: &Corpus) -> HashMap<&str, usize> {
    corpus
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect()
}

/// The files of the prebuilt index of `b`, by name: the manifest first,
/// then every chunk. Writing never fails: numbers past `u32` saturate.
pub fn write(b: &Built) -> Vec<(String, Vec<u8>)> {
    write_with(b, Sizes::default())
}

/// [`write`] with chunks of other sizes.
pub fn write_with(b: &Built, sizes: Sizes) -> Vec<(String, Vec<u8>)> {
    let mut w = Writer {
        files: Vec::new(),
        sizes,
    };
    let mut m = Manifest {
        format: FORMAT,
        stats: stats(b),
        ..Manifest::default()
    };
    m.avg_len = (0..GROUPS).map(|g| avg_len(b.index, g)).collect();
    m.dict = dict(&mut w, b.index);
    m.postings = postings(&mut w, b.index);
    m.info = info(&mut w, b);
    m.store = store(&mut w, b);
    let rows = entity_rows(b);
    m.entities = pages(&mut w, ChunkKind::Entities, &rows, Clone::clone, |v| {
        EntitiesChunk { entities: v }
    });
    m.ranked = ranked(&mut w, b, &rows);
    m.own = own(&mut w, b);
    m.mentions = mentions(&mut w, b.entities);
    m.timeline = pages(&mut w, ChunkKind::Timeline, b.timeline, event_row, |v| {
        TimelineChunk { events: v }
    });
    m.quotes = pages(&mut w, ChunkKind::Quotes, b.quotes, quote_row, |v| {
        QuotesChunk { quotes: v }
    });
    m.figures = pages(&mut w, ChunkKind::Figures, b.figures, figure_row, |v| {
        FiguresChunk { figures: v }
    });
    let mut pairs: Vec<PairRow> = b
        .pairs
        .iter()
        .map(|(&(a, c), t)| (n32(a), n32(c), n32(t.sentences), n32(t.paragraphs)))
        .collect();
    pairs.sort_by_key(|&(a, c, s, p)| (std::cmp::Reverse((s, p)), a, c));
    m.pairs = pages(
        &mut w,
        ChunkKind::Pairs,
        &pairs,
        |p| *p,
        |v| PairsChunk { pairs: v },
    );
    m.misc = Some(w.chunk(ChunkKind::Misc, 0, &misc(b)));
    let days = crate::events::period::Days::of(b.timeline, |e| e.sort_key);
    m.days = Some(w.chunk(
        ChunkKind::Days,
        0,
        &DaysChunk {
            days: days.counts().iter().map(|&(k, n)| (k, n32(n))).collect(),
        },
    ));
    let mut all = 0u64;
    for (_, c) in m.chunks() {
        all = all.rotate_left(5) ^ c.hash;
    }
    m.build = format!("{all:016x}");
    let manifest = envelope(ChunkKind::Manifest, &to_bytes(&m));
    let mut files = vec![(MANIFEST.to_string(), manifest)];
    files.append(&mut w.files);
    files
}

struct Writer {
    files: Vec<(String, Vec<u8>)>,
    sizes: Sizes,
}

impl Writer {
    fn chunk<T: Serialize>(&mut self, kind: ChunkKind, n: usize, payload: &T) -> ChunkRef {
        let bytes = envelope(kind, &to_bytes(payload));
        let hash = checksum(&bytes);
        let name = format!("{}-{n}-{hash:016x}.bin", kind.prefix());
        let r = ChunkRef {
            name: name.clone(),
            bytes: bytes.len() as u64,
            hash,
        };
        self.files.push((name, bytes));
        r
    }
}

/// postcard cannot fail on these types bar running out of memory; an
/// empty payload then reads back as a damaged chunk, never as wrong data.
fn to_bytes<T: Serialize>(v: &T) -> Vec<u8> {
    postcard::to_allocvec(v).unwrap_or_default()
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn wspan(s: Span) -> WSpan {
    (n32(s.start), n32(s.end))
}

/// The code of a field kind in the format; `read` maps it back.
pub(super) fn field_code(k: FieldKind) -> u8 {
    match k {
        FieldKind::Section => 0,
        FieldKind::Title => 1,
        FieldKind::Byline => 2,
        FieldKind::Dateline => 3,
        FieldKind::LeadCaption => 4,
        FieldKind::Paragraph => 5,
        FieldKind::Heading => 6,
        FieldKind::Caption => 7,
        FieldKind::ListItem => 8,
        FieldKind::Quote => 9,
        FieldKind::Attribution => 10,
        // Added within format 1: an older reader reads them as paragraphs.
        FieldKind::Date => 11,
        FieldKind::Table => 12,
        FieldKind::Code => 13,
    }
}

pub(super) fn kind_code(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 0,
        EntityKind::Org => 1,
        EntityKind::Place => 2,
        EntityKind::Date => 3,
        EntityKind::Quantity => 4,
        EntityKind::Group => 5,
        EntityKind::Event => 6,
        EntityKind::Law => 7,
        EntityKind::Work => 8,
        EntityKind::Misc => 9,
    }
}

fn avg_len(index: &Index, g: usize) -> f32 {
    let docs = index.doc_infos();
    let total: f64 = docs
        .iter()
        .map(|d| f64::from(d.len.get(g).copied().unwrap_or(0)))
        .sum();
    ((total / docs.len().max(1) as f64) as f32).max(1.0)
}

fn stats(b: &Built) -> Stats {
    let mut sections: HashMap<&str, u32> = HashMap::new();
    let mut text_bytes = 0u64;
    for d in &b.corpus.documents {
        if let Some(s) = d.section() {
            *sections.entry(s).or_default() += 1;
        }
        text_bytes += d.fields.iter().map(|f| f.text.len() as u64).sum::<u64>();
    }
    let mut sections: Vec<(String, u32)> = sections
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
    sections.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut kinds: HashMap<EntityKind, u32> = HashMap::new();
    for e in &b.entities.entities {
        *kinds.entry(e.kind).or_default() += 1;
    }
    let mut kinds: Vec<(EntityKind, u32)> = kinds.into_iter().collect();
    kinds.sort();
    let placed: Vec<&Event> = b
        .timeline
        .iter()
        .filter(|e| !e.approximate && e.sort_key.0 != i32::MAX)
        .collect();
    let first = placed.iter().min_by_key(|e| e.sort_key);
    let last = placed.iter().max_by_key(|e| e.sort_key);
    Stats {
        documents: n32(b.corpus.documents.len()),
        files: n32(b.corpus.files.len()),
        terms: n32(b.index.terms().len()),
        entities: n32(b.entities.entities.len()),
        teasers: n32(b.corpus.teasers.len()),
        events: n32(b.timeline.len()),
        quotes: n32(b.quotes.len()),
        figures: n32(b.figures.len()),
        pairs: n32(b.pairs.len()),
        text_bytes,
        sections,
        kinds: kinds
            .into_iter()
            .map(|(k, n)| (k.name().to_string(), n))
            .collect(),
        dates: first
            .zip(last)
            .map(|(f, l)| (f.value.clone(), l.value.clone())),
        overview: crate::explore::overview::overview(
            b.corpus,
            b.entities,
            b.timeline,
            b.quotes.len(),
        ),
    }
}

fn dict(w: &mut Writer, index: &Index) -> Vec<DictRef> {
    let terms = index.terms();
    let mut out = Vec::new();
    for (n, ids) in (0..terms.len())
        .collect::<Vec<_>>()
        .chunks(w.sizes.dict_terms.max(1))
        .enumerate()
    {
        let (Some(&a), Some(&z)) = (ids.first(), ids.last()) else {
            continue;
        };
        let mut b = fst::MapBuilder::memory();
        let mut chunk = DictChunk::default();
        for &i in ids {
            let term = terms.get(i).map_or("", String::as_str);
            // Terms are sorted and unique, as fst needs; a term it still
            // refuses stays out of the fst but keeps its place in the lists.
            let _ = b.insert(term, i as u64);
            chunk.df.push(n32(doc_freq(index.postings(n32(i)))));
            chunk.cf.push(n32(index.postings(n32(i)).len()));
            chunk
                .forms
                .push(index.forms().get(i).cloned().unwrap_or_default());
            let flags = u8::from(index.proper_flags().get(i).copied().unwrap_or(false))
                | u8::from(index.joined_flags().get(i).copied().unwrap_or(false)) << 1;
            chunk.flags.push(flags);
        }
        chunk.fst = b.into_inner().unwrap_or_default();
        let r = w.chunk(ChunkKind::Dict, n, &chunk);
        out.push(DictRef {
            first: terms.get(a).cloned().unwrap_or_default(),
            last: terms.get(z).cloned().unwrap_or_default(),
            first_id: n32(a),
            count: n32(ids.len()),
            chunk: r,
        });
    }
    out
}

/// A term's postings split into its document list and its positions.
fn split_postings(index: &Index, list: &[Occ]) -> (TermDocs, TermPositions) {
    let mut d = TermDocs::default();
    let mut p = TermPositions::default();
    let mut i = 0;
    let mut prev_doc = 0u32;
    let mut last_form = 0usize;
    for (k, o) in list.iter().enumerate() {
        if o.form != 0 {
            p.forms.push((n32(k - last_form), o.form));
            last_form = k;
        }
    }
    while let Some(first) = list.get(i) {
        let doc = first.doc;
        let end = i + list
            .get(i..)
            .unwrap_or(&[])
            .iter()
            .take_while(|o| o.doc == doc)
            .count();
        let occs = list.get(i..end).unwrap_or(&[]);
        d.docs.push(doc.wrapping_sub(prev_doc));
        prev_doc = doc;
        let kinds = index
            .doc_infos()
            .get(doc as usize)
            .map(|x| x.kinds.as_slice());
        let mut tf = [0u32; GROUPS];
        let (mut field, mut pos, mut start) = (u32::MAX, 0u32, 0u32);
        for o in occs {
            let g = if o.field == ENTITY_FIELD {
                G_ENTITY
            } else {
                kinds
                    .and_then(|k| k.get(o.field as usize))
                    .map_or(G_BODY, |k| group_of(*k))
            };
            if let Some(t) = tf.get_mut(g) {
                *t += 1;
            }
            let code = if o.field == ENTITY_FIELD {
                0
            } else {
                o.field.saturating_add(1)
            };
            if code != field {
                field = code;
                pos = 0;
                start = 0;
            }
            p.field.push(code);
            p.pos.push(o.pos.wrapping_sub(pos));
            p.start.push(o.start.wrapping_sub(start));
            p.len.push(o.end.saturating_sub(o.start));
            pos = o.pos;
            start = o.start;
        }
        p.count.push(n32(occs.len()));
        let mut mask = 0u8;
        for (g, &t) in tf.iter().enumerate() {
            if t > 0 {
                mask |= 1 << g;
                d.tf.push(t);
            }
        }
        d.groups.push(mask);
        i = end.max(i + 1);
    }
    (d, p)
}

/// Postings (document lists and positions) in chunks of consecutive term
/// ids, cut when either half grows to [`Sizes::chunk_bytes`].
fn postings(w: &mut Writer, index: &Index) -> Vec<RangeRef> {
    let mut out = Vec::new();
    let (mut docs, mut pos): (Vec<TermDocs>, Vec<TermPositions>) = (Vec::new(), Vec::new());
    let (mut first, mut bytes) = (0usize, (0usize, 0usize));
    let n = index.terms().len();
    for id in 0..n {
        let (d, p) = split_postings(index, index.postings(n32(id)));
        bytes.0 += postcard::experimental::serialized_size(&d).unwrap_or(0);
        bytes.1 += postcard::experimental::serialized_size(&p).unwrap_or(0);
        docs.push(d);
        pos.push(p);
        let full = bytes.0.max(bytes.1) >= w.sizes.chunk_bytes;
        if full || id + 1 == n {
            let count = n32(docs.len());
            let chunk = w.chunk(
                ChunkKind::Postings,
                out.len(),
                &PostingsChunk {
                    docs: std::mem::take(&mut docs),
                    positions: std::mem::take(&mut pos),
                },
            );
            out.push(RangeRef {
                first: n32(first),
                count,
                chunk,
            });
            first = id + 1;
            bytes = (0, 0);
        }
    }
    out
}

/// Gathers consecutive items into chunks of about [`Sizes::chunk_bytes`].
struct Grouper<T> {
    kind: ChunkKind,
    /// Bytes a chunk grows to.
    limit: usize,
    items: Vec<T>,
    first: usize,
    next: usize,
    bytes: usize,
}

impl<T: Serialize> Grouper<T> {
    fn new(kind: ChunkKind, limit: usize) -> Self {
        Grouper {
            kind,
            limit,
            items: Vec::new(),
            first: 0,
            next: 0,
            bytes: 0,
        }
    }

    fn push<C: Serialize>(
        &mut self,
        w: &mut Writer,
        out: &mut Vec<RangeRef>,
        item: T,
        wrap: impl Fn(Vec<T>) -> C,
    ) {
        self.bytes += postcard::experimental::serialized_size(&item).unwrap_or(0);
        self.items.push(item);
        self.next += 1;
        if self.bytes >= self.limit {
            self.flush(w, out, wrap);
        }
    }

    fn flush<C: Serialize>(
        &mut self,
        w: &mut Writer,
        out: &mut Vec<RangeRef>,
        wrap: impl Fn(Vec<T>) -> C,
    ) {
        if self.items.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.items);
        let count = items.len();
        let chunk = w.chunk(self.kind, out.len(), &wrap(items));
        out.push(RangeRef {
            first: n32(self.first),
            count: n32(count),
            chunk,
        });
        self.first = self.next;
        self.bytes = 0;
    }
}

fn info(w: &mut Writer, b: &Built) -> Vec<RangeRef> {
    let file_of = file_numbers(b.corpus);
    let rows: Vec<DocInfo> = b
        .corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| DocInfo {
            id: d.id.clone(),
            file: n32(file_of.get(d.file.as_str()).copied().unwrap_or(usize::MAX)),
            title: d.title().map(str::to_string),
            section: d.section().map(str::to_string),
            byline: d.byline().map(str::to_string),
            kinds: d.fields.iter().map(|f| field_code(f.kind)).collect(),
            len: b
                .index
                .doc_infos()
                .get(i)
                .map(|x| x.len.to_vec())
                .unwrap_or_default(),
        })
        .collect();
    let mut out = Vec::new();
    let per = w.sizes.info_docs.max(1);
    for (n, part) in rows.chunks(per).enumerate() {
        let chunk = w.chunk(
            ChunkKind::Info,
            n,
            &InfoChunk {
                docs: part.to_vec(),
            },
        );
        out.push(RangeRef {
            first: n32(n * per),
            count: n32(part.len()),
            chunk,
        });
    }
    out
}

fn store(w: &mut Writer, b: &Built) -> Vec<RangeRef> {
    let mut marks: Vec<Vec<Mark>> = vec![Vec::new(); b.corpus.documents.len()];
    for (i, e) in b.entities.entities.iter().enumerate() {
        for m in &e.mentions {
            if let Some(list) = marks.get_mut(m.doc) {
                list.push(Mark {
                    field: n32(m.field),
                    start: n32(m.span.start),
                    end: n32(m.span.end),
                    entity: n32(i),
                });
            }
        }
    }
    let mut out = Vec::new();
    let mut g = Grouper::new(ChunkKind::Store, w.sizes.store_bytes);
    for (d, mut list) in b.corpus.documents.iter().zip(marks) {
        // The reading view's order: by field, then start, longer first.
        list.sort_by_key(|m| (m.field, m.start, std::cmp::Reverse(m.end)));
        let doc = StoredDoc {
            fields: d
                .fields
                .iter()
                .map(|f| StoredField {
                    kind: field_code(f.kind),
                    text: f.text.clone(),
                    start: f.span.start as u64,
                    end: f.span.end as u64,
                })
                .collect(),
            marks: list,
        };
        g.push(w, &mut out, doc, |v| StoreChunk { docs: v });
    }
    g.flush(w, &mut out, |v| StoreChunk { docs: v });
    out
}

fn entity_rows(b: &Built) -> Vec<EntityRow> {
    b.entities
        .entities
        .iter()
        .map(|e| {
            let (mentions, articles) = crate::explore::counts_of(e);
            EntityRow {
                name: e.name.clone(),
                kind: kind_code(e.kind),
                aliases: e.aliases.clone(),
                value: e.value.clone(),
                acronym: e.acronym.clone(),
                mentions: n32(mentions),
                articles: n32(articles),
            }
        })
        .collect()
}

/// The entity list in its first order, in pages of whole rows.
fn ranked(w: &mut Writer, b: &Built, rows: &[EntityRow]) -> Vec<RangeRef> {
    let order = crate::explore::table(b.entities);
    let blank = EntityRow::default();
    pages(
        w,
        ChunkKind::Ranked,
        &order,
        |r| (n32(r.entity), rows.get(r.entity).unwrap_or(&blank).clone()),
        |v| RankedChunk { rows: v },
    )
}

/// Per entity, its count of quotes and figures and the first that its
/// page shows, by entity range.
fn own(w: &mut Writer, b: &Built) -> Vec<RangeRef> {
    let n = b.entities.entities.len();
    let mut rows: Vec<OwnRow> = vec![OwnRow::default(); n];
    let shown = crate::explore::ON_ENTITY_PAGE;
    for q in b.quotes {
        if let Some(r) = q.speaker.and_then(|i| rows.get_mut(i)) {
            r.quotes += 1;
            if r.quote_rows.len() < shown {
                r.quote_rows.push(quote_row(q));
            }
        }
    }
    for f in b.figures {
        if let Some(r) = f.entity.and_then(|i| rows.get_mut(i)) {
            r.figures += 1;
            if r.figure_rows.len() < shown {
                r.figure_rows.push(figure_row(f));
            }
        }
    }
    let mut out = Vec::new();
    let mut g = Grouper::new(ChunkKind::Own, w.sizes.chunk_bytes);
    for r in rows {
        g.push(w, &mut out, r, |v| OwnChunk { entities: v });
    }
    g.flush(w, &mut out, |v| OwnChunk { entities: v });
    out
}

fn mentions(w: &mut Writer, set: &EntitySet) -> Vec<RangeRef> {
    let mut out = Vec::new();
    let mut g = Grouper::new(ChunkKind::Mentions, w.sizes.chunk_bytes);
    for e in &set.entities {
        let mut m = EntityMentions::default();
        let mut prev = 0u32;
        for x in &e.mentions {
            let doc = n32(x.doc);
            m.doc.push(doc.wrapping_sub(prev));
            prev = doc;
            m.field.push(n32(x.field));
            m.start.push(n32(x.span.start));
            m.len.push(n32(x.span.len()));
        }
        g.push(w, &mut out, m, |v| MentionsChunk { entities: v });
    }
    g.flush(w, &mut out, |v| MentionsChunk { entities: v });
    out
}

/// Fixed-size pages of a list.
fn pages<T, R: Clone, C: Serialize>(
    w: &mut Writer,
    kind: ChunkKind,
    items: &[T],
    row: impl Fn(&T) -> R,
    wrap: impl Fn(Vec<R>) -> C,
) -> Vec<RangeRef> {
    let per = w.sizes.page_items.max(1);
    items
        .chunks(per)
        .enumerate()
        .map(|(n, part)| RangeRef {
            first: n32(n * per),
            count: n32(part.len()),
            chunk: w.chunk(kind, n, &wrap(part.iter().map(&row).collect())),
        })
        .collect()
}

fn event_row(e: &Event) -> EventRow {
    EventRow {
        doc: n32(e.doc),
        field: n32(e.field),
        sentence: wspan(e.sentence),
        date: wspan(e.date),
        value: e.value.clone(),
        sort_key: e.sort_key,
        approximate: e.approximate,
        relative: e.relative,
        entity: e.entity.map(n32),
        entities: e.entities.iter().copied().map(n32).collect(),
    }
}

fn quote_row(q: &Quote) -> QuoteRow {
    QuoteRow {
        doc: n32(q.doc),
        field: n32(q.field),
        span: wspan(q.span),
        sentence: wspan(q.sentence),
        speaker: q.speaker.map(n32),
        speaker_text: q.speaker_text.clone(),
        speaker_span: q.speaker_span.map(wspan),
        cue: q.cue.clone(),
    }
}

fn figure_row(f: &Figure) -> FigureRow {
    FigureRow {
        doc: n32(f.doc),
        field: n32(f.field),
        sentence: wspan(f.sentence),
        quantity: wspan(f.quantity),
        quantity_entity: f.quantity_entity.map(n32),
        entity: f.entity.map(n32),
        qualifier: f.qualifier.clone(),
        number: f.number,
        upper: f.upper,
        unit: f.unit.clone(),
    }
}

fn misc(b: &Built) -> MiscChunk {
    let file_of = file_numbers(b.corpus);
    MiscChunk {
        files: b
            .corpus
            .files
            .iter()
            .map(|f| FileRow {
                name: f.name.clone(),
                documents: n32(f.documents.len()),
                diagnostics: f.diagnostics.clone(),
            })
            .collect(),
        teasers: b
            .corpus
            .teasers
            .iter()
            .map(|t| TeaserRow {
                file: n32(file_of.get(t.file.as_str()).copied().unwrap_or(usize::MAX)),
                section: t.section.clone(),
                age: t.age.clone(),
                title: t.title.clone(),
                snippet: t.snippet.clone(),
                document: t.document.clone(),
            })
            .collect(),
        entity_acronyms: b
            .entities
            .acronyms
            .iter()
            .map(|a| (a.short.clone(), a.long.clone(), a.file.clone()))
            .collect(),
        text_acronyms: b.index.acronym_pairs().to_vec(),
        kind_docs: b
            .index
            .kind_doc_lists()
            .iter()
            .map(|docs| {
                let mut prev = 0u32;
                docs.iter()
                    .map(|&d| {
                        let delta = d.wrapping_sub(prev);
                        prev = d;
                        delta
                    })
                    .collect()
            })
            .collect(),
    }
}
