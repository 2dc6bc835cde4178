//! The shared ingest queue on PostgreSQL (issue 17): a job is claimed by
//! one worker only, a dead worker's job is taken again when its lease runs
//! out, failures are retried with backoff and a job that keeps failing is
//! parked with its error. Runs when `DOSSIER_TEST_PG_URL` names a server
//! (each test in a fresh schema, dropped afterwards); skipped with a note
//! otherwise, a failure under `CI=true`.
#![cfg(feature = "postgres")]

use dossier_doc::{Doc, EntityType, EventType, RelationType, Role};
use dossier_kb::queue::{Fate, Queue, QueueSettings};
use dossier_kb::testing;
use dossier_kb::{EntityFilter, IngestOptions, IngestOutcome, PgStore, Store};
use std::collections::BTreeSet;
use std::time::Duration;

fn server() -> Option<String> {
    dossier_kb::testing::pg::server("queue tests")
}

/// A scratch schema with a queue in it.
struct Scratch(dossier_kb::testing::pg::Scratch);

impl Scratch {
    fn new(server: &str) -> Scratch {
        Scratch(dossier_kb::testing::pg::Scratch::new(
            server,
            "dossier_queue",
        ))
    }
    fn url(&self) -> String {
        self.0.url()
    }
    fn queue(&self, settings: QueueSettings) -> Queue {
        Queue::open(&self.url(), settings).unwrap()
    }
}

fn quick() -> QueueSettings {
    QueueSettings {
        lease: Duration::from_millis(400),
        max_attempts: 3,
        backoff: Duration::from_millis(1),
    }
}

#[test]
fn each_job_is_claimed_by_one_worker_only() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server);
    let q = scratch.queue(QueueSettings::default());
    let mut ids = BTreeSet::new();
    for i in 0..60 {
        let text = format!("Report {i} on the Red Dune Brigade in Karsk.");
        ids.insert(
            q.add(
                &format!("r{i}.txt"),
                text.as_bytes(),
                Some("2022-02"),
                None,
                Some('B'),
            )
            .unwrap(),
        );
    }
    assert_eq!(q.status().unwrap().pending, 60);
    let url = scratch.url();
    let claimed: Vec<Vec<i64>> = std::thread::scope(|t| {
        let handles: Vec<_> = (0..4)
            .map(|w| {
                let url = url.clone();
                t.spawn(move || {
                    let q = Queue::open(&url, QueueSettings::default()).unwrap();
                    let name = format!("worker-{w}");
                    let mut mine = Vec::new();
                    while let Some(job) = q.claim(&name).unwrap() {
                        assert_eq!(job.attempts, 1);
                        assert!(job.content.starts_with(b"Report "));
                        mine.push(job.id);
                        q.complete(job.id, &name, "sha256:x").unwrap();
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: Vec<i64> = claimed.iter().flatten().copied().collect();
    assert_eq!(all.len(), 60, "every job claimed exactly once");
    assert_eq!(all.iter().copied().collect::<BTreeSet<_>>(), ids);
    let s = q.status().unwrap();
    assert_eq!((s.pending, s.running, s.done, s.failed), (0, 0, 60, 0));
    assert!(q.is_drained().unwrap());
}

#[test]
fn a_dead_workers_job_is_taken_again_when_its_lease_runs_out() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server);
    let q = scratch.queue(quick());
    let id = q
        .add(
            "karsk.txt",
            b"The Karsk Liberation Front.",
            None,
            Some("Karsk Monitor"),
            None,
        )
        .unwrap();
    let job = q.claim("doomed").unwrap().unwrap();
    assert_eq!((job.id, job.attempts), (id, 1));
    assert_eq!(job.source.as_deref(), Some("Karsk Monitor"));
    // The worker dies: no renewal, no completion. While the lease holds,
    // nobody else gets the job.
    assert_eq!(q.claim("other").unwrap(), None);
    assert!(!q.is_drained().unwrap());
    // A live worker keeps its job by renewing.
    std::thread::sleep(Duration::from_millis(250));
    assert!(q.renew(id, "doomed").unwrap());
    std::thread::sleep(Duration::from_millis(250));
    assert_eq!(q.claim("other").unwrap(), None, "renewed lease still holds");
    // Then it stops renewing.
    std::thread::sleep(Duration::from_millis(500));
    let again = q.claim("other").unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (id, 2));
    // The dead worker can no longer renew, complete or fail it.
    assert!(!q.renew(id, "doomed").unwrap());
    assert!(q.fail(id, "doomed", "late").is_err());
    q.complete(id, "doomed", "sha256:stale").unwrap();
    assert_eq!(
        q.status().unwrap().running,
        1,
        "the late completion changed nothing"
    );
    q.complete(id, "other", "sha256:k").unwrap();
    assert_eq!(q.status().unwrap().done, 1);
}

#[test]
fn failures_are_retried_with_backoff_then_parked_with_their_error() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server);
    let q = scratch.queue(QueueSettings {
        backoff: Duration::from_millis(300),
        ..quick()
    });
    let id = q
        .add("poison.pdf", b"%PDF-broken", None, None, None)
        .unwrap();
    let job = q.claim("w").unwrap().unwrap();
    assert_eq!(
        q.fail(job.id, "w", "not a PDF").unwrap(),
        Fate::Retry(Duration::from_millis(300))
    );
    // Not due before its backoff.
    assert_eq!(q.claim("w").unwrap(), None);
    let s = q.status().unwrap();
    assert_eq!((s.pending, s.retrying), (1, 1));
    std::thread::sleep(Duration::from_millis(350));
    let job = q.claim("w").unwrap().unwrap();
    assert_eq!(job.attempts, 2);
    assert_eq!(
        q.fail(job.id, "w", "not a PDF").unwrap(),
        Fate::Retry(Duration::from_millis(600))
    );
    std::thread::sleep(Duration::from_millis(650));
    let job = q.claim("w").unwrap().unwrap();
    assert_eq!(job.attempts, 3);
    assert_eq!(
        q.fail(job.id, "w", "not a PDF: no header").unwrap(),
        Fate::Parked
    );
    assert_eq!(q.claim("w").unwrap(), None);
    let s = q.status().unwrap();
    assert_eq!((s.pending, s.running, s.failed), (0, 0, 1));
    assert_eq!(s.parked[0].id, id);
    assert_eq!(s.parked[0].name, "poison.pdf");
    assert_eq!(s.parked[0].attempts, 3);
    assert_eq!(s.parked[0].error, "not a PDF: no header");
    assert!(q.is_drained().unwrap());
}

#[test]
fn a_job_whose_workers_keep_dying_is_parked() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server);
    let q = scratch.queue(QueueSettings {
        lease: Duration::from_millis(100),
        ..quick()
    });
    q.add("huge.html", b"<html>", None, None, None).unwrap();
    for attempt in 1..=3 {
        let job = q.claim(&format!("w{attempt}")).unwrap().unwrap();
        assert_eq!(job.attempts, attempt);
        std::thread::sleep(Duration::from_millis(150));
    }
    assert_eq!(q.claim("w4").unwrap(), None);
    let s = q.status().unwrap();
    assert_eq!(s.failed, 1);
    assert!(
        s.parked[0].error.contains("lease expired"),
        "{:?}",
        s.parked
    );
}

