//! The first screen as data: what the corpus holds in numbers, the most
//! named people, organisations and places, and how its dated statements
//! spread over time. Small (a few KB whatever the corpus), so `dossier
//! build` computes it once and the manifest carries it: a prebuilt index
//! shows its overview before reading any other chunk.

use crate::corpus::Corpus;
use crate::entities::{EntityKind, EntitySet};
use crate::events::Event;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Names listed per kind.
pub const TOP: usize = 5;
/// Sections named; the rest are counted.
pub const SECTIONS: usize = 8;
/// Bars of the activity strip at most: years, else decades, else centuries.
pub const BARS: i32 = 40;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub documents: u32,
    pub files: u32,
    /// The largest sections with their article counts, most first.
    pub sections: Vec<(String, u32)>,
    /// How many sections there are in all.
    pub section_count: u32,
    pub entities: u32,
    /// Dated statements (the timeline's events) and quotes.
    pub events: u32,
    pub quotes: u32,
    /// The first and last dates of the timeline (normalised values), of
    /// the statements [`dated`] to a year or closer.
    pub dates: Option<(String, String)>,
    pub people: Vec<Named>,
    pub organisations: Vec<Named>,
    pub places: Vec<Named>,
    pub activity: Activity,
}

/// An entity with its counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub name: String,
    pub mentions: u32,
    /// How many documents name it.
    pub articles: u32,
}

/// Dated statements per period: `step` years a bar, every period from the
/// first to the last, empty ones too (a gap is worth seeing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub step: u32,
    pub bars: Vec<Bar>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// The period's first year.
    pub from: i32,
    pub count: u32,
}

impl Activity {
    /// The period's last year.
    pub fn to(&self, bar: &Bar) -> i32 {
        bar.from
            .saturating_add(i32::try_from(self.step.max(1)).unwrap_or(i32::MAX) - 1)
    }

    /// How a person names the period: "2015", "2010s", "1900–1999".
    pub fn label(&self, bar: &Bar) -> String {
        match self.step {
            0 | 1 => bar.from.to_string(),
            10 => format!("{}s", bar.from),
            _ => format!("{}–{}", bar.from, self.to(bar)),
        }
    }

    /// The period as the timeline's route reads it (`period=`): a year
    /// or a decade ("1990s"); a century is no period of the timeline's,
    /// and opens all of it.
    pub fn key(&self, bar: &Bar) -> Option<crate::events::Period> {
        match self.step {
            0 | 1 => crate::events::Period::parse(&bar.from.to_string()),
            10 => crate::events::Period::parse(&format!("{}s", bar.from)),
            _ => None,
        }
    }

    pub fn most(&self) -> u32 {
        self.bars.iter().map(|b| b.count).max().unwrap_or(0)
    }
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether `e` counts in the activity and the date span: a certain date
/// given to the year or closer ("2015", "late 2015", "1999–2000", "May
/// 2020"). A decade or a century ("the mid-1990s", "the 20th century")
/// would stretch the strip over empty periods for one vague mention.
pub fn dated(e: &Event) -> bool {
    let v = e.value.as_bytes();
    !e.approximate
        && e.sort_key.0 != i32::MAX
        && v.len() >= 4
        && v[..4].iter().all(u8::is_ascii_digit)
        && v.get(4) != Some(&b's')
}

/// The overview of a build: its corpus, entities (with their mentions),
/// timeline and number of quotes.
pub fn overview(corpus: &Corpus, set: &EntitySet, timeline: &[Event], quotes: usize) -> Overview {
    let mut sections: HashMap<&str, u32> = HashMap::new();
    for d in &corpus.documents {
        if let Some(s) = d.section() {
            *sections.entry(s).or_default() += 1;
        }
    }
    let section_count = n32(sections.len());
    let mut sections: Vec<(String, u32)> = sections
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
    sections.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sections.truncate(SECTIONS);

    let mut top: BTreeMap<EntityKind, Vec<Named>> = BTreeMap::new();
    for e in &set.entities {
        if !matches!(
            e.kind,
            EntityKind::Person | EntityKind::Org | EntityKind::Place
        ) || e.mentions.is_empty()
        {
            continue;
        }
        let mut docs: Vec<usize> = e.mentions.iter().map(|m| m.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        top.entry(e.kind).or_default().push(Named {
            name: e.name.clone(),
            mentions: n32(e.mentions.len()),
            articles: n32(docs.len()),
        });
    }
    let mut most = |kind: EntityKind| {
        let mut list = top.remove(&kind).unwrap_or_default();
        // Named most; then in more articles; then by name, so the order
        // is the same on every build.
        list.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| b.articles.cmp(&a.articles))
                .then_with(|| a.name.cmp(&b.name))
        });
        list.truncate(TOP);
        list
    };

    let dated: Vec<&Event> = timeline.iter().filter(|e| dated(e)).collect();
    let first = dated.iter().min_by_key(|e| e.sort_key);
    let last = dated.iter().max_by_key(|e| e.sort_key);
    Overview {
        documents: n32(corpus.documents.len()),
        files: n32(corpus.files.len()),
        sections,
        section_count,
        entities: n32(set.entities.len()),
        events: n32(timeline.len()),
        quotes: n32(quotes),
        dates: first
            .zip(last)
            .map(|(f, l)| (f.value.clone(), l.value.clone())),
        people: most(EntityKind::Person),
        organisations: most(EntityKind::Org),
        places: most(EntityKind::Place),
        activity: activity(dated.iter().map(|e| e.sort_key.0)),
    }
}

