//! Reads one file and prints the time taken and the text length:
//! `cargo run --release -p dossier-read --example read_time -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: read_time FILE");
    let t = std::time::Instant::now();
    let r = dossier_read::read_path_with_warnings(path.as_ref(), &Default::default());
    let el = t.elapsed();
    match r {
        Ok((doc, w)) => println!(
            "ok: {} chars of text, {} warnings, {:.3} s",
            doc.text.len(),
            w.len(),
            el.as_secs_f64()
        ),
        Err(e) => println!("error: {e} ({:.3} s)", el.as_secs_f64()),
    }
}
