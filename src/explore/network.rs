//! A picture of co-occurring entities: which nodes and edges to draw, where
//! (a deterministic force layout: the same corpus gives the same picture),
//! and where each label goes so that labels never overlap.

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

impl Default for Filter {
    fn default() -> Self {
        Filter {
            kinds: vec![
                EntityKind::Person,
                EntityKind::Org,
                EntityKind::Place,
                EntityKind::Group,
                EntityKind::Event,
                EntityKind::Law,
            ],
            min_weight: 2,
            max_nodes: 60,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub entity: usize,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    /// Where the label sits (its left edge and baseline), if it fits.
    pub label: Option<(f64, f64)>,
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
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Approximate label box for the page's 12px sans-serif labels.
pub const LABEL_SIZE: f64 = 12.0;
const CHAR_WIDTH: f64 = 6.6;
const ITERATIONS: usize = 300;

pub fn label_width(name: &str) -> f64 {
    name.chars().count() as f64 * CHAR_WIDTH
}

/// Lay out the network of `set` for a `width` × `height` picture.
pub fn layout(
    set: &EntitySet,
    pairs: &HashMap<(usize, usize), Together>,
    filter: &Filter,
    width: f64,
    height: f64,
) -> Layout {
    let weight = |t: &Together| t.sentences.max(t.paragraphs);
    // Edges that pass the threshold between kinds we show.
    let shown = |i: usize| {
        set.entities
            .get(i)
            .is_some_and(|e| filter.kinds.contains(&e.kind))
    };
    let mut edges: Vec<(usize, usize, usize)> = pairs
        .iter()
        .filter(|(&(a, b), t)| shown(a) && shown(b) && weight(t) >= filter.min_weight.max(1))
        .map(|(&(a, b), t)| (a, b, weight(t)))
        .collect();
    // Nodes: entities with an edge, most mentioned first.
    let mut ids: Vec<usize> = edges.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.sort_by(|&a, &b| {
        set.entities[b]
            .mentions
            .len()
            .cmp(&set.entities[a].mentions.len())
            .then_with(|| set.entities[a].name.cmp(&set.entities[b].name))
    });
    ids.truncate(filter.max_nodes);
    let index: HashMap<usize, usize> = ids.iter().enumerate().map(|(n, &e)| (e, n)).collect();
    edges.retain(|(a, b, _)| index.contains_key(a) && index.contains_key(b));
    edges.sort_unstable();
    let n = ids.len();
    if n == 0 {
        return Layout {
            width,
            height,
            ..Layout::default()
        };
    }

    // Start on a circle in a fixed order, then relax (Fruchterman-Reingold
    // with a cooling step): no randomness, so the picture is stable.
    let (cx, cy) = (width / 2.0, height / 2.0);
    let r0 = width.min(height) * 0.4;
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let t = k as f64 / n as f64 * std::f64::consts::TAU;
            (cx + r0 * t.cos(), cy + r0 * t.sin())
        })
        .collect();
    let area = width * height;
    let k = (area / n as f64).sqrt() * 0.6;
    let mut temp = width.min(height) / 8.0;
    let links: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|&(a, b, w)| (index[&a], index[&b], (w as f64).ln_1p()))
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
            pos[i].0 = (pos[i].0 + disp[i].0 / d * step).clamp(20.0, width - 20.0);
            pos[i].1 = (pos[i].1 + disp[i].1 / d * step).clamp(20.0, height - 20.0);
        }
        temp *= 0.985;
    }

    let max_mentions = ids
        .iter()
        .map(|&e| set.entities[e].mentions.len())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut nodes: Vec<Node> = ids
        .iter()
        .enumerate()
        .map(|(i, &e)| Node {
            entity: e,
            x: pos[i].0,
            y: pos[i].1,
            radius: 4.0 + 12.0 * (set.entities[e].mentions.len() as f64 / max_mentions).sqrt(),
            label: None,
        })
        .collect();
    place_labels(set, &mut nodes, width, height);
    Layout {
        width,
        height,
        nodes,
        edges: links
            .iter()
            .zip(&edges)
            .map(|(&(a, b, _), &(_, _, w))| Edge { a, b, weight: w })
            .collect(),
    }
}

