//! The paths of many traces merged into one graph: a node per responder address, a `*` node
//! per silent stretch of each path, an edge per consecutive pair, devices with identical
//! paths collapsed into one source node with a count.

use std::collections::HashMap;

use super::graph::{Device, Edge, Graph, Kind, Node, Trace};
use crate::path::identity::{canonical_address as canonical, responder_key, signature};
use crate::path::{PathHop, Reach};

impl Graph {
    /// Merges `traces`; devices in `failed` (name, why) have no path and are only listed.
    pub fn build(traces: &[Trace<'_>], failed: &[(String, String)]) -> Graph {
        // Each trace's verdict, made once: the marks and the table of devices all read it.
        let reaches: Vec<Reach<'_>> = traces.iter().map(|t| t.path.reach()).collect();
        let mut builder = Builder::default();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut by_signature: HashMap<String, usize> = HashMap::new();
        for (at, trace) in traces.iter().enumerate() {
            let group = *by_signature
                .entry(signature(trace.path))
                .or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
            groups[group].push(at);
        }
        for (group, members) in groups.iter().enumerate() {
            builder.group(group, members, traces, &reaches);
        }
        builder.unreached_destinations(traces, &reaches);
        let mut graph = builder.graph;
        graph.paths = groups.len();
        graph.traced = traces.len();
        let total = traces.len();
        for node in &mut graph.nodes {
            node.shared =
                total > 1 && node.kind == Kind::Responder && node.devices_through == total;
        }
        graph.devices = traces.iter().zip(&reaches).map(device).collect();
        graph
            .devices
            .extend(failed.iter().map(|(name, why)| Device {
                name: name.clone(),
                destination: None,
                reached: None,
                hops: 0,
                avg_ms: None,
                last_answer: None,
                error: Some(why.clone()),
            }));
        graph
    }
}

/// A responder's node key: the path layer's responder key, `?` for one that names nothing.
fn key(address: Option<&str>, name: Option<&str>) -> String {
    responder_key(address, name).unwrap_or_else(|| "?".to_owned())
}

#[derive(Default)]
struct Builder {
    graph: Graph,
    by_key: HashMap<String, usize>,
    edges: HashMap<(usize, usize), usize>,
    /// Devices counted so far (a device's index in the input).
    device: usize,
}

impl Builder {
    /// One group of identical paths: its source, its nodes and edges (once), and every
    /// member's numbers.
    fn group(
        &mut self,
        group: usize,
        members: &[usize],
        traces: &[Trace<'_>],
        reaches: &[Reach<'_>],
    ) {
        let mut source = Node::new(Kind::Source);
        source.devices = members
            .iter()
            .map(|&m| traces[m].source.to_owned())
            .collect();
        source.devices_through = members.len();
        self.graph.nodes.push(source);
        let source = self.graph.nodes.len() - 1;
        for (nth, &member) in members.iter().enumerate() {
            self.device = member;
            let path = traces[member].path;
            let mut previous = vec![source];
            let mut hops = path.hops.iter().peekable();
            while let Some(hop) = hops.next() {
                let ids = if hop.answered() {
                    self.answered(hop)
                } else {
                    let mut silent = vec![hop];
                    while let Some(next) = hops.next_if(|h| !h.answered()) {
                        silent.push(next);
                    }
                    vec![self.silent(group, &silent)]
                };
                if nth == 0 {
                    for &from in &previous {
                        for &to in &ids {
                            self.edge(from, to, members.len());
                        }
                    }
                }
                previous = ids;
            }
            let (responder, reached) = match &reaches[member] {
                Reach::Reached { responder, .. } => (responder, true),
                Reach::NotReached {
                    last: Some((_, responder)),
                    ..
                } => (responder, false),
                _ => continue,
            };
            if let Some(&id) = self.by_key.get(&key(responder.address, responder.hostname)) {
                let node = &mut self.graph.nodes[id];
                if reached {
                    node.destination = true;
                } else {
                    node.last_answer_of += 1;
                }
            }
        }
    }

    /// The responders of an answered hop, created or found, with this hop's numbers added.
    fn answered(&mut self, hop: &PathHop) -> Vec<usize> {
        let lost = hop.sent.saturating_sub(hop.received());
        let mut ids = Vec::new();
        for responder in hop.responders() {
            let key = key(responder.address, responder.hostname);
            let id = match self.by_key.get(&key) {
                Some(&id) => id,
                None => {
                    let mut node = Node::new(Kind::Responder);
                    node.address = responder.address.map(str::to_owned);
                    self.graph.nodes.push(node);
                    self.by_key.insert(key, self.graph.nodes.len() - 1);
                    self.graph.nodes.len() - 1
                }
            };
            let node = &mut self.graph.nodes[id];
            if node.name.is_none() {
                node.name = responder.hostname.map(str::to_owned);
            }
            for &rtt in &responder.rtts {
                node.times.add(rtt);
            }
            self.seen(id, hop, hop.sent, lost);
            ids.push(id);
        }
        ids
    }

    /// A stretch of silent hops of one group's path: one node, never merged with another path's.
    fn silent(&mut self, group: usize, hops: &[&PathHop]) -> usize {
        let key = format!("*{group}:{}", hops[0].label());
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                self.graph.nodes.push(Node::new(Kind::Silent));
                self.by_key.insert(key, self.graph.nodes.len() - 1);
                self.graph.nodes.len() - 1
            }
        };
        for hop in hops {
            self.seen(id, hop, hop.sent, hop.sent);
        }
        id
    }

