//! A corpus with its entities and index, kept in step: what the page and
//! the exported API hold between calls.

use crate::corpus::{self, Corpus, ParsedFile};
use crate::entities::{Corrections, EntitySet, Extraction};
use crate::explore::{self, Together};
use crate::search::{Hit, Index, IndexBuilder, SearchOutput};
use crate::span::Span;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

mod views;
pub use views::{EntityList, TimelineView};

/// An entity mention as the reading view needs it: field, span, entity.
pub type Marked = (usize, Span, usize);

/// The files of a session, parsed, with entities and an index over them.
pub struct Workspace {
    /// The explorer's own corpus: the bundled seed, or the corpus a built
    /// explorer or an embedder gave it.
    base: Vec<(String, Vec<u8>)>,
    /// The user's own files, added in the page.
    files: Vec<(String, Vec<u8>)>,
    /// Where each name is in `base` and in `files` (the first of a name), so
    /// a rebuild finds each file's bytes at once, whatever their number.
    base_at: HashMap<String, usize>,
    files_at: HashMap<String, usize>,
    /// Whether the base corpus is part of the session (a reader may hide it).
    bundled: bool,
    /// Parsed files by name, so a change re-parses only what changed.
    parsed: HashMap<String, ParsedFile>,
    /// The explorer's own corpus when it came prebuilt (`dossier build`),
    /// with its text's size: it opens without analysis, and a rebuild (the
    /// reader's files, corrections) starts from it instead of parsing.
    prebuilt: Option<(Corpus, usize)>,
    /// A prebuilt index opened on demand: what is still to be read of it.
    shelf: Option<crate::pack::Shelf>,
    /// The reader's corrections to the entities.
    corrections: Corrections,
    /// The most text of a document analysed ([`DOCUMENT_LIMIT`]).
    document_limit: usize,
    /// Seconds each stage of the last [`Workspace::commit_parallel`] took
    /// (for `dossier bench build`).
    pub stage_secs: Vec<(&'static str, f64)>,
    /// Entities named together, by pair of entity indices.
    pub pairs: HashMap<(usize, usize), Together>,
    /// Entity mentions of each document, in reading order.
    marks: HashMap<usize, Vec<Marked>>,
    /// Dated statements by date, quotes and figures.
    pub timeline: Vec<crate::events::Event>,
    pub quotes: Vec<crate::events::Quote>,
    pub figures: Vec<crate::events::Figure>,
    pub corpus: Corpus,
    pub entities: EntitySet,
    pub index: Index,
    /// Document number by id, for the views that name a document by id.
    ids: HashMap<String, usize>,
    /// Bumped whenever what a search reads changes (a chunk supplied, a
    /// build installed), so a kept answer is never stale.
    generation: u64,
    /// The last answer of [`Workspace::answer`]: the page asks what a
    /// query lacks and then draws it, one search for both.
    answered: Mutex<Option<Answer>>,
    /// The first screen's summary: a prebuilt index's own (its manifest
    /// carries it) until a build replaces that corpus, else computed once
    /// per build when first asked.
    overview: Mutex<Option<Arc<crate::explore::overview::Overview>>>,
    /// What a prebuilt index read on demand has of the views' own chunks:
    /// each entity's counts, the entity list's pages in its first order,
    /// the entity pages' quotes and figures, the timeline by date
    /// ([`crate::pack::Loaded`] has the same).
    counts: Vec<(u32, u32)>,
    ranked: std::collections::BTreeMap<u32, Vec<u32>>,
    own: HashMap<usize, crate::pack::OwnLists>,
    days: Option<crate::events::period::Days>,
    /// The entity table in its first order, as of one generation.
    table: Mutex<Option<(u64, Arc<Vec<explore::EntityRow>>)>>,
}

/// A query's answer as of one generation, with the chunks it still lacks.
struct Answer {
    query: String,
    limit: usize,
    generation: u64,
    out: Arc<SearchOutput>,
    want: Vec<String>,
}

/// Each document's entity mentions, in reading order.
fn marks_of(entities: &EntitySet) -> HashMap<usize, Vec<Marked>> {
    let mut marks: HashMap<usize, Vec<Marked>> = HashMap::new();
    for (i, e) in entities.entities.iter().enumerate() {
        for m in &e.mentions {
            marks.entry(m.doc).or_default().push((m.field, m.span, i));
        }
    }
    for list in marks.values_mut() {
        list.sort_by_key(|&(f, s, _)| (f, s.start, std::cmp::Reverse(s.end)));
    }
    marks
}

/// Each document's number by its id (ids are unique in a corpus).
fn ids_of(corpus: &Corpus) -> HashMap<String, usize> {
    corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect()
}

/// The position of the first file of each name.
fn positions(files: &[(String, Vec<u8>)]) -> HashMap<String, usize> {
    let mut at = HashMap::with_capacity(files.len());
    for (i, (name, _)) in files.iter().enumerate() {
        at.entry(name.clone()).or_insert(i);
    }
    at
}

/// The most text of one document that is analysed (entities, index,
/// links), in bytes. A document's analysis is one unit of work on one core,
/// taking about 2.7 s and 50 MB of memory per MB of text natively: past
/// this, the rest of its fields are left out with a note, so one huge
/// file (a 200 MB line) costs bounded time and memory.
pub const DOCUMENT_LIMIT: usize = 24 << 20;

/// Cut each document of `parsed` to its fields within `limit` bytes of
/// text (at least its first field), with a note saying what was left out.
fn cut_long(parsed: &mut ParsedFile, limit: usize) {
    let mb = |b: usize| b as f64 / 1_048_576.0;
    for doc in &mut parsed.documents {
        let total: usize = doc.fields.iter().map(|f| f.text.len()).sum();
        if total <= limit {
            continue;
        }
        let (mut kept, mut n) = (0usize, 0usize);
        for f in &doc.fields {
            if n > 0 && kept + f.text.len() > limit {
                break;
            }
            kept += f.text.len();
            n += 1;
        }
        let left = doc.fields.len() - n;
        doc.fields.truncate(n);
        parsed.diagnostics.push(format!(
            "{}: {} has {:.1} MB of text, over the {:.0} MB a document is analysed for: \
             its first {:.1} MB are searchable, the last {left} paragraph(s) ({:.1} MB) are left out",
            parsed.name,
            doc.id,
            mb(total),
            mb(limit),
            mb(kept),
            mb(total - kept),
        ));
    }
}

/// Blocks (paragraphs, lines, list items) of a file read in one unit.
const BLOCKS_PER_UNIT: usize = 200;

/// A rebuild in steps, so the page can draw and answer between them: see
/// [`Workspace::begin`]. It owns the new build until it is installed.
pub struct Rebuild {
    /// The files to read, in order.
    sources: Vec<String>,
    stage: Stage,
    /// The next file or document of the stage.
    next: usize,
    /// The file being read, and its blocks read and in all.
    parsing: Option<corpus::Parsing>,
    read: (usize, usize),
    /// Units done and in all, of the entities stage.
    found: (usize, usize),
    corpus: Corpus,
    extraction: Extraction,
    entities: EntitySet,
    index: Option<IndexBuilder>,
    by_field: crate::events::FieldMentions,
    pairs: HashMap<(usize, usize), Together>,
    timeline: Vec<crate::events::Event>,
    quotes: Vec<crate::events::Quote>,
    figures: Vec<crate::events::Figure>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Parse,
    Entities,
    Index,
    Events,
    Done,
}

/// How far a rebuild has got.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// What it is doing, for people: "Reading notes.txt", "Indexing".
    pub doing: String,
    /// The share of the whole job done, from 0 to 1.
    pub done: f64,
    pub finished: bool,
}

