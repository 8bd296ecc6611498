//! A picture of co-occurring entities a person can read: which nodes and
//! edges to draw (the top N by mentions, the strongest links among them),
//! where (a deterministic force layout: the same corpus gives the same
//! picture), and where each label goes so that labels never overlap. Nodes
//! whose label does not fit carry the place where it shows on hover and
//! focus. [`neighbourhood`] is the small picture on an entity's page.
//!
//! Cost on an archive: two passes over the pairs (which entities have a
//! link strong enough, then the links among the chosen), and a layout of
//! the chosen nodes only; never a layout of the whole corpus.

use super::Together;
use crate::entities::{EntityKind, EntitySet};
use std::collections::HashMap;

/// What to draw.
#[derive(Clone, Debug)]
pub struct Filter {
    /// Kinds to show (dates and quantities are never nodes).
    pub kinds: Vec<EntityKind>,
    /// Fewest sentences-or-paragraphs together for an edge.
    pub min_weight: usize,
    /// Most nodes drawn (the most mentioned first).
    pub max_nodes: usize,
}

/// The numbers of nodes the page offers; the first picture shows
/// [`DEFAULT_NODES`], few enough to read every label.
pub const NODE_CHOICES: [usize; 4] = [20, 40, 80, 150];
pub const DEFAULT_NODES: usize = 40;
/// Links drawn per node at most (the strongest kept): a dense corpus
/// would otherwise draw thousands of lines over the labels.
pub const EDGES_PER_NODE: usize = 4;
/// The nodes are chosen from the `POOL` × N most mentioned.
const POOL: usize = 4;

/// The kinds a network can show.
pub const KINDS: [EntityKind; 6] = [
    EntityKind::Person,
    EntityKind::Org,
    EntityKind::Place,
    EntityKind::Group,
    EntityKind::Event,
    EntityKind::Law,
];

