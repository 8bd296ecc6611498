//! What the entity list, an entity's page and the timeline show, and the
//! chunks of a prebuilt index each needs: computed here, natively tested,
//! and only drawn by the page. Over an index read on demand each view
//! reads its own small chunks (the list's first page by rank, the
//! entity's own quotes and figures, the timeline's counts by date and the
//! page of the range on screen), and the same answer comes from the whole
//! lists once they are in or when the corpus was analysed in the page.

use super::Workspace;
use crate::entities::{EntityKind, Mention};
use crate::events::period::{self, Axis, Period};
use crate::events::{Event, Figure, Quote};
use crate::explore::{self, EntityRow, ON_ENTITY_PAGE};
use crate::pack::{ChunkKind, Manifest};
use std::sync::Arc;

/// The entity list as shown: its first rows in the chosen order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityList {
    /// The first rows asked for, in order.
    pub rows: Vec<EntityRow>,
    /// Entities the filter keeps.
    pub total: usize,
    /// Of those, how many of each kind there are, in [`EntityKind::ALL`]
    /// order (kinds with none left out).
    pub kinds: Vec<(EntityKind, usize)>,
}

/// The timeline as shown for a period (the whole of it when `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineView {
    pub axis: Axis,
    /// Events the period (and filter) holds.
    pub total: usize,
    /// The numbers of the first events listed, in order: look each up with
    /// [`Workspace::event`].
    pub listed: Vec<usize>,
}

impl Workspace {
    /// Whether every chunk of `kind` is in (always, for a corpus analysed
    /// in the page).
    fn whole(&self, kind: ChunkKind) -> bool {
        self.shelf
            .as_ref()
            .is_none_or(|s| s.unread_of(kind).is_empty())
    }

    /// Entity `i`'s mentions and the articles they are in: from its
    /// mentions when they are in, else from the prebuilt entity table.
    pub fn entity_counts(&self, i: usize) -> (usize, usize) {
        match self.entities.entities.get(i) {
            Some(e) if self.shelf.is_none() || !e.mentions.is_empty() => explore::counts_of(e),
            _ => self
                .counts
                .get(i)
                .map_or((0, 0), |&(m, a)| (m as usize, a as usize)),
        }
    }