impl Rebuild {
    pub fn progress(&self) -> Progress {
        let share = |done: usize, all: usize| done as f64 / all.max(1) as f64;
        let docs = self.corpus.documents.len();
        // Rough shares of the time each stage takes on news text (as
        // measured by `dossier bench import` and in the page).
        // Each stage ends exactly where the next begins, so the share never
        // goes back at a seam.
        let (doing, from, to, part) = match self.stage {
            Stage::Parse => {
                let name = self.sources.get(self.next.saturating_sub(1));
                let doing = name.map_or("Reading".to_string(), |n| format!("Reading {n}"));
                // Files done, and the share of the one being read.
                let files = match self.parsing {
                    Some(_) => self.next.saturating_sub(1) as f64 + share(self.read.0, self.read.1),
                    None => self.next as f64,
                };
                let part = files / self.sources.len().max(1) as f64;
                (doing, 0.0, 0.1, part)
            }
            Stage::Entities => (
                "Finding entities".to_string(),
                0.1,
                0.3,
                share(self.found.0, self.found.1),
            ),
            Stage::Index => ("Indexing".to_string(), 0.3, 0.5, share(self.next, docs)),
            Stage::Events => (
                "Linking names, dates and quotes".to_string(),
                0.5,
                1.0,
                share(self.next, docs),
            ),
            Stage::Done => ("Done".to_string(), 1.0, 1.0, 1.0),
        };
        Progress {
            doing,
            done: (from + (to - from) * part).clamp(from, to),
            finished: self.stage == Stage::Done,
        }
    }
}

impl Workspace {
    /// A workspace over the bundled corpus.
    pub fn bundled() -> Workspace {
        Workspace::with_base(vec![corpus::bundled_file()])
    }

    /// A workspace whose own corpus is `base` (shown unless hidden).
    pub fn with_base(base: Vec<(String, Vec<u8>)>) -> Workspace {
        let mut w = Workspace::staged(base);
        w.commit();
        w
    }

    /// The same, not built yet: [`Workspace::begin`] or
    /// [`Workspace::commit`] builds it. Until then it is empty.
    pub fn staged(base: Vec<(String, Vec<u8>)>) -> Workspace {
        Workspace {
            base_at: positions(&base),
            files_at: HashMap::new(),
            base,
            files: Vec::new(),
            bundled: true,
            parsed: HashMap::new(),
            prebuilt: None,
            shelf: None,
            corrections: Corrections::default(),
            document_limit: DOCUMENT_LIMIT,
            stage_secs: Vec::new(),
            pairs: HashMap::new(),
            marks: HashMap::new(),
            timeline: Vec::new(),
            quotes: Vec::new(),
            figures: Vec::new(),
            corpus: Corpus::default(),
            entities: EntitySet::default(),
            index: Index::default(),
            ids: HashMap::new(),
            generation: 0,
            answered: Mutex::new(None),
            overview: Mutex::new(None),
            counts: Vec::new(),
            ranked: Default::default(),
            own: HashMap::new(),
            days: None,
            table: Mutex::new(None),
        }
    }

    /// A workspace whose own corpus is a prebuilt index, read back: built
    /// already, nothing to analyse until the reader adds to it.
    pub fn prebuilt(loaded: crate::pack::Loaded) -> Workspace {
        let bytes = loaded.manifest.stats.text_bytes;
        let overview = Arc::new(loaded.manifest.stats.overview.clone());
        let mut w = Workspace::staged(Vec::new());
        w.overview = Mutex::new(Some(overview));
        w.prebuilt = Some((
            loaded.corpus.clone(),
            usize::try_from(bytes).unwrap_or(usize::MAX),
        ));
        w.put_built(loaded);
        w.ids = ids_of(&w.corpus);
        w
    }

    /// The built state, moved out in the shape a pack reads into (for
    /// [`crate::pack::Shelf::supply`] to fill in), and back.
    fn take_built(&mut self) -> crate::pack::Loaded {
        crate::pack::Loaded {
            corpus: std::mem::take(&mut self.corpus),
            entities: std::mem::take(&mut self.entities),
            index: std::mem::take(&mut self.index),
            pairs: std::mem::take(&mut self.pairs),
            timeline: std::mem::take(&mut self.timeline),
            quotes: std::mem::take(&mut self.quotes),
            figures: std::mem::take(&mut self.figures),
            marks: std::mem::take(&mut self.marks),
            counts: std::mem::take(&mut self.counts),
            ranked: std::mem::take(&mut self.ranked),
            own: std::mem::take(&mut self.own),
            days: self.days.take(),
            ..crate::pack::Loaded::default()
        }
    }