impl Default for Filter {
    fn default() -> Self {
        Filter {
            kinds: KINDS.to_vec(),
            min_weight: 2,
            max_nodes: DEFAULT_NODES,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub entity: usize,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    /// Where the label sits (its left edge and baseline) when it is always
    /// drawn: it fits without covering another label or node.
    pub label: Option<(f64, f64)>,
    /// Where the label shows on hover and focus (left edge, baseline),
    /// inside the frame: `label` when there is one.
    pub hover: (f64, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Indices into [`Layout::nodes`].
    pub a: usize,
    pub b: usize,
    pub weight: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Most mentioned first (the keyboard's order).
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Entities that had a link strong enough, before the cut to the top N.
    pub candidates: usize,
}

impl Layout {
    /// The drawn links, strongest first (then by node order): the list the
    /// page shows beside or instead of the drawing.
    pub fn strongest(&self) -> Vec<&Edge> {
        let mut out: Vec<&Edge> = self.edges.iter().collect();
        out.sort_by(|x, y| {
            y.weight
                .cmp(&x.weight)
                .then(x.a.min(x.b).cmp(&y.a.min(y.b)))
                .then(x.a.max(x.b).cmp(&y.a.max(y.b)))
        });
        out
    }
}

/// Approximate label box for the page's 12px sans-serif labels.
pub const LABEL_SIZE: f64 = 12.0;
const CHAR_WIDTH: f64 = 6.6;
const ITERATIONS: usize = 300;
/// Space kept free at the frame's edges.
const MARGIN: f64 = 24.0;

/// Longest label drawn, in characters; a longer name is cut with "…" (the
/// node's accessible name and tooltip keep it whole).
pub const LABEL_CHARS: usize = 26;

/// The text of a node's label: `name`, cut to [`LABEL_CHARS`].
pub fn label_text(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        return name.to_string();
    }
    // At a word's end, so the label stays a part of the node's name a
    // screen reader says (words, not a stump of one).
    let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
    let whole_words = match (cut.rfind(' '), name.chars().nth(LABEL_CHARS - 1)) {
        (_, Some(' ')) => cut.as_str(),
        (Some(at), _) if at > 0 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", whole_words.trim_end())
}

/// The width of `name`'s label (as [`label_text`] draws it).
pub fn label_width(name: &str) -> f64 {
    label_text(name).chars().count() as f64 * CHAR_WIDTH
}

/// How strongly two entities are linked: sentences or paragraphs together.
pub fn weight(t: &Together) -> usize {
    t.sentences.max(t.paragraphs)
}

/// Lay out the network of `set` for a `width` × `height` picture.
pub fn layout(
    set: &EntitySet,
    pairs: &HashMap<(usize, usize), Together>,
    filter: &Filter,
    width: f64,
    height: f64,
) -> Layout {
    let min_weight = filter.min_weight.max(1);
    let count = set.entities.len();
    // Looked up per pair: a flat table, not the entity records.
    let shown: Vec<bool> = set
        .entities
        .iter()
        .map(|e| filter.kinds.contains(&e.kind))
        .collect();
    let pool_size = filter.max_nodes.saturating_mul(POOL).max(1);
    // The most mentioned of `ids`, in order (then by name: stable): a
    // selection, then a sort of the few chosen.
    let most_mentioned = |mut ids: Vec<usize>| -> Vec<usize> {
        let order = |a: &usize, b: &usize| {
            set.entities[*b]
                .mentions
                .len()
                .cmp(&set.entities[*a].mentions.len())
                .then_with(|| set.entities[*a].name.cmp(&set.entities[*b].name))
        };
        if ids.len() > pool_size {
            ids.select_nth_unstable_by(pool_size - 1, order);
            ids.truncate(pool_size);
        }
        ids.sort_by(order);
        ids
    };
    // One pass over the pairs: which entities have a link that passes
    // (`linked`), and the links among the pool (as pool indices).
    let scan = |pool: &[usize], linked: &mut Vec<bool>| -> Vec<(usize, usize, usize)> {
        let mut at = vec![usize::MAX; count];
        pool.iter().enumerate().for_each(|(n, &e)| at[e] = n);
        let mut among = Vec::new();
        for (&(a, b), t) in pairs {
            let w = weight(t);
            if w < min_weight
                || !shown.get(a).copied().unwrap_or(false)
                || !shown.get(b).copied().unwrap_or(false)
            {
                continue;
            }
            linked[a] = true;
            linked[b] = true;
            let (x, y) = (at[a], at[b]);
            if x != usize::MAX && y != usize::MAX {
                among.push((x.min(y), x.max(y), w));
            }
        }
        among
    };
    // The pool: the N × POOL most mentioned entities of the kinds shown,
    // then the top N of them linked to one another: a node whose links
    // all lead outside the picture would float alone.
    let mut linked = vec![false; count];
    let mut ids = most_mentioned((0..count).filter(|&i| shown[i]).collect());
    let mut among = scan(&ids, &mut linked);
    let candidates = linked.iter().filter(|l| **l).count();
    // A high threshold can leave the most mentioned without links: then
    // the pool is drawn from the linked, in a second pass.
    let linked_in_pool = ids.iter().filter(|&&e| linked[e]).count();
    if linked_in_pool < filter.max_nodes.min(candidates) {
        ids = most_mentioned((0..count).filter(|&i| linked[i]).collect());
        among = scan(&ids, &mut linked);
    }
    let mut keep = vec![true; ids.len()];
    for _ in 0..8 {
        let top: Vec<usize> = (0..ids.len())
            .filter(|&k| keep[k])
            .take(filter.max_nodes)
            .collect();
        let mut in_top = vec![false; ids.len()];
        top.iter().for_each(|&k| in_top[k] = true);
        let mut linked = vec![false; ids.len()];
        for &(x, y, _) in &among {
            if in_top[x] && in_top[y] {
                linked[x] = true;
                linked[y] = true;
            }
        }
        let alone: Vec<usize> = top.into_iter().filter(|&k| !linked[k]).collect();
        if alone.is_empty() {
            break;
        }
        alone.into_iter().for_each(|k| keep[k] = false);
    }
    let chosen: Vec<usize> = (0..ids.len())
        .filter(|&k| keep[k])
        .take(filter.max_nodes)
        .collect();
    let mut at = vec![usize::MAX; ids.len()];
    chosen.iter().enumerate().for_each(|(n, &k)| at[k] = n);
    let mut all: Vec<(usize, usize, usize)> = among
        .into_iter()
        .filter_map(|(x, y, w)| {
            let (a, b) = (*at.get(x)?, *at.get(y)?);
            (a != usize::MAX && b != usize::MAX).then_some((a.min(b), a.max(b), w))
        })
        .collect();
    let ids: Vec<usize> = chosen.into_iter().map(|k| ids[k]).collect();
    let n = ids.len();
    let edges = strongest_edges(&mut all, n);
    if n == 0 {
        return Layout {
            width,
            height,
            candidates,
            ..Layout::default()
        };
    }
    let pos = relax(n, &edges, width, height);
    let max_mentions = ids
        .iter()
        .map(|&e| set.entities[e].mentions.len())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut nodes: Vec<Node> = ids
        .iter()
        .zip(pos)
        .map(|(&e, (x, y))| Node {
            entity: e,
            x,
            y,
            radius: 4.0 + 12.0 * (set.entities[e].mentions.len() as f64 / max_mentions).sqrt(),
            label: None,
            hover: (x, y),
        })
        .collect();
    place_labels(set, &mut nodes, width, height);
    Layout {
        width,
        height,
        nodes,
        edges: edges
            .into_iter()
            .map(|(a, b, weight)| Edge { a, b, weight })
            .collect(),
        candidates,
    }
}

/// Keep the strongest links, at most [`EDGES_PER_NODE`] per node on
/// average, and each node's own strongest link so that none floats alone.
/// Sorted by node pair, for a stable picture.
fn strongest_edges(all: &mut [(usize, usize, usize)], n: usize) -> Vec<(usize, usize, usize)> {
    all.sort_unstable_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let cap = n * EDGES_PER_NODE;
    let mut has = vec![false; n];
    let mut kept = Vec::new();
    for (k, &(a, b, w)) in all.iter().enumerate() {
        if k < cap || !has[a] || !has[b] {
            kept.push((a, b, w));
            has[a] = true;
            has[b] = true;
        }
    }
    kept.sort_unstable();
    kept
}

/// Start on a circle in a fixed order, then relax (Fruchterman-Reingold
/// with a cooling step; no randomness, so the picture is stable), and
/// stretch the result to fill the frame, so the centre does not crowd.
fn relax(n: usize, edges: &[(usize, usize, usize)], width: f64, height: f64) -> Vec<(f64, f64)> {
    let (cx, cy) = (width / 2.0, height / 2.0);
    let r0 = width.min(height) * 0.4;
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let t = k as f64 / n as f64 * std::f64::consts::TAU;
            (cx + r0 * t.cos(), cy + r0 * t.sin())
        })
        .collect();
    let k = (width * height / n as f64).sqrt() * 0.6;
    let mut temp = width.min(height) / 8.0;
    let links: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|&(a, b, w)| (a, b, (w as f64).ln_1p()))
        .collect();
    for _ in 0..ITERATIONS {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                disp[i].0 += dx / d * f;
                disp[i].1 += dy / d * f;
                disp[j].0 -= dx / d * f;
                disp[j].1 -= dy / d * f;
            }
        }
        for &(a, b, w) in &links {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k * (0.5 + w * 0.25);
            disp[a].0 -= dx / d * f;
            disp[a].1 -= dy / d * f;
            disp[b].0 += dx / d * f;
            disp[b].1 += dy / d * f;
        }
        for i in 0..n {
            // A pull to the centre keeps unconnected parts on the page.
            disp[i].0 += (cx - pos[i].0) * 0.05;
            disp[i].1 += (cy - pos[i].1) * 0.05;
            let d = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1)
                .sqrt()
                .max(0.01);
            let step = d.min(temp);
            pos[i].0 = (pos[i].0 + disp[i].0 / d * step).clamp(MARGIN, width - MARGIN);
            pos[i].1 = (pos[i].1 + disp[i].1 / d * step).clamp(MARGIN, height - MARGIN);
        }
        temp *= 0.985;
    }
    // Stretch each axis to the frame (less the margin): the force layout
    // leaves a ring of empty space, and labels need the room.
    let span = |f: fn(&(f64, f64)) -> f64| {
        let lo = pos.iter().map(f).fold(f64::INFINITY, f64::min);
        let hi = pos.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    let ((x0, x1), (y0, y1)) = (span(|p| p.0), span(|p| p.1));
    let fit = |v: f64, lo: f64, hi: f64, size: f64| {
        if hi - lo < 1.0 {
            size / 2.0
        } else {
            MARGIN * 2.0 + (v - lo) / (hi - lo) * (size - MARGIN * 4.0)
        }
    };
    pos.iter()
        .map(|&(x, y)| (fit(x, x0, x1, width), fit(y, y0, y1, height)))
        .collect()
}

