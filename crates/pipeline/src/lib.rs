//! Pipelines: named [`Component`]s assembled from configuration.
//!
//! A pipeline is *configured, not hard-wired*: a [`PipelineConfig`] (the
//! built-in default, or a TOML file) lists component names in order, with
//! optional per-component options; a [`Registry`] maps each name to a factory.
//! [`Pipeline::build`] checks, before any document is processed, that every
//! name is registered and that every layer a component requires is assigned
//! by the reader ([`Layer::Text`]) or by an earlier component.
//!
//! ```
//! use dossier_doc::{Component, ComponentError, Doc, Layer, Meta};
//! use dossier_pipeline::{Pipeline, PipelineConfig, Registry};
//!
//! struct Upper;
//! impl Component for Upper {
//!     fn name(&self) -> &str { "upper" }
//!     fn requires(&self) -> &[Layer] { &[Layer::Text] }
//!     fn assigns(&self) -> &[Layer] { &[Layer::Text] }
//!     fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
//!         let t = doc.text.to_uppercase();
//!         doc.set_text(t);
//!         Ok(())
//!     }
//! }
//! let mut registry = Registry::new();
//! registry.register("upper", "upper-cases the text", |_opts| Ok(Box::new(Upper)));
//! let config = PipelineConfig::from_toml("components = [\"upper\"]").unwrap();
//! let pipeline = Pipeline::build(&config, &registry).unwrap();
//! let mut doc = Doc::new(Meta::default(), "abc".into());
//! pipeline.run(&mut doc).unwrap();
//! assert_eq!(doc.text, "ABC");
//! assert_eq!(doc.components, vec!["upper"]);
//! ```
#![warn(missing_docs)]

pub mod builtin;

use dossier_doc::{Component, ComponentError, Doc, Layer};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Errors building or running a pipeline.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The configuration file could not be read.
    #[error("cannot read pipeline configuration {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The configuration is not valid TOML of the expected shape.
    #[error("invalid pipeline configuration{}: {message}", .path.as_deref().map(|p| format!(" {p}")).unwrap_or_default())]
    Config {
        /// The file, when read from one.
        path: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A component name is not registered.
    #[error("unknown pipeline component '{name}' (known: {known})")]
    UnknownComponent {
        /// The name.
        name: String,
        /// The registered names.
        known: String,
    },
    /// A component requires a layer nothing before it assigns.
    #[error("pipeline component '{component}' requires layer '{layer:?}', which no earlier component assigns")]
    MissingLayer {
        /// The component.
        component: String,
        /// The missing layer.
        layer: Layer,
    },
    /// A component reads a layer when present, and only a later component
    /// assigns it: the component would silently run without it.
    #[error("pipeline component '{component}' reads layer '{layer:?}', which only the later component '{assigned_by}' assigns")]
    LayerAssignedLater {
        /// The component.
        component: String,
        /// The layer it reads.
        layer: Layer,
        /// The first later component that assigns it.
        assigned_by: String,
    },
    /// A factory refused its options.
    #[error("pipeline component '{component}': {message}")]
    Factory {
        /// The component.
        component: String,
        /// What is wrong.
        message: String,
    },
    /// A component failed while processing a document.
    #[error(transparent)]
    Component(#[from] ComponentError),
}

/// Pipeline configuration: the ordered component names and their options.
///
/// TOML form:
/// ```toml
/// components = ["normalize", "sentences", "tokens"]
/// [options.tokens]
/// some_option = true
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// Component names, in order.
    pub components: Vec<String>,
    /// Options per component name.
    #[serde(default)]
    pub options: BTreeMap<String, toml::Table>,
}

impl PipelineConfig {
    /// Parses the TOML form.
    pub fn from_toml(text: &str) -> Result<Self, PipelineError> {
        toml::from_str(text).map_err(|e| PipelineError::Config {
            path: None,
            message: e.to_string(),
        })
    }

    /// Reads the TOML form from a file.
    pub fn from_file(path: &Path) -> Result<Self, PipelineError> {
        let text = std::fs::read_to_string(path).map_err(|source| PipelineError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text).map_err(|e| match e {
            PipelineError::Config { message, .. } => PipelineError::Config {
                path: Some(path.display().to_string()),
                message,
            },
            other => other,
        })
    }

