//! A corpus with its entities and index, kept in step: what the page and
//! the exported API hold between calls.

use crate::corpus::{self, Corpus};
use crate::entities::{self, EntitySet};
use crate::search::{Hit, Index, SearchOutput};

/// The files of a session, parsed, with entities and an index over them.
pub struct Workspace {
    files: Vec<(String, Vec<u8>)>,
    pub corpus: Corpus,
    pub entities: EntitySet,
    pub index: Index,
}

impl Workspace {
    /// A workspace over the bundled corpus.
    pub fn bundled() -> Workspace {
        Workspace::new(vec![(
            corpus::BUNDLED_NAME.to_string(),
            corpus::BUNDLED.to_vec(),
        )])
    }

    pub fn new(files: Vec<(String, Vec<u8>)>) -> Workspace {
        let mut w = Workspace {
            files,
            corpus: Corpus::default(),
            entities: EntitySet::default(),
            index: Index::default(),
        };
        w.rebuild();
        w
    }

    /// Add or replace a file; returns the diagnostics its parse produced.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Vec<String> {
        match self.files.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = bytes,
            None => self.files.push((name.to_string(), bytes)),
        }
        self.rebuild();
        self.corpus
            .files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.diagnostics.clone())
            .unwrap_or_default()
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

    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(n, _)| n.as_str())
    }

    pub fn source(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
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
        self.corpus = Corpus::from_files(self.files.iter().cloned());
        self.entities = entities::extract(&self.corpus);
        self.index = Index::build(&self.corpus, &self.entities);
    }
}
