//! The shared ingest queue of a PostgreSQL knowledge base (feature
//! `postgres`): jobs (a file's content and its ingest options) stored in
//! the database, claimed by workers on any machine with
//! `SELECT … FOR UPDATE SKIP LOCKED` (each job by one worker at a time),
//! held under a lease the worker renews, retried with exponential backoff
//! when they fail, and parked as `failed` with their last error after
//! [`QueueSettings::max_attempts`] tries. A worker that dies mid-job loses
//! nothing: its lease runs out and another worker takes the job (a job
//! whose workers keep dying is parked too). Times are the database
//! server's, so the machines' clocks do not matter.

use crate::pg::{migrate, PgConn, PgStore};
use crate::sql::{args, Db, Row};
use crate::store::{KbError, Result};
use serde::Serialize;
use std::time::Duration;

/// How jobs are leased and retried.
#[derive(Debug, Clone, Copy)]
pub struct QueueSettings {
    /// How long a claim holds a job without renewal.
    pub lease: Duration,
    /// Tries before a job is parked as failed.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each further one (at most an hour).
    pub backoff: Duration,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            lease: Duration::from_secs(60),
            max_attempts: 4,
            backoff: Duration::from_secs(5),
        }
    }
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Job id.
    pub id: i64,
    /// The path it was queued from (kept as the document's path).
    pub name: String,
    /// The file's bytes.
    pub content: Vec<u8>,
    /// `--published` of the queueing command.
    pub published: Option<String>,
    /// `--source`.
    pub source: Option<String>,
    /// `--reliability`.
    pub reliability: Option<char>,
    /// Tries so far, this one included.
    pub attempts: u32,
}

/// What became of a job reported as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// It will be tried again after this wait.
    Retry(Duration),
    /// It failed too often and is parked as `failed`.
    Parked,
}

/// A job parked as failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkedJob {
    /// Job id.
    pub id: i64,
    /// The path it was queued from.
    pub name: String,
    /// Tries made.
    pub attempts: u32,
    /// The last error.
    pub error: String,
}

/// Counts of jobs by state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QueueStatus {
    /// Waiting to be claimed (retries waiting for their backoff included).
    pub pending: u64,
    /// Of those, retries of a failed try.
    pub retrying: u64,
    /// Claimed by a worker.
    pub running: u64,
    /// Stored.
    pub done: u64,
    /// Parked after failing too often.
    pub failed: u64,
    /// The parked jobs with their errors (oldest first, at most 50).
    pub parked: Vec<ParkedJob>,
}

