//! Inline SVG drawings: the entity network (deterministic radial layout) and
//! a timeline of dated items. No scripts, no external assets.

use crate::dates;
use crate::graph::Graph;
use crate::html::esc;
use dossier_doc::edtf::Date;
use dossier_doc::EntityType;
use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt::Write;

/// Fill colour of an entity type.
pub fn colour(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "#4e79a7",
        EntityType::ArmedGroup => "#e15759",
        EntityType::Organization => "#f28e2b",
        EntityType::Country => "#59a14f",
        EntityType::Location => "#76b7b2",
        EntityType::Facility => "#b07aa1",
        EntityType::GroupIdentity => "#edc948",
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// The network as SVG: the center in the middle, each further hop on an
/// outer ring, nodes on a ring grouped by the relation type that reaches
/// them; without a center, all nodes on one ring ordered by type and name.
pub fn network(g: &Graph) -> String {
    let (pos, radius) = ring_layout(g);
    let margin = 150.0;
    let half = radius.max(60.0) + margin;
    let size = 2.0 * half;
    let mut types: Vec<EntityType> = g.nodes.iter().map(|n| n.etype).collect();
    types.sort();
    types.dedup();
    let per_row = (((size - 10.0) / 120.0).floor() as usize).max(1);
    let legend_h = 20.0 * types.len().div_ceil(per_row).max(1) as f64;
    let (cx, cy) = (half, half + legend_h + 10.0);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0}\" height=\"{:.0}\" viewBox=\"0 0 {:.0} {:.0}\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"12\" role=\"img\">",
        size,
        size + legend_h + 10.0,
        size,
        size + legend_h + 10.0
    );
    o.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#777\"/></marker></defs>\n");
    o.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    // Legend, wrapped to the width.
    for (k, t) in types.iter().enumerate() {
        let x = 10.0 + 120.0 * (k % per_row) as f64;
        let y = 14.0 + 20.0 * (k / per_row) as f64;
        let _ = writeln!(
            o,
            "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 6.0,
            colour(*t),
            x + 16.0,
            y + 4.0,
            esc(&t.as_str().replace('_', " "))
        );
    }
    let centre = (cx, cy);
    draw_edges(&mut o, g, &pos, centre);
    draw_nodes(&mut o, g, &pos, centre);
    o.push_str("</svg>");
    o
}

/// Node positions (relative to the centre) and the outer ring's radius:
/// the center in the middle, each further hop on an outer ring.
fn ring_layout(g: &Graph) -> (BTreeMap<i64, (f64, f64)>, f64) {
    // Ring of each node.
    let ring_of = |d: Option<usize>| -> usize {
        match (g.center, d) {
            (Some(_), Some(d)) => d,
            (Some(_), None) => usize::MAX,
            (None, _) => 1,
        }
    };
    let mut rings: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, n) in g.nodes.iter().enumerate() {
        rings.entry(ring_of(n.distance)).or_default().push(i);
    }
    // Angular order within rings: by parent position, then the relation
    // type that links to the parent, then type and name.
    let mut angle: BTreeMap<i64, f64> = BTreeMap::new();
    let mut pos: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    let mut radius = 0.0f64;
    let mut ring_radius = Vec::new();
    for (ring, members) in rings.iter_mut() {
        let mut keyed: Vec<(f64, String, String, usize)> = members
            .iter()
            .map(|&i| {
                let n = &g.nodes[i];
                let link = g
                    .edges
                    .iter()
                    .filter_map(|e| {
                        let other = if e.source == n.id {
                            e.target
                        } else if e.target == n.id {
                            e.source
                        } else {
                            return None;
                        };
                        angle
                            .get(&other)
                            .map(|a| (*a, e.rtype.as_str().to_string()))
                    })
                    .fold(None, |acc: Option<(f64, String)>, x| match acc {
                        Some(a) if a.0 <= x.0 => Some(a),
                        _ => Some(x),
                    });
                let (pa, rt) = link.unwrap_or((0.0, String::new()));
                (pa, rt, format!("{}:{}", n.etype.as_str(), n.name), i)
            })
            .collect();
        keyed.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        *members = keyed.iter().map(|k| k.3).collect();
        let count = members.len() as f64;
        if *ring == 0 && g.center.is_some() {
            ring_radius.push(0.0);
        } else {
            radius = (radius + 220.0).max(count * 95.0 / (2.0 * PI));
            ring_radius.push(radius);
        }
        let r = *ring_radius.last().unwrap_or(&0.0);
        for (k, &i) in members.iter().enumerate() {
            let a = if r == 0.0 {
                0.0
            } else {
                -PI / 2.0 + 2.0 * PI * (k as f64) / count
            };
            angle.insert(g.nodes[i].id, a);
            pos.insert(g.nodes[i].id, (r * a.cos(), r * a.sin()));
        }
    }
    (pos, radius)
}

