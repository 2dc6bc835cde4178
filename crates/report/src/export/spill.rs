//! Sorting more pairs of strings than should be held: sorted runs of a
//! bounded size spilled to anonymous temporary files, then merged. The STIX
//! export collects its (document, object id) pairs here, so its memory
//! does not grow with the knowledge base.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Bytes of pairs held before a run is sorted and spilled.
const RUN_BYTES: usize = 2 << 20;
/// Runs of one size merged into one run of the next size: at most this
/// many files open per size, and each pair rewritten once per size.
const FAN_IN: usize = 16;

/// Pairs to sort; [`Spill::finish`] gives them sorted without duplicates.
pub struct Spill {
    buf: Vec<(String, String)>,
    bytes: usize,
    run_bytes: usize,
    /// Spilled runs, each with its level (a merge of `FAN_IN` runs of
    /// level `l` is a run of level `l + 1`).
    runs: Vec<(u32, File)>,
}

impl Default for Spill {
    fn default() -> Self {
        Spill::with_run_bytes(RUN_BYTES)
    }
}

impl Spill {
    /// A spill whose runs hold about `run_bytes` of text each.
    pub fn with_run_bytes(run_bytes: usize) -> Spill {
        Spill {
            buf: Vec::new(),
            bytes: 0,
            run_bytes: run_bytes.max(1),
            runs: Vec::new(),
        }
    }

    /// Adds a pair.
    pub fn push(&mut self, a: String, b: String) -> io::Result<()> {
        // Each pair costs its text and about two `String` headers.
        self.bytes += a.len() + b.len() + 48;
        self.buf.push((a, b));
        if self.bytes >= self.run_bytes {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> io::Result<()> {
        self.buf.sort_unstable();
        self.buf.dedup();
        let mut w = BufWriter::new(tempfile::tempfile()?);
        for (a, b) in self.buf.drain(..) {
            write_str(&mut w, &a)?;
            write_str(&mut w, &b)?;
        }
        let mut f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.seek(SeekFrom::Start(0))?;
        self.runs.push((0, f));
        self.bytes = 0;
        self.buf = Vec::new();
        // While the last FAN_IN runs are of one level, merge them.
        while self.runs.len() >= FAN_IN {
            let tail = &self.runs[self.runs.len() - FAN_IN..];
            let level = tail[0].0;
            if tail.iter().any(|(l, _)| *l != level) {
                break;
            }
            let group: Vec<File> = self
                .runs
                .split_off(self.runs.len() - FAN_IN)
                .into_iter()
                .map(|(_, f)| f)
                .collect();
            let mut merged = Sorted::of_runs(Vec::new(), group)?;
            let mut w = BufWriter::new(tempfile::tempfile()?);
            while let Some((a, b)) = merged.next_pair()? {
                write_str(&mut w, &a)?;
                write_str(&mut w, &b)?;
            }
            let mut f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
            f.seek(SeekFrom::Start(0))?;
            self.runs.push((level + 1, f));
        }
        Ok(())
    }

    /// The pairs in order, each once.
    pub fn finish(mut self) -> io::Result<Sorted> {
        if !self.runs.is_empty() && !self.buf.is_empty() {
            self.spill()?;
        }
        self.buf.sort_unstable();
        self.buf.dedup();
        Sorted::of_runs(self.buf, self.runs.into_iter().map(|(_, f)| f).collect())
    }
}

/// The merged, deduplicated pairs of a [`Spill`].
pub struct Sorted {
    memory: std::vec::IntoIter<(String, String)>,
    runs: Vec<BufReader<File>>,
    heap: BinaryHeap<Reverse<((String, String), usize)>>,
    last: Option<(String, String)>,
}

impl Sorted {
    /// The merge of sorted runs, or of the sorted `memory` when there are none.
    fn of_runs(memory: Vec<(String, String)>, files: Vec<File>) -> io::Result<Sorted> {
        let mut runs: Vec<BufReader<File>> = files.into_iter().map(BufReader::new).collect();
        let mut heap = BinaryHeap::new();
        for (i, r) in runs.iter_mut().enumerate() {
            if let Some(p) = read_pair(r)? {
                heap.push(Reverse((p, i)));
            }
        }
        Ok(Sorted {
            memory: memory.into_iter(),
            runs,
            heap,
            last: None,
        })
    }

    /// The next pair, or `None` at the end.
    pub fn next_pair(&mut self) -> io::Result<Option<(String, String)>> {
        loop {
            let next = if self.runs.is_empty() {
                self.memory.next()
            } else {
                match self.heap.pop() {
                    None => None,
                    Some(Reverse((p, i))) => {
                        if let Some(q) = read_pair(&mut self.runs[i])? {
                            self.heap.push(Reverse((q, i)));
                        }
                        Some(p)
                    }
                }
            };
            match next {
                None => return Ok(None),
                Some(p) if self.last.as_ref() == Some(&p) => continue,
                Some(p) => {
                    self.last = Some(p.clone());
                    return Ok(Some(p));
                }
            }
        }
    }
}

fn write_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    let n = u32::try_from(s.len()).map_err(|_| io::Error::other("string over 4 GiB"))?;
    w.write_all(&n.to_le_bytes())?;
    w.write_all(s.as_bytes())
}

fn read_str(r: &mut impl Read, first: [u8; 4]) -> io::Result<String> {
    let mut bytes = vec![0u8; u32::from_le_bytes(first) as usize];
    r.read_exact(&mut bytes)?;
    String::from_utf8(bytes).map_err(io::Error::other)
}

fn read_pair(r: &mut impl Read) -> io::Result<Option<(String, String)>> {
    let mut n = [0u8; 4];
    match r.read_exact(&mut n) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let a = read_str(r, n)?;
    r.read_exact(&mut n)?;
    let b = read_str(r, n)?;
    Ok(Some((a, b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(mut s: Sorted) -> Vec<(String, String)> {
        let mut out = Vec::new();
        while let Some(p) = s.next_pair().unwrap() {
            out.push(p);
        }
        out
    }

    #[test]
    fn spilled_runs_merge_to_the_sorted_distinct_pairs() {
        let pairs: Vec<(String, String)> = (0..5000u32)
            .map(|i| {
                let j = (i * 7919) % 113;
                (format!("doc{}", j % 17), format!("obj{j}"))
            })
            .collect();
        let mut want = pairs.clone();
        want.sort();
        want.dedup();
        // Tiny runs: many spilled files, merged a level up 16 at a time
        // (5,000 runs of one pair: three levels); huge runs: all in memory.
        for run in [1, 100, 1 << 30] {
            let mut s = Spill::with_run_bytes(run);
            for (a, b) in &pairs {
                s.push(a.clone(), b.clone()).unwrap();
            }
            assert_eq!(drain(s.finish().unwrap()), want, "runs of {run} bytes");
        }
        assert!(drain(Spill::default().finish().unwrap()).is_empty());
    }

    #[test]
    fn text_of_any_bytes_survives_a_run() {
        let odd = ("a\tb\n\u{0}".to_string(), "ü — \u{10FFFF}".to_string());
        let mut s = Spill::with_run_bytes(1);
        s.push(odd.1.clone(), String::new()).unwrap();
        s.push(odd.0.clone(), odd.1.clone()).unwrap();
        assert_eq!(
            drain(s.finish().unwrap()),
            vec![odd.clone(), (odd.1.clone(), String::new())]
        );
    }
}
