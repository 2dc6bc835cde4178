//! The built-in components and the default pipeline.
//!
//! | name | crate | requires → assigns |
//! |---|---|---|
//! | `normalize` | nlp | text → text (NFC) |
//! | `sentences` | nlp | text → sentences |
//! | `layout` | nlp | sentences → layout (what each block is: body, heading, byline, bio, caption, pull quote, references, boilerplate) |
//! | `tokens` | nlp | sentences → tokens |
//! | `pos`, `chunk`, `ner` | tagger | tokens → POS, chunk and NER tags |
//! | `parser` | parser | sentences, tokens → heads, UD relations, lemmas, UPOS |
//! | `gazetteer` | entities | tokens → mentions |
//! | `entity_typing` | entities | tokens, NER tags → mentions |
//! | `coref` | entities | mentions → entities |
//! | `dates`, `quantities` | temporal | tokens → dates, quantities |
//! | `relations`, `events`, `attributes` | extract | tokens, mentions, entities → facts |
//! | `event_relations` | extract | entities, relations, events → the relations events imply |

use crate::{PipelineConfig, Registry};
use dossier_doc::Component;

/// The default pipeline, in order.
pub const DEFAULT_COMPONENTS: &[&str] = &[
    "normalize",
    "sentences",
    "layout",
    "tokens",
    "pos",
    "chunk",
    "ner",
    "gazetteer",
    "entity_typing",
    "coref",
    "dates",
    "quantities",
    "relations",
    "events",
    "attributes",
    "event_relations",
];

/// The default pipeline configuration.
pub fn default_config() -> PipelineConfig {
    PipelineConfig {
        components: DEFAULT_COMPONENTS.iter().map(|s| s.to_string()).collect(),
        options: Default::default(),
    }
}

fn no_options(name: &str, options: &toml::Table) -> Result<(), String> {
    match options.keys().next() {
        Some(k) => Err(format!("'{name}' takes no options (got '{k}')")),
        None => Ok(()),
    }
}

fn simple<C: Component + 'static>(
    name: &'static str,
    make: fn() -> Result<C, String>,
) -> impl Fn(&toml::Table) -> Result<Box<dyn Component>, String> + Send + Sync + 'static {
    move |options| {
        no_options(name, options)?;
        Ok(Box::new(make()?) as Box<dyn Component>)
    }
}

/// Reads the optional `model = "FILE"` option of a tagger component.
fn model_option(
    name: &str,
    options: &toml::Table,
) -> Result<Option<dossier_tagger::Model>, String> {
    let mut model = None;
    for (k, v) in options {
        match (k.as_str(), v.as_str()) {
            ("model", Some(path)) => {
                model = Some(
                    dossier_tagger::Model::load(std::path::Path::new(path))
                        .map_err(|e| format!("cannot load model {path}: {e}"))?,
                )
            }
            _ => return Err(format!("'{name}': unknown option {k} = {v}")),
        }
    }
    Ok(model)
}

/// The extraction model a learned component uses: `model = "FILE"` or the
/// built-in one, with `threshold` (relations) or `drop_margin` (types)
/// overridden.
fn learned_model(name: &str, options: &toml::Table) -> Result<dossier_learn::Model, String> {
    let mut model = None;
    let mut threshold = None;
    let mut margin = None;
    let mut retype = None;
    let mut agent_threshold = None;
    let mut event_threshold = None;
    let number = |v: &toml::Value| match v {
        toml::Value::Float(x) => Some(*x as f32),
        toml::Value::Integer(x) => Some(*x as f32),
        _ => None,
    };
    for (k, v) in options {
        match (k.as_str(), v) {
            ("model", toml::Value::String(path)) => {
                model = Some(
                    dossier_learn::Model::load(std::path::Path::new(path))
                        .map_err(|e| format!("cannot load model {path}: {e}"))?,
                )
            }
            ("threshold", v) if name == "learned_relations" && number(v).is_some() => {
                threshold = number(v)
            }
            ("threshold", v) if name == "learned_agents" && number(v).is_some() => {
                agent_threshold = number(v)
            }
            ("threshold", v) if name == "learned_events" && number(v).is_some() => {
                event_threshold = number(v)
            }
            ("drop_margin", v) if name == "learned_types" && number(v).is_some() => {
                margin = number(v)
            }
            ("retype_margin", v) if name == "learned_types" && number(v).is_some() => {
                retype = number(v)
            }
            _ => return Err(format!("'{name}': unknown option {k} = {v}")),
        }
    }
    let mut model = match model {
        Some(m) => m,
        None => dossier_learn::Model::builtin()
            .map_err(|e| e.to_string())?
            .clone(),
    };
    if let Some(t) = threshold {
        model.threshold = t;
    }
    if let Some(m) = margin {
        model.drop_margin = m;
    }
    if let Some(t) = event_threshold {
        model.event_threshold = t;
    }
    if let Some(m) = retype {
        model.retype_margin = m;
    }
    if let Some(t) = agent_threshold {
        model.agent_threshold = t;
    }
    Ok(model)
}