    fn put_built(&mut self, l: crate::pack::Loaded) {
        self.corpus = l.corpus;
        self.entities = l.entities;
        self.index = l.index;
        self.pairs = l.pairs;
        self.timeline = l.timeline;
        self.quotes = l.quotes;
        self.figures = l.figures;
        self.marks = l.marks;
        self.counts = l.counts;
        self.ranked = l.ranked;
        self.own = l.own;
        self.days = l.days;
    }

    /// A workspace over a prebuilt index read on demand: the manifest, and
    /// `fetch` for the chunks every view needs; the rest comes in with
    /// [`Workspace::supply`] as [`Workspace::wants_search`] and the other
    /// `wants_` name it. Returns the problems of the chunks read so far.
    pub fn on_demand(
        manifest: &[u8],
        fetch: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
    ) -> Result<(Workspace, Vec<crate::pack::PackError>), crate::pack::PackError> {
        let (shelf, loaded) = crate::pack::Shelf::open(manifest, fetch)?;
        let problems = shelf.problems.clone();
        let mut w = Workspace::prebuilt(loaded);
        // The rebuild base is the whole corpus, taken once it is all read.
        if let Some(p) = w.prebuilt.as_mut() {
            p.0 = Corpus::default();
        }
        w.shelf = Some(shelf);
        Ok((w, problems))
    }

    /// Put in a chunk named by a `wants_` call: its bytes, or `None` when
    /// it could not be fetched (its contents stay stand-ins, and it is
    /// among [`Workspace::problems`]). Returns whether it was wanted.
    pub fn supply(&mut self, name: &str, bytes: Option<Vec<u8>>) -> bool {
        // The shelf is moved out while it fills the built state in.
        let Some(mut shelf) = self.shelf.take() else {
            return false;
        };
        let mut into = self.take_built();
        let took = shelf.supply(name, bytes, &mut into);
        if took {
            self.generation += 1;
        }
        let complete = shelf.is_complete();
        self.put_built(into);
        self.shelf = Some(shelf);
        if took && complete {
            if let Some(p) = self.prebuilt.as_mut() {
                p.0 = self.corpus.clone();
            }
        }
        took
    }

    /// Chunks of a prebuilt index that were missing or damaged.
    pub fn problems(&self) -> &[crate::pack::PackError] {
        self.shelf.as_ref().map_or(&[], |s| s.problems.as_slice())
    }

    /// The chunks to read before `query` can be answered in full with
    /// `limit` results shown: its terms' postings, then (asked again once
    /// those are in) the shown results' text. Empty when it can be.
    pub fn wants_search(&self, query: &str, limit: usize) -> Vec<String> {
        self.answer(query, limit).0
    }