/// Greedy label placement, biggest nodes first: right, left, above, below;
/// a label that fits nowhere is drawn only on hover and focus (at its
/// `hover` place), and the node keeps its name as its accessible name.
fn place_labels(set: &EntitySet, nodes: &mut [Node], width: f64, height: f64) {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| nodes[b].radius.total_cmp(&nodes[a].radius).then(a.cmp(&b)));
    let circles: Vec<(f64, f64, f64)> = nodes.iter().map(|n| (n.x, n.y, n.radius)).collect();
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for i in order {
        let n = &nodes[i];
        let w = label_width(&set.entities[n.entity].name);
        let h = LABEL_SIZE;
        let (r, d) = (n.radius + 3.0, n.radius * 0.7 + 2.0);
        let candidates = [
            (n.x + r, n.y - h / 2.0),
            (n.x - r - w, n.y - h / 2.0),
            (n.x - w / 2.0, n.y - r - h),
            (n.x - w / 2.0, n.y + r),
            (n.x + d, n.y - d - h),
            (n.x + d, n.y + d),
            (n.x - d - w, n.y - d - h),
            (n.x - d - w, n.y + d),
        ];
        let inside =
            |r: &(f64, f64, f64, f64)| r.0 >= 0.0 && r.1 >= 0.0 && r.2 <= width && r.3 <= height;
        // On hover: the first place inside the frame, whatever it covers
        // (it is drawn on top, with a backdrop).
        let hover = candidates
            .iter()
            .find(|(x, y)| inside(&(*x, *y, x + w, y + h)))
            .copied()
            .unwrap_or((
                (n.x - w / 2.0).clamp(0.0, (width - w).max(0.0)),
                n.y - h / 2.0,
            ));
        nodes[i].hover = (hover.0, hover.1 + h - 2.0);
        for (x, y) in candidates {
            let rect = (x, y, x + w, y + h);
            let clear_labels = placed
                .iter()
                .all(|p| rect.2 <= p.0 || rect.0 >= p.2 || rect.3 <= p.1 || rect.1 >= p.3);
            let clear_nodes = circles.iter().all(|&(cx, cy, r)| {
                let nx = cx.clamp(rect.0, rect.2);
                let ny = cy.clamp(rect.1, rect.3);
                (cx - nx).powi(2) + (cy - ny).powi(2) > r * r
            });
            if inside(&rect) && clear_labels && clear_nodes {
                placed.push(rect);
                // Baseline sits near the box bottom.
                nodes[i].label = Some((x, y + h - 2.0));
                nodes[i].hover = (x, y + h - 2.0);
                break;
            }
        }
    }
}