/// The radius of a node's circle (larger for the center).
fn node_radius(g: &Graph, id: i64) -> f64 {
    if Some(id) == g.center {
        20.0
    } else {
        13.0
    }
}

/// The edges, as lines with their relation type (parallel edges between one
/// pair get their labels staggered).
fn draw_edges(o: &mut String, g: &Graph, pos: &BTreeMap<i64, (f64, f64)>, (cx, cy): (f64, f64)) {
    let node_r = |id: i64| node_radius(g, id);
    let mut pair_count: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for e in &g.edges {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (pos.get(&e.source), pos.get(&e.target)) else {
            continue;
        };
        let (x1, y1, x2, y2) = (x1 + cx, y1 + cy, x2 + cx, y2 + cy);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        let (ux, uy) = (dx / len, dy / len);
        let (sx, sy) = (x1 + ux * node_r(e.source), y1 + uy * node_r(e.source));
        let (tx, ty) = (x2 - ux * node_r(e.target), y2 - uy * node_r(e.target));
        let key = (e.source.min(e.target), e.source.max(e.target));
        let k = *pair_count.entry(key).and_modify(|c| *c += 1).or_insert(0);
        let markers = if e.rtype.is_symmetric() {
            " marker-end=\"url(#arrow)\" marker-start=\"url(#arrow)\""
        } else {
            " marker-end=\"url(#arrow)\""
        };
        let width = 1.0 + (e.source_count.min(5) as f64) * 0.4;
        let _ = writeln!(
            o,
            "<line x1=\"{sx:.1}\" y1=\"{sy:.1}\" x2=\"{tx:.1}\" y2=\"{ty:.1}\" stroke=\"#999\" stroke-width=\"{width:.1}\"{markers}><title>{}</title></line>",
            esc(&format!("{} → {}: {} ({} sources)", e.source, e.target, e.rtype.as_str(), e.source_count))
        );
        let (mx, my) = ((sx + tx) / 2.0, (sy + ty) / 2.0 - 3.0 + 12.0 * k as f64);
        let _ = writeln!(
            o,
            "<text x=\"{mx:.1}\" y=\"{my:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            esc(&e.rtype.as_str().replace('_', " "))
        );
    }
}

/// The nodes, drawn on top of the edges.
fn draw_nodes(o: &mut String, g: &Graph, pos: &BTreeMap<i64, (f64, f64)>, (cx, cy): (f64, f64)) {
    let node_r = |id: i64| node_radius(g, id);
    for n in &g.nodes {
        let Some(&(x, y)) = pos.get(&n.id) else {
            continue;
        };
        let (x, y) = (x + cx, y + cy);
        let r = node_r(n.id);
        let _ = writeln!(
            o,
            "<g><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.0}\" fill=\"{}\" stroke=\"#333\" stroke-width=\"{}\"><title>{}</title></circle><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"{}>{}</text></g>",
            colour(n.etype),
            if Some(n.id) == g.center { 2 } else { 1 },
            esc(&format!("{} ({})", n.name, n.etype.as_str())),
            y + r + 13.0,
            if Some(n.id) == g.center { " font-weight=\"bold\"" } else { "" },
            esc(&truncate(&n.name, 28))
        );
    }
}

/// One row of a timeline drawing.
#[derive(Debug, Clone)]
pub struct TimeRow {
    /// What happened.
    pub label: String,
    /// When (EDTF), if known.
    pub date: Option<dossier_doc::Edtf>,
}

