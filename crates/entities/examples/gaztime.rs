fn main() {
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let g = dossier_entities::Gazetteer::embedded();
        println!(
            "{:.1} ms {}",
            t.elapsed().as_secs_f64() * 1e3,
            g.cities().len()
        );
    }
}