/// A registry holding every built-in component.
pub fn registry() -> Registry {
    use dossier_tagger::{Chunker, NerTagger, PosTagger};
    let mut r = Registry::new();
    r.register(
        "normalize",
        "Unicode NFC normalization, keeping a map to original offsets",
        simple("normalize", || Ok(dossier_nlp::Normalizer::new())),
    );
    r.register(
        "sentences",
        "sentence splitter (abbreviations, initials, headings, citations)",
        simple("sentences", || Ok(dossier_nlp::SentenceSplitter::new())),
    );
    r.register(
        "layout",
        "document shape: body text, headings, bylines, bios, captions, pull quotes, references, boilerplate",
        simple("layout", || Ok(dossier_nlp::Layout::new())),
    );
    r.register(
        "tokens",
        "tokenizer (hyphenated and apostrophe names, numbers, possessives)",
        simple("tokens", || Ok(dossier_nlp::Tokenizer::new())),
    );
    r.register(
        "pos",
        "part-of-speech tagger (averaged perceptron; option: model = \"FILE\", default built-in)",
        |o| {
            Ok(match model_option("pos", o)? {
                Some(m) => Box::new(PosTagger::with_model(m)),
                None => Box::new(PosTagger::new()),
            })
        },
    );
    r.register(
        "chunk",
        "phrase chunker (averaged perceptron; option: model = \"FILE\", default built-in)",
        |o| {
            Ok(match model_option("chunk", o)? {
                Some(m) => Box::new(Chunker::with_model(m)),
                None => Box::new(Chunker::new()),
            })
        },
    );
    r.register(
        "parser",
        "dependency parser trained on UD English EWT: head, UD relation, lemma and UPOS per token (option: model = \"FILE\", default built-in)",
        |o| {
            Ok(match o.get("model") {
                Some(toml::Value::String(path)) => {
                    if let Some(k) = o.keys().find(|k| *k != "model") {
                        return Err(format!("'parser' has no option '{k}'"));
                    }
                    let m = dossier_parser::Parser::load(path).map_err(|e| e.to_string())?;
                    Box::new(dossier_parser::DependencyParser::with_model(m))
                }
                Some(_) => return Err("'parser': model must be a file path".into()),
                None => {
                    no_options("parser", o)?;
                    Box::new(dossier_parser::DependencyParser::new())
                }
            })
        },
    );
    r.register("ner", "named-entity recognizer trained on CoNLL-2003 (option: model = \"FILE\", default built-in)", |o| {
        Ok(match model_option("ner", o)? { Some(m) => Box::new(NerTagger::with_model(m)), None => Box::new(NerTagger::new()) })
    });
    for (name, desc) in [
        (
            "gazetteer",
            "gazetteer and capitalized-span entity recognizer",
        ),
        (
            "entity_typing",
            "types the recognizer's spans for the ontology and merges them with the gazetteer's",
        ),
        (
            "coref",
            "in-document coreference: aliases, short names, acronyms, nominals, pronouns",
        ),
    ] {
        r.register(name, desc, move |options| {
            no_options(name, options)?;
            dossier_entities::component(name)
                .ok_or_else(|| format!("entities crate has no '{name}'"))
        });
    }
    r.register(
        "dates",
        "dates to EDTF (option: order = \"month_first\" | \"day_first\")",
        |options| {
            use dossier_temporal::DateOrder;
            let mut order = DateOrder::Unknown;
            for (k, v) in options {
                match (k.as_str(), v.as_str()) {
                    ("order", Some("month_first")) => order = DateOrder::MonthFirst,
                    ("order", Some("day_first")) => order = DateOrder::DayFirst,
                    ("order", Some("unknown")) => order = DateOrder::Unknown,
                    _ => return Err(format!("'dates': unknown option {k} = {v}")),
                }
            }
            Ok(Box::new(dossier_temporal::DatesComponent::new(order)))
        },
    );
    r.register(
        "quantities",
        "numbers with what they count",
        simple("quantities", || Ok(dossier_temporal::QuantitiesComponent)),
    );
    r.register(
        "relations",
        "the 11 relation types from sentence structure",
        simple("relations", || {
            Ok(dossier_extract::RelationExtractor::default())
        }),
    );
    r.register(
        "events",
        "the 14 event types with roles, dates, casualties and modality",
        simple("events", || Ok(dossier_extract::EventExtractor::default())),
    );
    r.register(
        "attributes",
        "member counts, founding dates, titles",
        simple("attributes", || {
            Ok(dossier_extract::AttributeExtractor::default())
        }),
    );
    r.register(
        "dep_relations",
        "relations read from the dependency parse by the patterns of patterns/relations.toml (needs 'parser'; option: patterns = \"FILE\", a pattern file of one's own in the format of patterns/README.md)",
        |options| {
            let mut file = None;
            for (k, v) in options {
                match (k.as_str(), v.as_str()) {
                    ("patterns", Some(path)) => file = Some(path.to_string()),
                    _ => return Err(format!("'dep_relations': unknown option {k} = {v}")),
                }
            }
            Ok(match file {
                Some(path) => Box::new(
                    dossier_extract::PatternRelations::from_file(std::path::Path::new(&path))
                        .map_err(|e| format!("cannot load patterns {path}: {e}"))?,
                ),
                None => Box::new(dossier_extract::DepRelations),
            })
        },
    );
    r.register(
        "dep_titles",
        "titles read from the dependency parse: the noun phrase describing a person (needs 'parser')",
        simple("dep_titles", || Ok(dossier_extract::DepTitles)),
    );
    r.register(
        "dep_agents",
        "perpetrators read from the dependency parse for attacks without one: attack-verb subjects, claimants, suspects (needs 'parser')",
        simple("dep_agents", || Ok(dossier_extract::DepAgents)),
    );
    r.register(
        "learned_types",
        "entity types decided by the model trained on the annotated corpus; drops what it scores as no entity (option: model = \"FILE\", default built-in; drop_margin = X; retype_margin = X)",
        |options| Ok(Box::new(dossier_learn::LearnedTypes::with_model(learned_model("learned_types", options)?))),
    );
    r.register(
        "learned_events",
        "events the model trained on the annotated corpus finds in sentences where the patterns found none of that type, with the participants its role model picks (option: model = \"FILE\", default built-in; threshold = X)",
        |options| Ok(Box::new(dossier_learn::LearnedEvents::with_model(learned_model("learned_events", options)?))),
    );
    r.register(
        "learned_agents",
        "the perpetrator of an attack or plot without one, chosen by the model trained on the annotated corpus among the entities of its sentence and the next three (option: model = \"FILE\", default built-in; threshold = X)",
        |options| Ok(Box::new(dossier_learn::LearnedAgents::with_model(learned_model("learned_agents", options)?))),
    );
    r.register(
        "learned_relations",
        "relations decided by the model trained on the annotated corpus, for each pair of entities in a sentence (option: model = \"FILE\", default built-in; threshold = X)",
        |options| Ok(Box::new(dossier_learn::LearnedRelations::with_model(learned_model("learned_relations", options)?))),
    );
    r.register(
        "event_relations",
        "relations events imply: attacker hostile to its target and active where it attacks, founder of what it founds",
        simple("event_relations", || Ok(dossier_extract::EventRelations)),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Pipeline, PipelineError};
    use dossier_doc::Layer;

    #[test]
    fn default_pipeline_validates() {
        let p = Pipeline::build(&default_config(), &registry()).unwrap();
        assert_eq!(p.names(), DEFAULT_COMPONENTS);
    }

    #[test]
    fn dependency_relations_need_the_parser() {
        let with = |extra: &[(&str, &str)]| {
            let mut c = default_config();
            for (after, name) in extra {
                let at = c.components.iter().position(|x| x == after).unwrap() + 1;
                c.components.insert(at, name.to_string());
            }
            c
        };
        let ok = with(&[("ner", "parser"), ("relations", "dep_relations")]);
        assert!(Pipeline::build(&ok, &registry()).is_ok());
        let missing = with(&[("relations", "dep_relations")]);
        assert!(Pipeline::build(&missing, &registry()).is_err());
    }

    #[test]
    fn the_shipped_parser_pipeline_validates() {
        let text = include_str!("../../../pipelines/with-parser.toml");
        let cfg = PipelineConfig::from_toml(text).unwrap();
        let p = Pipeline::build(&cfg, &registry()).unwrap();
        for name in [
            "parser",
            "dep_relations",
            "dep_titles",
            "dep_agents",
            "learned_types",
            "learned_events",
            "learned_agents",
            "learned_relations",
            "event_relations",
        ] {
            assert!(p.names().contains(&name), "{name}");
        }
    }

    fn shipped() -> Vec<(&'static str, PipelineConfig)> {
        let text = include_str!("../../../pipelines/with-parser.toml");
        vec![
            ("default", default_config()),
            ("with-parser", PipelineConfig::from_toml(text).unwrap()),
        ]
    }

    /// `config` with the component at `from` moved to position `to`.
    fn moved(config: &PipelineConfig, from: usize, to: usize) -> PipelineConfig {
        let mut c = config.clone();
        let name = c.components.remove(from);
        c.components.insert(to, name);
        c
    }

    #[test]
    fn every_component_moved_before_a_layer_it_reads_is_refused() {
        let registry = registry();
        let empty = toml::Table::new();
        let mut refused = 0;
        for (pipeline, config) in shipped() {
            Pipeline::build(&config, &registry)
                .unwrap_or_else(|e| panic!("the shipped pipeline {pipeline} is refused: {e}"));
            let built: Vec<Box<dyn Component>> = config
                .components
                .iter()
                .map(|n| registry.create(n, &empty).unwrap())
                .collect();
            for (i, c) in built.iter().enumerate() {
                let name = &config.components[i];
                for (layer, required) in c
                    .requires()
                    .iter()
                    .map(|l| (l, true))
                    .chain(c.reads().iter().map(|l| (l, false)))
                {
                    if *layer == Layer::Text {
                        continue; // the reader's
                    }
                    // the first component assigning `layer`, before `c`
                    let Some(first) = built[..i].iter().position(|b| b.assigns().contains(layer))
                    else {
                        assert!(!required, "{pipeline}: nothing before '{name}' assigns {layer:?}");
                        continue;
                    };
                    let available: std::collections::BTreeSet<Layer> = std::iter::once(Layer::Text)
                        .chain(built[..first].iter().flat_map(|b| b.assigns().iter().copied()))
                        .collect();
                    let bad = moved(&config, i, first);
                    let err = Pipeline::build(&bad, &registry).err().unwrap_or_else(|| {
                        panic!("{pipeline}: '{name}' before '{}' ({layer:?}) was accepted", config.components[first])
                    });
                    // the first layer it lacks there: a required one, else `layer`
                    let lacking = c.requires().iter().find(|l| !available.contains(l));
                    match (&err, lacking) {
                        (PipelineError::MissingLayer { component, layer: l }, Some(want)) => {
                            assert_eq!((component, l), (name, want), "{pipeline}: {err}")
                        }
                        (PipelineError::LayerAssignedLater { component, layer: l, assigned_by }, None) => {
                            assert_eq!((component, l), (name, layer), "{pipeline}: {err}");
                            assert_eq!(assigned_by, &config.components[first], "{pipeline}: {err}");
                        }
                        _ => panic!("{pipeline}: '{name}' before {layer:?}: unexpected {err}"),
                    }
                    let msg = err.to_string();
                    assert!(msg.contains(&format!("'{name}'")), "{msg}");
                    refused += 1;
                }
            }
        }
        // every declaration of both pipelines was tried: 147 (component,
        // layer) pairs with an earlier assigner when this was written
        assert!(refused >= 147, "{refused}");
    }

    #[test]
    fn dates_after_events_is_refused() {
        let mut c = default_config();
        c.components.retain(|n| n != "dates");
        let at = c.components.iter().position(|n| n == "events").unwrap() + 1;
        c.components.insert(at, "dates".into());
        let err = Pipeline::build(&c, &registry()).err().unwrap();
        // `relations` comes first and reads dates too
        assert!(
            matches!(&err, PipelineError::MissingLayer { component, layer: Layer::Dates } if component == "relations"),
            "{err}"
        );
        c.components.retain(|n| n != "relations" && n != "event_relations");
        let err = Pipeline::build(&c, &registry()).err().unwrap();
        assert!(
            matches!(&err, PipelineError::MissingLayer { component, layer: Layer::Dates } if component == "events"),
            "{err}"
        );
        assert!(err.to_string().contains("'events'") && err.to_string().contains("Dates"), "{err}");
    }

    #[test]
    fn a_layer_read_when_present_may_be_absent_but_not_late() {
        // no POS tagger at all: the gazetteer and dates do without
        let cfg = PipelineConfig::from_toml(
            r#"components = ["normalize", "sentences", "tokens", "gazetteer", "coref", "dates"]"#,
        )
        .unwrap();
        assert!(Pipeline::build(&cfg, &registry()).is_ok());
        // a POS tagger after them: they would run without its tags
        let cfg = PipelineConfig::from_toml(
            r#"components = ["normalize", "sentences", "tokens", "gazetteer", "coref", "dates", "pos"]"#,
        )
        .unwrap();
        let err = Pipeline::build(&cfg, &registry()).err().unwrap();
        assert!(
            matches!(&err, PipelineError::LayerAssignedLater { component, layer: Layer::Pos, assigned_by } if component == "gazetteer" && assigned_by == "pos"),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "pipeline component 'gazetteer' reads layer 'Pos', which only the later component 'pos' assigns"
        );
    }

    #[test]
    fn dep_relations_takes_a_pattern_file_of_ones_own() {
        let dir = std::env::temp_dir().join(format!("dossier-patterns-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.toml");
        std::fs::write(&good, include_str!("../../../patterns/relations.toml")).unwrap();
        let bad = dir.join("bad.toml");
        std::fs::write(&bad, "[[pattern]]\nname = 1\n").unwrap();
        let with = |path: &std::path::Path| {
            PipelineConfig::from_toml(&format!(
                "components = [\"normalize\", \"sentences\", \"tokens\", \"pos\", \"ner\", \"parser\", \"gazetteer\", \"entity_typing\", \"coref\", \"dates\", \"relations\", \"dep_relations\"]\n[options.dep_relations]\npatterns = {:?}\n",
                path
            ))
            .unwrap()
        };
        assert!(Pipeline::build(&with(&good), &registry()).is_ok());
        let err = Pipeline::build(&with(&bad), &registry())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("bad.toml"), "{err}");
        let err = Pipeline::build(&with(&dir.join("none.toml")), &registry())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("none.toml"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn options_are_checked() {
        let cfg = PipelineConfig::from_toml("components = [\"normalize\", \"sentences\", \"tokens\", \"dates\"]\n[options.dates]\norder = \"sideways\"\n").unwrap();
        assert!(Pipeline::build(&cfg, &registry()).is_err());
        let cfg = PipelineConfig::from_toml("components = [\"normalize\", \"sentences\", \"tokens\", \"dates\"]\n[options.dates]\norder = \"day_first\"\n").unwrap();
        assert!(Pipeline::build(&cfg, &registry()).is_ok());
        let cfg =
            PipelineConfig::from_toml("components = [\"normalize\"]\n[options.normalize]\nx = 1\n")
                .unwrap();
        assert!(Pipeline::build(&cfg, &registry()).is_err());
    }
}
