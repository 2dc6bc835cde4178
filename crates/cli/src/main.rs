//! `dossier`: builds a cited knowledge base from reports on armed groups.
//!
//! A thin binary: every command parses its arguments, calls the library
//! crates (read → pipeline → kb → report) and prints. See `dossier --help`.

#[macro_use]
mod output;
mod commands;
mod eval_extract;
mod memory;
mod parse;
mod process;
mod queue;
mod review;
mod train_extract;

/// The pipeline allocates many small strings; mimalloc serves them faster
/// than the system allocator. Counted, for the memory budget per document.
/// Built without transparent huge pages for its arenas (`no_thp`): the
/// kernel zeroed a whole 2 MiB page at each first touch of a region.
#[global_allocator]
static GLOBAL: memory::Counting = memory::Counting;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use dossier_doc::Edtf;
use std::path::PathBuf;
use std::process::ExitCode;

/// Build a cited knowledge base from reports on armed groups.
#[derive(Parser)]
#[command(name = "dossier", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    cmd: Cmd,
}

/// Options every command accepts, before or after its name.
#[derive(Args)]
struct GlobalArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    pipeline: PipelineArg,
    /// Print nothing on stderr but errors (no progress, summaries, notes or warnings).
    #[arg(long, short, global = true)]
    quiet: bool,
}

/// Where the knowledge base lives.
#[derive(Args, Clone)]
pub struct DbArg {
    /// SQLite database file, or a PostgreSQL URL (`postgres://USER@HOST/DB`).
    #[arg(long, env = "DOSSIER_DB", default_value = "dossier.db", global = true)]
    pub db: PathBuf,
}

/// Pipeline selection.
#[derive(Args, Clone)]
pub struct PipelineArg {
    /// Pipeline configuration (TOML) replacing the built-in one (commands that extract), e.g. pipelines/fast.toml: the rules alone, about 2.5–3× as fast.
    #[arg(long, env = "DOSSIER_PIPELINE", global = true)]
    pub pipeline: Option<PathBuf>,
}

/// An EDTF option's value, read by the one EDTF type (`dossier_doc::Edtf`).
fn parse_edtf(s: &str) -> Result<Edtf, String> {
    Edtf::parse(s).map_err(|e| {
            format!("{e}; an EDTF date is e.g. 2022, 2022-02, 2022-02-14, 2021~, 2019-21 (spring) or 2016/2018")
        })
}

/// An EDTF option whose empty value clears a stored date: kept as the
/// text given (the knowledge base takes it so), checked here so a bad value
/// is refused naming the option.
fn edtf_or_empty(s: &str) -> Result<String, String> {
    if !s.trim().is_empty() {
        parse_edtf(s)?;
    }
    Ok(s.to_string())
}

/// Per-document limits of `extract` and `ingest`.
#[derive(Args, Clone)]
pub struct BudgetArg {
    /// Wall-clock seconds one document may take (reading and extraction);
    /// a document over it is reported as failed and the batch goes on.
    #[arg(
        long,
        env = "DOSSIER_DOC_TIMEOUT",
        default_value_t = 300.0,
        value_name = "SECS"
    )]
    pub doc_timeout: f64,
    /// Heap one document may add, in MiB (reading and extraction): a
    /// document whose text is too large for it is refused before
    /// extraction, one that holds more after a step (or while one runs) is
    /// stopped, reported as failed, and the batch goes on.
    #[arg(
        long,
        env = "DOSSIER_DOC_MEMORY",
        default_value_t = 4096,
        value_name = "MIB",
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub doc_memory: u64,
}