    /// The TOML form.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

/// Builds a component from its options.
pub type Factory = Box<dyn Fn(&toml::Table) -> Result<Box<dyn Component>, String> + Send + Sync>;

struct Entry {
    description: String,
    factory: Factory,
}

/// Maps component names to factories.
#[derive(Default)]
pub struct Registry {
    entries: BTreeMap<String, Entry>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) a component factory.
    pub fn register<F>(&mut self, name: &str, description: &str, factory: F)
    where
        F: Fn(&toml::Table) -> Result<Box<dyn Component>, String> + Send + Sync + 'static,
    {
        self.entries.insert(
            name.to_string(),
            Entry {
                description: description.to_string(),
                factory: Box::new(factory),
            },
        );
    }

    /// Registered names with their descriptions.
    pub fn describe(&self) -> Vec<(&str, &str)> {
        self.entries
            .iter()
            .map(|(k, e)| (k.as_str(), e.description.as_str()))
            .collect()
    }

    fn create(
        &self,
        name: &str,
        options: &toml::Table,
    ) -> Result<Box<dyn Component>, PipelineError> {
        let entry = self
            .entries
            .get(name)
            .ok_or_else(|| PipelineError::UnknownComponent {
                name: name.to_string(),
                known: self.entries.keys().cloned().collect::<Vec<_>>().join(", "),
            })?;
        (entry.factory)(options).map_err(|message| PipelineError::Factory {
            component: name.to_string(),
            message,
        })
    }
}

/// A component's name with the layers it requires, reads when present and
/// assigns ([`Pipeline::describe`]).
pub type Contract<'a> = (&'a str, &'a [Layer], &'a [Layer], &'a [Layer]);

/// A validated, ready-to-run sequence of components.
pub struct Pipeline {
    components: Vec<Box<dyn Component>>,
    /// For each component, the types of the derived values that a later
    /// component shares ([`Component::shares`]): what is kept after it.
    later_shares: Vec<Vec<std::any::TypeId>>,
}

impl Pipeline {
    /// Builds and validates a pipeline.
    pub fn build(config: &PipelineConfig, registry: &Registry) -> Result<Self, PipelineError> {
        let empty = toml::Table::new();
        let mut available: BTreeSet<Layer> = BTreeSet::from([Layer::Text]);
        let mut components = Vec::with_capacity(config.components.len());
        for name in &config.components {
            let options = config.options.get(name).unwrap_or(&empty);
            let component = registry.create(name, options)?;
            for layer in component.requires() {
                if !available.contains(layer) {
                    return Err(PipelineError::MissingLayer {
                        component: name.clone(),
                        layer: *layer,
                    });
                }
            }
            available.extend(component.assigns().iter().copied());
            components.push(component);
        }
        let mut available: BTreeSet<Layer> = BTreeSet::from([Layer::Text]);
        for (i, c) in components.iter().enumerate() {
            for layer in c.reads() {
                if available.contains(layer) {
                    continue;
                }
                if let Some(k) = components[i + 1..]
                    .iter()
                    .position(|l| l.assigns().contains(layer))
                {
                    return Err(PipelineError::LayerAssignedLater {
                        component: config.components[i].clone(),
                        layer: *layer,
                        assigned_by: config.components[i + 1 + k].clone(),
                    });
                }
            }
            available.extend(c.assigns().iter().copied());
        }
        for name in config.options.keys() {
            if !config.components.contains(name) {
                return Err(PipelineError::Config {
                    path: None,
                    message: format!(
                        "options given for '{name}', which is not in the component list"
                    ),
                });
            }
        }
        for c in &components {
            c.warm_up();
        }
        let mut later_shares = vec![Vec::new(); components.len()];
        for i in (0..components.len().saturating_sub(1)).rev() {
            let mut kept = later_shares[i + 1].clone();
            for t in components[i + 1].shares() {
                if !kept.contains(&t) {
                    kept.push(t);
                }
            }
            later_shares[i] = kept;
        }
        Ok(Pipeline {
            components,
            later_shares,
        })
    }

    /// Component names in order.
    pub fn names(&self) -> Vec<&str> {
        self.components.iter().map(|c| c.name()).collect()
    }