#[test]
fn a_released_job_is_pending_again_untried_and_bad_settings_are_refused() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server);
    let q = scratch.queue(quick());
    q.add("a.txt", b"A.", None, None, None).unwrap();
    let job = q.claim("w").unwrap().unwrap();
    q.release(job.id, "w").unwrap();
    let job = q.claim("v").unwrap().unwrap();
    assert_eq!(job.attempts, 1);
    assert!(q.add("b.txt", b"B.", None, None, Some('Z')).is_err());
    assert!(Queue::open(
        &scratch.url(),
        QueueSettings {
            max_attempts: 0,
            ..quick()
        }
    )
    .is_err());
}

// ----- four workers make the knowledge base one makes -----

const GROUPS: &[(&str, &str)] = &[
    ("Red Dune Brigade", "RDB"),
    ("Karsk Liberation Front", "KLF"),
    ("Sons of the Salt Marsh", "SSM"),
    ("Eastern Vale Movement", "EVM"),
    ("Velmora Free Army", "VFA"),
    ("Ostrin Martyrs Battalion", "OMB"),
];
const PEOPLE: &[&str] = &[
    "Tomas Arvel",
    "Mirela Osk",
    "Dagan Veller",
    "Ilsa Korrin",
    "Petr Saldane",
    "Anja Morrow",
];
const PLACES: &[&str] = &["Karsk", "Port Essel", "Velmora", "Ostrin", "Dunmere"];

/// Report `i` of a synthetic corpus of fictional groups: a founding, an
/// attack on a place and date shared with other reports, a rivalry, a
/// member count.
fn report(i: usize) -> Doc {
    let g = i % GROUPS.len();
    let (group, acr) = GROUPS[g];
    let leader = PEOPLE[(i / 2) % PEOPLE.len()];
    let rival = GROUPS[(g + 1 + i % 2) % GROUPS.len()].0;
    let place = PLACES[(i / 3) % PLACES.len()];
    let day = 1 + (i / 12) % 9;
    let s0 = format!("The {group} ({acr}) was founded by {leader}.");
    let s1 = format!("On 2021-04-0{day} the {acr} attacked {place}.");
    let s2 = format!(
        "The {acr} has about {} members and fights the {rival}.",
        100 * (1 + i % 4)
    );
    let mut d = testing::doc(&format!("sha256:w{i:04}"), &[&s0, &s1, &s2]);
    d.meta.published = Some("2022-02".parse().unwrap());
    let eg = testing::entity(&mut d, EntityType::ArmedGroup, &[group, acr]);
    let ep = testing::entity(&mut d, EntityType::Person, &[leader]);
    let el = testing::entity(&mut d, EntityType::Location, &[place]);
    let er = testing::entity(&mut d, EntityType::ArmedGroup, &[rival]);
    testing::relation(&mut d, RelationType::FounderOf, ep, eg, &[0], None);
    testing::relation(&mut d, RelationType::HostileTo, eg, er, &[2], None);
    let date = format!("2021-04-0{day}");
    testing::event(
        &mut d,
        EventType::Attack,
        Some(&date),
        &[(Role::Agent, eg), (Role::Location, el)],
        1,
    );
    testing::attribute(
        &mut d,
        eg,
        "member_count",
        &(100 * (1 + i % 4)).to_string(),
        None,
        2,
    );
    d
}