    /// The entity table in its first order (most mentioned, then name),
    /// sorted once per change of what is read.
    fn table(&self) -> Arc<Vec<EntityRow>> {
        let mut kept = match self.table.lock() {
            Ok(k) => k,
            // A panic elsewhere while it was held: it is only a cache.
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((g, t)) = kept.as_ref() {
            if *g == self.generation {
                return t.clone();
            }
        }
        let t = Arc::new(explore::table_by(&self.entities, |i| self.entity_counts(i)));
        *kept = Some((self.generation, t.clone()));
        t
    }

    /// The entities of the list's first order read so far by rank, from
    /// the first, as long as the pages join up.
    fn ranked_prefix(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for (&first, ids) in &self.ranked {
            if first as usize != out.len() {
                break;
            }
            out.extend(ids.iter().map(|&e| e as usize));
        }
        out
    }

    /// The entity list: the entities whose name or alias holds `filter`
    /// (folded), most mentioned first or by name, the first `listed` of
    /// them with how many there are of each kind. Unfiltered in its first
    /// order over an index read on demand, it comes from the list's pages
    /// by rank and the manifest's counts, not the whole table.
    pub fn entity_list(&self, filter: &str, by_name: bool, listed: usize) -> EntityList {
        let needle = crate::text::fold(filter);
        let set = &self.entities;
        if needle.is_empty() && !by_name && !self.whole(ChunkKind::Entities) {
            if let Some(shelf) = &self.shelf {
                let ranked = self.ranked_prefix();
                let total = set.entities.len();
                if ranked.len() >= listed.min(total) {
                    let kinds = EntityKind::ALL
                        .iter()
                        .filter_map(|&k| {
                            let n = shelf
                                .manifest
                                .stats
                                .kinds
                                .iter()
                                .find(|(name, _)| name == k.name())
                                .map_or(0, |(_, n)| *n as usize);
                            (n > 0).then_some((k, n))
                        })
                        .collect();
                    let rows = ranked
                        .into_iter()
                        .take(listed)
                        .map(|e| {
                            let (mentions, articles) = self.entity_counts(e);
                            EntityRow {
                                entity: e,
                                mentions,
                                articles,
                            }
                        })
                        .collect();
                    return EntityList { rows, total, kinds };
                }
            }
        }
        let table = self.table();
        let mut rows: Vec<EntityRow> = table
            .iter()
            .filter(|r| {
                needle.is_empty()
                    || set.entities.get(r.entity).is_some_and(|e| {
                        crate::text::fold(&e.name).contains(&needle)
                            || e.aliases
                                .iter()
                                .any(|a| crate::text::fold(a).contains(&needle))
                    })
            })
            .cloned()
            .collect();
        if by_name {
            let name = |r: &EntityRow| {
                set.entities
                    .get(r.entity)
                    .map(|e| crate::text::fold(&e.name))
                    .unwrap_or_default()
            };
            rows.sort_by_cached_key(name);
        }
        let mut per = [0usize; EntityKind::ALL.len()];
        for r in &rows {
            if let Some(k) = set.entities.get(r.entity).map(|e| e.kind) {
                if let Some(n) = EntityKind::ALL
                    .iter()
                    .position(|&x| x == k)
                    .and_then(|p| per.get_mut(p))
                {
                    *n += 1;
                }
            }
        }
        let kinds = EntityKind::ALL
            .iter()
            .zip(per)
            .filter(|(_, n)| *n > 0)
            .map(|(&k, n)| (k, n))
            .collect();
        let total = rows.len();
        rows.truncate(listed);
        EntityList { rows, total, kinds }
    }

    /// The chunks [`Workspace::entity_list`] needs: unfiltered in its first
    /// order, the pages by rank of its first `listed` rows; else (or when
    /// such a page cannot be read) the whole entity table.
    pub fn wants_entity_list(&self, filter: &str, by_name: bool, listed: usize) -> Vec<String> {
        let Some(shelf) = &self.shelf else {
            return Vec::new();
        };
        if self.whole(ChunkKind::Entities) {
            return Vec::new();
        }
        if crate::text::fold(filter).is_empty() && !by_name {
            let m = &shelf.manifest;
            let n = listed.min(self.entities.entities.len());
            let pages: Vec<&crate::pack::RangeRef> =
                m.ranked.iter().filter(|r| (r.first as usize) < n).collect();
            let covered: usize = pages.iter().map(|r| r.count as usize).sum();
            let lost = pages
                .iter()
                .any(|r| shelf.has_read(&r.chunk.name) && !self.ranked.contains_key(&r.first));
            if covered >= n && !lost {
                return pages
                    .iter()
                    .filter(|r| !shelf.has_read(&r.chunk.name))
                    .map(|r| r.chunk.name.clone())
                    .collect();
            }
        }
        shelf.unread_of(ChunkKind::Entities)
    }

    /// The first [`ON_ENTITY_PAGE`] quotes of entity `i` (as the speaker),
    /// in corpus order, and how many it has.
    pub fn entity_quotes(&self, i: usize) -> (Vec<Quote>, usize) {
        if self.whole(ChunkKind::Quotes) {
            let all: Vec<&Quote> = self
                .quotes
                .iter()
                .filter(|q| q.speaker == Some(i))
                .collect();
            let shown = all.iter().take(ON_ENTITY_PAGE).map(|q| (*q).clone());
            return (shown.collect(), all.len());
        }
        self.own
            .get(&i)
            .map(|o| (o.quote_rows.clone(), o.quotes))
            .unwrap_or_default()
    }

    /// The first [`ON_ENTITY_PAGE`] figures given for entity `i`, in corpus
    /// order, and how many it has.
    pub fn entity_figures(&self, i: usize) -> (Vec<Figure>, usize) {
        if self.whole(ChunkKind::Figures) {
            let all: Vec<&Figure> = self
                .figures
                .iter()
                .filter(|f| f.entity == Some(i))
                .collect();
            let shown = all.iter().take(ON_ENTITY_PAGE).map(|f| (*f).clone());
            return (shown.collect(), all.len());
        }
        self.own
            .get(&i)
            .map(|o| (o.figure_rows.clone(), o.figures))
            .unwrap_or_default()
    }

    /// What the text says entity `i` is, from `mentions` (the ones shown):
    /// another name beside it is known from the marks of its document, so
    /// no other entity's mentions are read.
    pub fn descriptions(&self, i: usize, mentions: &[Mention]) -> Vec<explore::Description> {
        explore::descriptions_among(&self.corpus, &self.entities, i, mentions, &|doc, field| {
            self.marks(doc)
                .iter()
                .filter(|m| m.0 == field)
                .map(|m| m.1)
                .collect()
        })
    }

    /// The chunks entity `i`'s page needs with its first `shown` mentions
    /// in context: the entity table (the names it links to), its own
    /// mentions, the pairs (who it is named with), its own quotes and
    /// figures, and, once those are in (ask again), the text of the
    /// documents of what it shows: not every document that names it, nor
    /// any other entity's mentions, quotes or figures.
    pub fn wants_entity(&self, i: usize, shown: usize) -> Vec<String> {
        let Some(shelf) = &self.shelf else {
            return Vec::new();
        };
        let m = &shelf.manifest;
        let mut out: Vec<String> = [ChunkKind::Entities, ChunkKind::Pairs]
            .iter()
            .flat_map(|&k| shelf.unread_of(k))
            .collect();
        let mentions = shelf.unread_holding(&m.mentions, [i]);
        let own = if self.whole(ChunkKind::Quotes) && self.whole(ChunkKind::Figures) {
            Vec::new()
        } else {
            shelf.unread_holding(&m.own, [i])
        };
        let mut docs: Vec<usize> = Vec::new();
        if mentions.is_empty() {
            docs.extend(
                explore::first_mentions(&self.entities, i, shown)
                    .iter()
                    .map(|m| m.doc),
            );
        }
        if own.is_empty() {
            docs.extend(self.entity_quotes(i).0.iter().map(|q| q.doc));
            docs.extend(self.entity_figures(i).0.iter().map(|f| f.doc));
        }
        docs.sort_unstable();
        docs.dedup();
        out.extend(mentions);
        out.extend(own);
        for name in self.wants_texts(&docs) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// Whether the whole timeline is in.
    fn timeline_whole(&self) -> bool {
        self.whole(ChunkKind::Timeline)
    }

    /// How many events the timeline has, read or not.
    pub fn timeline_len(&self) -> usize {
        match (&self.days, self.timeline_whole()) {
            (Some(d), false) => d.total(),
            _ => self.timeline.len(),
        }
    }

    /// Event `n` of the whole timeline, if its page is in.
    pub fn event(&self, n: usize) -> Option<&Event> {
        match &self.shelf {
            Some(s) if !self.timeline_whole() => self.timeline.get(s.event_place(n)?),
            _ => self.timeline.get(n),
        }
    }

    /// The timeline zoomed to `period`: its axis, how many events it holds
    /// and the first `listed` of them (the whole timeline lists its
    /// unplaced events too, last). With a `filter`, only the events naming
    /// an entity whose name or alias holds it (folded): that reads the
    /// whole timeline. Without, over an index read on demand, it comes
    /// from the counts by date, before any page of events is in.
    pub fn timeline_view(
        &self,
        filter: &str,
        period: Option<Period>,
        listed: usize,
    ) -> TimelineView {
        let needle = crate::text::fold(filter);
        let timeline = &self.timeline;
        let key = |e: &Event| e.sort_key;
        if needle.is_empty() {
            let (axis, r) = match (&self.days, self.timeline_whole()) {
                (Some(days), false) => (
                    days.axis(period),
                    match period {
                        None => 0..days.total(),
                        Some(_) => days.range(period),
                    },
                ),
                _ => (
                    period::axis(timeline, key, period),
                    match period {
                        None => 0..timeline.len(),
                        Some(_) => period::range(timeline, key, period),
                    },
                ),
            };
            return TimelineView {
                axis,
                total: r.len(),
                listed: r.take(listed).collect(),
            };
        }
        let set = &self.entities;
        let matching: Vec<usize> = (0..timeline.len())
            .filter(|&n| {
                timeline[n].entities.iter().any(|&i| {
                    set.entities.get(i).is_some_and(|x| {
                        crate::text::fold(&x.name).contains(&needle)
                            || x.aliases
                                .iter()
                                .any(|a| crate::text::fold(a).contains(&needle))
                    })
                })
            })
            .collect();
        let key = |n: &usize| timeline[*n].sort_key;
        let axis = period::axis(&matching, key, period);
        let r = match period {
            None => 0..matching.len(),
            Some(_) => period::range(&matching, key, period),
        };
        TimelineView {
            axis,
            total: r.len(),
            listed: matching
                .get(r)
                .unwrap_or(&[])
                .iter()
                .take(listed)
                .copied()
                .collect(),
        }
    }

    /// The chunks [`Workspace::timeline_view`] needs and the events it lists
    /// show: the counts by date, then the pages of the events listed, then
    /// their entities' rows and their documents' text. A filter (or counts
    /// that cannot be read) reads the whole timeline and entity table.
    pub fn wants_timeline(
        &self,
        filter: &str,
        period: Option<Period>,
        listed: usize,
    ) -> Vec<String> {
        let Some(shelf) = &self.shelf else {
            return Vec::new();
        };
        let m: &Manifest = &shelf.manifest;
        let whole = self.timeline_whole();
        let lost_days = m
            .days
            .as_ref()
            .is_none_or(|d| shelf.has_read(&d.name) && self.days.is_none());
        if !crate::text::fold(filter).is_empty() || (!whole && lost_days) {
            let mut out = shelf.unread_of(ChunkKind::Timeline);
            out.extend(shelf.unread_of(ChunkKind::Entities));
            if !out.is_empty() {
                return out;
            }
        }
        if !whole && self.days.is_none() {
            if let Some(d) = &m.days {
                return vec![d.name.clone()];
            }
        }
        let view = self.timeline_view(filter, period, listed);
        let mut out = if whole {
            Vec::new()
        } else {
            shelf.unread_holding(&m.timeline, view.listed.iter().copied())
        };
        let events: Vec<&Event> = view.listed.iter().filter_map(|&n| self.event(n)).collect();
        out.extend(shelf.entity_chunks(events.iter().flat_map(|e| e.entities.iter().copied())));
        let mut docs: Vec<usize> = events.iter().map(|e| e.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        for name in self.wants_texts(&docs) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}
