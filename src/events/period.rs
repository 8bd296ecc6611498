//! Periods of the timeline: what its axis counts and what a reader zooms
//! into (all dates → decades or years → months → days, and back out).
//!
//! Events are sorted by their [`SortKey`], so every period is one
//! contiguous run of them, found by binary search: choosing a month of a
//! million events costs two look-ups, and counting its days walks that
//! month only. A period is written in the URL as `1990s`, `2020`,
//! `2020-11` or `2020-11-03` ([`Period::parse`], [`Period::key`]).

use super::timeline::{SortKey, UNPLACED};
use std::ops::Range;

/// A span of the calendar the timeline can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// The ten years from this one (a multiple of ten): 1990 is the 1990s.
    Decade(i32),
    Year(i32),
    /// Year, month 1–12.
    Month(i32, u8),
    /// Year, month 1–12, day 1–31.
    Day(i32, u8, u8),
}

/// Past this many years, the whole timeline's axis counts decades.
pub const MOST_YEARS: i32 = 50;
/// Past this many slots, an axis shows only those holding events (a
/// span of centuries stays a readable row).
pub const MOST_SLOTS: usize = 60;

impl Period {
    /// Read a period as the URL writes it; `None` for anything else (an
    /// unknown period is no period, never an error).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some(d) = s.strip_suffix('s') {
            let y: i32 = d.parse().ok()?;
            return (y.rem_euclid(10) == 0 && d.len() == 4).then_some(Period::Decade(y));
        }
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let year = |p: &str| num(p, 4).and_then(|y| i32::try_from(y).ok());
        let month = |p: &str| num(p, 2).filter(|m| (1..=12).contains(m)).map(|m| m as u8);
        Some(match parts.as_slice() {
            [y] => Period::Year(year(y)?),
            [y, m] => Period::Month(year(y)?, month(m)?),
            [y, m, d] => {
                let (y, m) = (year(y)?, month(m)?);
                let d = num(d, 2).filter(|d| (1..=days_in(y, m) as u32).contains(d))?;
                Period::Day(y, m, d as u8)
            }
            _ => return None,
        })
    }

    /// The URL form: `1990s`, `2020`, `2020-11`, `2020-11-03`.
    pub fn key(self) -> String {
        match self {
            Period::Decade(y) => format!("{y}s"),
            Period::Year(y) => format!("{y}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
            Period::Day(y, m, d) => format!("{y}-{m:02}-{d:02}"),
        }
    }

    /// As a person writes it: "1990s", "2020", "November 2020",
    /// "3 November 2020".
    pub fn label(self) -> String {
        match self {
            Period::Decade(_) | Period::Year(_) => self.key(),
            Period::Month(y, m) => format!("{} {y}", month_name(m)),
            Period::Day(y, m, d) => format!("{d} {} {y}", month_name(m)),
        }
    }

    /// Its name on an axis of its siblings: "1990s", "2020", "Nov", "3".
    pub fn short_label(self) -> String {
        match self {
            Period::Decade(_) | Period::Year(_) => self.key(),
            Period::Month(_, m) => month_name(m).chars().take(3).collect(),
            Period::Day(_, _, d) => d.to_string(),
        }
    }

    /// The sort keys it holds: `start..end`. A year holds the events dated
    /// only to it and all of its months; a month, those dated to it and
    /// its days.
    fn keys(self) -> (SortKey, SortKey) {
        match self {
            Period::Decade(y) => ((y, 0, 0), (y.saturating_add(10), 0, 0)),
            Period::Year(y) => ((y, 0, 0), (y.saturating_add(1), 0, 0)),
            Period::Month(y, m) => ((y, m, 0), (y, m.saturating_add(1), 0)),
            Period::Day(y, m, d) => ((y, m, d), (y, m, d.saturating_add(1))),
        }
    }

    pub fn contains(self, key: SortKey) -> bool {
        let (a, b) = self.keys();
        key != UNPLACED && a <= key && key < b
    }

    /// The next finer periods inside it, in order (a day has none).
    pub fn children(self) -> Vec<Period> {
        match self {
            Period::Decade(d) => (d..d + 10).map(Period::Year).collect(),
            Period::Year(y) => (1..=12).map(|m| Period::Month(y, m)).collect(),
            Period::Month(y, m) => (1..=days_in(y, m)).map(|d| Period::Day(y, m, d)).collect(),
            Period::Day(..) => Vec::new(),
        }
    }

    /// One step out: a day's month, a month's year; a year's decade when
    /// the whole timeline is counted by decades, else the whole timeline
    /// (`None`), as is a decade's.
    pub fn up(self, by_decades: bool) -> Option<Period> {
        match self {
            Period::Day(y, m, _) => Some(Period::Month(y, m)),
            Period::Month(y, _) => Some(Period::Year(y)),
            Period::Year(y) if by_decades => Some(Period::Decade(y - y.rem_euclid(10))),
            Period::Year(_) | Period::Decade(_) => None,
        }
    }

    /// The period of this granularity holding `key` (`None` when the key
    /// is coarser: a year-only date has no month).
    fn of_key(self, key: SortKey) -> Option<Period> {
        let (y, m, d) = key;
        match self {
            Period::Decade(_) => Some(Period::Decade(y - y.rem_euclid(10))),
            Period::Year(_) => Some(Period::Year(y)),
            Period::Month(..) => (1..=12).contains(&m).then_some(Period::Month(y, m)),
            // A day the calendar lacks ("31 February") counts as its month's.
            Period::Day(..) => ((1..=12).contains(&m) && d >= 1 && d <= days_in(y, m))
                .then_some(Period::Day(y, m, d)),
        }
    }
}