    fn seen(&mut self, id: usize, hop: &PathHop, sent: usize, lost: usize) {
        let node = &mut self.graph.nodes[id];
        match hop.number {
            Some(n) => {
                node.hops.insert(n);
            }
            None => node.unnumbered = true,
        }
        node.sent += sent;
        node.lost += lost;
        if node.counted != Some(self.device) {
            node.counted = Some(self.device);
            node.devices_through += 1;
        }
    }

    fn edge(&mut self, from: usize, to: usize, devices: usize) {
        if from == to {
            // The same responder at two hops in a row: one node, no loop drawn.
            return;
        }
        match self.edges.get(&(from, to)) {
            Some(&at) => self.graph.edges[at].devices += devices,
            None => {
                self.edges.insert((from, to), self.graph.edges.len());
                self.graph.edges.push(Edge { from, to, devices });
            }
        }
    }

    /// A destination that some path did not reach is drawn all the same, on the right.
    fn unreached_destinations(&mut self, traces: &[Trace<'_>], reaches: &[Reach<'_>]) {
        for (trace, reach) in traces.iter().zip(reaches) {
            let Reach::NotReached { target, .. } = reach else {
                continue;
            };
            let key = canonical(target);
            match self.by_key.get(&key) {
                Some(&id) => self.graph.nodes[id].destination = true,
                None => {
                    let mut node = Node::new(Kind::Destination);
                    node.address = Some((*target).to_owned());
                    node.name = trace
                        .path
                        .destination
                        .clone()
                        .filter(|d| canonical(d) != key);
                    node.destination = true;
                    self.graph.nodes.push(node);
                    self.by_key.insert(key, self.graph.nodes.len() - 1);
                }
            }
        }
    }
}

fn device((trace, reach): (&Trace<'_>, &Reach<'_>)) -> Device {
    let path = trace.path;
    let avg_ms = match reach {
        Reach::Reached { responder, .. } => responder.avg(),
        _ => None,
    };
    let last_answer = match reach {
        Reach::NotReached { .. } => Some(reach.last_answer()),
        _ => None,
    };
    Device {
        name: trace.source.to_owned(),
        destination: path.destination.clone().or(path.target.clone()),
        reached: reach.reached(),
        hops: path.length(),
        avg_ms,
        last_answer,
        error: None,
    }
}
