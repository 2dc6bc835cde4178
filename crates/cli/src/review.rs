//! `dossier documents` and `dossier review`: the workbench's document and
//! fact corrections for scripts, over the same service as `dossier serve`
//! (`dossier_server::service`).

use crate::commands::{open_existing, open_reading, terminal_safe, write_out};
use crate::{DbArg, ListFormat};
use anyhow::{anyhow, bail, Result};
use dossier_kb::{DocumentEdit, DocumentRecord, FactEdit, Store};
use dossier_server::service;
use std::fmt::Write as _;
use std::process::ExitCode;

/// A document given by its id or a unique start of it (with or without `sha256:`).
fn resolve_document(store: &dyn Store, given: &str) -> Result<DocumentRecord> {
    let g = given.trim();
    if let Some(d) = store.document(g)? {
        return Ok(d);
    }
    let found: Vec<DocumentRecord> = store
        .documents()?
        .into_iter()
        .filter(|d| {
            !g.is_empty()
                && (d.id.starts_with(g)
                    || d.id
                        .strip_prefix("sha256:")
                        .is_some_and(|h| h.starts_with(g)))
        })
        .collect();
    match found.len() {
        0 => bail!("no document '{g}' (see `dossier documents list`)"),
        1 => Ok(found.into_iter().next().unwrap_or_else(|| unreachable!())),
        n => bail!("'{g}' starts {n} document ids; give more of it"),
    }
}

fn short(id: &str) -> String {
    dossier_report::snapshot::short_doc_id(id)
}

