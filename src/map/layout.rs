//! Where gwtrace draws each node and edge of a map: layered left to right (sources in the
//! first column, destinations in the last), long edges routed through empty slots of the
//! columns they pass, so that no edge crosses a node and no two boxes overlap.

use std::collections::VecDeque;

use super::graph::{Graph, Kind};

/// Width of one character of the map's monospace font (12 px: 0.6 em).
pub const CHAR_WIDTH: f64 = 7.2;
/// Width of one character of an edge label (11 px monospace).
pub const LABEL_CHAR_WIDTH: f64 = 6.6;
pub const NODE_HEIGHT: f64 = 40.0;
const PADDING: f64 = 10.0;
const MIN_WIDTH: f64 = 64.0;
/// Room between columns: edges and their labels live there, never nodes.
pub const GAP: f64 = 96.0;
const ROW_GAP: f64 = 18.0;
const SLOT_HEIGHT: f64 = 8.0;
pub const MARGIN: f64 = 20.0;
/// Sweeps of the barycentre ordering (down and up).
const SWEEPS: usize = 4;

/// A node's box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

/// An edge's route: from the right side of one box, through the slots it was given in the
/// columns between, to the left side of the other (reversed for an edge that goes back).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub edge: usize,
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub boxes: Vec<Rect>,
    pub routes: Vec<Route>,
}

/// What occupies a slot of a column: a node, or the `k`th passage of a long edge.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Node(usize),
    Pass(usize, usize),
}

/// Lays out `graph`; `lines[i]` is the text drawn in node `i`'s box (for its width).
pub fn layout(graph: &Graph, lines: &[Vec<String>]) -> Layout {
    let (forward, layer) = layers(graph);
    let columns = layer.iter().copied().max().map_or(1, |m| m + 1);
    let mut slots: Vec<Vec<Item>> = vec![Vec::new(); columns];
    for (node, &l) in layer.iter().enumerate() {
        slots[l].push(Item::Node(node));
    }
    for (edge, &(from, to)) in forward.iter().enumerate() {
        for (k, column) in (layer[from] + 1..layer[to]).enumerate() {
            slots[column].push(Item::Pass(edge, k));
        }
    }
    order(&mut slots, &forward, &layer);
    place(graph, lines, &slots, &forward, &layer)
}

/// Each node's column: the longest way to it from a source, edges that go back (a routing
/// loop) turned around; destinations that end paths in the last column. Returns the edges
/// as laid out (from the left column to the right) and the columns.
fn layers(graph: &Graph) -> (Vec<(usize, usize)>, Vec<usize>) {
    let n = graph.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (at, edge) in graph.edges.iter().enumerate() {
        out[edge.from].push(at);
    }
    let back = back_edges(graph, &out);
    let forward: Vec<(usize, usize)> = graph
        .edges
        .iter()
        .zip(&back)
        .map(|(e, &b)| if b { (e.to, e.from) } else { (e.from, e.to) })
        .collect();
    let mut incoming = vec![0usize; n];
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to) in &forward {
        incoming[to] += 1;
        next[from].push(to);
    }
    let mut layer = vec![0usize; n];
    let mut ready: VecDeque<usize> = (0..n).filter(|&v| incoming[v] == 0).collect();
    while let Some(v) = ready.pop_front() {
        for &w in &next[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            incoming[w] -= 1;
            if incoming[w] == 0 {
                ready.push_back(w);
            }
        }
    }
    let last = layer.iter().copied().max().unwrap_or(0).max(1);
    for (v, node) in graph.nodes.iter().enumerate() {
        let ends = next[v].is_empty();
        if ends && (node.destination || node.kind == Kind::Destination) {
            layer[v] = last;
        }
    }
    (forward, layer)
}