/// Greedy label placement, biggest nodes first: right, left, above, below;
/// a label that fits nowhere is left out (the node still has its name as a
/// tooltip and an accessible name).
fn place_labels(set: &EntitySet, nodes: &mut [Node], width: f64, height: f64) {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| nodes[b].radius.total_cmp(&nodes[a].radius).then(a.cmp(&b)));
    let circles: Vec<(f64, f64, f64)> = nodes.iter().map(|n| (n.x, n.y, n.radius)).collect();
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for i in order {
        let n = &nodes[i];
        let w = label_width(&set.entities[n.entity].name);
        let h = LABEL_SIZE;
        let candidates = [
            (n.x + n.radius + 3.0, n.y - h / 2.0),
            (n.x - n.radius - 3.0 - w, n.y - h / 2.0),
            (n.x - w / 2.0, n.y - n.radius - 3.0 - h),
            (n.x - w / 2.0, n.y + n.radius + 3.0),
        ];
        for (x, y) in candidates {
            let rect = (x, y, x + w, y + h);
            let inside = rect.0 >= 0.0 && rect.1 >= 0.0 && rect.2 <= width && rect.3 <= height;
            let clear_labels = placed
                .iter()
                .all(|p| rect.2 <= p.0 || rect.0 >= p.2 || rect.3 <= p.1 || rect.1 >= p.3);
            let clear_nodes = circles.iter().all(|&(cx, cy, r)| {
                let nx = cx.clamp(rect.0, rect.2);
                let ny = cy.clamp(rect.1, rect.3);
                (cx - nx).powi(2) + (cy - ny).powi(2) > r * r
            });
            if inside && clear_labels && clear_nodes {
                placed.push(rect);
                // Baseline sits near the box bottom.
                nodes[i].label = Some((x, y + h - 2.0));
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::entities;
    use crate::explore::cooccurrence;

    #[test]
    fn the_seed_network_is_stable_inside_the_frame_and_labels_never_overlap() {
        let c = Corpus::bundled();
        let set = entities::extract(&c);
        let pairs = cooccurrence(&c, &set);
        let a = layout(&set, &pairs, &Filter::default(), 900.0, 640.0);
        let b = layout(&set, &pairs, &Filter::default(), 900.0, 640.0);
        assert_eq!(a, b, "deterministic");
        assert!(a.nodes.len() >= 10, "{} nodes", a.nodes.len());
        assert!(!a.edges.is_empty());
        let mut boxes = Vec::new();
        for n in &a.nodes {
            assert!(n.x >= 0.0 && n.x <= 900.0 && n.y >= 0.0 && n.y <= 640.0);
            if let Some((x, y)) = n.label {
                let w = label_width(&set.entities[n.entity].name);
                boxes.push((x, y - LABEL_SIZE + 2.0, x + w, y + 2.0));
            }
        }
        assert!(boxes.len() * 2 >= a.nodes.len(), "most nodes keep a label");
        for (i, p) in boxes.iter().enumerate() {
            for q in &boxes[i + 1..] {
                assert!(
                    p.2 <= q.0 || p.0 >= q.2 || p.3 <= q.1 || p.1 >= q.3,
                    "{p:?} overlaps {q:?}"
                );
            }
        }
        let kinds: Vec<EntityKind> = a
            .nodes
            .iter()
            .map(|n| set.entities[n.entity].kind)
            .collect();
        assert!(!kinds.contains(&EntityKind::Date) && !kinds.contains(&EntityKind::Quantity));
    }
}

#[cfg(test)]
mod filter_tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::entities;
    use crate::explore::cooccurrence;

    #[test]
    fn any_threshold_and_any_kinds_lay_out_without_panic() {
        let c = Corpus::bundled();
        let set = entities::extract(&c);
        let pairs = cooccurrence(&c, &set);
        let all = Filter::default().kinds;
        for mask in 0u32..(1 << all.len()) {
            let kinds: Vec<EntityKind> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, k)| *k)
                .collect();
            for w in [0, 1, 2, 3, 5, 8, 50] {
                let f = Filter {
                    kinds: kinds.clone(),
                    min_weight: w,
                    max_nodes: 60,
                };
                let l = layout(&set, &pairs, &f, 960.0, 640.0);
                assert!(l.nodes.iter().all(|n| n.x.is_finite() && n.y.is_finite()));
            }
        }
    }
}
