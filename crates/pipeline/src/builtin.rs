//! The built-in components and the default pipeline.
//!
//! What each component requires, reads when present and assigns is in its
//! `Component` implementation (and tabled in ARCHITECTURE.md); the pipeline
//! refuses an order that breaks it. Options (`[options.NAME]` in a pipeline
//! file) are read into a typed struct per component that denies unknown
//! fields.
//!
//! | name | crate | what it does |
//! |---|---|---|
//! | `normalize` | nlp | text → text (NFC) |
//! | `sentences` | nlp | text → sentences |
//! | `layout` | nlp | what each block is: body, heading, byline, bio, caption, pull quote, references, boilerplate |
//! | `tokens` | nlp | sentences → tokens |
//! | `pos`, `chunk`, `ner` | tagger | POS, chunk and NER tags (option `model`) |
//! | `parser` | parser | heads, UD relations, lemmas, UPOS (options `model`, `pos`) |
//! | `gazetteer`, `entity_typing` | entities | mentions |
//! | `coref` | entities | mentions → entities |
//! | `dates`, `quantities` | temporal | dates (option `order`), quantities |
//! | `relations`, `events`, `attributes` | extract | facts from entities, dates and POS tags |
//! | `dep_relations`, `dep_titles`, `dep_agents` | extract | facts from the dependency parse (option `patterns` for `dep_relations`) |
//! | `learned_*` | learn | the extraction model's decisions (options `model`, `threshold`, margins) |
//! | `event_relations` | extract | entities, relations, events → the relations events imply |

use crate::{PipelineConfig, Registry};
use dossier_doc::Component;
use serde::Deserialize;

/// The default pipeline, in order: the rules, the dependency parser with the
/// extractors that read it (`dep_*`) and the decisions of the extraction
/// model (`learned_*`). `pipelines/with-parser.toml` lists the same. Two
/// XPOS taggers run (`pos`, trained on CoNLL-2003, and the parser's own,
/// trained on EWT); `pipelines/one-tagger.toml` lets the parser's serve both
/// (`pos = true`): 11 % less CPU, measured lower on the sample and two
/// held-out sets (ARCHITECTURE.md, crates/pipeline).
pub const DEFAULT_COMPONENTS: &[&str] = &[
    "normalize",
    "sentences",
    "layout",
    "tokens",
    "pos",
    "chunk",
    "ner",
    "parser",
    "gazetteer",
    "entity_typing",
    "coref",
    "learned_types",
    "dates",
    "quantities",
    "relations",
    "dep_relations",
    "events",
    "attributes",
    "dep_titles",
    "dep_agents",
    "learned_events",
    "learned_agents",
    "learned_relations",
    "event_relations",
];

/// The fast pipeline, in order: the rules alone, without the parser and the
/// learned decisions (`pipelines/fast.toml`). About 2.5 times as fast as
/// the default, for bulk ingest, with lower quality on unseen text.
pub const FAST_COMPONENTS: &[&str] = &[
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

/// The options of the default pipeline, as a pipeline file's `[options]`
/// (`pipelines/with-parser.toml` gives the same): none; each component's
/// defaults.
pub const DEFAULT_OPTIONS: &str = "";

/// The default pipeline configuration.
pub fn default_config() -> PipelineConfig {
    PipelineConfig {
        components: DEFAULT_COMPONENTS.iter().map(|s| s.to_string()).collect(),
        options: toml::from_str(DEFAULT_OPTIONS).expect("the default options parse"),
    }
}

/// The fast pipeline configuration ([`FAST_COMPONENTS`]).
pub fn fast_config() -> PipelineConfig {
    PipelineConfig {
        components: FAST_COMPONENTS.iter().map(|s| s.to_string()).collect(),
        options: Default::default(),
    }
}

/// Reads a component's options from the pipeline file into `T`, whose
/// fields are the options it takes (`#[serde(deny_unknown_fields)]`): an
/// unknown option or a value of the wrong type is an error naming the option
/// (the pipeline adds the component's name).
fn options<T: serde::de::DeserializeOwned>(options: &toml::Table) -> Result<T, String> {
    toml::Value::Table(options.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("options: {}", e.to_string().trim_end()))
}

/// The options of a component that takes none.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

fn simple<C: Component + 'static>(
    make: fn() -> Result<C, String>,
) -> impl Fn(&toml::Table) -> Result<Box<dyn Component>, String> + Send + Sync + 'static {
    move |o| {
        let NoOptions {} = options(o)?;
        Ok(Box::new(make()?) as Box<dyn Component>)
    }
}