/// The knowledge base read without store ids: entities by name, facts by
/// the names of their entities, with their counts and evidence.
fn by_names(s: &dyn Store) -> Vec<String> {
    let snap = s.snapshot().unwrap();
    let name = |id: i64| {
        snap.entities
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| format!("? {id}"))
    };
    let mut out: Vec<String> = Vec::new();
    for e in &snap.entities {
        let aliases: Vec<_> = e.aliases.iter().map(|a| (&a.name, &a.documents)).collect();
        out.push(format!(
            "entity {:?} {} {} {} {aliases:?}",
            e.etype, e.name, e.mention_count, e.document_count
        ));
    }
    for r in &snap.relations {
        let mut ev: Vec<_> = r.evidence.iter().map(|e| format!("{e:?}")).collect();
        ev.sort();
        out.push(format!(
            "relation {:?} {} {} {} {ev:?}",
            r.rtype,
            name(r.source),
            name(r.target),
            r.source_count
        ));
    }
    for e in &snap.events {
        let mut ps: Vec<_> = e
            .participants
            .iter()
            .map(|p| format!("{:?} {}", p.role, name(p.entity)))
            .collect();
        ps.sort();
        let mut ev: Vec<_> = e.evidence.iter().map(|e| format!("{e:?}")).collect();
        ev.sort();
        out.push(format!(
            "event {:?} {:?} {ps:?} {ev:?}",
            e.etype,
            e.date.map(|d| d.to_string())
        ));
    }
    for a in &snap.attributes {
        out.push(format!(
            "attribute {} {} {} {}",
            name(a.entity),
            a.name,
            a.value,
            a.evidence.len()
        ));
    }
    out.push(format!("documents {}", snap.documents.len()));
    out.sort();
    out
}

/// Queues `n` reports and drains the queue with `workers` threads, each
/// with its own queue connection and store (as `dossier worker` does).
fn ingest_through_queue(scratch: &Scratch, n: usize, workers: usize) {
    let q = scratch.queue(QueueSettings::default());
    for i in 0..n {
        q.add(
            &format!("r{i}.txt"),
            i.to_string().as_bytes(),
            None,
            None,
            None,
        )
        .unwrap();
    }
    let url = scratch.url();
    std::thread::scope(|t| {
        for w in 0..workers {
            let url = url.clone();
            t.spawn(move || {
                let q = Queue::open(&url, QueueSettings::default()).unwrap();
                let mut store = PgStore::open(&url).unwrap();
                let name = format!("worker-{w}");
                while let Some(job) = q.claim(&name).unwrap() {
                    let i: usize = String::from_utf8(job.content).unwrap().parse().unwrap();
                    let got = store.ingest(&report(i), &IngestOptions::default()).unwrap();
                    let doc = match got {
                        IngestOutcome::New { document, .. } => document,
                        IngestOutcome::Unchanged { document } => document,
                    };
                    q.complete(job.id, &name, &doc).unwrap();
                }
            });
        }
    });
    let s = q.status().unwrap();
    assert_eq!(
        (s.pending, s.running, s.done, s.failed),
        (0, 0, n as u64, 0)
    );
}

#[test]
fn four_workers_make_the_knowledge_base_one_makes() {
    let Some(server) = server() else { return };
    const N: usize = 200;
    let (one, four) = (Scratch::new(&server), Scratch::new(&server));
    ingest_through_queue(&one, N, 1);
    ingest_through_queue(&four, N, 4);
    let one_kb = by_names(&PgStore::open(&one.url()).unwrap());
    let four_kb = by_names(&PgStore::open(&four.url()).unwrap());
    assert_eq!(one_kb.len(), four_kb.len());
    for (a, b) in one_kb.iter().zip(&four_kb) {
        assert_eq!(a, b);
    }
    // And as one sequential ingest into SQLite.
    let mut seq = dossier_kb::SqliteStore::open_in_memory().unwrap();
    for i in 0..N {
        seq.ingest(&report(i), &IngestOptions::default()).unwrap();
    }
    assert_eq!(by_names(&seq), one_kb);
    assert_eq!(
        seq.entities(&EntityFilter::default()).unwrap().len(),
        GROUPS.len() + PEOPLE.len() + PLACES.len()
    );
}
