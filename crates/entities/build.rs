//! Builds the index of the embedded city gazetteer (`data/gazetteer/cities.tsv`)
//! at compile time, with the same code the crate uses at run time
//! (`src/city_index.rs` and `src/text.rs`), so opening it costs nothing.

#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/city_index.rs"]
mod city_index;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let cities = format!("{manifest}/data/gazetteer/cities.tsv");
    for path in [
        cities.as_str(),
        "src/text.rs",
        "src/city_index.rs",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let text = std::fs::read_to_string(&cities).unwrap_or_else(|e| panic!("reading {cities}: {e}"));
    let index = city_index::build(&text);
    let dest = format!("{out}/cities.idx");
    std::fs::write(&dest, index).unwrap_or_else(|e| panic!("writing {dest}: {e}"));
}