/// The options of `pos`, `chunk`, `ner` and `parser`: `model = "FILE"`,
/// else the built-in model.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelOptions {
    model: Option<String>,
}

/// The options of `parser`: `model = "FILE"` (else the built-in model),
/// `pos = true` to assign `Pos` from its own XPOS tagger (no `pos`
/// component needed).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParserOptions {
    model: Option<String>,
    #[serde(default)]
    pos: bool,
}

/// Reads the optional `model = "FILE"` option of a tagger component.
fn model_option(o: &toml::Table) -> Result<Option<dossier_tagger::Model>, String> {
    let ModelOptions { model } = options(o)?;
    model
        .map(|path| {
            dossier_tagger::Model::load(std::path::Path::new(&path))
                .map_err(|e| format!("cannot load model {path}: {e}"))
        })
        .transpose()
}

/// The options of `dates`: `order = "month_first" | "day_first" | "unknown"`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesOptions {
    #[serde(default)]
    order: Order,
}

/// How `dates` reads `01/02/2020`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "snake_case")]
enum Order {
    MonthFirst,
    DayFirst,
    #[default]
    Unknown,
}

/// The options of `dep_relations`: `patterns = "FILE"`, else the built-in
/// patterns.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepRelationsOptions {
    patterns: Option<String>,
}

/// The options of `learned_types`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LearnedTypesOptions {
    model: Option<String>,
    drop_margin: Option<f32>,
    retype_margin: Option<f32>,
}

/// The options of `learned_events`, `learned_agents` and `learned_relations`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LearnedOptions {
    model: Option<String>,
    threshold: Option<f32>,
}

/// The extraction model `model = "FILE"` or the built-in one.
fn learned_model(path: Option<String>) -> Result<dossier_learn::Model, String> {
    Ok(match path {
        Some(path) => dossier_learn::Model::load(std::path::Path::new(&path))
            .map_err(|e| format!("cannot load model {path}: {e}"))?,
        None => dossier_learn::Model::builtin()
            .map_err(|e| e.to_string())?
            .clone(),
    })
}

/// The model of `learned_types`, its margins overridden by the options;
/// `None` when no option is given: the component then reads the built-in
/// model shared by every learned component (not a copy of its own, which
/// cost tens of MiB and most of a small document's start-up per
/// component).
fn learned_types_model(o: &toml::Table) -> Result<Option<dossier_learn::Model>, String> {
    let LearnedTypesOptions {
        model,
        drop_margin,
        retype_margin,
    } = options(o)?;
    if model.is_none() && drop_margin.is_none() && retype_margin.is_none() {
        return Ok(None);
    }
    let mut model = learned_model(model)?;
    if let Some(m) = drop_margin {
        model.drop_margin = m;
    }
    if let Some(m) = retype_margin {
        model.retype_margin = m;
    }
    Ok(Some(model))
}

/// The model of a learned component with a `threshold`, which `set`
/// applies; `None` (the shared built-in model) when no option is given.
fn learned_threshold_model(
    o: &toml::Table,
    set: fn(&mut dossier_learn::Model, f32),
) -> Result<Option<dossier_learn::Model>, String> {
    let LearnedOptions { model, threshold } = options(o)?;
    if model.is_none() && threshold.is_none() {
        return Ok(None);
    }
    let mut model = learned_model(model)?;
    if let Some(t) = threshold {
        set(&mut model, t);
    }
    Ok(Some(model))
}

/// A learned component over `model`, or over the shared built-in model
/// (loaded here, so that a broken one is an error when the pipeline is
/// built, as before).
fn learned<C>(
    model: Option<dossier_learn::Model>,
    with: fn(dossier_learn::Model) -> C,
    builtin: fn() -> C,
) -> Result<Box<dyn Component>, String>
where
    C: Component + 'static,
{
    Ok(match model {
        Some(m) => Box::new(with(m)),
        None => {
            dossier_learn::Model::builtin().map_err(|e| e.to_string())?;
            Box::new(builtin())
        }
    })
}

/// A registry holding every built-in component, in the order of the
/// pipeline.
pub fn registry() -> Registry {
    let mut r = Registry::new();
    register_text(&mut r);
    register_taggers(&mut r);
    register_entities_and_dates(&mut r);
    register_extractors(&mut r);
    register_learned(&mut r);
    r
}