/// A timeline: a year axis, one row per item, exact days as dots and fuzzy
/// spans as pale bars; undated items listed at the bottom.
pub fn timeline(rows: &[TimeRow]) -> String {
    let spans: Vec<Option<(Date, Date)>> =
        rows.iter().map(|r| r.date.map(|d| d.interval())).collect();
    // The axis covers every bounded day; an open end runs to its edge.
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for d in spans.iter().flatten().flat_map(|iv| [iv.0, iv.1]) {
        if dates::bounded(d) {
            lo = lo.min(d.year);
            hi = hi.max(d.year);
        }
    }
    if lo > hi {
        lo = 2000;
        hi = 2000;
    }
    let edge_lo = Date::new(lo, 1, 1).unwrap_or(dossier_doc::edtf::MIN_DATE);
    let edge_hi = Date::new(hi, 12, 31).unwrap_or(dossier_doc::edtf::MAX_DATE);
    let spans: Vec<Option<(Date, Date)>> = spans
        .into_iter()
        .map(|iv| iv.map(|(a, b)| (a.clamp(edge_lo, edge_hi), b.clamp(edge_lo, edge_hi))))
        .collect();
    let (y0, y1) = (f64::from(lo), f64::from(hi) + 1.0);
    let (width, left, right) = (960.0, 20.0, 940.0);
    let x = |d: Date| left + (dates::year_fraction(d) - y0) / (y1 - y0) * (right - left);
    let row_h = 24.0;
    let top = 44.0;
    let height = top + row_h * rows.len() as f64 + 16.0;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"12\" role=\"img\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
    );
    let span = hi - lo + 1;
    let step = match span {
        0..=15 => 1,
        16..=40 => 5,
        41..=150 => 10,
        _ => 50,
    };
    let _ = writeln!(
        o,
        "<line x1=\"{left}\" y1=\"30\" x2=\"{right}\" y2=\"30\" stroke=\"#333\"/>"
    );
    let mut year = lo - lo.rem_euclid(step);
    while year <= hi + 1 {
        if year >= lo {
            let xx = left + (f64::from(year) - y0) / (y1 - y0) * (right - left);
            let _ = writeln!(
                o,
                "<line x1=\"{xx:.1}\" y1=\"26\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"#e3e3e3\"/><text x=\"{xx:.1}\" y=\"20\" text-anchor=\"middle\">{year}</text>",
                height - 10.0
            );
        }
        year += step;
    }
    for (i, (row, iv)) in rows.iter().zip(&spans).enumerate() {
        let y = top + row_h * i as f64 + row_h / 2.0;
        let label = truncate(&row.label, 90);
        match iv {
            Some(iv) => {
                let (xa, xb) = (x(iv.0), x(iv.1).max(x(iv.0)));
                let exact = iv.0 == iv.1
                    && !row
                        .date
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                        .contains(['~', '?', '%', '/']);
                let title = esc(&format!(
                    "{} — {}",
                    row.date
                        .as_ref()
                        .map(dates::describe_edtf)
                        .unwrap_or_default(),
                    row.label
                ));
                if exact {
                    let _ = writeln!(o, "<circle cx=\"{xa:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"#e15759\"><title>{title}</title></circle>");
                } else {
                    let w = (xb - xa).max(4.0);
                    let _ = writeln!(
                        o,
                        "<rect x=\"{xa:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"10\" rx=\"3\" fill=\"#e15759\" fill-opacity=\"0.35\" stroke=\"#e15759\" stroke-dasharray=\"3 2\"><title>{title}</title></rect>",
                        y - 5.0
                    );
                }
                let text = format!(
                    "{} — {}",
                    row.date
                        .as_ref()
                        .map(dates::describe_edtf)
                        .unwrap_or_default(),
                    row.label
                );
                // Put the label on the side with more room, cut to fit (about 6.6 px a char).
                let (room_right, room_left) = (width - (xb + 9.0) - 4.0, xa - 9.0 - 4.0);
                let fit = |room: f64| truncate(&text, ((room / 6.6).floor().max(8.0)) as usize);
                if room_right >= room_left || room_right >= text.chars().count() as f64 * 6.6 {
                    let _ = writeln!(
                        o,
                        "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                        xb + 9.0,
                        y + 4.0,
                        esc(&fit(room_right))
                    );
                } else {
                    let _ = writeln!(
                        o,
                        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                        xa - 9.0,
                        y + 4.0,
                        esc(&fit(room_left))
                    );
                }
            }
            None => {
                let _ = writeln!(
                    o,
                    "<text x=\"{left}\" y=\"{:.1}\" fill=\"#777\" font-style=\"italic\">undated — {}</text>",
                    y + 4.0,
                    esc(&label)
                );
            }
        }
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Snapshot;
    use crate::testkb::lantern;

    #[test]
    fn network_is_deterministic_and_complete() {
        let kb = lantern();
        let snap = Snapshot::load(&kb).unwrap();
        let g = Graph::from_snapshot(&snap, Some(1), true);
        let a = network(&g);
        assert_eq!(a, network(&g));
        let mut types: Vec<_> = g.nodes.iter().map(|n| n.etype).collect();
        types.sort();
        types.dedup();
        assert_eq!(
            a.matches("<circle").count(),
            g.nodes.len() + types.len(),
            "nodes plus legend dots"
        );
        assert_eq!(a.matches("<line").count(), g.edges.len());
        assert!(!a.contains("NaN"));
        let whole = network(&Graph::from_snapshot(&snap, None, false));
        assert!(!whole.contains("NaN") && whole.contains("Northern Harbor Depot"));
    }

    #[test]
    fn timeline_marks_fuzzy_and_undated() {
        let rows = vec![
            TimeRow {
                label: "founded".into(),
                date: Some("2016-01/2016-04".parse().unwrap()),
            },
            TimeRow {
                label: "attack".into(),
                date: Some("2018-07-03".parse().unwrap()),
            },
            TimeRow {
                label: "a <claim>".into(),
                date: None,
            },
        ];
        let s = timeline(&rows);
        assert!(
            s.contains("stroke-dasharray")
                && s.contains("<circle")
                && s.contains("undated — a &lt;claim&gt;")
        );
        assert!(s.contains(">2016<") && s.contains(">2019<"));
        assert!(!timeline(&[]).contains("NaN"));
    }
}
