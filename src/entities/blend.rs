//! The trained tagger and the name rules together, per field.
//!
//! The rules find capitalised runs and type the ones they have a cue for
//! (a known name, a head word, a title); the tagger reads every token with
//! those same lists as weighted features. So the tagger decides person,
//! organisation or place wherever it finds a name, gazetteer hits included:
//! what a list is worth against the context was learnt, not fixed here.
//! The rules keep the kinds the tagger does not have (groups, events, laws,
//! works), and their spans where they had a cue; an uncued guess
//! (strength 1, the old organisation default) stands only where the tagger
//! found a name too, with the tagger's span and kind.

use super::gazetteer::{self as gz, key};
use super::model::{Label, Scores, Tagged};
use super::names::NameHit;
use super::EntityKind;
use crate::span::Span;

fn kind_of(label: Label, text: &str) -> EntityKind {
    match label {
        Label::Person => EntityKind::Person,
        Label::Org => EntityKind::Org,
        Label::Place => EntityKind::Place,
        // The tagger's "misc" is coarse; a list that knows the name finer
        // (a people, an event) only refines it.
        Label::Misc => match gz::get().known.get(&key(text)) {
            Some((
                k @ (EntityKind::Group | EntityKind::Event | EntityKind::Law | EntityKind::Work),
                _,
            )) => *k,
            _ => EntityKind::Misc,
        },
    }
}

fn is_pol(k: EntityKind) -> bool {
    matches!(k, EntityKind::Person | EntityKind::Org | EntityKind::Place)
}

fn label(k: EntityKind) -> Label {
    match k {
        EntityKind::Person => Label::Person,
        EntityKind::Org => Label::Org,
        EntityKind::Place => Label::Place,
        _ => Label::Misc,
    }
}

/// How far the tagger's emissions must favour its own kind over a cued
/// kind to retype a cued name. The tagger saw the same list membership as
/// a feature, so a small margin is the list outvoted by context only just.
const RETYPE_MARGIN: f32 = 20.0;

/// Whether a span can be a name at all: it has a letter.
fn has_letter(span: Span, text: &str) -> bool {
    span.slice(text).chars().any(char::is_alphabetic)
}

/// The names of one field from the rules' `hits` and the tagger's `tagged`.
/// Nothing overlapping `blocked` (dates, quantities, acronym pairs, byline
/// names) is added.
pub fn blend(
    text: &str,
    mut hits: Vec<NameHit>,
    tagged: &[Tagged],
    scores: &Scores,
    blocked: &[Span],
    add_new: bool,
) -> Vec<NameHit> {
    hits.sort_by_key(|h| (h.span.start, h.span.end));
    let mut out: Vec<NameHit> = Vec::with_capacity(hits.len() + tagged.len());
    let mut used = vec![false; tagged.len()];
    let mut blocked_sorted = blocked.to_vec();
    blocked_sorted.sort_by_key(|s| (s.start, s.end));
    let hits_any = |v: &[Span], s: Span| {
        // Spans in `v` before the first that starts at or after `s.end`; a
        // few back suffice, as names and blocks barely nest.
        let at = v.partition_point(|x| x.start < s.end);
        v.get(at.saturating_sub(4)..at)
            .is_some_and(|w| w.iter().any(|x| x.overlaps(s)))
    };
    // Both lists are in text order: a moving window keeps this linear.
    let mut from = 0;
    for h in hits {
        while tagged.get(from).is_some_and(|t| t.span.end <= h.span.start) {
            from += 1;
        }
        let over: Vec<usize> = (from..tagged.len())
            .take_while(|&i| tagged.get(i).is_some_and(|t| t.span.start < h.span.end))
            .filter(|&i| tagged.get(i).is_some_and(|t| t.span.overlaps(h.span)))
            .collect();
        if !is_pol(h.kind) {
            // Rule kinds the tagger lacks stand as they are.
            for &i in &over {
                used[i] = true;
            }
            out.push(h);
            continue;
        }
        match over.as_slice() {
            [] if h.strength >= 2 => out.push(h),
            // An uncued guess the tagger does not see as a name.
            [] => {}
            [i] => {
                let Some(t) = tagged.get(*i) else { continue };
                if used[*i] && h.strength < 2 {
                    // Another guess already took this name.
                    continue;
                }
                used[*i] = true;
                let kind = kind_of(t.label, t.span.slice(text));
                if h.strength >= 2 {
                    // A cued span stays; the tagger retypes it when sure.
                    let m = scores.margin(t.first, t.last, t.label, label(h.kind));
                    let kind = if is_pol(kind) && m > RETYPE_MARGIN {
                        kind
                    } else {
                        h.kind
                    };
                    out.push(NameHit { kind, ..h });
                } else if !hits_any(&blocked_sorted, t.span) && has_letter(t.span, text) {
                    out.push(NameHit {
                        span: t.span,
                        kind,
                        strength: 1,
                    });
                }
            }
            many => {
                if h.strength >= 2 {
                    for &i in many {
                        used[i] = true;
                    }
                    out.push(h);
                } else {
                    // The rules joined what the tagger sees as several names;
                    // those are added below.
                }
            }
        }
    }
    let mut taken: Vec<Span> = out.iter().map(|h| h.span).collect();
    taken.sort_by_key(|s| (s.start, s.end));
    for (t, u) in tagged.iter().zip(used) {
        if u || !add_new
            || !has_letter(t.span, text)
            || hits_any(&blocked_sorted, t.span)
            || hits_any(&taken, t.span)
        {
            continue;
        }
        out.push(NameHit {
            span: t.span,
            kind: kind_of(t.label, t.span.slice(text)),
            strength: 1,
        });
    }
    out.sort_by_key(|h| (h.span.start, h.span.end));
    out
}