#[derive(Subcommand)]
enum Cmd {
    /// Extract entities, relations, events and attributes from files (no database).
    Extract(ExtractArgs),
    /// Ingest files or directories into the knowledge base.
    Ingest(IngestArgs),
    /// The shared ingest queue of a PostgreSQL knowledge base: add files, show its state.
    Queue(QueueArgs),
    /// Ingest the queued files of a PostgreSQL knowledge base (run on one or several machines).
    Worker(WorkerArgs),
    /// List entities of the knowledge base.
    Entities(EntitiesArgs),
    /// Full-text search over the sentences of the knowledge base.
    ///
    /// Prints lines `TITLE #N: SENTENCE` (N counted from 1) with the matches
    /// in colour on a terminal, otherwise between `[` `]` with the text's own
    /// `[`, `]` and `\` escaped by a backslash. `--format json`: the hits,
    /// `sentence` counted from 0, `matches` as `[start, end)` char offsets
    /// into `text`. Exit status 0 with matches, 1 without, 2 on an error (as
    /// grep).
    Search(SearchArgs),
    /// A profile of an entity with every statement cited.
    Profile(ProfileArgs),
    /// A dated timeline of events.
    Timeline(TimelineArgs),
    /// The network of relations.
    Graph(GraphArgs),
    /// Export the knowledge base (STIX 2.1, GraphML, CSV, JSON Lines).
    Export(ExportArgs),
    /// Analyst override: two entities are the same.
    Merge(MergeArgs),
    /// Analyst override: an alias of an entity is a different entity.
    Split(SplitArgs),
    /// Serve the analyst's workbench (web pages and a JSON API) over the knowledge base.
    Serve(ServeArgs),
    /// List, show, edit (metadata) or delete stored documents.
    #[command(subcommand)]
    Documents(DocumentsCmd),
    /// Review facts: list them least confident first (with contradictions,
    /// possible duplicates and decisions), confirm or reject one, undo a decision.
    #[command(subcommand)]
    Review(ReviewCmd),
    /// Ingest the bundled sample report into a temporary database and show what was found.
    Demo(DemoArgs),
    /// Train a tagger model from CoNLL data.
    Train(TrainArgs),
    /// Tag a CoNLL file with the named-entity recognizer.
    Ner(NerArgs),
    /// Parse a CoNLL-U file (given tokenization) and write it back as CoNLL-U.
    Parse(ParseArgs),
    /// Evaluate a model or the extractor.
    Eval(EvalArgs),
    /// Show the configured pipeline and the registered components.
    Pipeline(PipelineShowArgs),
    /// Print a shell completion script (e.g. `dossier completions bash > /etc/bash_completion.d/dossier`).
    Completions(CompletionsArgs),
    /// Print a man page in roff (e.g. `dossier man | man -l -`).
    Man(ManArgs),
}

#[derive(Args)]
struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Args)]
struct ManArgs {
    /// The page of this command (`dossier-COMMAND(1)`) instead of the main page.
    command: Option<String>,
}

/// Output format of `extract`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExtractFormat {
    /// Interchange JSON (ONTOLOGY.md): one document, or an array of them for several files.
    Json,
    /// One interchange JSON document per line.
    Jsonl,
    /// A readable listing.
    Text,
}

#[derive(Args)]
struct ExtractArgs {
    /// Files to read (.txt, .md, .html, .pdf); `-` reads standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Publication date (EDTF) when the file has none.
    #[arg(long, value_parser = parse_edtf)]
    published: Option<Edtf>,
    /// Source name.
    #[arg(long)]
    source: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: ExtractFormat,
    /// Print the time each pipeline component took (summed over the files) to stderr.
    #[arg(long)]
    timings: bool,
    #[command(flatten)]
    budget: BudgetArg,
}

#[derive(Args)]
struct IngestArgs {
    /// Files or directories (walked recursively); `-` reads a document from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date (EDTF) for files that have none.
    #[arg(long, value_parser = parse_edtf)]
    published: Option<Edtf>,
    /// Source name.
    #[arg(long)]
    source: Option<String>,
    /// Admiralty source reliability grade A–F (default F: cannot be judged).
    #[arg(long, value_parser = parse_grade)]
    reliability: Option<char>,
    #[command(flatten)]
    budget: BudgetArg,
}

#[derive(Args)]
struct QueueArgs {
    #[command(subcommand)]
    what: QueueCmd,
}

#[derive(Subcommand)]
enum QueueCmd {
    /// Store files (content and options) as jobs for `dossier worker`.
    Add(QueueAddArgs),
    /// Jobs pending, running, done and failed (with the errors of failed ones).
    Status(QueueStatusArgs),
}

#[derive(Args)]
struct QueueAddArgs {
    /// Files or directories (walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    /// Publication date (EDTF) for files that have none.
    #[arg(long, value_parser = parse_edtf)]
    published: Option<Edtf>,
    /// Source name.
    #[arg(long)]
    source: Option<String>,
    /// Admiralty source reliability grade A–F (default F: cannot be judged).
    #[arg(long, value_parser = parse_grade)]
    reliability: Option<char>,
}

