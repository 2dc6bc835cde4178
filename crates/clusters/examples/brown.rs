//! Trains Brown clusters on a text file (plain or `.xz`, read through
//! `xz -dc`) and writes Liang's `paths` file.
//!
//! ```text
//! cargo run --release -p dossier-clusters --example brown -- \
//!     --input FILE[.xz] --clusters C --min-count N --out FILE \
//!     [--lowercase] [--max-lines N]
//! ```
use dossier_clusters::{train, Options};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufRead, BufReader, BufWriter};
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut opts = Options::default();
    let (mut input, mut out, mut max_lines) = (None, None, usize::MAX);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--input" => input = Some(val()?),
            "--out" => out = Some(val()?),
            "--clusters" => opts.clusters = val()?.parse()?,
            "--min-count" => opts.min_count = val()?.parse()?,
            "--max-lines" => max_lines = val()?.parse()?,
            "--lowercase" => opts.lowercase = true,
            _ => {
                eprintln!(
                    "usage: brown --input FILE[.xz] --clusters C --min-count N --out FILE \
                     [--lowercase] [--max-lines N]"
                );
                std::process::exit(2);
            }
        }
    }
    let (input, out) = (
        input.ok_or("--input is required")?,
        out.ok_or("--out is required")?,
    );
    let reader: Box<dyn BufRead> = if input.ends_with(".xz") {
        let child = Command::new("xz")
            .args(["-dc", &input])
            .stdout(Stdio::piped())
            .spawn()?;
        Box::new(BufReader::with_capacity(
            1 << 20,
            child.stdout.ok_or("no xz output")?,
        ))
    } else {
        Box::new(BufReader::new(std::fs::File::open(&input)?))
    };
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template(
        "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} eta {eta} {msg}",
    )?);
    bar.enable_steady_tick(std::time::Duration::from_millis(500));
    let t = Instant::now();
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        // Logged to a file: a progress line every 30 seconds instead.
        let bar = bar.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(30));
            let (pos, len) = (bar.position(), bar.length().unwrap_or(0));
            let eta = if pos > 0 && len > pos {
                format!(
                    ", eta {:.0}s",
                    bar.elapsed().as_secs_f64() / pos as f64 * (len - pos) as f64
                )
            } else {
                String::new()
            };
            eprintln!(
                "{:.0}s {pos}/{len}{eta} {}",
                t.elapsed().as_secs_f64(),
                bar.message()
            );
        });
    }
    let clusters = train(reader.lines().take(max_lines), &opts, &bar)?;
    bar.finish();
    clusters.write_paths(BufWriter::new(std::fs::File::create(&out)?))?;
    eprintln!(
        "{} tokens, {} types, {} words with count >= {} in {} clusters (longest path {} bits), {:.1}s",
        clusters.tokens(),
        clusters.types(),
        clusters.entries().len(),
        opts.min_count,
        clusters.num_clusters(),
        clusters.max_path_len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
