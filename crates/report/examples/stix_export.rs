//! The STIX export of an existing knowledge base, with the system
//! allocator, for memory profilers (`heaptrack`, `valgrind --tool=massif`)
//! that do not see the CLI's allocator (issue 14: the export's memory is
//! flat in the size of the base).
//!
//! `cargo run --release -p dossier-report --example stix_export DB OUT`
//!
//! Bases of synthetic reports come from `dossier-kb`'s `kb_scale` example
//! (`kb_scale 4000 4000 kb.db`); `scripts/robustness_bench.sh stix` measures
//! the CLI's peak memory on bases of two sizes.

use dossier_report::{export, ExportFormat};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, out] = args.as_slice() else {
        return Err("usage: stix_export DB OUT".into());
    };
    let store = dossier_kb::SqliteStore::open_read_only(std::path::Path::new(db))?;
    let t = std::time::Instant::now();
    let s = export(&store, ExportFormat::Stix, std::path::Path::new(out))?;
    println!(
        "{} objects in {:.2} s",
        s.records,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
