//! The entity network: entities as nodes, relations as directed edges, whole
//! or within `depth` hops of a center, as GraphML, DOT, JSON or SVG.

use crate::html::esc;
use crate::snapshot::Snapshot;
use crate::{format_enum, svg, Result};
use dossier_doc::{EntityType, RelationType};
use dossier_kb::{EntityRecord, RelationRecord, Store};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write;

format_enum!(
    /// Output formats of a graph.
    GraphFormat {
        /// GraphML (networkx, Gephi, yEd).
        GraphMl => ["graphml"],
        /// Graphviz DOT.
        Dot => ["dot"],
        /// JSON `{nodes, links}` (node-link form).
        Json => ["json"],
        /// A drawing as SVG.
        Svg => ["svg"],
    }
);

/// The network around `center` (entities within `depth` relation hops, with
/// the relations among them), or the whole knowledge base when `center` is
/// `None` (then `depth` is not used).
pub fn graph(
    store: &dyn Store,
    center: Option<i64>,
    depth: usize,
    format: GraphFormat,
) -> Result<String> {
    let g = match center {
        Some(c) => Graph::from_snapshot(&Snapshot::neighbourhood(store, c, depth)?, Some(c), true),
        None if format == GraphFormat::GraphMl => {
            // The whole base as GraphML is streamed from the store, as
            // `export --format graphml` writes it: only the text is held.
            let mut out = Vec::new();
            crate::export::graphml(store, &mut out, "graph")?;
            return String::from_utf8(out).map_err(|e| crate::ReportError::Io {
                path: "graph".into(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            });
        }
        None => Graph::whole(store)?,
    };
    Ok(g.render(format))
}

/// A node: one entity.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Entity id.
    pub id: i64,
    /// Entity type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Mentions across documents.
    pub mention_count: usize,
    /// Documents mentioning it.
    pub document_count: usize,
    /// Hops from the center (None: no center, or not connected to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance: Option<usize>,
}

/// An edge: one aggregated relation.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// Relation id.
    pub id: i64,
    /// Relation type.
    #[serde(rename = "type")]
    pub rtype: RelationType,
    /// Source entity id.
    pub source: i64,
    /// Target entity id.
    pub target: i64,
    /// Highest confidence.
    pub confidence: f32,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Date (EDTF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<dossier_doc::Edtf>,
    /// Number of evidence sentences.
    pub evidence_count: usize,
    /// Number of distinct documents.
    pub source_count: usize,
}

/// A graph of entities and relations.
#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    /// Center entity, if any.
    pub center: Option<i64>,
    /// Nodes, sorted by id.
    pub nodes: Vec<Node>,
    /// Edges, sorted by id.
    pub edges: Vec<Edge>,
}

impl Graph {
    /// The graph of a snapshot. With `only_connected`, entities that are
    /// neither the center nor an endpoint of a relation are left out.
    pub fn from_snapshot(snap: &Snapshot, center: Option<i64>, only_connected: bool) -> Graph {
        let edges: Vec<Edge> = snap
            .relations
            .iter()
            .filter(|r| {
                snap.entities.contains_key(&r.source) && snap.entities.contains_key(&r.target)
            })
            .map(Edge::of)
            .collect();
        let mut keep: BTreeSet<i64> = edges.iter().flat_map(|e| [e.source, e.target]).collect();
        if let Some(c) = center {
            keep.insert(c);
        }
        if !only_connected {
            keep.extend(snap.entities.keys().copied());
        }
        let dist = center.map(|c| distances(c, &edges)).unwrap_or_default();
        let nodes = snap
            .entities
            .values()
            .filter(|e| keep.contains(&e.id))
            .map(|e| Node::of(e, dist.get(&e.id).copied()))
            .collect();
        Graph {
            center,
            nodes,
            edges,
        }
    }

    /// The graph of the whole base (every entity a node, every relation
    /// between two entities of the base an edge), as
    /// [`Graph::from_snapshot`] of the loaded base gives it, read from the
    /// store a page of entities at a time: only the nodes and edges are
    /// held, not the evidence, events or attributes.
    pub fn whole(store: &dyn Store) -> Result<Graph> {
        use crate::export::walk::{Records, StoreRecords};
        let rec = StoreRecords::new(store);
        let mut nodes = Vec::new();
        rec.each_entity(&mut |e| {
            nodes.push(Node::of(e, None));
            Ok(())
        })?;
        let mut edges = Vec::new();
        rec.each_relation(&mut |r| {
            if rec.has_entity(r.source)? && rec.has_entity(r.target)? {
                edges.push(Edge::of(r));
            }
            Ok(())
        })?;
        Ok(Graph {
            center: None,
            nodes,
            edges,
        })
    }

    /// Renders the graph.
    pub fn render(&self, format: GraphFormat) -> String {
        match format {
            GraphFormat::GraphMl => self.to_graphml(),
            GraphFormat::Dot => self.to_dot(),
            GraphFormat::Json => self.to_json(),
            GraphFormat::Svg => svg::network(self),
        }
    }