    /// `query` answered with `limit` results as far as the chunks read so
    /// far allow, and the chunks still to read for the full answer (empty
    /// when it is complete): its terms' postings first, then, once those
    /// are in, the shown results' text. Asked again with nothing supplied
    /// meanwhile, the search is not run again.
    pub fn answer(&self, query: &str, limit: usize) -> (Vec<String>, Arc<SearchOutput>) {
        let mut kept = match self.answered.lock() {
            Ok(k) => k,
            // A panic elsewhere while it was held: the answer is only a cache.
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(a) = kept
            .as_ref()
            .filter(|a| a.generation == self.generation && a.limit == limit && a.query == query)
        {
            return (a.want.clone(), a.out.clone());
        }
        let out = Arc::new(self.search(query, limit));
        let want = match &self.shelf {
            Some(shelf) => {
                let mut needs = out.needs.clone();
                if !needs.terms.is_empty() {
                    // Which results show is known once the postings are in.
                    needs.texts.clear();
                }
                shelf.chunks_for(&needs)
            }
            None => Vec::new(),
        };
        *kept = Some(Answer {
            query: query.to_string(),
            limit,
            generation: self.generation,
            out: out.clone(),
            want: want.clone(),
        });
        (want, out)
    }

    /// The chunks to read before document `doc` can be read, with the
    /// hits of `query` in it.
    pub fn wants_document(&self, doc: usize, query: &str) -> Vec<String> {
        let Some(shelf) = &self.shelf else {
            return Vec::new();
        };
        let mut needs = crate::search::Needs {
            texts: vec![u32::try_from(doc).unwrap_or(u32::MAX)],
            ..crate::search::Needs::default()
        };
        if !query.trim().is_empty() {
            let opts = crate::search::SearchOptions {
                limit: 1,
                only: Some(doc),
                ..crate::search::SearchOptions::default()
            };
            let out = self.index.search_with(&self.corpus, query, &opts);
            needs.terms = out.needs.terms;
        }
        let mut want = shelf.chunks_for(&needs);
        // Its marks name entities: their rows, once its text says which.
        for name in shelf.entity_chunks(self.marks(doc).iter().map(|&(_, _, e)| e)) {
            if !want.contains(&name) {
                want.push(name);
            }
        }
        want
    }

    /// The chunks to read before the entity table (every entity's name,
    /// kind, aliases and counts; not their mentions) is all here: empty
    /// when it is, as for a corpus analysed in the page. A view that lists
    /// entities without their mentions asks this, not [`Workspace::wants_all`].
    pub fn wants_entities(&self) -> Vec<String> {
        self.shelf.as_ref().map_or_else(Vec::new, |s| {
            s.chunks_for(&crate::search::Needs {
                entity_table: true,
                ..crate::search::Needs::default()
            })
        })
    }

    /// Every chunk not read yet: what a view over the whole corpus (the
    /// entity table, network, timeline, quotes, an export) or a rebuild
    /// with the reader's own files needs.
    pub fn wants_all(&self) -> Vec<String> {
        self.shelf.as_ref().map_or_else(Vec::new, |s| s.unread())
    }

    /// The chunks a screen over the whole corpus needs, and no more: the
    /// entity table for all (its rows count mentions and articles); the
    /// network every entity's mentions (links come from them) and its
    /// pairs; the timeline and quotes their own pages. The entity list and
    /// the timeline read less with [`Workspace::wants_entity_list`] and
    /// [`Workspace::wants_timeline`]. No screen reads
    /// documents' text ([`Workspace::wants_texts`] reads what a list shows).
    pub fn wants_screen(&self, screen: crate::route::Screen) -> Vec<String> {
        use crate::pack::ChunkKind;
        use crate::route::Screen;
        let Some(shelf) = &self.shelf else {
            return Vec::new();
        };
        // Each names entities, so each reads the entity table.
        let kinds: &[ChunkKind] = match screen {
            Screen::Results => &[],
            Screen::Entities => &[ChunkKind::Entities],
            Screen::Network => &[ChunkKind::Entities, ChunkKind::Mentions, ChunkKind::Pairs],
            Screen::Timeline => &[ChunkKind::Entities, ChunkKind::Timeline],
            Screen::Quotes => &[ChunkKind::Entities, ChunkKind::Quotes],
        };
        kinds.iter().flat_map(|&k| shelf.unread_of(k)).collect()
    }

    /// The chunks holding the text of documents `docs` not read yet.
    pub fn wants_texts(&self, docs: &[usize]) -> Vec<String> {
        let Some(shelf) = &self.shelf else {
            return Vec::new();
        };
        let needs = crate::search::Needs {
            texts: docs
                .iter()
                .map(|&d| u32::try_from(d).unwrap_or(u32::MAX))
                .collect(),
            ..crate::search::Needs::default()
        };
        shelf.chunks_for(&needs)
    }

    /// The number of the document with id `id`.
    pub fn document_number(&self, id: &str) -> Option<usize> {
        self.ids
            .get(id)
            .copied()
            .filter(|&i| self.corpus.documents.get(i).is_some_and(|d| d.id == id))
    }

    /// Whether the explorer's own corpus came prebuilt.
    pub fn is_prebuilt(&self) -> bool {
        self.prebuilt.is_some()
    }

    /// A workspace over `files` only, as the reader's own.
    pub fn new(files: Vec<(String, Vec<u8>)>) -> Workspace {
        Workspace::new_with_limit(files, DOCUMENT_LIMIT)
    }

    /// The same, with each document analysed up to `limit` bytes of text
    /// instead of [`DOCUMENT_LIMIT`].
    pub fn new_with_limit(files: Vec<(String, Vec<u8>)>, limit: usize) -> Workspace {
        let mut w = Workspace {
            files_at: positions(&files),
            files,
            bundled: false,
            document_limit: limit,
            ..Workspace::staged(Vec::new())
        };
        w.commit();
        w
    }

    /// Add or replace a file; returns the diagnostics its parse produced.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Vec<String> {
        self.add_files(vec![(name.to_string(), bytes)])
            .pop()
            .map(|(_, d)| d)
            .unwrap_or_default()
    }

    /// Add or replace several files at once (one rebuild); returns each
    /// file's diagnostics.
    pub fn add_files(&mut self, files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<String>)> {
        let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        for (name, bytes) in files {
            self.stage(&name, bytes);
        }
        self.commit();
        names
            .into_iter()
            .map(|n| {
                let d = self.diagnostics(&n);
                (n, d)
            })
            .collect()
    }

    /// Hold a file to add or replace at the next rebuild ([`Workspace::begin`]
    /// or [`Workspace::commit`]); nothing is parsed yet.
    pub fn stage(&mut self, name: &str, bytes: Vec<u8>) {
        self.parsed.remove(name);
        match self.files_at.get(name).and_then(|&i| self.files.get_mut(i)) {
            Some(slot) => slot.1 = bytes,
            None => {
                self.files_at.insert(name.to_string(), self.files.len());
                self.files.push((name.to_string(), bytes));
            }
        }
    }

