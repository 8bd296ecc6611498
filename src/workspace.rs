//! A corpus with its entities and index, kept in step: what the page and
//! the exported API hold between calls.

use crate::corpus::{self, Corpus, ParsedFile};
use crate::entities::{self, Corrections, EntitySet};
use crate::explore::{self, Together};
use crate::search::{Hit, Index, SearchOutput};
use crate::span::Span;
use std::collections::HashMap;

/// An entity mention as the reading view needs it: field, span, entity.
pub type Marked = (usize, Span, usize);

/// The files of a session, parsed, with entities and an index over them.
pub struct Workspace {
    /// The explorer's own corpus: the bundled seed, or the corpus a built
    /// explorer or an embedder gave it.
    base: Vec<(String, Vec<u8>)>,
    /// The user's own files, added in the page.
    files: Vec<(String, Vec<u8>)>,
    /// Whether the base corpus is part of the session (a reader may hide it).
    bundled: bool,
    /// Parsed files by name, so a change re-parses only what changed.
    parsed: HashMap<String, ParsedFile>,
    /// The reader's corrections to the entities.
    corrections: Corrections,
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
}

impl Workspace {
    /// A workspace over the bundled corpus.
    pub fn bundled() -> Workspace {
        Workspace::with_base(vec![(
            corpus::BUNDLED_NAME.to_string(),
            corpus::BUNDLED.to_vec(),
        )])
    }

    /// A workspace whose own corpus is `base` (shown unless hidden).
    pub fn with_base(base: Vec<(String, Vec<u8>)>) -> Workspace {
        let mut w = Workspace::new(Vec::new());
        w.base = base;
        w.bundled = true;
        w.rebuild();
        w
    }

    /// A workspace over `files` only, as the reader's own.
    pub fn new(files: Vec<(String, Vec<u8>)>) -> Workspace {
        let mut w = Workspace {
            base: Vec::new(),
            files,
            bundled: false,
            parsed: HashMap::new(),
            corrections: Corrections::default(),
            pairs: HashMap::new(),
            marks: HashMap::new(),
            timeline: Vec::new(),
            quotes: Vec::new(),
            figures: Vec::new(),
            corpus: Corpus::default(),
            entities: EntitySet::default(),
            index: Index::default(),
        };
        w.rebuild();
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
        let said: Vec<(String, Vec<String>)> = files
            .into_iter()
            .map(|(name, bytes)| {
                let d = self.stage(&name, bytes);
                (name, d)
            })
            .collect();
        self.commit();
        said
    }

    /// Parse a file and hold it, without rebuilding entities and index yet:
    /// a long import stages files one at a time (yielding in between), then
    /// commits once. Returns the file's diagnostics.
    pub fn stage(&mut self, name: &str, bytes: Vec<u8>) -> Vec<String> {
        let parsed = corpus::parse(name, &bytes);
        let diagnostics = parsed.diagnostics.clone();
        self.parsed.insert(name.to_string(), parsed);
        match self.files.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = bytes,
            None => self.files.push((name.to_string(), bytes)),
        }
        diagnostics
    }

    /// Rebuild the corpus, entities and index after staging.
    pub fn commit(&mut self) {
        self.rebuild();
    }

    /// Replace the reader's corrections (text, one command a line); returns
    /// the lines that could not be read.
    pub fn set_corrections(&mut self, text: &str) -> Vec<String> {
        self.corrections = Corrections::parse(text);
        self.rebuild_entities();
        self.corrections.diagnostics.clone()
    }

    /// Entity mentions in document `doc`, in reading order.
    pub fn marks(&self, doc: usize) -> &[Marked] {
        self.marks.get(&doc).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Remove a file; returns whether it was there.
    pub fn remove_file(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|(n, _)| n != name);
        let removed = self.files.len() != before;
        if removed {
            self.rebuild();
        }
        removed
    }

    /// Show or hide the explorer's own corpus.
    pub fn set_bundled(&mut self, on: bool) {
        if self.bundled != on {
            self.bundled = on;
            self.rebuild();
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

    pub fn source(&self, name: &str) -> Option<&[u8]> {
        let base = self.base.iter().filter(|_| self.bundled);
        base.chain(&self.files)
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }

    pub fn search(&self, query: &str, limit: usize) -> SearchOutput {
        self.index.search(&self.corpus, query, limit)
    }

    /// Every hit of `query` in document `doc`, in reading order.
    pub fn hits_in(&self, doc: usize, query: &str) -> Vec<Hit> {
        self.index
            .search(&self.corpus, query, usize::MAX)
            .results
            .into_iter()
            .find(|r| r.doc == doc)
            .map(|r| r.hits)
            .unwrap_or_default()
    }

    fn rebuild(&mut self) {
        let base = self.base.iter().filter(|_| self.bundled);
        let mut corpus = Corpus::default();
        let mut kept = HashMap::new();
        for (name, bytes) in base.chain(&self.files) {
            let parsed = match self.parsed.remove(name) {
                Some(p) => p,
                None => corpus::parse(name, bytes),
            };
            corpus.add(parsed.clone());
            kept.insert(name.clone(), parsed);
        }
        self.parsed = kept;
        self.corpus = corpus;
        self.rebuild_entities();
    }

    fn rebuild_entities(&mut self) {
        self.entities = entities::extract_with(&self.corpus, &self.corrections);
        self.index = Index::build(&self.corpus, &self.entities);
        self.pairs = explore::cooccurrence(&self.corpus, &self.entities);
        let mut marks: HashMap<usize, Vec<Marked>> = HashMap::new();
        for (i, e) in self.entities.entities.iter().enumerate() {
            for m in &e.mentions {
                marks.entry(m.doc).or_default().push((m.field, m.span, i));
            }
        }
        for list in marks.values_mut() {
            list.sort_by_key(|&(f, s, _)| (f, s.start, std::cmp::Reverse(s.end)));
        }
        self.marks = marks;
        self.timeline = crate::events::timeline(&self.corpus, &self.entities);
        self.quotes = crate::events::quotes(&self.corpus, &self.entities);
        self.figures = crate::events::figures(&self.corpus, &self.entities);
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