/// The queue of one PostgreSQL knowledge base (its own connection).
pub struct Queue {
    conn: PgConn,
    settings: QueueSettings,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue")
            .field("settings", &self.settings)
            .finish()
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Queue {
    /// Connects to the knowledge base at `url` (creating or migrating its
    /// schema, as [`PgStore::open`] does).
    pub fn open(url: &str, settings: QueueSettings) -> Result<Queue> {
        if settings.max_attempts == 0 {
            return Err(KbError::Invalid("max_attempts must be at least 1".into()));
        }
        let (client, shown) = PgStore::connect(url)?;
        let conn = PgConn::new(client);
        migrate(&conn, &shown)?;
        Ok(Queue { conn, settings })
    }

    /// Queues one file's content; returns the job id.
    pub fn add(
        &self,
        name: &str,
        content: &[u8],
        published: Option<&str>,
        source: Option<&str>,
        reliability: Option<char>,
    ) -> Result<i64> {
        if let Some(r) = reliability {
            crate::grading::reliability(Some(r))?;
        }
        self.conn.insert_id(
            "INSERT INTO jobs (name, content, published, source, reliability) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![name, content, published, source, reliability.map(String::from)],
        )
    }

    /// Claims the oldest job that is due (pending, or running under an
    /// expired lease) for `worker`, or `None`. A job whose lease ran out
    /// after its last allowed try is parked instead, and the next is taken.
    pub fn claim(&self, worker: &str) -> Result<Option<Job>> {
        loop {
            let row = self.conn.row(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = ?1, \
                 lease_until = now() + CAST(?2 AS BIGINT) * interval '1 millisecond', updated_at = now() \
                 WHERE id = (SELECT id FROM jobs WHERE (state = 'pending' AND run_after <= now()) \
                 OR (state = 'running' AND lease_until < now()) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING id, name, content, published, source, reliability, attempts, error",
                args![worker, millis(self.settings.lease)],
            )?;
            let Some(r) = row else {
                return Ok(None);
            };
            let job = job_of(&r)?;
            if job.attempts > self.settings.max_attempts {
                let last: Option<String> = r.get(7)?;
                let error = format!(
                    "its worker stopped before finishing (lease expired) on the last of {} tries{}",
                    self.settings.max_attempts,
                    last.map(|e| format!("; earlier error: {e}"))
                        .unwrap_or_default()
                );
                self.conn.exec(
                    "UPDATE jobs SET state = 'failed', attempts = ?2, error = ?3, lease_until = NULL, \
                     updated_at = now() WHERE id = ?1",
                    args![job.id, self.settings.max_attempts, error],
                )?;
                continue;
            }
            return Ok(Some(job));
        }
    }

    /// Extends `worker`'s lease on job `id`; false when the job is no
    /// longer that worker's (its lease ran out and another took it).
    pub fn renew(&self, id: i64, worker: &str) -> Result<bool> {
        Ok(self.conn.exec(
            "UPDATE jobs SET lease_until = now() + CAST(?3 AS BIGINT) * interval '1 millisecond', updated_at = now() \
             WHERE id = ?1 AND worker = ?2 AND state = 'running'",
            args![id, worker, millis(self.settings.lease)],
        )? > 0)
    }

    /// Marks job `id` done (its document stored as `document`).
    pub fn complete(&self, id: i64, worker: &str, document: &str) -> Result<()> {
        self.conn.exec(
            "UPDATE jobs SET state = 'done', document = ?3, error = NULL, lease_until = NULL, updated_at = now() \
             WHERE id = ?1 AND worker = ?2 AND state = 'running'",
            args![id, worker, document],
        )?;
        Ok(())
    }

    /// Records that `worker`'s try of job `id` failed with `error`: the job
    /// waits for a retry, or is parked after its last allowed try.
    pub fn fail(&self, id: i64, worker: &str, error: &str) -> Result<Fate> {
        let attempts: Option<i64> = self
            .conn
            .row(
                "SELECT attempts FROM jobs WHERE id = ?1 AND worker = ?2 AND state = 'running'",
                args![id, worker],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        let Some(attempts) = attempts else {
            return Err(KbError::NotFound(format!(
                "job {id} is not running for worker {worker}"
            )));
        };
        if attempts >= self.settings.max_attempts as i64 {
            self.conn.exec(
                "UPDATE jobs SET state = 'failed', error = ?2, lease_until = NULL, updated_at = now() WHERE id = ?1",
                args![id, error],
            )?;
            return Ok(Fate::Parked);
        }
        let shift = (attempts - 1).clamp(0, 20) as u32;
        let wait = (self.settings.backoff * 2u32.pow(shift)).min(Duration::from_secs(3600));
        self.conn.exec(
            "UPDATE jobs SET state = 'pending', error = ?2, lease_until = NULL, \
             run_after = now() + CAST(?3 AS BIGINT) * interval '1 millisecond', updated_at = now() WHERE id = ?1",
            args![id, error, millis(wait)],
        )?;
        Ok(Fate::Retry(wait))
    }

    /// Gives job `id` back untried (a worker stopping): pending at once,
    /// this try not counted.
    pub fn release(&self, id: i64, worker: &str) -> Result<()> {
        self.conn.exec(
            "UPDATE jobs SET state = 'pending', attempts = attempts - 1, lease_until = NULL, updated_at = now() \
             WHERE id = ?1 AND worker = ?2 AND state = 'running'",
            args![id, worker],
        )?;
        Ok(())
    }

    /// Counts by state, and the parked jobs.
    pub fn status(&self) -> Result<QueueStatus> {
        let mut s = QueueStatus::default();
        for r in self.conn.rows(
            "SELECT state, COUNT(*), COUNT(*) FILTER (WHERE attempts > 0) FROM jobs GROUP BY state",
            &[],
        )? {
            let (state, n, tried): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let n = n as u64;
            match state.as_str() {
                "pending" => {
                    s.pending = n;
                    s.retrying = tried as u64;
                }
                "running" => s.running = n,
                "done" => s.done = n,
                "failed" => s.failed = n,
                other => return Err(KbError::Db(format!("unknown job state '{other}'"))),
            }
        }
        for r in self.conn.rows(
            "SELECT id, name, attempts, COALESCE(error, '') FROM jobs WHERE state = 'failed' ORDER BY id LIMIT 50",
            &[],
        )? {
            s.parked.push(ParkedJob {
                id: r.get(0)?,
                name: r.get(1)?,
                attempts: r.get(2)?,
                error: r.get(3)?,
            });
        }
        Ok(s)
    }

    /// Whether no job is pending or running (a worker may stop).
    pub fn is_drained(&self) -> Result<bool> {
        let open: bool = self.conn.one(
            "SELECT EXISTS (SELECT 1 FROM jobs WHERE state IN ('pending', 'running'))",
            &[],
        )?;
        Ok(!open)
    }
}

fn job_of(r: &Row) -> Result<Job> {
    let reliability: Option<String> = r.get(5)?;
    Ok(Job {
        id: r.get(0)?,
        name: r.get(1)?,
        content: r.get(2)?,
        published: r.get(3)?,
        source: r.get(4)?,
        reliability: reliability.and_then(|s| s.chars().next()),
        attempts: r.get(6)?,
    })
}