/// Count `years` per period: per year when the span fits [`BARS`] bars,
/// else per decade, century or millennium.
pub fn activity(years: impl Iterator<Item = i32> + Clone) -> Activity {
    let (Some(lo), Some(hi)) = (years.clone().min(), years.clone().max()) else {
        return Activity::default();
    };
    // In i64: a span from i32::MIN to i32::MAX must not overflow.
    let (lo, hi) = (i64::from(lo), i64::from(hi));
    let mut step: i64 = 1;
    // Bars from lo's period to hi's: never more than BARS.
    while hi.div_euclid(step) - lo.div_euclid(step) >= i64::from(BARS) {
        step *= 10;
    }
    let first = lo.div_euclid(step);
    let last = hi.div_euclid(step);
    let mut bars: Vec<Bar> = (first..=last)
        .map(|p| Bar {
            from: i32::try_from(p * step).unwrap_or(if p < 0 { i32::MIN } else { i32::MAX }),
            count: 0,
        })
        .collect();
    for y in years {
        let at = usize::try_from(i64::from(y).div_euclid(step) - first).unwrap_or(0);
        if let Some(b) = bars.get_mut(at) {
            b.count += 1;
        }
    }
    Activity {
        step: u32::try_from(step).unwrap_or(1),
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_while_they_fit_then_decades_then_centuries() {
        let a = activity([2015, 2013, 2015, 2021].into_iter());
        assert_eq!(a.step, 1);
        assert_eq!(a.bars.len(), 9, "2013 to 2021, the empty years too");
        assert_eq!(
            a.bars[0],
            Bar {
                from: 2013,
                count: 1
            }
        );
        assert_eq!(
            a.bars[2],
            Bar {
                from: 2015,
                count: 2
            }
        );
        assert_eq!(a.bars[1].count, 0);
        assert_eq!(a.label(&a.bars[2]), "2015");
        assert_eq!(a.key(&a.bars[2]).map(|p| p.key()), Some("2015".to_string()));

        let a = activity([1994, 2021, 1999, 1900].into_iter());
        assert_eq!(a.step, 10);
        assert_eq!(a.bars.first().map(|b| b.from), Some(1900));
        assert_eq!(a.bars.last().map(|b| b.from), Some(2020));
        let nineties = a
            .bars
            .iter()
            .find(|b| b.from == 1990)
            .copied()
            .unwrap_or_default();
        assert_eq!(nineties.count, 2);
        assert_eq!(a.label(&nineties), "1990s");
        assert_eq!(a.key(&nineties).map(|p| p.key()), Some("1990s".to_string()));

        let a = activity([1066, 2021].into_iter());
        assert_eq!(a.step, 100);
        assert_eq!(a.label(&a.bars[0]), "1000–1099");
        assert_eq!(a.key(&a.bars[0]), None);
        assert!(a.bars.len() <= BARS as usize);

        // Years before the common era fall in their own periods.
        let a = activity([-5, 3].into_iter());
        assert_eq!(a.bars.len(), 9);
        assert_eq!(a.bars[0].from, -5);
    }

    #[test]
    fn no_dates_no_bars() {
        let a = activity(std::iter::empty());
        assert!(a.bars.is_empty());
        assert_eq!(a.most(), 0);
    }

    #[test]
    fn a_wide_span_stays_within_the_bars() {
        let a = activity([i32::MIN, i32::MAX, 2015].into_iter());
        assert!(a.bars.len() <= BARS as usize, "{}", a.bars.len());
        assert_eq!(a.bars.iter().map(|b| b.count).sum::<u32>(), 3);
    }
}
