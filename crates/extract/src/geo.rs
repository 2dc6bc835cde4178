//! The [`GeoLookup`] backed by the embedded public gazetteer of `dossier-entities`.

use crate::view::GeoLookup;
use dossier_entities::Gazetteer;

/// Countries, demonyms and cities from [`Gazetteer::global`].
#[derive(Debug, Clone, Copy, Default)]
pub struct GazetteerGeo;

impl GeoLookup for GazetteerGeo {
    fn country_code(&self, name: &str) -> Option<String> {
        Gazetteer::global().country(name).map(|c| c.iso2.clone())
    }
    fn demonym_code(&self, word: &str) -> Option<String> {
        Gazetteer::global().demonym(word).map(|c| c.iso2.clone())
    }
    fn city_code(&self, name: &str) -> Option<String> {
        Gazetteer::global().city(name).map(|c| c.iso2.clone())
    }
    fn cache_key(&self) -> Option<u64> {
        // one embedded gazetteer per build
        Some(0x6761_7a65_7474_6565)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_answers() {
        let g = GazetteerGeo;
        assert!(g.country_code("France").is_some());
        assert_eq!(g.demonym_code("French"), g.country_code("France"));
        assert_eq!(g.city_code("Marseille"), g.country_code("France"));
        assert!(g.demonym_code("table").is_none());
    }
}
