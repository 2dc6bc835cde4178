//! Standard streams the way a Unix tool uses them: `-` for standard input
//! and output, a closed pipe that ends the program quietly, `--quiet`, and
//! colour only on a terminal.
//!
//! Rust ignores SIGPIPE, so a write to a closed pipe returns `EPIPE`
//! (`ErrorKind::BrokenPipe`) instead of killing the process. That is kept:
//! restoring the default signal would also kill `ingest` in the middle of a
//! document when its standard error goes to a closed pipe. Instead every
//! write to standard output goes through `outln!` / `out!` (never
//! `println!`, which panics on a failed write) and returns the error; `main`
//! recognizes a broken pipe anywhere in the error's chain
//! (`is_broken_pipe`) and exits 0 without a message, as ripgrep does.
//! Messages on standard error (`info!`, `errln!`) ignore write failures.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets `--quiet`: informational messages on standard error are dropped.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `--quiet` is in force.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A line on standard output; evaluates to `std::io::Result<()>`.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)
    }};
}

/// Text on standard output; evaluates to `std::io::Result<()>`.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($t)*)
    }};
}

/// An informational line on standard error (progress, summaries, notes,
/// warnings), dropped under `--quiet`.
macro_rules! info {
    ($($t:tt)*) => {{
        if !$crate::output::quiet() {
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr().lock(), $($t)*);
        }
    }};
}

/// A line on standard error that `--quiet` keeps (errors, output asked for).
macro_rules! errln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

/// Text on standard error that `--quiet` keeps.
macro_rules! errf {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($t)*);
    }};
}

/// Whether the error, or any error in its chain, is a write to a closed
/// pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Whether a path argument means standard input or output.
pub fn is_std(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Reads standard input whole, up to `limit` bytes plus one (so that the
/// reader refuses an input over its size limit with its usual error).
pub fn read_stdin(limit: u64) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read standard input: {e}"))?;
    Ok(bytes)
}

/// The name a document read from standard input goes by (in errors and
/// its metadata): `<stdin>`, with the extension of the format its first
/// bytes show (`.pdf`, `.html`, `.md` for front matter), since the reader
/// takes the format from the name.
pub fn stdin_name(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(512)];
    let start = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.starts_with(b"%PDF-") {
        "<stdin>.pdf"
    } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
        "<stdin>.html"
    } else if start.starts_with("---\n") || start.starts_with("---\r\n") {
        "<stdin>.md"
    } else {
        "<stdin>"
    }
}

/// When to colour: `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (to anything but the empty string).
    Auto,
    /// Always (ANSI escapes even into a file or pipe).
    Always,
    /// Never.
    Never,
}

/// Whether to colour, from the choice, whether standard output is a
/// terminal and the value of `NO_COLOR` (<https://no-color.org>).
pub fn use_color(choice: ColorChoice, terminal: bool, no_color: Option<&str>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !matches!(no_color, Some(v) if !v.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue15_colour_only_on_a_terminal_without_no_color() {
        use ColorChoice::*;
        assert!(use_color(Auto, true, None));
        assert!(use_color(Auto, true, Some("")));
        assert!(!use_color(Auto, true, Some("1")));
        assert!(!use_color(Auto, false, None));
        assert!(use_color(Always, false, Some("1")));
        assert!(!use_color(Never, true, None));
    }

    #[test]
    fn issue15_broken_pipe_is_found_under_context() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let e = anyhow::Error::from(io).context("cannot write the timeline");
        assert!(is_broken_pipe(&e));
        let other = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert!(!is_broken_pipe(&other));
    }

    #[test]
    fn issue15_stdin_format_from_its_first_bytes() {
        assert_eq!(stdin_name(b"%PDF-1.4\n"), "<stdin>.pdf");
        assert_eq!(stdin_name(b"\n <!DOCTYPE html><p>x"), "<stdin>.html");
        assert_eq!(stdin_name(b"---\ntitle: T\n---\n# H"), "<stdin>.md");
        assert_eq!(stdin_name(b"The Red Dune Brigade"), "<stdin>");
        assert_eq!(stdin_name(b""), "<stdin>");
    }
}