#[derive(Args)]
struct QueueStatusArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Args)]
struct WorkerArgs {
    #[command(flatten)]
    db: DbArg,
    /// Documents processed at once by this worker.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
    /// Stop when no job is pending or running (else wait for new jobs).
    #[arg(long)]
    exit_when_empty: bool,
    /// Seconds a claimed job is held without renewal (renewed every third of it).
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    lease: f64,
    /// Tries before a failing job is parked as failed.
    #[arg(long, default_value_t = 4)]
    max_attempts: u32,
    #[command(flatten)]
    pipeline: PipelineArg,
    #[command(flatten)]
    budget: BudgetArg,
}

fn parse_grade(s: &str) -> Result<char, String> {
    let c = s.trim().to_ascii_uppercase();
    match c.as_str() {
        "A" | "B" | "C" | "D" | "E" | "F" => Ok(c.chars().next().unwrap_or('F')),
        _ => Err(format!("'{s}' is not a reliability grade (A–F)")),
    }
}

/// Table or JSON.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned columns.
    Table,
    /// A JSON array.
    Json,
}

#[derive(Args)]
struct EntitiesArgs {
    /// Only this entity type (person, armed_group, organization, country, location, facility, group_identity).
    #[arg(long = "type")]
    etype: Option<String>,
    /// Only names or aliases containing this text.
    #[arg(long)]
    search: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Args)]
struct SearchArgs {
    /// Words to find (FTS5 syntax is escaped: quotes and operators are taken literally).
    query: String,
    /// At most this many sentences.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    /// Colour the matches: on a terminal without NO_COLOR (auto), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    color: output::ColorChoice,
}

/// Report formats.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ProfileFormat {
    /// Markdown with footnotes.
    Md,
    /// One self-contained HTML file.
    Html,
    /// JSON.
    Json,
}

#[derive(Args)]
struct ProfileArgs {
    /// Entity name, alias or id.
    name: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    format: ProfileFormat,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

/// Timeline formats.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TimelineFormat {
    /// Markdown.
    Md,
    /// CSV.
    Csv,
    /// JSON.
    Json,
    /// HTML with an SVG timeline.
    Html,
}

#[derive(Args)]
struct TimelineArgs {
    /// Only events involving this entity.
    name: Option<String>,
    /// Only events overlapping or after this EDTF date.
    #[arg(long, value_parser = parse_edtf)]
    from: Option<Edtf>,
    /// Only events overlapping or before this EDTF date.
    #[arg(long, value_parser = parse_edtf)]
    to: Option<Edtf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    format: TimelineFormat,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

/// Graph formats.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    /// GraphML (Gephi, networkx).
    Graphml,
    /// Graphviz DOT.
    Dot,
    /// JSON nodes and links.
    Json,
    /// SVG picture.
    Svg,
}

#[derive(Args)]
struct GraphArgs {
    /// Centre the graph on this entity.
    name: Option<String>,
    /// Hops from the centre.
    #[arg(long, default_value_t = 1)]
    depth: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "graphml")]
    format: GraphFormat,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

/// Export formats.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// STIX 2.1 bundle (OpenCTI, MISP).
    Stix,
    /// GraphML (Gephi, networkx).
    Graphml,
    /// A directory of CSV files.
    Csv,
    /// JSON Lines of everything.
    Jsonl,
}