/// `dossier documents list`.
pub fn list(db: &DbArg, format: ListFormat) -> Result<ExitCode> {
    let store = open_reading(db)?;
    let docs = store.documents()?;
    match format {
        ListFormat::Json => write_out(None, &serde_json::to_string_pretty(&docs)?)?,
        ListFormat::Table => {
            let mut s = format!(
                "{:<16} {:<10} {:<3} {:>9}  {:<24} title\n",
                "id", "published", "rel", "sentences", "source"
            );
            for d in &docs {
                let _ = writeln!(
                    s,
                    "{:<16} {:<10} {:<3} {:>9}  {:<24} {}",
                    short(&d.id),
                    d.published
                        .map_or_else(|| "-".to_string(), |p| p.to_string()),
                    d.reliability,
                    d.sentences,
                    d.source.as_deref().unwrap_or("-"),
                    d.title.as_deref().unwrap_or("-")
                );
            }
            write_out(None, &s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier documents show`.
pub fn show(db: &DbArg, id: &str, format: ListFormat) -> Result<ExitCode> {
    let store = open_reading(db)?;
    let d = resolve_document(store.as_ref(), id)?;
    let view = service::document(store.as_ref(), &d.id)?;
    match format {
        ListFormat::Json => write_out(None, &serde_json::to_string_pretty(&view)?)?,
        ListFormat::Table => {
            let mut s = String::new();
            let field = |s: &mut String, k: &str, v: Option<&str>| {
                let _ = writeln!(s, "{k:<12} {}", v.unwrap_or("-"));
            };
            field(&mut s, "id", Some(&d.id));
            field(&mut s, "title", d.title.as_deref());
            field(
                &mut s,
                "published",
                d.published.map(|p| p.to_string()).as_deref(),
            );
            field(&mut s, "source", d.source.as_deref());
            field(&mut s, "url", d.url.as_deref());
            field(&mut s, "path", d.path.as_deref());
            let _ = writeln!(
                s,
                "{:<12} {} ({})",
                "reliability",
                d.reliability,
                dossier_kb::grading::reliability_label(d.reliability)
            );
            let _ = writeln!(s, "{:<12} {}", "sentences", d.sentences);
            write_out(None, &s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier documents edit`.
pub fn edit(db: &DbArg, id: &str, edit: DocumentEdit) -> Result<ExitCode> {
    if edit == DocumentEdit::default() {
        bail!("nothing to change: give --title, --published, --source, --url or --reliability");
    }
    let mut store = open_existing(db)?;
    let d = resolve_document(store.as_ref(), id)?;
    let now = service::edit_document(store.as_mut(), &d.id, &edit)?;
    info!("{}", terminal_safe(&format!("changed {}", now.id)));
    Ok(ExitCode::SUCCESS)
}

/// `dossier documents delete`.
pub fn delete(db: &DbArg, id: &str) -> Result<ExitCode> {
    let mut store = open_existing(db)?;
    let d = resolve_document(store.as_ref(), id)?;
    let before = store.entities(&Default::default())?.len();
    service::delete_document(store.as_mut(), &d.id)?;
    let after = store.entities(&Default::default())?.len();
    info!(
        "{}",
        terminal_safe(&format!(
            "deleted {} with its facts; {} entities no other document names went with it",
            d.id,
            before.saturating_sub(after)
        ))
    );
    Ok(ExitCode::SUCCESS)
}

/// `dossier review list`.
pub fn review_list(db: &DbArg, limit: usize, format: ListFormat) -> Result<ExitCode> {
    let store = open_reading(db)?;
    let v = service::review(store.as_ref(), limit)?;
    match format {
        ListFormat::Json => write_out(None, &serde_json::to_string_pretty(&v)?)?,
        ListFormat::Table => {
            let mut s = format!(
                "{} facts not yet confirmed or edited, least confident first:\n{:<10} {:>6} {:>5}  fact\n",
                v.undecided, "kind", "id", "conf"
            );
            for f in &v.facts {
                let _ = writeln!(
                    s,
                    "{:<10} {:>6} {:>4.0}%  {}",
                    f.kind.as_str(),
                    f.id,
                    f.confidence * 100.0,
                    f.text
                );
            }
            if !v.contradictions.is_empty() {
                let _ = writeln!(s, "\ncontradictions:");
                for c in &v.contradictions {
                    let values: Vec<String> = c
                        .values
                        .iter()
                        .map(|f| {
                            format!(
                                "{} ({} {})",
                                f.value.as_deref().unwrap_or(""),
                                f.kind.as_str(),
                                f.id
                            )
                        })
                        .collect();
                    let _ = writeln!(s, "  {}: {}: {}", c.name, c.what, values.join(" vs "));
                }
            }
            if !v.series.is_empty() {
                let _ = writeln!(s, "\nvalues over time (a series, not a contradiction):");
                for c in &v.series {
                    let values: Vec<String> = c
                        .values
                        .iter()
                        .map(|f| {
                            format!(
                                "{} ({})",
                                f.value.as_deref().unwrap_or(""),
                                f.date
                                    .map_or_else(|| "undated".to_string(), |d| d.to_string())
                            )
                        })
                        .collect();
                    let _ = writeln!(s, "  {}: {}: {}", c.name, c.what, values.join(", "));
                }
            }
            if !v.duplicates.is_empty() {
                let _ = writeln!(s, "\npossible duplicates (dossier merge A B):");
                for d in &v.duplicates {
                    let _ = writeln!(
                        s,
                        "  {} ({}) and {} ({}): {}",
                        d.a.name, d.a.id, d.b.name, d.b.id, d.reason
                    );
                }
            }
            if !v.decisions.is_empty() {
                let _ = writeln!(s, "\ndecisions (dossier review undo ID):");
                for d in &v.decisions {
                    let _ = writeln!(
                        s,
                        "  {:>4} {:<9} {} by {} at {}{}",
                        d.id,
                        d.verdict.as_str(),
                        d.summary,
                        d.user,
                        d.created_at,
                        if d.undone { " (undone)" } else { "" }
                    );
                }
            }
            write_out(None, &s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier review confirm|reject KIND ID`.
pub fn decide(
    db: &DbArg,
    verdict: &str,
    kind: &str,
    id: i64,
    user: Option<&str>,
) -> Result<ExitCode> {
    let kind = service::fact_kind(kind).map_err(|e| anyhow!("{e}"))?;
    let verdict = service::verdict(verdict).map_err(|e| anyhow!("{e}"))?;
    let user = user
        .and_then(dossier_server::clean_user)
        .unwrap_or_else(dossier_server::os_user);
    let mut store = open_existing(db)?;
    let d = service::decide(
        store.as_mut(),
        kind,
        id,
        verdict,
        FactEdit::default(),
        &user,
    )?;
    info!(
        "{}",
        terminal_safe(&format!(
            "decision {d}: {} {} {id} ({user}); undo with `dossier review undo {d}`",
            verdict.as_str(),
            kind.as_str()
        ))
    );
    Ok(ExitCode::SUCCESS)
}

/// `dossier review undo ID`.
pub fn undo(db: &DbArg, id: i64) -> Result<ExitCode> {
    let mut store = open_existing(db)?;
    service::undo_decision(store.as_mut(), id)?;
    info!("undid decision {id}");
    Ok(ExitCode::SUCCESS)
}