/// The text layers: normalization, sentences, layout, tokens.
fn register_text(r: &mut Registry) {
    r.register(
        "normalize",
        "Unicode NFC normalization, keeping a map to original offsets",
        simple(|| Ok(dossier_nlp::Normalizer::new())),
    );
    r.register(
        "sentences",
        "sentence splitter (abbreviations, initials, headings, citations)",
        simple(|| Ok(dossier_nlp::SentenceSplitter::new())),
    );
    r.register(
        "layout",
        "document shape: body text, headings, bylines, bios, captions, pull quotes, references, boilerplate",
        simple(|| Ok(dossier_nlp::Layout::new())),
    );
    r.register(
        "tokens",
        "tokenizer (hyphenated and apostrophe names, numbers, possessives)",
        simple(|| Ok(dossier_nlp::Tokenizer::new())),
    );
}

/// The statistical taggers: part of speech, chunks, the dependency parser
/// and the named-entity recognizer.
fn register_taggers(r: &mut Registry) {
    use dossier_tagger::{Chunker, NerTagger, PosTagger};
    r.register(
        "pos",
        "part-of-speech tagger (averaged perceptron; option: model = \"FILE\", default built-in)",
        |o| {
            Ok(match model_option(o)? {
                Some(m) => Box::new(PosTagger::with_model(m)),
                None => Box::new(PosTagger::new()),
            })
        },
    );
    r.register(
        "chunk",
        "phrase chunker (averaged perceptron; option: model = \"FILE\", default built-in)",
        |o| {
            Ok(match model_option(o)? {
                Some(m) => Box::new(Chunker::with_model(m)),
                None => Box::new(Chunker::new()),
            })
        },
    );
    r.register(
        "parser",
        "dependency parser trained on UD English EWT: head, UD relation, lemma and UPOS per token (options: model = \"FILE\", default built-in; pos = true also sets the part of speech from its own tagger, in place of the pos component)",
        |o| {
            let ParserOptions { model, pos } = options(o)?;
            let c = match model {
                Some(path) => {
                    let m = dossier_parser::Parser::load(&path).map_err(|e| e.to_string())?;
                    dossier_parser::DependencyParser::with_model(m)
                }
                None => dossier_parser::DependencyParser::new(),
            };
            Ok(Box::new(c.assigning_pos(pos)))
        },
    );
    r.register("ner", "named-entity recognizer trained on CoNLL-2003 (option: model = \"FILE\", default built-in)", |o| {
        Ok(match model_option(o)? { Some(m) => Box::new(NerTagger::with_model(m)), None => Box::new(NerTagger::new()) })
    });
}

/// Entities (gazetteer, typing, coreference), dates and quantities.
fn register_entities_and_dates(r: &mut Registry) {
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
        r.register(name, desc, move |o| {
            let NoOptions {} = options(o)?;
            dossier_entities::component(name)
                .ok_or_else(|| format!("entities crate has no '{name}'"))
        });
    }
    r.register(
        "dates",
        "dates to EDTF (option: order = \"month_first\" | \"day_first\")",
        |o| {
            use dossier_temporal::DateOrder;
            let DatesOptions { order } = options(o)?;
            let order = match order {
                Order::MonthFirst => DateOrder::MonthFirst,
                Order::DayFirst => DateOrder::DayFirst,
                Order::Unknown => DateOrder::Unknown,
            };
            Ok(Box::new(dossier_temporal::DatesComponent::new(order)))
        },
    );
    r.register(
        "quantities",
        "numbers with what they count",
        simple(|| Ok(dossier_temporal::QuantitiesComponent)),
    );
}