    /// GraphML with typed attributes declared as `<key>` elements.
    pub fn to_graphml(&self) -> String {
        let mut o = graphml_head();
        for n in &self.nodes {
            n.write_graphml(&mut o);
        }
        for e in &self.edges {
            e.write_graphml(&mut o);
        }
        o.push_str(GRAPHML_TAIL);
        o
    }

    /// Graphviz DOT, nodes coloured by entity type.
    pub fn to_dot(&self) -> String {
        let q = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(|c: char| c.is_control(), " ")
        };
        let mut o = String::from("digraph dossier {\n  graph [overlap=false, splines=true];\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for n in &self.nodes {
            let pen = if Some(n.id) == self.center {
                ", penwidth=3"
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "  n{} [label=\"{}\", fillcolor=\"{}\", type=\"{}\"{}];",
                n.id,
                q(&n.name),
                svg::colour(n.etype),
                n.etype.as_str(),
                pen
            );
        }
        for e in &self.edges {
            let dir = if e.rtype.is_symmetric() {
                ", dir=both"
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "  n{} -> n{} [label=\"{}\", type=\"{}\", confidence={}, source_count={}{}];",
                e.source,
                e.target,
                e.rtype.as_str(),
                e.rtype.as_str(),
                finite(e.confidence),
                e.source_count,
                dir
            );
        }
        o.push_str("}\n");
        o
    }

    /// JSON in node-link form (`{"directed": true, "nodes": […], "links": […]}`).
    pub fn to_json(&self) -> String {
        let v = serde_json::json!({
            "directed": true,
            "multigraph": true,
            "center": self.center,
            "nodes": self.nodes,
            "links": self.edges,
        });
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    }
}

/// A float that is always valid in XML/DOT/JSON output.
fn finite(x: f32) -> String {
    if x.is_finite() {
        format!("{:.3}", x)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        "0".into()
    }
}

