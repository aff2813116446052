//! A table with its totals as a circulation, and the least and greatest
//! value of one of its numbers over every table a reader cannot tell
//! apart from the true one.
//!
//! Nodes: a source `S`, one node per row, one per column, a sink `T`.
//! Arcs: `S → row` carries the row total, `row → column` the cell,
//! `column → T` the column total, `T → S` the grand total. A flow that
//! balances at every node is exactly a table whose totals are the sums of
//! its cells. Each arc has the bounds a reader knows: a published number
//! `[v, v]`, a suppressed one `[1, ∞)` (zeros are published), a band
//! `[lo, hi]`. A cell with no figure has no arc.
//!
//! The true table is one such flow `f`. Any other `g` differs from it by
//! a circulation in the residual network of `f`, which splits into cycles
//! that each stay within the bounds (a conformal decomposition). So the
//! greatest value of arc `e` is `f(e)` plus the largest flow that can go
//! from `e`'s head back to its tail in the residual network without `e`
//! (capped by `e`'s own room), and the least is `f(e)` minus the largest
//! flow from its tail to its head. Every capacity is a whole number, so
//! the maximum flow (Edmonds–Karp) is whole as well: it is the answer over
//! tables of whole numbers, not only over fractional ones, and it equals
//! the linear program's optimum (the constraint matrix of a network is
//! totally unimodular).

use std::collections::VecDeque;

/// No upper bound. Large enough that no sum of `u64` counts reaches it,
/// small enough that adding two never overflows a `u128`.
pub(crate) const UNBOUNDED: u128 = 1 << 100;

/// Whether a shift is past any whole table: it went along arcs with no
/// upper bound only.
pub(crate) fn is_unbounded(shift: u128) -> bool {
    shift >= UNBOUNDED / 2
}

/// One number of the table as an arc.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Arc {
    pub from: usize,
    pub to: usize,
    pub least: u128,
    pub most: u128,
    pub flow: u128,
}

/// The table with its totals as a network.
#[derive(Clone, Debug)]
pub(crate) struct Network {
    pub nodes: usize,
    pub arcs: Vec<Arc>,
}

/// An edge of the residual network, with its partner at `index ^ 1`.
#[derive(Clone, Copy, Debug)]
struct Edge {
    to: usize,
    room: u128,
}

impl Network {
    /// How far arc `e` can move up (or down) from its flow, and the flow
    /// of every arc in a table where it has moved that far (at most
    /// `limit`).
    pub fn shift(&self, e: usize, up: bool, limit: u128) -> (u128, Vec<u128>) {
        let mut flows: Vec<u128> = self.arcs.iter().map(|a| a.flow).collect();
        let Some(arc) = self.arcs.get(e) else {
            return (0, flows);
        };
        let (source, sink, room) = if up {
            (arc.to, arc.from, arc.most.saturating_sub(arc.flow))
        } else {
            (arc.from, arc.to, arc.flow.saturating_sub(arc.least))
        };
        let limit = limit.min(room);
        let mut edges: Vec<Edge> = Vec::with_capacity(self.arcs.len() * 4);
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); self.nodes];
        let mut add = |from: usize, to: usize, room: u128, edges: &mut Vec<Edge>| {
            let index = edges.len();
            edges.push(Edge { to, room });
            edges.push(Edge { to: from, room: 0 });
            if let Some(list) = out.get_mut(from) {
                list.push(index);
            }
            if let Some(list) = out.get_mut(to) {
                list.push(index + 1);
            }
            index
        };
        // For each arc: its edge forward (room to grow) and backward (room
        // to shrink); the arc asked about is left out.
        let mut pairs: Vec<Option<(usize, usize)>> = Vec::with_capacity(self.arcs.len());
        for (i, a) in self.arcs.iter().enumerate() {
            if i == e {
                pairs.push(None);
                continue;
            }
            let forward = add(a.from, a.to, a.most.saturating_sub(a.flow), &mut edges);
            let backward = add(a.to, a.from, a.flow.saturating_sub(a.least), &mut edges);
            pairs.push(Some((forward, backward)));
        }
        let mut total: u128 = 0;
        while total < limit {
            let Some(path) = augmenting_path(&edges, &out, source, sink) else {
                break;
            };
            let bottleneck = path
                .iter()
                .filter_map(|&i| edges.get(i).map(|edge| edge.room))
                .min()
                .unwrap_or(0)
                .min(limit - total);
            if bottleneck == 0 {
                break;
            }
            for &i in &path {
                if let Some(edge) = edges.get_mut(i) {
                    edge.room -= bottleneck;
                }
                if let Some(edge) = edges.get_mut(i ^ 1) {
                    edge.room += bottleneck;
                }
            }
            total += bottleneck;
        }
        let pushed = |i: usize, edges: &[Edge]| edges.get(i ^ 1).map_or(0, |edge| edge.room);
        for (i, pair) in pairs.iter().enumerate() {
            let Some(flow) = flows.get_mut(i) else {
                continue;
            };
            match pair {
                Some((forward, backward)) => {
                    *flow = (*flow + pushed(*forward, &edges))
                        .saturating_sub(pushed(*backward, &edges));
                }
                None if up => *flow += total,
                None => *flow = flow.saturating_sub(total),
            }
        }
        (total, flows)
    }

    /// The least and greatest flow of arc `e` (`None`: no upper limit).
    pub fn range(&self, e: usize) -> (u128, Option<u128>) {
        let flow = self.arcs.get(e).map_or(0, |a| a.flow);
        let (down, _) = self.shift(e, false, UNBOUNDED);
        let (up, _) = self.shift(e, true, UNBOUNDED);
        let greatest = (!is_unbounded(up)).then_some(flow + up);
        (flow.saturating_sub(down), greatest)
    }
}

/// A shortest path of edges with room from `source` to `sink`.
fn augmenting_path(
    edges: &[Edge],
    out: &[Vec<usize>],
    source: usize,
    sink: usize,
) -> Option<Vec<usize>> {
    let mut via: Vec<Option<usize>> = vec![None; out.len()];
    let mut seen = vec![false; out.len()];
    if let Some(s) = seen.get_mut(source) {
        *s = true;
    }
    let mut queue = VecDeque::from([source]);
    while let Some(node) = queue.pop_front() {
        if node == sink {
            break;
        }
        for &i in out.get(node).map_or(&[][..], Vec::as_slice) {
            let Some(edge) = edges.get(i) else { continue };
            if edge.room == 0 || seen.get(edge.to).copied().unwrap_or(true) {
                continue;
            }
            if let Some(s) = seen.get_mut(edge.to) {
                *s = true;
            }
            if let Some(v) = via.get_mut(edge.to) {
                *v = Some(i);
            }
            queue.push_back(edge.to);
        }
    }
    if !seen.get(sink).copied().unwrap_or(false) || source == sink {
        return None;
    }
    let mut path = Vec::new();
    let mut node = sink;
    while node != source {
        let i = via.get(node).copied().flatten()?;
        path.push(i);
        // The edge's tail is its partner's head.
        node = edges.get(i ^ 1)?.to;
    }
    Some(path)
}