fn month_name(m: u8) -> &'static str {
    crate::entities::MONTHS
        .get(usize::from(m).saturating_sub(1))
        .copied()
        .unwrap_or("?")
}

fn days_in(y: i32, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The run of `items` (sorted by `key`) that `within` holds; the whole
/// timeline (`None`) is every placed event, the unplaced ones after it
/// left out.
pub fn range<T>(items: &[T], key: impl Fn(&T) -> SortKey, within: Option<Period>) -> Range<usize> {
    let (a, b) = match within {
        Some(p) => p.keys(),
        None => ((i32::MIN, 0, 0), UNPLACED),
    };
    let start = items.partition_point(|t| key(t) < a);
    let end = items.partition_point(|t| key(t) < b).max(start);
    start..end
}

/// One slot of an axis: a period and how many events it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub period: Period,
    pub count: usize,
}

/// What a timeline's axis shows for the period it is zoomed to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Axis {
    /// The finer periods, in order, each with its count: every slot of the
    /// calendar, empty ones too, unless there are over [`MOST_SLOTS`].
    pub slots: Vec<Slot>,
    /// Events of the period dated no finer than it ("2020" when the axis
    /// counts its months): listed, but in no slot.
    pub coarser: usize,
    /// All events of the period.
    pub total: usize,
    /// The whole timeline is counted by decades (its years are too many).
    pub by_decades: bool,
}

/// The axis of `within` (the whole timeline when `None`) over `items`
/// (sorted by `key`): one pass over that period's events only.
pub fn axis<T>(items: &[T], key: impl Fn(&T) -> SortKey, within: Option<Period>) -> Axis {
    axis_counted(items, key, |_| 1, within)
}