    /// Drop a file at the next rebuild; returns whether it was there.
    pub fn unstage(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|(n, _)| n != name);
        self.files_at = positions(&self.files);
        self.files.len() != before
    }

    /// Show or hide the explorer's own corpus at the next rebuild; returns
    /// whether that changes anything.
    pub fn stage_bundled(&mut self, on: bool) -> bool {
        let changed = self.bundled != on;
        self.bundled = on;
        changed
    }

    /// Take new corrections at the next rebuild; returns the lines that
    /// could not be read.
    pub fn stage_corrections(&mut self, text: &str) -> Vec<String> {
        self.corrections = Corrections::parse(text);
        self.corrections.diagnostics.clone()
    }

    /// Bytes in the files a rebuild would read now.
    pub fn source_bytes(&self) -> usize {
        let base = self.base.iter().filter(|_| self.bundled);
        let prebuilt = self.prebuilt.as_ref().filter(|_| self.bundled);
        prebuilt.map_or(0, |p| p.1) + base.chain(&self.files).map(|(_, b)| b.len()).sum::<usize>()
    }

    /// What parsing file `name` reported, once it has been parsed.
    pub fn diagnostics(&self, name: &str) -> Vec<String> {
        self.parsed
            .get(name)
            .map(|p| p.diagnostics.clone())
            .unwrap_or_default()
    }

    /// Rebuild everything staged, in one go: natively on every core
    /// ([`Workspace::commit_parallel`]), in the page one unit after another.
    pub fn commit(&mut self) {
        #[cfg(not(target_arch = "wasm32"))]
        self.commit_parallel();
        #[cfg(target_arch = "wasm32")]
        self.commit_in_steps();
    }

    /// Rebuild everything staged, one unit after another (as the page does).
    pub fn commit_in_steps(&mut self) {
        let mut job = self.begin();
        while !self.advance(&mut job, &mut || false).finished {}
    }

    /// Rebuild everything staged with the stages' work spread over the
    /// machine's cores: files parsed in parallel, then each stage's
    /// per-document work in parallel, gathered in document order between
    /// stages, so the build is the one [`Workspace::commit_in_steps`] makes.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn commit_parallel(&mut self) {
        use rayon::prelude::*;
        let mut clock = std::time::Instant::now();
        let mut times: Vec<(&'static str, f64)> = Vec::new();
        let mut lap = |stage: &'static str| {
            times.push((stage, clock.elapsed().as_secs_f64()));
            clock = std::time::Instant::now();
        };
        let mut job = self.begin();
        // Each name once: a later file of the same name is the same bytes.
        let mut seen = std::collections::HashSet::new();
        let todo: Vec<&String> = job
            .sources
            .iter()
            .filter(|n| !self.parsed.contains_key(*n) && seen.insert(*n))
            .collect();
        let limit = self.document_limit;
        let fresh: Vec<ParsedFile> = todo
            .par_iter()
            .filter_map(|n| {
                let mut parsed = corpus::parse(n, self.source(n)?);
                cut_long(&mut parsed, limit);
                Some(parsed)
            })
            .collect();
        for parsed in fresh {
            self.parsed.insert(parsed.name.clone(), parsed);
        }
        for name in &job.sources {
            if let Some(p) = self.parsed.get(name) {
                job.corpus.add(p.clone());
            }
        }
        lap("parse");
        let corpus = &job.corpus;
        job.extraction.run(corpus);
        let x = std::mem::take(&mut job.extraction);
        let entities = x.finish(corpus, &self.corrections);
        lap("entities");
        let docs = corpus.documents.len();
        // In slices, so the analyses waiting to be added stay small.
        const SLICE: usize = 512;
        let mut builder = IndexBuilder::new(&entities);
        for from in (0..docs).step_by(SLICE) {
            let done: Vec<_> = (from..docs.min(from + SLICE))
                .into_par_iter()
                .map(|d| builder.analyze_doc(corpus, &entities, d))
                .collect();
            for a in done.into_iter().flatten() {
                builder.add_analyzed(a);
            }
        }
        lap("index");
        let f = crate::events::mentions_by_field(&entities);
        type Linked = (
            HashMap<(usize, usize), Together>,
            Vec<crate::events::Event>,
            Vec<crate::events::Quote>,
            Vec<crate::events::Figure>,
        );
        let linked: Vec<Linked> = (0..docs)
            .into_par_iter()
            .map(|d| {
                let mut l: Linked = Default::default();
                explore::cooccurrence_of(corpus, &f, d, &mut l.0);
                crate::events::timeline_of(corpus, &entities, &f, d, &mut l.1);
                crate::events::quotes_of(corpus, &entities, &f, d, &mut l.2);
                crate::events::figures_of(corpus, &f, d, &mut l.3);
                l
            })
            .collect();
        for (pairs, timeline, quotes, figures) in linked {
            for (k, t) in pairs {
                let e = job.pairs.entry(k).or_default();
                e.sentences += t.sentences;
                e.paragraphs += t.paragraphs;
            }
            job.timeline.extend(timeline);
            job.quotes.extend(quotes);
            job.figures.extend(figures);
        }
        lap("links");
        job.entities = entities;
        job.index = Some(builder);
        job.stage = Stage::Done;
        self.install(&mut job);
        lap("install");
        self.stage_secs = times;
    }

    /// Start a rebuild over the files as staged now. Run it with
    /// [`Workspace::advance`]; until it finishes, the workspace keeps
    /// answering from the last complete build.
    pub fn begin(&self) -> Rebuild {
        let base = self.base.iter().filter(|_| self.bundled);
        Rebuild {
            sources: base.chain(&self.files).map(|(n, _)| n.clone()).collect(),
            stage: Stage::Parse,
            next: 0,
            parsing: None,
            read: (0, 0),
            found: (0, 0),
            corpus: self
                .prebuilt
                .as_ref()
                .filter(|_| self.bundled)
                .map(|p| p.0.clone())
                .unwrap_or_default(),
            extraction: Extraction::default(),
            entities: EntitySet::default(),
            index: None,
            by_field: Default::default(),
            pairs: HashMap::new(),
            timeline: Vec::new(),
            quotes: Vec::new(),
            figures: Vec::new(),
        }
    }

    /// Step the rebuild held in `job` (a new one when it holds none) until
    /// `out_of_time`: the one loop the page and the `Explorer` API share.
    /// `job` keeps the rebuild while it is unfinished and is emptied once
    /// the new build is installed.
    pub fn step(
        &mut self,
        job: &mut Option<Rebuild>,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> Progress {
        let mut j = job.take().unwrap_or_else(|| self.begin());
        let p = self.advance(&mut j, out_of_time);
        if !p.finished {
            *job = Some(j);
        }
        p
    }

    /// Do the next units of `job` (a slice of a file's blocks to read, or a
    /// document to read for entities, index or links) until `out_of_time`
    /// says stop, at least one. When the last unit is done, the new build
    /// replaces the old; a finished job does nothing more.
    pub fn advance(
        &mut self,
        job: &mut Rebuild,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> Progress {
        if job.stage == Stage::Done {
            return job.progress();
        }
        loop {
            self.unit(job);
            if job.stage == Stage::Done {
                self.install(job);
                return job.progress();
            }
            if out_of_time() {
                return job.progress();
            }
        }
    }

    fn unit(&mut self, job: &mut Rebuild) {
        let docs = job.corpus.documents.len();
        match job.stage {
            Stage::Parse => {
                // A file being read goes on a slice of its blocks at a time.
                if let Some(p) = job.parsing.as_mut() {
                    if let Some(read) = p.step(BLOCKS_PER_UNIT) {
                        job.read = read;
                        return;
                    }
                }
                if let Some(p) = job.parsing.take() {
                    let mut parsed = p.finish();
                    cut_long(&mut parsed, self.document_limit);
                    self.parsed.insert(parsed.name.clone(), parsed.clone());
                    job.corpus.add(parsed);
                    job.read = (0, 0);
                    return;
                }
                let Some(name) = job.sources.get(job.next) else {
                    job.stage = Stage::Entities;
                    job.next = 0;
                    return;
                };
                job.next += 1;
                if let Some(p) = self.parsed.get(name) {
                    job.corpus.add(p.clone());
                } else if let Some(bytes) = self.source(name) {
                    job.parsing = Some(corpus::Parsing::new(name, bytes));
                }
            }
            Stage::Entities => {
                if let Some(found) = job.extraction.step(&job.corpus) {
                    job.found = found;
                } else {
                    let x = std::mem::take(&mut job.extraction);
                    job.entities = x.finish(&job.corpus, &self.corrections);
                    job.index = Some(IndexBuilder::new(&job.entities));
                    job.stage = Stage::Index;
                    job.next = 0;
                }
            }
            Stage::Index => match job.index.as_mut() {
                Some(b) if job.next < docs => {
                    b.add(&job.corpus, &job.entities, job.next);
                    job.next += 1;
                }
                _ => {
                    job.by_field = crate::events::mentions_by_field(&job.entities);
                    job.stage = Stage::Events;
                    job.next = 0;
                }
            },
            Stage::Events => {
                if job.next < docs {
                    let d = job.next;
                    let (c, f) = (&job.corpus, &job.by_field);
                    explore::cooccurrence_of(c, f, d, &mut job.pairs);
                    crate::events::timeline_of(c, &job.entities, f, d, &mut job.timeline);
                    crate::events::quotes_of(c, &job.entities, f, d, &mut job.quotes);
                    crate::events::figures_of(c, f, d, &mut job.figures);
                    job.next += 1;
                } else {
                    job.stage = Stage::Done;
                }
            }
            Stage::Done => {}
        }
    }

    /// Put a finished build in place of the last one.
    fn install(&mut self, job: &mut Rebuild) {
        self.generation += 1;
        self.overview = Mutex::new(None);
        let entities = std::mem::take(&mut job.entities);
        if let Some(b) = job.index.take() {
            self.index = b.finish(&entities);
        }
        self.marks = marks_of(&entities);
        self.entities = entities;
        self.corpus = std::mem::take(&mut job.corpus);
        self.ids = ids_of(&self.corpus);
        self.pairs = std::mem::take(&mut job.pairs);
        self.timeline = std::mem::take(&mut job.timeline);
        crate::events::sort_timeline(&mut self.timeline);
        self.quotes = std::mem::take(&mut job.quotes);
        self.figures = std::mem::take(&mut job.figures);
        // A build has every list whole: the prebuilt index's summaries of
        // them would be stale.
        self.counts = Vec::new();
        self.ranked.clear();
        self.own.clear();
        self.days = None;
        let sources: std::collections::HashSet<&String> = job.sources.iter().collect();
        self.parsed.retain(|name, _| sources.contains(name));
    }

    /// Replace the reader's corrections (text, one command a line); returns
    /// the lines that could not be read.
    pub fn set_corrections(&mut self, text: &str) -> Vec<String> {
        let said = self.stage_corrections(text);
        self.commit();
        said
    }

    /// The first screen's summary of the corpus: at hand for a prebuilt
    /// index (nothing more is read for it), computed once per build else.
    pub fn overview(&self) -> Arc<crate::explore::overview::Overview> {
        let mut kept = match self.overview.lock() {
            Ok(k) => k,
            // A panic elsewhere while it was held: it is only a cache.
            Err(poisoned) => poisoned.into_inner(),
        };
        kept.get_or_insert_with(|| {
            Arc::new(crate::explore::overview::overview(
                &self.corpus,
                &self.entities,
                &self.timeline,
                self.quotes.len(),
            ))
        })
        .clone()
    }

    /// Entity mentions in document `doc`, in reading order.
    pub fn marks(&self, doc: usize) -> &[Marked] {
        self.marks.get(&doc).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Remove a file; returns whether it was there.
    pub fn remove_file(&mut self, name: &str) -> bool {
        let removed = self.unstage(name);
        if removed {
            self.commit();
        }
        removed
    }

    /// Show or hide the explorer's own corpus.
    pub fn set_bundled(&mut self, on: bool) {
        if self.stage_bundled(on) {
            self.commit();
        }
    }

    pub fn has_bundled(&self) -> bool {
        self.bundled
    }

    /// The user's files, in the order they were added.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(n, _)| n.as_str())
    }

    /// How many documents file `name` gave.
    pub fn document_count(&self, name: &str) -> usize {
        self.corpus
            .files
            .iter()
            .find(|f| f.name == name)
            .map_or(0, |f| f.documents.len())
    }

    /// What adding the files `added` came to, for the reader: per file
    /// "Added notes.txt: 3 documents." with what reading it noted, or "Not
    /// added: …" with why when it gave nothing (never both), and the
    /// documents in all when there were several files.
    pub fn added_note(&self, added: &[String]) -> String {
        let mut said: Vec<String> = Vec::new();
        for name in added {
            let notes = self.diagnostics(name);
            let line = match self.document_count(name) {
                0 if notes.is_empty() => format!("Not added: {name} holds no text."),
                0 => format!("Not added: {}.", notes.join(" ").trim_end_matches('.')),
                n => {
                    let mut line = format!(
                        "Added {name}: {}.",
                        crate::explore::counted(n, "document", "documents")
                    );
                    for d in notes {
                        line.push(' ');
                        line.push_str(&d);
                    }
                    line
                }
            };
            said.push(line);
        }
        if added.len() > 1 {
            said.push(format!(
                "{} in all.",
                crate::explore::counted(self.corpus.documents.len(), "document", "documents")
            ));
        }
        said.join(" ")
    }

    pub fn source(&self, name: &str) -> Option<&[u8]> {
        let base = self
            .base_at
            .get(name)
            .filter(|_| self.bundled)
            .and_then(|&i| self.base.get(i));
        base.or_else(|| self.files_at.get(name).and_then(|&i| self.files.get(i)))
            .map(|(_, b)| b.as_slice())
    }

    pub fn search(&self, query: &str, limit: usize) -> SearchOutput {
        self.index.search(&self.corpus, query, limit)
    }

    /// Every hit of `query` in document `doc`, in reading order.
    pub fn hits_in(&self, doc: usize, query: &str) -> Vec<Hit> {
        let opts = crate::search::SearchOptions {
            limit: 1,
            only: Some(doc),
            ..crate::search::SearchOptions::default()
        };
        self.index
            .search_with(&self.corpus, query, &opts)
            .results
            .into_iter()
            .find(|r| r.doc == doc)
            .map(|r| r.hits)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_files_join_and_leave_the_search_and_the_bundled_corpus_can_hide() {
        let mut ws = Workspace::bundled();
        let seed_docs = ws.corpus.documents.len();
        assert!(seed_docs >= 1);
        ws.add_file(
            "notes.txt",
            "Zarafshan valley notes.\n\nMore about Zarafshan.".into(),
        );
        assert_eq!(ws.search("Zarafshan", 10).total, 1);
        assert_eq!(ws.corpus.documents.len(), seed_docs + 1);
        ws.set_bundled(false);
        assert_eq!(ws.search("Yuldash", 10).total, 0);
        assert_eq!(ws.search("Zarafshan", 10).total, 1);
        assert!(ws.remove_file("notes.txt"));
        assert!(!ws.remove_file("notes.txt"));
        assert!(ws.corpus.documents.is_empty());
        ws.set_bundled(true);
        assert!(ws.search("Yuldash", 10).total >= 1);
    }
}

#[cfg(test)]
mod steps {
    use super::*;
    use crate::search::Index;

    /// The seed plus every page of the corpus tests, as a reader's files.
    fn pages() -> Vec<(String, Vec<u8>)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
        let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                Some((name, std::fs::read(e.path()).ok()?))
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_rebuild_in_steps_equals_one_in_one_go_and_the_old_build_answers_meanwhile() {
        let mut ws = Workspace::bundled();
        let seed_docs = ws.corpus.documents.len();
        let seed_hits = ws.search("Yuldash", 10).total;
        assert!(seed_hits > 0);
        let files = pages();
        assert!(files.len() >= 10, "the test pages are missing");
        for (name, bytes) in &files {
            ws.stage(name, bytes.clone());
        }
        let mut job = ws.begin();
        assert_eq!(job.progress().done, 0.0);
        let (mut steps, mut last) = (0, 0.0);
        let mut doing = Vec::new();
        loop {
            // Out of time after every unit: the smallest steps there are.
            let p = ws.advance(&mut job, &mut || true);
            steps += 1;
            assert!(p.done >= last, "progress went back: {last} then {}", p.done);
            last = p.done;
            if !doing.contains(&p.doing) {
                doing.push(p.doing.clone());
            }
            if p.finished {
                break;
            }
            assert_eq!(ws.corpus.documents.len(), seed_docs);
            assert_eq!(ws.search("Yuldash", 10).total, seed_hits);
        }
        assert!((last - 1.0).abs() < 1e-9);
        let docs = ws.corpus.documents.len();
        // Advancing a finished job again changes nothing.
        assert!(ws.advance(&mut job, &mut || true).finished);
        assert_eq!(ws.corpus.documents.len(), docs);
        assert!(docs > seed_docs + files.len() / 2);
        // A unit is a file or a document: 1 + files to read, 3 passes for
        // entities, then index and links.
        assert!(
            steps > files.len() + 5 * docs,
            "{steps} steps for {docs} documents"
        );
        for stage in ["Reading ", "Finding entities", "Indexing", "Linking"] {
            assert!(doing.iter().any(|d| d.starts_with(stage)), "{doing:?}");
        }

        let mut all = vec![corpus::bundled_file()];
        all.extend(files);
        let corpus = Corpus::from_files(all);
        let set = crate::entities::extract(&corpus);
        assert_eq!(format!("{:?}", ws.corpus), format!("{corpus:?}"));
        assert_eq!(format!("{:?}", ws.entities), format!("{set:?}"));
        assert_eq!(ws.pairs, explore::cooccurrence(&corpus, &set));
        assert_eq!(ws.timeline, crate::events::timeline(&corpus, &set));
        assert_eq!(ws.quotes, crate::events::quotes(&corpus, &set));
        assert_eq!(ws.figures, crate::events::figures(&corpus, &set));
        let index = Index::build(&corpus, &set);
        for q in [
            "Taliban",
            "\"Central Asia\"",
            "kind:person",
            "Lagos OR Tashkent",
            "imu",
        ] {
            let (a, b) = (ws.search(q, 50), index.search(&corpus, q, 50));
            assert_eq!(
                format!("{:?}", a.results),
                format!("{:?}", b.results),
                "{q}"
            );
        }
    }

    #[test]
    fn a_build_on_every_core_equals_one_unit_after_another() {
        let mut files = vec![corpus::bundled_file()];
        files.extend(pages());
        // A name given twice, an empty file and a binary one.
        files.push((
            "notes.txt".into(),
            b"Kabul notes.\n\nMore about Kabul.".to_vec(),
        ));
        files.push(("notes.txt".into(), b"Herat notes.".to_vec()));
        files.push(("empty.txt".into(), Vec::new()));
        files.push(("blob.bin".into(), vec![0, 159, 146, 150, 0, 1, 2]));
        let parallel = Workspace::new(files.clone());
        // The same files as `new` holds them, built one unit after another.
        let mut steps = Workspace {
            files_at: positions(&files),
            files,
            bundled: false,
            ..Workspace::staged(Vec::new())
        };
        steps.commit_in_steps();
        assert!(parallel.corpus.documents.len() > 20);
        assert_eq!(
            format!("{:?}", parallel.corpus),
            format!("{:?}", steps.corpus)
        );
        assert_eq!(
            format!("{:?}", parallel.entities),
            format!("{:?}", steps.entities)
        );
        // The index's ordered parts (its maps print in no set order).
        let (a, b) = (&parallel.index, &steps.index);
        assert_eq!(a.terms, b.terms);
        assert_eq!(a.postings, b.postings);
        assert_eq!(format!("{:?}", a.docs), format!("{:?}", b.docs));
        assert_eq!(format!("{:?}", a.avg_len), format!("{:?}", b.avg_len));
        assert_eq!(a.acronyms, b.acronyms);
        assert_eq!(a.forms(), b.forms());
        assert_eq!(parallel.pairs, steps.pairs);
        assert_eq!(parallel.timeline, steps.timeline);
        assert_eq!(parallel.quotes, steps.quotes);
        assert_eq!(parallel.figures, steps.figures);
        for d in 0..parallel.corpus.documents.len() {
            assert_eq!(parallel.marks(d), steps.marks(d));
        }
        for q in ["Taliban", "\"Central Asia\"", "kind:person", "said", "imu"] {
            let json = |w: &Workspace| {
                let out = w.search(q, 50);
                let wire = crate::search::wire::SearchJson::new(&w.corpus, &out, |n| w.source(n));
                serde_json::to_string(&wire).unwrap_or_default()
            };
            let (a, b) = (json(&parallel), json(&steps));
            assert!(a.len() > 20, "{q}: {a}");
            assert_eq!(a, b, "{q}");
        }
    }

    #[test]
    fn a_job_started_over_keeps_the_files_it_already_read() {
        let mut ws = Workspace::new(Vec::new());
        ws.stage("a.txt", b"Kabul notes.\n\nMore about Kabul.".to_vec());
        let mut job = ws.begin();
        // Open the file, read its blocks, segment it: three units.
        for _ in 0..3 {
            ws.advance(&mut job, &mut || true);
        }
        assert!(ws.parsed.contains_key("a.txt"));
        assert!(ws.corpus.documents.is_empty(), "not installed yet");
        // A second file arrives mid-job: the page starts a new one.
        ws.stage("b.txt", b"Herat notes.".to_vec());
        let mut job = ws.begin();
        while !ws.advance(&mut job, &mut || false).finished {}
        assert_eq!(ws.search("Kabul", 10).total, 1);
        assert_eq!(ws.search("Herat", 10).total, 1);
        // Removing a file, hiding nothing else, drops it from the cache too.
        assert!(ws.unstage("a.txt"));
        ws.commit();
        assert_eq!(ws.search("Kabul", 10).total, 0);
        assert!(!ws.parsed.contains_key("a.txt"));
    }
}

#[cfg(test)]
mod adding {
    use super::*;

    /// Step with the smallest slices until the rebuild is installed.
    fn settle(ws: &mut Workspace) -> usize {
        let mut job = None;
        let mut steps = 0;
        loop {
            steps += 1;
            if ws.step(&mut job, &mut || true).finished {
                assert!(job.is_none(), "a finished rebuild is not kept");
                return steps;
            }
            assert!(job.is_some(), "an unfinished rebuild is kept");
        }
    }

    #[test]
    fn stepping_installs_the_rebuild_and_then_forgets_it() {
        let mut ws = Workspace::bundled();
        ws.stage(
            "notes.txt",
            b"Notes\n\nThe Zarafshan valley in spring.".to_vec(),
        );
        assert_eq!(ws.search("Zarafshan", 10).total, 0, "staged, not built");
        assert!(settle(&mut ws) > 1, "one unit per step");
        assert_eq!(ws.search("Zarafshan", 10).total, 1);
    }

    #[test]
    fn the_note_says_what_each_file_gave_and_why_one_gave_nothing() {
        let mut ws = Workspace::bundled();
        let seed = ws.corpus.documents.len();
        ws.stage(
            "notes.txt",
            b"Notes\n\nThe Zarafshan valley in spring.".to_vec(),
        );
        ws.stage("empty.txt", Vec::new());
        ws.stage(
            "photo.md",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0],
        );
        settle(&mut ws);
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ws.added_note(&names(&["notes.txt"])),
            "Added notes.txt: 1 document."
        );
        assert_eq!(
            ws.added_note(&names(&["empty.txt"])),
            "Not added: empty.txt: empty file."
        );
        let binary = ws.added_note(&names(&["photo.md"]));
        assert!(binary.starts_with("Not added: "), "{binary}");
        assert!(!binary.contains("Added"), "{binary}");
        assert_eq!(
            ws.added_note(&names(&["notes.txt", "empty.txt"])),
            format!(
                "Added notes.txt: 1 document. Not added: empty.txt: empty file. {} documents in all.",
                seed + 1
            )
        );
    }
}