/// An entity's own neighbourhood for its page: the entity at the centre,
/// its `max` strongest links around it (the strongest at the top, then
/// clockwise), and the links among those neighbours. Every label that fits
/// is drawn; one that would cover another shows on hover and focus.
pub fn neighbourhood(
    set: &EntitySet,
    pairs: &HashMap<(usize, usize), Together>,
    i: usize,
    max: usize,
    width: f64,
    height: f64,
) -> Layout {
    let related = super::related(set, pairs, i);
    let candidates = related.len();
    let around: Vec<(usize, usize)> = related
        .into_iter()
        .take(max)
        .map(|(o, t)| (o, weight(&t)))
        .collect();
    if set.entities.get(i).is_none() || around.is_empty() {
        return Layout {
            width,
            height,
            candidates,
            ..Layout::default()
        };
    }
    let (cx, cy) = (width / 2.0, height / 2.0);
    let ring = (width.min(height) / 2.0 - 50.0).max(40.0);
    let strongest = around.iter().map(|a| a.1).max().unwrap_or(1).max(1) as f64;
    let mut nodes = vec![Node {
        entity: i,
        x: cx,
        y: cy,
        radius: 14.0,
        label: None,
        hover: (cx, cy),
    }];
    let mut edges = Vec::new();
    let count = around.len() as f64;
    for (k, &(o, w)) in around.iter().enumerate() {
        let t = -std::f64::consts::FRAC_PI_2 + k as f64 / count * std::f64::consts::TAU;
        nodes.push(Node {
            entity: o,
            x: cx + ring * t.cos(),
            y: cy + ring * t.sin(),
            radius: 5.0 + 8.0 * (w as f64 / strongest).sqrt(),
            label: None,
            hover: (cx, cy),
        });
        edges.push(Edge {
            a: 0,
            b: k + 1,
            weight: w,
        });
    }
    // Links among the neighbours, looked up pair by pair (max² look-ups,
    // never a walk over every pair of the corpus).
    for a in 1..nodes.len() {
        for b in a + 1..nodes.len() {
            let key = {
                let (x, y) = (nodes[a].entity, nodes[b].entity);
                (x.min(y), x.max(y))
            };
            if let Some(t) = pairs.get(&key) {
                if weight(t) >= 1 {
                    edges.push(Edge {
                        a,
                        b,
                        weight: weight(t),
                    });
                }
            }
        }
    }
    // Labels point away from the centre: beside a node on the left and
    // right, above or below it at the top and bottom; the centre's below.
    let h = LABEL_SIZE;
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for n in nodes.iter_mut() {
        let w = label_width(&set.entities[n.entity].name);
        let (dx, dy) = (n.x - cx, n.y - cy);
        let d = (dx * dx + dy * dy).sqrt();
        let (x, top) = if d < 1.0 {
            (n.x - w / 2.0, n.y + n.radius + 4.0)
        } else if dx / d > 0.3 {
            (n.x + n.radius + 4.0, n.y - h / 2.0)
        } else if dx / d < -0.3 {
            (n.x - n.radius - 4.0 - w, n.y - h / 2.0)
        } else if dy < 0.0 {
            (n.x - w / 2.0, n.y - n.radius - 4.0 - h)
        } else {
            (n.x - w / 2.0, n.y + n.radius + 4.0)
        };
        let x = x.clamp(0.0, (width - w).max(0.0));
        let top = top.clamp(0.0, (height - h).max(0.0));
        let rect = (x, top, x + w, top + h);
        n.hover = (x, top + h - 2.0);
        let clear = placed
            .iter()
            .all(|p| rect.2 <= p.0 || rect.0 >= p.2 || rect.3 <= p.1 || rect.1 >= p.3);
        if clear {
            placed.push(rect);
            n.label = Some(n.hover);
        }
    }
    Layout {
        width,
        height,
        nodes,
        edges,
        candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::entities::{self, Entity, Mention};
    use crate::explore::{cooccurrence, find, related};
    use crate::span::Span;

    fn boxes_of(set: &EntitySet, l: &Layout) -> Vec<(f64, f64, f64, f64)> {
        l.nodes
            .iter()
            .filter_map(|n| {
                let (x, y) = n.label?;
                let w = label_width(&set.entities[n.entity].name);
                Some((x, y - LABEL_SIZE + 2.0, x + w, y + 2.0))
            })
            .collect()
    }

    fn assert_readable(set: &EntitySet, l: &Layout) {
        let boxes = boxes_of(set, l);
        for (i, p) in boxes.iter().enumerate() {
            assert!(p.0 >= 0.0 && p.1 >= 0.0 && p.2 <= l.width && p.3 <= l.height + 2.0);
            for q in &boxes[i + 1..] {
                assert!(
                    p.2 <= q.0 || p.0 >= q.2 || p.3 <= q.1 || p.1 >= q.3,
                    "{p:?} overlaps {q:?}"
                );
            }
        }
        for n in &l.nodes {
            assert!(n.x >= 0.0 && n.x <= l.width && n.y >= 0.0 && n.y <= l.height);
            let w = label_width(&set.entities[n.entity].name);
            let (x, y) = n.hover;
            assert!(
                x >= -0.01 && x + w <= l.width + 0.01,
                "hover label in the frame"
            );
            assert!(y - LABEL_SIZE >= -2.0 && y <= l.height + 2.0);
            if let Some(p) = n.label {
                assert_eq!(p, n.hover, "the hover label is the drawn one");
            }
        }
    }

    #[test]
    fn the_seed_network_is_stable_inside_the_frame_and_labels_never_overlap() {
        let c = Corpus::bundled();
        let set = entities::extract(&c);
        let pairs = cooccurrence(&c, &set);
        let a = layout(&set, &pairs, &Filter::default(), 960.0, 640.0);
        let b = layout(&set, &pairs, &Filter::default(), 960.0, 640.0);
        assert_eq!(a, b, "deterministic");
        assert!(a.nodes.len() >= 10, "{} nodes", a.nodes.len());
        assert!(!a.edges.is_empty());
        assert_readable(&set, &a);
        let labelled = a.nodes.iter().filter(|n| n.label.is_some()).count();
        assert!(labelled * 3 >= a.nodes.len() * 2, "most nodes keep a label");
        // The biggest nodes are labelled always.
        let unlabelled: Vec<&str> = a
            .nodes
            .iter()
            .take(5)
            .filter(|n| n.label.is_none())
            .map(|n| set.entities[n.entity].name.as_str())
            .collect();
        assert!(unlabelled.is_empty(), "{unlabelled:?}");
        let kinds: Vec<EntityKind> = a
            .nodes
            .iter()
            .map(|n| set.entities[n.entity].kind)
            .collect();
        assert!(!kinds.contains(&EntityKind::Date) && !kinds.contains(&EntityKind::Quantity));
    }

    #[test]
    fn labels_are_cut_to_a_readable_length() {
        assert_eq!(label_text("Taliban"), "Taliban");
        let long = "The Islamic Movement of Uzbekistan and Allies";
        let cut = label_text(long);
        assert_eq!(cut, "The Islamic Movement of…");
        assert!(cut.chars().count() <= LABEL_CHARS);
        assert_eq!(label_width(long), cut.chars().count() as f64 * CHAR_WIDTH);
        // One long word is cut inside it.
        let word = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        assert_eq!(label_text(word).chars().count(), LABEL_CHARS);
    }

    /// An archive-sized set: `n` entities with falling mention counts and
    /// `links` pairs spread over them (a fixed pseudo-random walk).
    fn archive(n: usize, links: usize) -> (EntitySet, HashMap<(usize, usize), Together>) {
        let mention = Mention {
            doc: 0,
            field: 0,
            span: Span::new(0, 1),
        };
        let entities = (0..n)
            .map(|i| Entity {
                name: format!("Entity {i:05}"),
                kind: KINDS[i % KINDS.len()],
                aliases: Vec::new(),
                mentions: vec![mention.clone(); 1 + (n - i) / 50],
                value: None,
                acronym: None,
            })
            .collect();
        let mut pairs = HashMap::new();
        let mut x: u64 = 14;
        let mut next = |m: usize| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize % m
        };
        // Half the links fall among the first 500, a dense core as in news.
        for k in 0..links {
            let core = if k % 2 == 0 { 500.min(n) } else { n };
            let (a, b) = (next(core), next(n));
            if a != b {
                let t: &mut Together = pairs.entry((a.min(b), a.max(b))).or_default();
                t.sentences += 1 + next(6);
                t.paragraphs += 1;
            }
        }
        (
            EntitySet {
                entities,
                acronyms: Vec::new(),
            },
            pairs,
        )
    }

    #[test]
    fn on_an_archive_only_the_top_n_are_laid_out_with_their_strongest_links() {
        let (set, pairs) = archive(20_000, 300_000);
        for top in NODE_CHOICES {
            let f = Filter {
                max_nodes: top,
                ..Filter::default()
            };
            let l = layout(&set, &pairs, &f, 960.0, 640.0);
            assert_eq!(l.nodes.len(), top);
            assert!(l.candidates > 10_000, "{}", l.candidates);
            // Most mentioned first, starting from the most mentioned of all.
            assert_eq!(l.nodes[0].entity, 0);
            assert!(l
                .nodes
                .windows(2)
                .all(|w| set.entities[w[0].entity].mentions.len()
                    >= set.entities[w[1].entity].mentions.len()));
            assert!(
                l.edges.len() <= top * (EDGES_PER_NODE + 1),
                "{} edges",
                l.edges.len()
            );
            assert!(l.edges.iter().all(|e| e.weight >= 2 && e.a != e.b));
            assert_readable(&set, &l);
            // Each drawn node has a link, and the list is strongest first.
            let mut touched = vec![false; l.nodes.len()];
            for e in &l.edges {
                touched[e.a] = true;
                touched[e.b] = true;
            }
            assert!(touched.iter().all(|t| *t));
            let list = l.strongest();
            assert!(list.windows(2).all(|w| w[0].weight >= w[1].weight));
        }
    }

    #[test]
    fn a_neighbourhood_is_the_entity_and_its_strongest_links() {
        let c = Corpus::bundled();
        let set = entities::extract(&c);
        let pairs = cooccurrence(&c, &set);
        let imu = find(&set, "IMU").expect("IMU");
        let l = neighbourhood(&set, &pairs, imu, 12, 640.0, 400.0);
        assert_eq!(l.nodes[0].entity, imu);
        let near = related(&set, &pairs, imu);
        assert_eq!(l.candidates, near.len());
        let around: Vec<usize> = l.nodes[1..].iter().map(|n| n.entity).collect();
        let strongest: Vec<usize> = near.iter().take(12).map(|(o, _)| *o).collect();
        assert_eq!(around, strongest);
        // Every neighbour links to the centre with its weight.
        for (k, (o, t)) in near.iter().take(12).enumerate() {
            assert!(l.edges.iter().any(|e| e.a == 0
                && e.b == k + 1
                && e.weight == weight(t)
                && l.nodes[k + 1].entity == *o));
        }
        assert_readable(&set, &l);
        assert!(l.nodes.iter().filter(|n| n.label.is_some()).count() >= 10);
        // An entity named with nothing has an empty picture.
        let (set, pairs) = archive(10, 0);
        assert!(neighbourhood(&set, &pairs, 3, 12, 640.0, 400.0)
            .nodes
            .is_empty());
        assert!(neighbourhood(&set, &pairs, 99, 12, 640.0, 400.0)
            .nodes
            .is_empty());
    }

    #[test]
    fn any_threshold_and_any_kinds_lay_out_without_panic() {
        let c = Corpus::bundled();
        let set = entities::extract(&c);
        let pairs = cooccurrence(&c, &set);
        for mask in 0u32..(1 << KINDS.len()) {
            let kinds: Vec<EntityKind> = KINDS
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, k)| *k)
                .collect();
            for w in [0, 1, 2, 3, 5, 8, 50] {
                for max_nodes in [0, 1, 2, 40] {
                    let f = Filter {
                        kinds: kinds.clone(),
                        min_weight: w,
                        max_nodes,
                    };
                    let l = layout(&set, &pairs, &f, 960.0, 640.0);
                    assert!(l.nodes.len() <= max_nodes);
                    assert!(l.nodes.iter().all(|n| n.x.is_finite() && n.y.is_finite()));
                    assert!(l
                        .nodes
                        .iter()
                        .all(|n| kinds.contains(&set.entities[n.entity].kind)));
                }
            }
        }
    }
}