#[derive(Args)]
struct ExportArgs {
    /// Format.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Output file (a directory for csv; `-`: stdout, except for csv).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
struct MergeArgs {
    /// The entity that stays (name or id).
    a: String,
    /// The entity merged into it (name or id).
    b: String,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; any but a loopback address (127.0.0.1, ::1) requires --token-file.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// File whose first line is the access token (at least 16 characters):
    /// then every request needs it (bearer header, or the cookie the login page sets).
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Open the database read-only and refuse every change (403).
    #[arg(long)]
    read_only: bool,
    /// Who the analyst's decisions are recorded as (default: the token
    /// file's second line, else the OS user).
    #[arg(long)]
    user: Option<String>,
    /// The largest upload on the ingest page and `POST /api/v1/documents`
    /// (all files of one request), in MiB; larger ones are refused (413).
    #[arg(long, default_value_t = 32, value_name = "MIB", value_parser = clap::value_parser!(u32).range(1..=1024))]
    max_upload: u32,
    #[command(flatten)]
    budget: BudgetArg,
}

#[derive(Subcommand)]
enum DocumentsCmd {
    /// Every stored document.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// One document's metadata (`--format json`: with its sentences).
    Show {
        /// Document id, or a unique start of it.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// Change a document's metadata (an empty value clears a field).
    #[command(alias = "set-meta")]
    Edit {
        /// Document id, or a unique start of it.
        id: String,
        /// Title.
        #[arg(long)]
        title: Option<String>,
        /// Publication date (EDTF; "" clears it).
        #[arg(long, value_parser = edtf_or_empty)]
        published: Option<String>,
        /// Source name.
        #[arg(long)]
        source: Option<String>,
        /// URL (http or https).
        #[arg(long)]
        url: Option<String>,
        /// Admiralty reliability grade A-F.
        #[arg(long)]
        reliability: Option<char>,
    },
    /// Delete a document with its sentences, facts and evidence; entities no
    /// other document names go with it.
    #[command(alias = "remove")]
    Delete {
        /// Document id, or a unique start of it.
        id: String,
    },
}

#[derive(Subcommand)]
enum ReviewCmd {
    /// Facts not yet decided on, least confident first; contradictions,
    /// possible duplicates, decisions.
    List {
        /// At most this many facts.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// The fact is right (recorded with who and when).
    #[command(alias = "accept")]
    Confirm(DecideArgs),
    /// The fact is wrong: no longer shown in profiles, timelines or exports.
    Reject(DecideArgs),
    /// Revert a decision.
    Undo {
        /// Decision id (see `dossier review list`).
        id: i64,
    },
}

#[derive(Args)]
struct DecideArgs {
    /// relation, event or attribute.
    kind: String,
    /// The fact's id (see `dossier review list`).
    id: i64,
    /// Who decides (default: the OS user).
    #[arg(long)]
    user: Option<String>,
}

#[derive(Args)]
struct SplitArgs {
    /// The entity (name or id).
    entity: String,
    /// The alias that names a different entity.
    alias: String,
}

#[derive(Args)]
struct DemoArgs {
    /// Keep the database here instead of a temporary file.
    #[arg(long)]
    keep: Option<PathBuf>,
}

/// What to train.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum TaggerKind {
    /// Named entities (CoNLL column 4).
    Ner,
    /// Part of speech (column 2).
    Pos,
    /// Chunks (column 3).
    Chunk,
    /// The dependency parser (CoNLL-U training data, e.g. UD English EWT).
    Parser,
    /// The extraction model (`--corpus DIR`: an annotated corpus with
    /// gold/, docs/ and manifest.tsv; trains on its `train` split).
    Extract,
}

#[derive(Args)]
struct TrainArgs {
    /// Which tagger.
    #[arg(value_enum)]
    kind: TaggerKind,
    /// Training data (CoNLL-2003 format; CoNLL-U for the parser).
    #[arg(long, required_unless_present = "corpus")]
    train: Option<PathBuf>,
    /// Annotated corpus (gold/, docs/, manifest.tsv) for `train extract`.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Score above which the extraction model adds a relation.
    #[arg(long, default_value_t = 3.0)]
    threshold: f32,
    /// How far `none` must outscore every entity type for the extraction
    /// model to drop an entity.
    #[arg(long, default_value_t = 0.0)]
    drop_margin: f32,
    /// How far another entity type must outscore the recognizer's for the
    /// extraction model to retype an entity.
    #[arg(long, default_value_t = 5.0)]
    retype_margin: f32,
    /// Score above which the extraction model makes its best candidate an
    /// agentless attack's perpetrator.
    #[arg(long, default_value_t = 0.0)]
    agent_threshold: f32,
    /// Score above which the extraction model makes a sentence's event type
    /// an event (where the patterns found none).
    #[arg(long, default_value_t = 2.0)]
    event_threshold: f32,
    /// `train extract`: score K-fold cross-validation on the training split
    /// (folds by article) instead of writing a model.
    #[arg(long, value_name = "K")]
    cross_validate: Option<usize>,
    /// `train extract --cross-validate`: print each held-out document's misses.
    #[arg(long)]
    explain: bool,
    /// `train extract --cross-validate`: print, tab-separated, each keyed
    /// relation a held-out document misses (cause, dependency path, score)
    /// and each false one (what produced it).
    #[arg(long)]
    explain_relations: bool,
    /// Development data, for reporting and choosing the epoch.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, required_unless_present = "cross_validate")]
    out: Option<PathBuf>,
    /// Training epochs.
    #[arg(long)]
    epochs: Option<usize>,
    /// Shuffling seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// `train extract`: shuffled training runs averaged into each model
    /// (seeds SEED, SEED+1, …), so that the model depends little on any
    /// one order.
    #[arg(long, default_value_t = dossier_learn::perceptron::DEFAULT_RUNS)]
    runs: usize,
    /// Word clusters (`BITS<TAB>WORD[<TAB>COUNT]` lines) to use as features (parser).
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// `train parser`: write the best model so far to this file after each
    /// epoch that improves it (a long run can then be stopped early).
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    /// `train parser`: beam width; over 1, global training (structured
    /// perceptron with beam search) and a model that decodes with this beam.
    #[arg(long, default_value_t = 1)]
    beam: usize,
    /// `train parser` with a beam: where to update (`max-violation` or `early`).
    #[arg(long, value_enum, default_value_t = BeamUpdateArg::MaxViolation)]
    update: BeamUpdateArg,
    /// `train parser`: start from this model's weights (same labels and templates).
    #[arg(long)]
    init: Option<PathBuf>,
    /// `train parser`: the XPOS tagger and jackknifed training tags, read
    /// from this file when it matches the training data and settings, else
    /// computed and written to it.
    #[arg(long)]
    tags_cache: Option<PathBuf>,
    /// `train parser`: drop averaged weights smaller than this in magnitude
    /// (default 1.0; a beam-trained model loses more to 1.0, see ARCHITECTURE.md).
    #[arg(long)]
    prune: Option<f32>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BeamUpdateArg {
    MaxViolation,
    Early,
}

#[derive(Args)]
struct ParseArgs {
    /// CoNLL-U file whose tokenization is kept; UPOS, LEMMA, HEAD and DEPREL are predicted (`-`: stdin).
    #[arg(long)]
    conllu: PathBuf,
    /// Parser model file (default: the built-in model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Beam width of decoding (default: the model's own).
    #[arg(long)]
    beam: Option<usize>,
}

#[derive(Args)]
struct NerArgs {
    /// CoNLL file to tag (token in the first column; `-`: stdin).
    #[arg(long)]
    conll: PathBuf,
    /// Model file (default: the built-in model).
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
struct EvalArgs {
    #[command(subcommand)]
    what: EvalWhat,
}

#[derive(Subcommand)]
enum EvalWhat {
    /// Precision, recall and F1 of the recognizer on a labelled CoNLL file (conlleval semantics).
    Ner {
        /// Labelled CoNLL file.
        #[arg(long)]
        conll: PathBuf,
        /// Model file (default: the built-in model).
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Scores extraction on keyed documents (answer-key JSON files, or folders of them) like the reference scorer; last line `overall F1=…`.
    Extract {
        /// Answer keys: files, or folders of `*.json` keys (text found as `NAME.txt` beside `NAME.gold.json`, `../docs/ID.txt`, or the key's `document.file`).
        #[arg(long, required = true, num_args = 1..)]
        gold: Vec<PathBuf>,
        /// Only documents of this split (`train`, `dev`) in the `manifest.tsv` beside a key folder.
        #[arg(long)]
        split: Option<String>,
        /// List every miss and false positive under its document.
        #[arg(long)]
        explain: bool,
    },
    /// UAS and LAS of the parser on a CoNLL-U file (CoNLL 2018 semantics, given tokenization).
    Parser {
        /// Gold CoNLL-U file (`-`: stdin).
        #[arg(long)]
        conllu: PathBuf,
        /// Parser model file (default: the built-in model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Beam width of decoding (default: the model's own).
        #[arg(long)]
        beam: Option<usize>,
    },
}

#[derive(Args)]
struct PipelineShowArgs {
    /// Print the configuration as TOML (a starting point for --pipeline).
    #[arg(long)]
    toml: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    output::set_quiet(cli.global.quiet);
    // `search` answers like grep: 1 is "no match", so its errors are 2.
    let error_code = if matches!(cli.cmd, Cmd::Search(_)) {
        2
    } else {
        1
    };
    match run(cli.cmd, &cli.global.db, &cli.global.pipeline) {
        Ok(code) => code,
        // The reader of standard output went away (`dossier timeline | head -1`):
        // nothing more to say, and nothing went wrong.
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {}", commands::terminal_safe(&format!("{e:#}")));
            ExitCode::from(error_code)
        }
    }
}

/// Runs one command with the global options.
fn run(cmd: Cmd, db: &DbArg, pipeline: &PipelineArg) -> anyhow::Result<ExitCode> {
    match cmd {
        Cmd::Extract(a) => commands::extract(
            &a.files,
            a.published,
            a.source,
            a.format,
            a.timings,
            pipeline,
            &a.budget,
        ),
        Cmd::Ingest(a) => commands::ingest(
            &a.paths,
            db,
            a.published,
            a.source,
            a.reliability,
            pipeline,
            &a.budget,
        ),
        Cmd::Queue(QueueArgs {
            what: QueueCmd::Add(a),
        }) => queue::add(&a.paths, &a.db, a.published, a.source, a.reliability),
        Cmd::Queue(QueueArgs {
            what: QueueCmd::Status(a),
        }) => queue::status(&a.db, a.format),
        Cmd::Worker(a) => queue::worker(
            &a.db,
            &queue::WorkerOptions {
                concurrency: a.concurrency,
                exit_when_empty: a.exit_when_empty,
                lease: a.lease,
                max_attempts: a.max_attempts,
            },
            &a.pipeline,
            &a.budget,
        ),
        Cmd::Entities(a) => {
            commands::entities(db, a.etype.as_deref(), a.search.as_deref(), a.format)
        }
        Cmd::Search(a) => commands::search(db, &a.query, a.limit, a.format, a.color),
        Cmd::Profile(a) => commands::profile(db, &a.name, a.format, a.out.as_deref()),
        Cmd::Timeline(a) => commands::timeline(
            db,
            a.name.as_deref(),
            a.from.as_ref(),
            a.to.as_ref(),
            a.format,
            a.out.as_deref(),
        ),
        Cmd::Graph(a) => {
            commands::graph(db, a.name.as_deref(), a.depth, a.format, a.out.as_deref())
        }
        Cmd::Export(a) => commands::export(db, a.format, &a.out),
        Cmd::Merge(a) => commands::merge(db, &a.a, &a.b),
        Cmd::Split(a) => commands::split(db, &a.entity, &a.alias),
        Cmd::Serve(a) => commands::serve(
            db,
            commands::ServeOptions {
                addr: a.addr,
                token_file: a.token_file.as_deref(),
                read_only: a.read_only,
                user: a.user.as_deref(),
                max_upload_mib: a.max_upload,
            },
            pipeline,
            &a.budget,
        ),
        Cmd::Documents(c) => documents(db, c),
        Cmd::Review(c) => review_cmd(db, c),
        Cmd::Demo(a) => commands::demo(a.keep.as_deref()),
        Cmd::Train(a) => train(a, pipeline),
        Cmd::Parse(a) => parse::parse(&a.conllu, a.model.as_deref(), a.beam),
        Cmd::Ner(a) => commands::ner(&a.conll, a.model.as_deref()),
        Cmd::Eval(a) => eval(a.what, pipeline),
        Cmd::Pipeline(a) => commands::show_pipeline(pipeline, a.toml),
        Cmd::Completions(a) => completions(a.shell),
        Cmd::Man(a) => man(a.command.as_deref()),
    }
}

/// `dossier documents …`.
fn documents(db: &DbArg, c: DocumentsCmd) -> anyhow::Result<ExitCode> {
    match c {
        DocumentsCmd::List { format } => review::list(db, format),
        DocumentsCmd::Show { id, format } => review::show(db, &id, format),
        DocumentsCmd::Edit {
            id,
            title,
            published,
            source,
            url,
            reliability,
        } => review::edit(
            db,
            &id,
            dossier_kb::DocumentEdit {
                title,
                published,
                source,
                url,
                reliability,
            },
        ),
        DocumentsCmd::Delete { id } => review::delete(db, &id),
    }
}

/// `dossier review …`.
fn review_cmd(db: &DbArg, c: ReviewCmd) -> anyhow::Result<ExitCode> {
    match c {
        ReviewCmd::List { limit, format } => review::review_list(db, limit, format),
        ReviewCmd::Confirm(a) => review::decide(db, "confirm", &a.kind, a.id, a.user.as_deref()),
        ReviewCmd::Reject(a) => review::decide(db, "reject", &a.kind, a.id, a.user.as_deref()),
        ReviewCmd::Undo { id } => review::undo(db, id),
    }
}

/// `dossier train …`: the extraction model from a corpus, the parser or a
/// tagger from a training file.
fn train(a: TrainArgs, pipeline: &PipelineArg) -> anyhow::Result<ExitCode> {
    match a {
        a if a.kind == TaggerKind::Extract => match &a.corpus {
            Some(corpus) => train_extract::train_extract(
                corpus,
                a.out.as_deref(),
                &train_extract::Settings {
                    epochs: a.epochs.unwrap_or(8),
                    seed: a.seed,
                    runs: a.runs,
                    threshold: a.threshold,
                    drop_margin: a.drop_margin,
                    retype_margin: a.retype_margin,
                    agent_threshold: a.agent_threshold,
                    event_threshold: a.event_threshold,
                    cross_validate: a.cross_validate,
                    explain: a.explain,
                    explain_relations: a.explain_relations,
                },
                pipeline,
            ),
            None => Err(anyhow::anyhow!("train extract needs --corpus DIR")),
        },
        a if a.corpus.is_some() => Err(anyhow::anyhow!(
            "--corpus is for `train extract`; the taggers and the parser take --train FILE"
        )),
        TrainArgs { train: None, .. } => Err(anyhow::anyhow!("--train FILE is required")),
        TrainArgs { out: None, .. } => Err(anyhow::anyhow!("--out FILE is required")),
        a if a.kind == TaggerKind::Parser => parse::train(
            a.train.as_deref().unwrap_or(std::path::Path::new("")),
            a.dev.as_deref(),
            a.out.as_deref().unwrap_or(std::path::Path::new("")),
            a.epochs,
            a.seed,
            a.clusters.as_deref(),
            parse::TrainExtra {
                checkpoint: a.checkpoint.clone(),
                beam: a.beam,
                update: match a.update {
                    BeamUpdateArg::MaxViolation => dossier_parser::BeamUpdate::MaxViolation,
                    BeamUpdateArg::Early => dossier_parser::BeamUpdate::Early,
                },
                init: a.init.clone(),
                tags_cache: a.tags_cache.clone(),
                prune: a.prune,
            },
        ),
        a => {
            let train = a.train.as_deref().unwrap_or(std::path::Path::new(""));
            let out = a.out.as_deref().unwrap_or(std::path::Path::new(""));
            commands::train(a.kind, train, a.dev.as_deref(), out, a.epochs, a.seed)
        }
    }
}

/// `dossier eval …`.
fn eval(what: EvalWhat, pipeline: &PipelineArg) -> anyhow::Result<ExitCode> {
    match what {
        EvalWhat::Ner { conll, model } => commands::eval_ner(&conll, model.as_deref()),
        EvalWhat::Parser {
            conllu,
            model,
            beam,
        } => parse::eval(&conllu, model.as_deref(), beam),
        EvalWhat::Extract {
            gold,
            split,
            explain,
        } => eval_extract::eval_extract(&gold, split.as_deref(), explain, pipeline),
    }
}

/// `dossier completions SHELL`.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    // Generated into memory first: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dossier", &mut script);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier man [COMMAND]`.
fn man(command: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => {
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = cmd.find_subcommand(name) else {
                anyhow::bail!("no command '{name}' (one of: {})", names.join(", "));
            };
            let full = format!("dossier-{}", sub.get_name());
            sub.clone().name(full).version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &roff)?;
    Ok(ExitCode::SUCCESS)
}