    /// Each component with what it requires, reads when present and
    /// assigns.
    pub fn describe(&self) -> Vec<Contract<'_>> {
        self.components
            .iter()
            .map(|c| (c.name(), c.requires(), c.reads(), c.assigns()))
            .collect()
    }

    /// Runs the components at positions `range` on `doc` (training runs a
    /// pipeline in stages, applying a model being trained between them);
    /// the caller runs the earlier ones first.
    pub fn run_range(
        &self,
        doc: &mut Doc,
        range: std::ops::Range<usize>,
    ) -> Result<(), PipelineError> {
        let end = range.end.min(self.components.len());
        let result = (|| {
            for (c, keep) in self.components[range.start.min(end)..end]
                .iter()
                .zip(&self.later_shares[range.start.min(end)..end])
            {
                c.process(doc)?;
                doc.components.push(c.name().to_string());
                doc.retain_derived(keep);
            }
            Ok::<(), PipelineError>(())
        })();
        doc.clear_derived();
        result
    }

    /// Loads now whatever the components load on first use (built-in
    /// models, gazetteers, indexes), by running the pipeline once on a
    /// sentence of its own, and returns when it is done. Building the
    /// pipeline only starts those loads in the background (so they overlap
    /// the first document's early steps); a caller that measures a
    /// document's heap (the memory budget per document) calls this first,
    /// so that the models' tens of MiB are not charged to that document.
    pub fn load_models(&self) -> Result<(), PipelineError> {
        let mut doc = Doc::new(
            Default::default(),
            "The Vell Circle attacked the Ostren Guard in Dorn on 3 May 2019.\n".to_string(),
        );
        self.run(&mut doc)
    }

    /// Runs every component on `doc`, in order, recording their names in
    /// `doc.components`.
    pub fn run(&self, doc: &mut Doc) -> Result<(), PipelineError> {
        self.run_timed(doc).map(|_| ())
    }

    /// [`Pipeline::run`], returning how long each component took, in order.
    pub fn run_timed(
        &self,
        doc: &mut Doc,
    ) -> Result<Vec<(String, std::time::Duration)>, PipelineError> {
        self.run_checked(doc, |_, _| Ok(()))
    }

    /// [`Pipeline::run_timed`], calling `checkpoint` after each component
    /// with its name and the document: an error there stops the run and is
    /// the run's error (a caller's budget, e.g. of memory, checked between
    /// components).
    pub fn run_checked(
        &self,
        doc: &mut Doc,
        mut checkpoint: impl FnMut(&str, &Doc) -> Result<(), ComponentError>,
    ) -> Result<Vec<(String, std::time::Duration)>, PipelineError> {
        let mut times = Vec::with_capacity(self.components.len());
        let mut run = || {
            for (c, keep) in self.components.iter().zip(&self.later_shares) {
                let t = std::time::Instant::now();
                c.process(doc)?;
                // what no later component shares goes now, not at the end
                doc.retain_derived(keep);
                times.push((c.name().to_string(), t.elapsed()));
                doc.components.push(c.name().to_string());
                checkpoint(c.name(), doc)?;
            }
            Ok::<(), PipelineError>(())
        };
        let result = run();
        // values the components shared (Doc::derived) live for one run
        doc.clear_derived();
        result.map(|()| times)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_doc::Meta;

    struct Fake {
        name: &'static str,
        requires: Vec<Layer>,
        assigns: Vec<Layer>,
        /// Whether it declares that it shares the derived `String`.
        shares: bool,
        /// Who built the derived `String` it sees.
        sees: &'static str,
    }
    impl Component for Fake {
        fn name(&self) -> &str {
            self.name
        }
        fn requires(&self) -> &[Layer] {
            &self.requires
        }
        fn assigns(&self) -> &[Layer] {
            &self.assigns
        }
        fn shares(&self) -> Vec<std::any::TypeId> {
            match self.shares {
                true => vec![std::any::TypeId::of::<String>()],
                false => Vec::new(),
            }
        }
        fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
            // components share derived values within a run
            let seen = doc.derived(7, || self.name.to_string());
            if doc.text == "fail" {
                return Err(ComponentError::new(self.name, "told to fail"));
            }
            assert_eq!(
                *seen, self.sees,
                "{}: built by another component",
                self.name
            );
            Ok(())
        }
    }

    fn registry() -> Registry {
        let mut r = Registry::new();
        r.register("sentences", "", |_| {
            Ok(Box::new(Fake {
                name: "sentences",
                requires: vec![Layer::Text],
                assigns: vec![Layer::Sentences],
                shares: true,
                sees: "sentences",
            }))
        });
        r.register("tokens", "", |o| {
            if o.contains_key("bogus") {
                return Err("unknown option 'bogus'".into());
            }
            Ok(Box::new(Fake {
                name: "tokens",
                requires: vec![Layer::Sentences],
                assigns: vec![Layer::Tokens],
                shares: true,
                sees: "sentences",
            }))
        });
        // shares nothing: runs after the value was dropped, so builds its own
        r.register("layout", "", |_| {
            Ok(Box::new(Fake {
                name: "layout",
                requires: vec![Layer::Sentences],
                assigns: vec![Layer::Layout],
                shares: false,
                sees: "layout",
            }))
        });
        r
    }

    #[test]
    fn builds_in_order_and_runs() {
        let cfg = PipelineConfig::from_toml(r#"components = ["sentences", "tokens"]"#).unwrap();
        let p = Pipeline::build(&cfg, &registry()).unwrap();
        assert_eq!(p.names(), ["sentences", "tokens"]);
        let mut doc = Doc::new(Meta::default(), "x".into());
        p.run(&mut doc).unwrap();
        assert_eq!(
            *doc.derived(7, || "after".to_string()),
            "after",
            "a run leaves no derived values behind"
        );
        assert_eq!(doc.components, ["sentences", "tokens"]);
    }

    #[test]
    fn issue14_derived_values_go_after_the_last_component_that_shares_them() {
        // "sentences" builds the value and "tokens" shares it; "layout",
        // which shares nothing, comes after: the value was dropped then.
        let cfg =
            PipelineConfig::from_toml(r#"components = ["sentences", "tokens", "layout"]"#).unwrap();
        let p = Pipeline::build(&cfg, &registry()).unwrap();
        let mut doc = Doc::new(Meta::default(), "x".into());
        p.run(&mut doc).unwrap();
        let mut doc = Doc::new(Meta::default(), "x".into());
        p.run_range(&mut doc, 0..3).unwrap();
    }

    #[test]
    fn missing_layer_is_caught_at_build_time() {
        let cfg = PipelineConfig::from_toml(r#"components = ["tokens", "sentences"]"#).unwrap();
        let err = Pipeline::build(&cfg, &registry()).err().unwrap();
        assert!(
            matches!(err, PipelineError::MissingLayer { ref component, layer: Layer::Sentences } if component == "tokens")
        );
    }

    #[test]
    fn unknown_component_lists_known_ones() {
        let cfg = PipelineConfig::from_toml(r#"components = ["sentences", "parser"]"#).unwrap();
        let msg = Pipeline::build(&cfg, &registry())
            .err()
            .unwrap()
            .to_string();
        assert!(
            msg.contains("'parser'") && msg.contains("sentences, tokens"),
            "{msg}"
        );
    }

    #[test]
    fn options_reach_the_factory_and_stray_options_are_rejected() {
        let cfg = PipelineConfig::from_toml(
            "components = [\"sentences\", \"tokens\"]\n[options.tokens]\nbogus = 1\n",
        )
        .unwrap();
        assert!(matches!(
            Pipeline::build(&cfg, &registry()),
            Err(PipelineError::Factory { .. })
        ));
        let cfg =
            PipelineConfig::from_toml("components = [\"sentences\"]\n[options.tokens]\nx = 1\n")
                .unwrap();
        assert!(matches!(
            Pipeline::build(&cfg, &registry()),
            Err(PipelineError::Config { .. })
        ));
    }

    #[test]
    fn bad_toml_and_unknown_keys_are_config_errors() {
        assert!(PipelineConfig::from_toml("components = [").is_err());
        assert!(PipelineConfig::from_toml("components = []\nextra = 1").is_err());
    }

    #[test]
    fn component_failure_surfaces() {
        let cfg = PipelineConfig::from_toml(r#"components = ["sentences"]"#).unwrap();
        let p = Pipeline::build(&cfg, &registry()).unwrap();
        let mut doc = Doc::new(Meta::default(), "fail".into());
        assert!(p
            .run(&mut doc)
            .unwrap_err()
            .to_string()
            .contains("told to fail"));
    }

    #[test]
    fn a_failing_checkpoint_stops_the_run_after_its_component() {
        let cfg = PipelineConfig::from_toml(r#"components = ["sentences", "tokens"]"#).unwrap();
        let p = Pipeline::build(&cfg, &registry()).unwrap();
        let mut doc = Doc::new(Meta::default(), "x".into());
        let mut seen = Vec::new();
        let err = p
            .run_checked(&mut doc, |step, _| {
                seen.push(step.to_string());
                Err(ComponentError::new(step, "over budget"))
            })
            .unwrap_err();
        assert!(err.to_string().contains("over budget"), "{err}");
        assert_eq!(seen, ["sentences"]);
        assert_eq!(doc.components, ["sentences"], "tokens never ran");
        let mut doc = Doc::new(Meta::default(), "x".into());
        let times = p.run_checked(&mut doc, |_, _| Ok(())).unwrap();
        assert_eq!(times.len(), 2);
    }

    #[test]
    fn toml_round_trip() {
        let cfg =
            PipelineConfig::from_toml("components = [\"a\"]\n[options.a]\nk = \"v\"\n").unwrap();
        assert_eq!(PipelineConfig::from_toml(&cfg.to_toml()).unwrap(), cfg);
    }
}