/// Hops from `center` over edges in either direction.
/// The GraphML text before the nodes: declaration, `<key>` elements and
/// the opening `<graph>`.
pub(crate) fn graphml_head() -> String {
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    let keys: &[(&str, &str, &str, &str)] = &[
        ("d0", "node", "label", "string"),
        ("d1", "node", "type", "string"),
        ("d2", "node", "name", "string"),
        ("d3", "node", "aliases", "string"),
        ("d4", "node", "mention_count", "int"),
        ("d5", "node", "document_count", "int"),
        ("d6", "edge", "type", "string"),
        ("d7", "edge", "confidence", "double"),
        ("d8", "edge", "credibility", "int"),
        ("d9", "edge", "date", "string"),
        ("d10", "edge", "evidence_count", "int"),
        ("d11", "edge", "source_count", "int"),
        ("d12", "edge", "label", "string"),
    ];
    for (id, on, name, ty) in keys {
        let _ = writeln!(
            o,
            "  <key id=\"{id}\" for=\"{on}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    o.push_str("  <graph id=\"dossier\" edgedefault=\"directed\">\n");
    o
}

/// The GraphML text after the edges.
pub(crate) const GRAPHML_TAIL: &str = "  </graph>\n</graphml>\n";

impl Node {
    /// The node of entity `e`, `distance` hops from a center.
    pub(crate) fn of(e: &EntityRecord, distance: Option<usize>) -> Node {
        Node {
            id: e.id,
            etype: e.etype,
            name: e.name.clone(),
            aliases: e.aliases.iter().map(|a| a.name.clone()).collect(),
            mention_count: e.mention_count,
            document_count: e.document_count,
            distance,
        }
    }

    /// Appends the node's GraphML element.
    pub(crate) fn write_graphml(&self, o: &mut String) {
        let n = self;
        let _ = writeln!(o, "    <node id=\"n{}\">", n.id);
        let _ = writeln!(o, "      <data key=\"d0\">{}</data>", esc(&n.name));
        let _ = writeln!(o, "      <data key=\"d1\">{}</data>", n.etype.as_str());
        let _ = writeln!(o, "      <data key=\"d2\">{}</data>", esc(&n.name));
        let _ = writeln!(
            o,
            "      <data key=\"d3\">{}</data>",
            esc(&n.aliases.join("; "))
        );
        let _ = writeln!(o, "      <data key=\"d4\">{}</data>", n.mention_count);
        let _ = writeln!(o, "      <data key=\"d5\">{}</data>", n.document_count);
        o.push_str("    </node>\n");
    }
}

impl Edge {
    /// The edge of relation `r`.
    pub(crate) fn of(r: &RelationRecord) -> Edge {
        Edge {
            id: r.id,
            rtype: r.rtype,
            source: r.source,
            target: r.target,
            confidence: r.confidence,
            credibility: r.credibility,
            date: r.date,
            evidence_count: r.evidence.len(),
            source_count: r.source_count,
        }
    }

    /// Appends the edge's GraphML element.
    pub(crate) fn write_graphml(&self, o: &mut String) {
        let e = self;
        let _ = writeln!(
            o,
            "    <edge id=\"r{}\" source=\"n{}\" target=\"n{}\">",
            e.id, e.source, e.target
        );
        let _ = writeln!(o, "      <data key=\"d6\">{}</data>", e.rtype.as_str());
        let _ = writeln!(o, "      <data key=\"d7\">{}</data>", finite(e.confidence));
        let _ = writeln!(o, "      <data key=\"d8\">{}</data>", e.credibility);
        if let Some(d) = &e.date {
            let _ = writeln!(o, "      <data key=\"d9\">{}</data>", esc(&d.to_string()));
        }
        let _ = writeln!(o, "      <data key=\"d10\">{}</data>", e.evidence_count);
        let _ = writeln!(o, "      <data key=\"d11\">{}</data>", e.source_count);
        let _ = writeln!(o, "      <data key=\"d12\">{}</data>", e.rtype.as_str());
        o.push_str("    </edge>\n");
    }
}

fn distances(center: i64, edges: &[Edge]) -> BTreeMap<i64, usize> {
    let mut adj: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for e in edges {
        adj.entry(e.source).or_default().push(e.target);
        adj.entry(e.target).or_default().push(e.source);
    }
    let mut dist = BTreeMap::from([(center, 0)]);
    let mut q = VecDeque::from([center]);
    while let Some(n) = q.pop_front() {
        let d = dist[&n];
        for m in adj.get(&n).into_iter().flatten() {
            if !dist.contains_key(m) {
                dist.insert(*m, d + 1);
                q.push_back(*m);
            }
        }
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkb::lantern;

    #[test]
    fn depth_limits_the_neighbourhood() {
        let kb = lantern();
        let g = Graph::from_snapshot(&Snapshot::neighbourhood(&kb, 4, 1).unwrap(), Some(4), true);
        let ids: Vec<i64> = g.nodes.iter().map(|n| n.id).collect();
        assert_eq!(ids, [1, 3, 4], "Port Selin: its group and its country");
        let g = Graph::from_snapshot(&Snapshot::neighbourhood(&kb, 4, 2).unwrap(), Some(4), true);
        assert!(g.nodes.len() > 5);
        assert!(g.nodes.iter().all(|n| n.distance.is_some_and(|d| d <= 2)));
        let g = Graph::from_snapshot(&Snapshot::neighbourhood(&kb, 4, 0).unwrap(), Some(4), true);
        assert_eq!((g.nodes.len(), g.edges.len()), (1, 0));
    }

    #[test]
    fn graphml_declares_typed_keys() {
        let kb = lantern();
        let s = graph(&kb, None, 0, GraphFormat::GraphMl).unwrap();
        assert!(s.contains("attr.name=\"confidence\" attr.type=\"double\""));
        assert!(s.contains("attr.name=\"source_count\" attr.type=\"int\""));
        assert_eq!(s.matches("<node ").count(), 10);
        assert_eq!(s.matches("<edge ").count(), 11);
        assert!(s.contains("<data key=\"d3\">CLB; Lantern Brigade</data>"));
    }

    #[test]
    fn dot_json_and_svg_render() {
        let kb = lantern();
        let dot = graph(&kb, Some(1), 1, GraphFormat::Dot).unwrap();
        assert!(dot.starts_with("digraph") && dot.contains("n2 -> n1 [label=\"founder_of\""));
        let j: serde_json::Value =
            serde_json::from_str(&graph(&kb, Some(1), 1, GraphFormat::Json).unwrap()).unwrap();
        assert_eq!(j["center"], 1);
        assert!(j["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["type"] == "sponsor_of" && l["source"] == 5));
        let svg = graph(&kb, Some(1), 2, GraphFormat::Svg).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Ashen Hand"));
        assert!(matches!(
            graph(&kb, Some(42), 1, GraphFormat::Dot),
            Err(crate::ReportError::NoEntity(42))
        ));
    }

    #[test]
    fn odd_names_are_escaped_everywhere() {
        let mut kb = lantern();
        kb.entities[0].name = "Sons of \"Dawn\" <&> \u{1}".into();
        let xml = graph(&kb, None, 0, GraphFormat::GraphMl).unwrap();
        assert!(xml.contains("Sons of &quot;Dawn&quot; &lt;&amp;&gt;"));
        assert!(!xml.contains('\u{1}'));
        let dot = graph(&kb, None, 0, GraphFormat::Dot).unwrap();
        assert!(dot.contains("label=\"Sons of \\\"Dawn\\\" <&>"));
        let svg = graph(&kb, Some(1), 1, GraphFormat::Svg).unwrap();
        assert!(svg.contains("Sons of &quot;Dawn&quot;") && !svg.contains("<&>"));
    }

    #[test]
    fn finite_numbers() {
        assert_eq!(finite(0.85), "0.85");
        assert_eq!(finite(1.0), "1");
        assert_eq!(finite(f32::NAN), "0");
    }
}