/// Edges that close a loop, found by a depth-first walk from the sources.
fn back_edges(graph: &Graph, out: &[Vec<usize>]) -> Vec<bool> {
    let n = graph.nodes.len();
    let mut back = vec![false; graph.edges.len()];
    // 0: not seen, 1: on the walk's stack, 2: done.
    let mut state = vec![0u8; n];
    let sources = (0..n).filter(|&v| graph.nodes[v].kind == Kind::Source);
    for root in sources.chain(0..n) {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut at)) = stack.last_mut() {
            if let Some(&edge) = out[v].get(*at) {
                *at += 1;
                let w = graph.edges[edge].to;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[edge] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Orders each column so that edges cross little: each slot moves to the average position of
/// its neighbours in the column before (then after), a few times over.
fn order(slots: &mut [Vec<Item>], forward: &[(usize, usize)], layer: &[usize]) {
    let columns = slots.len();
    let (mut ins, mut outs) = (vec![Vec::new(); layer.len()], vec![Vec::new(); layer.len()]);
    for (edge, &(from, to)) in forward.iter().enumerate() {
        outs[from].push(edge);
        ins[to].push(edge);
    }
    // Each slot's neighbours to the left and right, as items.
    let left = |item: Item| -> Vec<Item> {
        match item {
            Item::Pass(edge, 0) => vec![Item::Node(forward[edge].0)],
            Item::Pass(edge, k) => vec![Item::Pass(edge, k - 1)],
            Item::Node(v) => ins[v]
                .iter()
                .map(|&edge| (edge, forward[edge]))
                .map(|(edge, (from, _))| match layer[v] - layer[from] {
                    1 => Item::Node(from),
                    span => Item::Pass(edge, span - 2),
                })
                .collect(),
        }
    };
    let right = |item: Item| -> Vec<Item> {
        match item {
            Item::Pass(edge, k) => {
                let (from, to) = forward[edge];
                if layer[from] + k + 2 == layer[to] {
                    vec![Item::Node(to)]
                } else {
                    vec![Item::Pass(edge, k + 1)]
                }
            }
            Item::Node(v) => outs[v]
                .iter()
                .map(|&edge| (edge, forward[edge]))
                .map(|(edge, (_, to))| match layer[to] - layer[v] {
                    1 => Item::Node(to),
                    _ => Item::Pass(edge, 0),
                })
                .collect(),
        }
    };
    let neighbours_left: Vec<Vec<Vec<Item>>> = slots
        .iter()
        .map(|c| c.iter().map(|&i| left(i)).collect())
        .collect();
    let neighbours_right: Vec<Vec<Vec<Item>>> = slots
        .iter()
        .map(|c| c.iter().map(|&i| right(i)).collect())
        .collect();
    let mut with_left: Vec<Vec<(Item, Vec<Item>)>> = zip_columns(slots, neighbours_left);
    let mut with_right: Vec<Vec<(Item, Vec<Item>)>> = zip_columns(slots, neighbours_right);
    for _ in 0..SWEEPS {
        for c in 1..columns {
            let before = positions(&with_left[c - 1]);
            sort_by_barycentre(&mut with_left[c], &before);
            reorder(&mut with_right[c], &with_left[c]);
        }
        for c in (0..columns.saturating_sub(1)).rev() {
            let after = positions(&with_right[c + 1]);
            sort_by_barycentre(&mut with_right[c], &after);
            reorder(&mut with_left[c], &with_right[c]);
        }
    }
    for (column, items) in slots.iter_mut().zip(&with_left) {
        *column = items.iter().map(|(item, _)| *item).collect();
    }
}

fn zip_columns(
    slots: &[Vec<Item>],
    neighbours: Vec<Vec<Vec<Item>>>,
) -> Vec<Vec<(Item, Vec<Item>)>> {
    slots
        .iter()
        .zip(neighbours)
        .map(|(c, n)| c.iter().copied().zip(n).collect())
        .collect()
}

fn positions(column: &[(Item, Vec<Item>)]) -> std::collections::HashMap<ItemKey, f64> {
    column
        .iter()
        .enumerate()
        .map(|(at, (item, _))| (ItemKey::of(*item), at as f64))
        .collect()
}

/// An item as a hash key (`f64`-free, so `Item` needs no `Hash` of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ItemKey(usize, usize, bool);

impl ItemKey {
    fn of(item: Item) -> ItemKey {
        match item {
            Item::Node(v) => ItemKey(v, 0, false),
            Item::Pass(e, k) => ItemKey(e, k, true),
        }
    }
}

/// Sorts a column by the mean position of each slot's neighbours; a slot without any keeps
/// its place (the sort is stable and it takes its current position as its key).
fn sort_by_barycentre(
    column: &mut [(Item, Vec<Item>)],
    neighbours: &std::collections::HashMap<ItemKey, f64>,
) {
    let mut keyed: Vec<(f64, usize)> = column
        .iter()
        .enumerate()
        .map(|(at, (_, near))| {
            let found: Vec<f64> = near
                .iter()
                .filter_map(|i| neighbours.get(&ItemKey::of(*i)).copied())
                .collect();
            let key = if found.is_empty() {
                at as f64
            } else {
                found.iter().sum::<f64>() / found.len() as f64
            };
            (key, at)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let old: Vec<(Item, Vec<Item>)> = column.to_vec();
    for (slot, (_, from)) in column.iter_mut().zip(keyed) {
        *slot = old[from].clone();
    }
}

/// Puts `column` in the order of `like` (the same items).
fn reorder(column: &mut [(Item, Vec<Item>)], like: &[(Item, Vec<Item>)]) {
    let at: std::collections::HashMap<ItemKey, usize> = like
        .iter()
        .enumerate()
        .map(|(i, (item, _))| (ItemKey::of(*item), i))
        .collect();
    column.sort_by_key(|(item, _)| at[&ItemKey::of(*item)]);
}

/// Boxes and routes from the ordered columns: each column as wide as its widest text, its
/// slots stacked and centred on the tallest column.
fn place(
    graph: &Graph,
    lines: &[Vec<String>],
    slots: &[Vec<Item>],
    forward: &[(usize, usize)],
    layer: &[usize],
) -> Layout {
    let text_width = |node: usize| {
        // Columns of a monospace font: a wide (CJK) character takes two.
        let longest = lines[node]
            .iter()
            .map(|l| console::measure_text_width(l))
            .max();
        (longest.unwrap_or(1) as f64 * CHAR_WIDTH + 2.0 * PADDING).max(MIN_WIDTH)
    };
    let slot_height = |item: &Item| match item {
        Item::Node(_) => NODE_HEIGHT,
        Item::Pass(..) => SLOT_HEIGHT,
    };
    let widths: Vec<f64> = slots
        .iter()
        .map(|column| {
            column
                .iter()
                .filter_map(|i| match i {
                    Item::Node(v) => Some(text_width(*v)),
                    Item::Pass(..) => None,
                })
                .fold(MIN_WIDTH, f64::max)
        })
        .collect();
    let heights: Vec<f64> = slots
        .iter()
        .map(|c| {
            let sum: f64 = c.iter().map(slot_height).sum();
            sum + ROW_GAP * c.len().saturating_sub(1) as f64
        })
        .collect();
    let tallest = heights.iter().copied().fold(0.0, f64::max);
    let mut x = MARGIN;
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0
        };
        graph.nodes.len()
    ];
    let mut passes = Passes::new();
    for (c, column) in slots.iter().enumerate() {
        let mut y = MARGIN + (tallest - heights[c]) / 2.0;
        for item in column {
            let height = slot_height(item);
            match *item {
                Item::Node(v) => {
                    boxes[v] = Rect {
                        x,
                        y,
                        width: widths[c],
                        height,
                    }
                }
                Item::Pass(edge, k) => {
                    passes.insert((edge, k), (x, x + widths[c], y + height / 2.0));
                }
            }
            y += height + ROW_GAP;
        }
        x += widths[c] + GAP;
    }
    let routes = routes(graph, forward, layer, &boxes, &passes);
    Layout {
        width: x - GAP + MARGIN,
        height: tallest + 2.0 * MARGIN,
        boxes,
        routes,
    }
}

/// Where a long edge crosses a column: (edge, k) → the column's left and right x, and y.
type Passes = std::collections::HashMap<(usize, usize), (f64, f64, f64)>;

/// Each edge from the right side of one box, through its slots, to the left side of the other;
/// turned around for an edge that goes back.
fn routes(
    graph: &Graph,
    forward: &[(usize, usize)],
    layer: &[usize],
    boxes: &[Rect],
    passes: &Passes,
) -> Vec<Route> {
    forward
        .iter()
        .enumerate()
        .map(|(edge, &(from, to))| {
            let (a, b) = (boxes[from], boxes[to]);
            let mut points = vec![(a.x + a.width, a.y + a.height / 2.0)];
            for k in 0..(layer[to] - layer[from]).saturating_sub(1) {
                let (left, right, y) = passes[&(edge, k)];
                points.push((left, y));
                points.push((right, y));
            }
            points.push((b.x, b.y + b.height / 2.0));
            if graph.edges[edge].from != from {
                points.reverse();
            }
            Route { edge, points }
        })
        .collect()
}