#[cfg(test)]
mod answers {
    use super::*;

    #[test]
    fn a_query_asked_again_is_not_searched_again_until_something_changes() {
        let mut ws = Workspace::bundled();
        let (want, first) = ws.answer("Taliban", 20);
        assert!(want.is_empty(), "a built workspace lacks nothing");
        assert!(first.total > 0);
        let (_, again) = ws.answer("Taliban", 20);
        assert!(Arc::ptr_eq(&first, &again), "searched twice");
        // Another limit or query is another answer.
        assert!(!Arc::ptr_eq(&first, &ws.answer("Taliban", 5).1));
        assert!(!Arc::ptr_eq(&first, &ws.answer("Taliban", 20).1));
        let before = ws.answer("Zarafshan", 20).1;
        assert_eq!(before.total, 0);
        ws.add_file("notes.txt", b"Zarafshan valley notes.".to_vec());
        let after = ws.answer("Zarafshan", 20).1;
        assert_eq!(after.total, 1, "a new build is a new answer");
        assert_eq!(
            ws.document_number(&ws.corpus.documents[0].id.clone()),
            Some(0)
        );
        let last = ws.corpus.documents.len() - 1;
        let id = ws.corpus.documents[last].id.clone();
        assert_eq!(ws.document_number(&id), Some(last));
        assert_eq!(ws.document_number("no such id"), None);
    }
}