/// [`axis`] over items that each stand for `count` events of one key (a
/// [`Days`] summary's dates).
fn axis_counted<T>(
    items: &[T],
    key: impl Fn(&T) -> SortKey,
    count: impl Fn(&T) -> usize,
    within: Option<Period>,
) -> Axis {
    let all = range(items, &key, None);
    let by_decades = match (
        all.is_empty(),
        items.get(all.start),
        all.end.checked_sub(1).and_then(|i| items.get(i)),
    ) {
        (false, Some(first), Some(last)) => key(last).0.saturating_sub(key(first).0) > MOST_YEARS,
        _ => false,
    };
    let r = range(items, &key, within);
    let run = match items.get(r) {
        Some(run) if !run.is_empty() => run,
        _ => {
            return Axis {
                by_decades,
                ..Axis::default()
            }
        }
    };
    let total = run.iter().map(&count).sum();
    // The slots' granularity: the children of `within`.
    let unit = match within {
        Some(Period::Decade(d)) => Period::Year(d),
        Some(Period::Year(y)) => Period::Month(y, 1),
        Some(Period::Month(y, m)) | Some(Period::Day(y, m, _)) => Period::Day(y, m, 1),
        None if by_decades => Period::Decade(0),
        None => Period::Year(0),
    };
    // Counts by period, in order (the run is sorted, so equal periods are
    // neighbours).
    let mut counted: Vec<Slot> = Vec::new();
    let mut coarser = 0;
    for t in run {
        let n = count(t);
        match unit.of_key(key(t)) {
            Some(p) => match counted.last_mut() {
                Some(s) if s.period == p => s.count += n,
                _ => counted.push(Slot {
                    period: p,
                    count: n,
                }),
            },
            _ => coarser += n,
        }
    }
    // Every calendar slot between, empty ones too, while they are few.
    let slots = match within {
        Some(Period::Day(..)) => counted,
        Some(p) => fill(p.children(), &counted),
        None => match (counted.first(), counted.last()) {
            (Some(a), Some(b)) => {
                let (step, lo, hi) = match (a.period, b.period) {
                    (Period::Decade(x), Period::Decade(y)) => (10, x, y),
                    (Period::Year(x), Period::Year(y)) => (1, x, y),
                    _ => (1, 0, -1),
                };
                let n = usize::try_from((hi - lo) / step + 1).unwrap_or(usize::MAX);
                if n <= MOST_SLOTS {
                    let all: Vec<Period> = (0..n as i32)
                        .map(|k| match step {
                            10 => Period::Decade(lo + 10 * k),
                            _ => Period::Year(lo + k),
                        })
                        .collect();
                    fill(all, &counted)
                } else {
                    counted
                }
            }
            _ => counted,
        },
    };
    let slots = if slots.len() > MOST_SLOTS {
        slots.into_iter().filter(|s| s.count > 0).collect()
    } else {
        slots
    };
    Axis {
        slots,
        coarser,
        total,
        by_decades,
    }
}

/// The timeline counted by date: each sort key its events have, in order,
/// with how many events have it. Small (a date is one entry however many
/// events it has) and enough for every axis and to find where a period's
/// events are in the whole timeline, so a timeline read in pages draws
/// its axis before any page is in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Days {
    days: Vec<(SortKey, usize)>,
    /// Events before each entry (one more entry: all of them).
    before: Vec<usize>,
}

impl Days {
    /// The counts of `events`, sorted by key.
    pub fn of<T>(events: &[T], key: impl Fn(&T) -> SortKey) -> Days {
        let mut days: Vec<(SortKey, usize)> = Vec::new();
        for e in events {
            let k = key(e);
            match days.last_mut() {
                Some((last, n)) if *last == k => *n += 1,
                _ => days.push((k, 1)),
            }
        }
        Days::from_counts(days)
    }

    /// Counts as [`Days::counts`] gives them (in key order).
    pub fn from_counts(days: Vec<(SortKey, usize)>) -> Days {
        let mut before = Vec::with_capacity(days.len() + 1);
        let mut n = 0usize;
        for (_, c) in &days {
            before.push(n);
            n = n.saturating_add(*c);
        }
        before.push(n);
        Days { days, before }
    }

    /// Each date with its count, in order.
    pub fn counts(&self) -> &[(SortKey, usize)] {
        &self.days
    }

    /// All events counted, the unplaced too.
    pub fn total(&self) -> usize {
        self.before.last().copied().unwrap_or(0)
    }

    /// What [`range`] gives over the events themselves: the numbers of the
    /// events `within` holds.
    pub fn range(&self, within: Option<Period>) -> Range<usize> {
        let r = range(&self.days, |d| d.0, within);
        let at = |i: usize| self.before.get(i).copied().unwrap_or(0);
        at(r.start)..at(r.end)
    }

    /// What [`axis`] gives over the events themselves.
    pub fn axis(&self, within: Option<Period>) -> Axis {
        axis_counted(&self.days, |d| d.0, |d| d.1, within)
    }
}