/// The rule-based extractors: relations, events, attributes, and what the
/// dependency parse gives (relation patterns, titles, perpetrators).
fn register_extractors(r: &mut Registry) {
    r.register(
        "relations",
        "the 11 relation types from sentence structure",
        simple(|| Ok(dossier_extract::RelationExtractor::default())),
    );
    r.register(
        "events",
        "the 14 event types with roles, dates, casualties and modality",
        simple(|| Ok(dossier_extract::EventExtractor::default())),
    );
    r.register(
        "attributes",
        "member counts, founding dates, titles",
        simple(|| Ok(dossier_extract::AttributeExtractor::default())),
    );
    r.register(
        "dep_relations",
        "relations read from the dependency parse by the patterns of patterns/relations.toml (needs 'parser'; option: patterns = \"FILE\", a pattern file of one's own in the format of patterns/README.md)",
        |o| {
            let DepRelationsOptions { patterns } = options(o)?;
            Ok(match patterns {
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
        simple(|| Ok(dossier_extract::DepTitles)),
    );
    r.register(
        "dep_agents",
        "perpetrators read from the dependency parse for attacks without one: attack-verb subjects, claimants, suspects (needs 'parser')",
        simple(|| Ok(dossier_extract::DepAgents)),
    );
}

/// The components of the model trained on the annotated corpus, and the
/// relations events imply.
fn register_learned(r: &mut Registry) {
    r.register(
        "learned_types",
        "entity types decided by the model trained on the annotated corpus; drops what it scores as no entity (option: model = \"FILE\", default built-in; drop_margin = X; retype_margin = X)",
        |options| learned(learned_types_model(options)?, dossier_learn::LearnedTypes::with_model, dossier_learn::LearnedTypes::builtin),
    );
    r.register(
        "learned_events",
        "events the model trained on the annotated corpus finds in sentences where the patterns found none of that type, with the participants its role model picks (option: model = \"FILE\", default built-in; threshold = X)",
        |options| learned(learned_threshold_model(options, |m, t| m.event_threshold = t)?, dossier_learn::LearnedEvents::with_model, dossier_learn::LearnedEvents::builtin),
    );
    r.register(
        "learned_agents",
        "the perpetrator of an attack or plot without one, chosen by the model trained on the annotated corpus among the entities of its sentence and the next three (option: model = \"FILE\", default built-in; threshold = X)",
        |options| learned(learned_threshold_model(options, |m, t| m.agent_threshold = t)?, dossier_learn::LearnedAgents::with_model, dossier_learn::LearnedAgents::builtin),
    );
    r.register(
        "learned_relations",
        "relations decided by the model trained on the annotated corpus, for each pair of entities in a sentence (option: model = \"FILE\", default built-in; threshold = X)",
        |options| learned(learned_threshold_model(options, |m, t| m.threshold = t)?, dossier_learn::LearnedRelations::with_model, dossier_learn::LearnedRelations::builtin),
    );
    r.register(
        "event_relations",
        "relations events imply: attacker hostile to its target and active where it attacks, founder of what it founds",
        simple(|| Ok(dossier_extract::EventRelations)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Pipeline, PipelineError};
    use dossier_doc::Layer;

    /// A pipeline file the repository ships (`pipelines/NAME`, beside the
    /// crate: read at run time, so the packaged crate holds no copy).
    fn shipped_file(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../pipelines")
            .join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("tracked file {} cannot be read: {e}", path.display()))
    }

    #[test]
    fn default_pipeline_validates() {
        let p = Pipeline::build(&default_config(), &registry()).unwrap();
        assert_eq!(p.names(), DEFAULT_COMPONENTS);
    }

    #[test]
    fn the_one_tagger_file_is_the_default_with_the_parser_giving_the_part_of_speech() {
        let one = PipelineConfig::from_toml(&shipped_file("one-tagger.toml")).unwrap();
        let mut expected: Vec<String> = default_config()
            .components
            .into_iter()
            .filter(|c| c != "pos" && c != "parser")
            .collect();
        let after_tokens = expected.iter().position(|c| c == "tokens").unwrap() + 1;
        expected.insert(after_tokens, "parser".to_string());
        assert_eq!(one.components, expected);
        let parser = one.options.get("parser").and_then(|o| o.get("pos"));
        assert_eq!(parser, Some(&toml::Value::Boolean(true)));
        assert!(Pipeline::build(&one, &registry()).is_ok());
    }

    #[test]
    fn the_shipped_pipeline_files_are_the_built_in_ones() {
        let parser = PipelineConfig::from_toml(&shipped_file("with-parser.toml")).unwrap();
        assert_eq!(parser.components, default_config().components);
        assert_eq!(parser.options, default_config().options);
        let fast = PipelineConfig::from_toml(&shipped_file("fast.toml")).unwrap();
        assert_eq!(fast.components, fast_config().components);
        assert!(fast.options.is_empty());
        let p = Pipeline::build(&fast, &registry()).unwrap();
        assert!(!p
            .names()
            .iter()
            .any(|n| *n == "parser" || n.starts_with("learned_") || n.starts_with("dep_")));
    }

    #[test]
    fn dependency_relations_need_the_parser() {
        let with = |extra: &[(&str, &str)]| {
            let mut c = fast_config();
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
        let text = shipped_file("with-parser.toml");
        let cfg = PipelineConfig::from_toml(&text).unwrap();
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
        vec![("default", default_config()), ("fast", fast_config())]
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
                .map(|n| {
                    let o = config.options.get(n).unwrap_or(&empty);
                    registry.create(n, o).unwrap()
                })
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
                        assert!(
                            !required,
                            "{pipeline}: nothing before '{name}' assigns {layer:?}"
                        );
                        continue;
                    };
                    let available: std::collections::BTreeSet<Layer> = std::iter::once(Layer::Text)
                        .chain(
                            built[..first]
                                .iter()
                                .flat_map(|b| b.assigns().iter().copied()),
                        )
                        .collect();
                    let bad = moved(&config, i, first);
                    let err = Pipeline::build(&bad, &registry).err().unwrap_or_else(|| {
                        panic!(
                            "{pipeline}: '{name}' before '{}' ({layer:?}) was accepted",
                            config.components[first]
                        )
                    });
                    // the first layer it lacks there: a required one, else `layer`
                    let lacking = c.requires().iter().find(|l| !available.contains(l));
                    match (&err, lacking) {
                        (
                            PipelineError::MissingLayer {
                                component,
                                layer: l,
                            },
                            Some(want),
                        ) => {
                            assert_eq!((component, l), (name, want), "{pipeline}: {err}")
                        }
                        (
                            PipelineError::LayerAssignedLater {
                                component,
                                layer: l,
                                assigned_by,
                            },
                            None,
                        ) => {
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
        let mut c = fast_config();
        c.components.retain(|n| n != "dates");
        let at = c.components.iter().position(|n| n == "events").unwrap() + 1;
        c.components.insert(at, "dates".into());
        let err = Pipeline::build(&c, &registry()).err().unwrap();
        // `relations` comes first and reads dates too
        assert!(
            matches!(&err, PipelineError::MissingLayer { component, layer: Layer::Dates } if component == "relations"),
            "{err}"
        );
        c.components
            .retain(|n| n != "relations" && n != "event_relations");
        let err = Pipeline::build(&c, &registry()).err().unwrap();
        assert!(
            matches!(&err, PipelineError::MissingLayer { component, layer: Layer::Dates } if component == "events"),
            "{err}"
        );
        assert!(
            err.to_string().contains("'events'") && err.to_string().contains("Dates"),
            "{err}"
        );
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
        std::fs::write(&good, dossier_extract::pattern::BUILTIN_RELATIONS).unwrap();
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

    #[test]
    fn an_unknown_option_names_the_component_and_the_option() {
        let build = |component: &str, option: &str| {
            let mut c = default_config();
            c.options
                .insert(component.to_string(), toml::from_str(option).unwrap());
            Pipeline::build(&c, &registry()).map(|_| ())
        };
        for (component, option, bad) in [
            ("dates", "odrer = \"day_first\"", "odrer"),
            ("dates", "order = \"sideways\"", "sideways"),
            ("normalize", "nfc = true", "nfc"),
            ("coref", "pronouns = false", "pronouns"),
            ("chunk", "modle = \"x.bin\"", "modle"),
            ("parser", "beam = 4", "beam"),
            ("dep_relations", "pattern = \"p.toml\"", "pattern"),
            ("learned_relations", "drop_margin = 0.5", "drop_margin"),
            ("learned_types", "threshold = 0.5", "threshold"),
            ("learned_events", "threshold = \"high\"", "high"),
        ] {
            let err = build(component, option)
                .err()
                .unwrap_or_else(|| panic!("[options.{component}] {option} was accepted"));
            let msg = err.to_string();
            assert!(
                matches!(&err, PipelineError::Factory { component: c, .. } if c == component)
                    && msg.contains(&format!("'{component}'"))
                    && msg.contains(bad),
                "{msg}"
            );
        }
        for (component, option) in [
            ("dates", "order = \"month_first\""),
            ("learned_relations", "threshold = 0.5"),
            ("learned_agents", "threshold = 1"),
            ("learned_types", "drop_margin = 0.5\nretype_margin = 1.5"),
        ] {
            assert!(
                build(component, option).is_ok(),
                "[options.{component}] {option}"
            );
        }
    }
}