/// `periods` with the counts of `counted` (both in order), zero elsewhere.
fn fill(periods: Vec<Period>, counted: &[Slot]) -> Vec<Slot> {
    let mut it = counted.iter().peekable();
    periods
        .into_iter()
        .map(|p| {
            let mut count = 0;
            while let Some(s) = it.peek() {
                if s.period < p {
                    it.next();
                } else {
                    if s.period == p {
                        count = s.count;
                    }
                    break;
                }
            }
            Slot { period: p, count }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::entities;
    use crate::events::timeline;
    use proptest::prelude::*;

    fn keys(list: &[SortKey]) -> Vec<SortKey> {
        let mut v = list.to_vec();
        v.sort_unstable();
        v
    }

    #[test]
    fn periods_read_and_write_as_the_url_does() {
        for (text, p, label) in [
            ("1990s", Period::Decade(1990), "1990s"),
            ("2020", Period::Year(2020), "2020"),
            ("2020-11", Period::Month(2020, 11), "November 2020"),
            ("2020-11-03", Period::Day(2020, 11, 3), "3 November 2020"),
            ("2024-02-29", Period::Day(2024, 2, 29), "29 February 2024"),
        ] {
            assert_eq!(Period::parse(text), Some(p), "{text}");
            assert_eq!(p.key(), text);
            assert_eq!(p.label(), label);
        }
        for bad in [
            "",
            "1995s",
            "20",
            "2020-13",
            "2020-00",
            "2023-02-29",
            "2020-11-31",
            "2020-1",
            "x",
            "2020-11-03-01",
            "-2020",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn zooming_goes_year_month_day_and_back_out() {
        let d = Period::Day(2020, 11, 3);
        assert_eq!(d.up(false), Some(Period::Month(2020, 11)));
        assert_eq!(Period::Month(2020, 11).up(false), Some(Period::Year(2020)));
        assert_eq!(Period::Year(2020).up(false), None);
        assert_eq!(Period::Year(1994).up(true), Some(Period::Decade(1990)));
        assert_eq!(Period::Decade(1990).up(true), None);
        assert_eq!(Period::Year(2020).children().len(), 12);
        assert_eq!(Period::Month(2021, 2).children().len(), 28);
        assert_eq!(Period::Decade(1990).children()[4], Period::Year(1994));
    }

    #[test]
    fn the_axis_counts_years_then_months_then_days() {
        let list = keys(&[
            (2019, 0, 0),
            (2020, 0, 0),
            (2020, 3, 0),
            (2020, 11, 3),
            (2020, 11, 3),
            (2020, 11, 20),
            (2022, 1, 1),
            UNPLACED,
        ]);
        let k = |t: &SortKey| *t;
        let all = axis(&list, k, None);
        assert_eq!(all.total, 7, "the unplaced event is in no period");
        let years: Vec<(String, usize)> = all
            .slots
            .iter()
            .map(|s| (s.period.key(), s.count))
            .collect();
        assert_eq!(
            years,
            [("2019", 1), ("2020", 5), ("2021", 0), ("2022", 1)].map(|(a, b)| (a.to_string(), b))
        );
        let year = axis(&list, k, Some(Period::Year(2020)));
        assert_eq!((year.total, year.coarser, year.slots.len()), (5, 1, 12));
        assert_eq!(year.slots[2].count, 1);
        assert_eq!(year.slots[10].count, 3);
        let month = axis(&list, k, Some(Period::Month(2020, 11)));
        assert_eq!((month.total, month.coarser, month.slots.len()), (3, 0, 30));
        assert_eq!((month.slots[2].count, month.slots[19].count), (2, 1));
        let day = axis(&list, k, Some(Period::Day(2020, 11, 3)));
        assert_eq!((day.total, day.slots.len()), (2, 1));
        assert_eq!(range(&list, k, Some(Period::Month(2020, 11))), 3..6);
        assert_eq!(range(&list, k, Some(Period::Year(1800))), 0..0);
        assert_eq!(axis(&list, k, Some(Period::Year(1800))), Axis::default());
    }

    #[test]
    fn centuries_of_dates_are_counted_by_decade_and_only_where_events_are() {
        let mut list: Vec<SortKey> = (0..130).map(|i| (1850 + i, 3, 3)).collect();
        list.push((1200, 0, 0));
        let list = keys(&list);
        let all = axis(&list, |t| *t, None);
        assert!(all.by_decades);
        assert!(all
            .slots
            .iter()
            .all(|s| matches!(s.period, Period::Decade(_)) && s.count > 0));
        assert_eq!(
            all.slots[0],
            Slot {
                period: Period::Decade(1200),
                count: 1
            }
        );
        assert_eq!(all.slots.iter().map(|s| s.count).sum::<usize>(), 131);
        let d = axis(&list, |t| *t, Some(Period::Decade(1970)));
        assert_eq!(d.slots.len(), 10);
        assert!(d.slots.iter().all(|s| s.count == 1));
    }

    #[test]
    fn the_seed_timeline_zooms_to_a_month_holding_its_events() {
        let c = Corpus::bundled();
        let set = entities::extract(&c);
        let events = timeline(&c, &set);
        let k = |e: &crate::events::Event| e.sort_key;
        let all = axis(&events, k, None);
        let in_2020 = events
            .iter()
            .filter(|e| Period::Year(2020).contains(e.sort_key))
            .count();
        assert!(in_2020 > 0);
        let holding = if all.by_decades {
            Period::Decade(2020)
        } else {
            Period::Year(2020)
        };
        let slot = all
            .slots
            .iter()
            .find(|s| s.period == holding)
            .expect("the seed has 2020");
        assert!(slot.count >= in_2020);
        let nov = Period::Month(2020, 11);
        let r = range(&events, k, Some(nov));
        assert!(!r.is_empty());
        assert!(events[r.clone()].iter().all(|e| nov.contains(e.sort_key)));
        let inside = events.iter().filter(|e| nov.contains(e.sort_key)).count();
        assert_eq!(r.len(), inside);
        let year = axis(&events, k, Some(Period::Year(2020)));
        assert_eq!(year.total, in_2020);
        assert_eq!(year.slots[10].count, inside);
        let days = Days::of(&events, k);
        assert_eq!(days.total(), events.len());
        for p in [
            None,
            Some(Period::Year(2020)),
            Some(nov),
            Some(Period::Day(2020, 11, 3)),
        ] {
            assert_eq!(days.axis(p), axis(&events, k, p), "{p:?}");
            assert_eq!(days.range(p), range(&events, k, p), "{p:?}");
        }
    }

    proptest! {
        #[test]
        fn a_period_holds_exactly_its_events_and_its_slots_add_up(
            raw in proptest::collection::vec((1990i32..2030, 0u8..13, 0u8..32), 0..200),
            pick in 0usize..1000,
        ) {
            let list = keys(&raw);
            let periods: Vec<Period> = list.iter().flat_map(|&(y, m, _)| {
                let mut v = vec![Period::Decade(y - y.rem_euclid(10)), Period::Year(y)];
                if m >= 1 { v.push(Period::Month(y, m.min(12))); }
                v
            }).chain([Period::Day(2020, 2, 29)]).collect();
            let p = periods[pick % periods.len()];
            let r = range(&list, |t| *t, Some(p));
            let inside = list.iter().filter(|k| p.contains(**k)).count();
            prop_assert_eq!(r.len(), inside);
            let a = axis(&list, |t| *t, Some(p));
            prop_assert_eq!(a.slots.iter().map(|s| s.count).sum::<usize>() + a.coarser, a.total);
            let all = axis(&list, |t| *t, None);
            prop_assert_eq!(all.slots.iter().map(|s| s.count).sum::<usize>() + all.coarser, list.len());
            prop_assert_eq!(Period::parse(&p.key()), Some(p));
            // The counts by date give the same axes and runs as the events.
            let days = Days::of(&list, |t| *t);
            prop_assert_eq!(days.total(), list.len());
            prop_assert!(days.counts().len() <= list.len());
            for within in [None, Some(p), p.up(true), p.up(false), Some(Period::Year(1800))] {
                prop_assert_eq!(days.axis(within), axis(&list, |t| *t, within));
                prop_assert_eq!(days.range(within), range(&list, |t| *t, within));
            }
            let again = Days::from_counts(days.counts().to_vec());
            prop_assert_eq!(again, days);
        }
    }
}
