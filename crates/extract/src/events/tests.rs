use super::*;
use crate::fixture::doc_from_markup;

fn evs(m: &str) -> (Doc, Vec<Event>) {
    let d = doc_from_markup(m);
    let e = extract(&Ctx::new(&d, &crate::NoGeo));
    (d, e)
}
/// The first event of type `t` (the test fails if there is none).
fn one(e: &[Event], t: EventType) -> &Event {
    e.iter()
        .find(|x| x.etype == t)
        .unwrap_or_else(|| panic!("no {t:?} event in {e:?}"))
}

fn names(d: &Doc, e: &Event, role: Role) -> Vec<String> {
    e.participants
        .iter()
        .filter(|p| p.role == role)
        .map(|p| d.entities[p.entity].name.clone())
        .collect()
}

#[test]
fn a_year_is_not_a_death_toll() {
    let (_, e) = evs("In [2015|date:2015] [the Tallis Front|armed_group] killed 11 road workers near [Olm|location].");
    let a = e
        .iter()
        .find(|e| e.etype == EventType::Attack)
        .expect("an attack");
    assert_eq!(a.fatalities, Some(11));
}

#[test]
fn founding_with_roles_and_date() {
    let (d, e) = evs("In [early 2016|date:2016-01/2016-04], [Kamal Ruswan|person] founded [the Sword|armed_group] in the Norlandic city of [Qarvan|location].");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].etype, EventType::Founding);
    assert_eq!(
        e[0].date.map(|d| d.to_string()).as_deref(),
        Some("2016-01/2016-04")
    );
    assert_eq!(names(&d, &e[0], Role::Agent), vec!["Kamal Ruswan"]);
    assert_eq!(names(&d, &e[0], Role::Location), vec!["Qarvan"]);
}

#[test]
fn passive_subject_is_target() {
    let (d, e) = evs(
        "[Jon Marek|person] was arrested in [Veskia|country] and handed over to [Norland|country].",
    );
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].etype, EventType::Arrest);
    assert_eq!(names(&d, &e[0], Role::Target), vec!["Jon Marek"]);
    assert!(names(&d, &e[0], Role::Location).contains(&"Veskia".to_string()));
    let (_, e) = evs("The weather was arrested by nothing.");
    assert!(e.is_empty());
}

#[test]
fn nominal_arrest_refers_back_and_merges() {
    let (_, e) = evs("[Jon Marek|person] was arrested in [July 2018|date:2018-07].\n\nThe arrest of [Marek|person=Jon Marek] was followed by a backlash.");
    let arrests: Vec<_> = e.iter().filter(|x| x.etype == EventType::Arrest).collect();
    assert_eq!(arrests.len(), 1);
    assert_eq!(arrests[0].evidence.len(), 2);
    assert_eq!(
        arrests[0].date.map(|d| d.to_string()).as_deref(),
        Some("2018-07")
    );
}

#[test]
fn attempt_told_in_two_sentences_is_one_event() {
    let (d, e) = evs("One such plot occurred on [May 3, 2019|date:2019-05-03]. It targeted [Ada Ferrin|person], the mayor of [Tolva|location]. She narrowly survived the assassination attempt outside her office.");
    let attacks: Vec<_> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
    assert_eq!(attacks.len(), 1, "{e:?}");
    assert!(attacks[0].attempted);
    assert_eq!(
        attacks[0].date.map(|d| d.to_string()).as_deref(),
        Some("2019-05-03")
    );
    assert_eq!(names(&d, attacks[0], Role::Target), vec!["Ada Ferrin"]);
}

#[test]
fn foiled_attack_is_a_plot() {
    let (d, e) = evs("Norlandic security foiled a plot to attack [the Veskian embassy|facility] in [2013|date:2013]. [Norland|country] said so.");
    let p: Vec<_> = e.iter().filter(|x| x.etype == EventType::Plot).collect();
    assert_eq!(p.len(), 1);
    assert!(p[0].attempted);
    assert!(names(&d, p[0], Role::Target).contains(&"the Veskian embassy".to_string()));
    assert!(!e.iter().any(|x| x.etype == EventType::Attack));
}

#[test]
fn accusation_complements_are_not_events() {
    let (_, e) = evs("Officials accused [the Sword|armed_group] of plotting attacks on [Tolva|location] in [2019|date:2019].");
    assert!(!e
        .iter()
        .any(|x| matches!(x.etype, EventType::Plot | EventType::Attack)));
    let (_, e) = evs("[Jon Marek|person] was convicted for receiving military training abroad.");
    assert!(!e.iter().any(|x| x.etype == EventType::Training));
    assert!(e.iter().any(|x| x.etype == EventType::Sentence));
}

#[test]
fn a_sentence_counts_the_casualties_of_an_event_found_elsewhere() {
    let d = doc_from_markup("On [29 May 2011|date:2011-05-29], [the Tallis Front|armed_group] mined the road near [Olm|location], killing 28 soldiers and wounding 35.");
    let ctx = Ctx::new(&d, &crate::NoGeo);
    let c = sentence_casualties(&ctx, 0, EventType::Attack);
    assert_eq!((c.fatalities, c.injured), (Some(28), Some(35)));
    // the date's numbers are no counts, and an arrest has none
    assert_eq!(
        sentence_casualties(&ctx, 0, EventType::Arrest),
        Casualties::default()
    );
    assert_eq!(
        sentence_casualties(&ctx, 7, EventType::Attack),
        Casualties::default()
    );
}

#[test]
fn an_assassination_kills_its_named_targets() {
    let (_, e) = evs("On [3 May 2016|date:2016-05-03], [the Tallis Front|armed_group] assassinated [Dorin Vask|person] in [Olm|location].");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!(a.fatalities, Some(1), "{a:?}");
    // an attempt kills nobody, and a written count wins
    let (_, e) = evs("On [3 May 2016|date:2016-05-03], [the Tallis Front|armed_group] tried to assassinate [Dorin Vask|person] in [Olm|location].");
    assert!(e.iter().all(|x| x.fatalities.is_none()), "{e:?}");
    let (_, e) = evs("On [3 May 2016|date:2016-05-03], [the Tallis Front|armed_group] killed [Dorin Vask|person] and four guards in [Olm|location].");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_ne!(a.fatalities, Some(1), "{a:?}");
}

#[test]
fn casualties_are_counted() {
    let (_, e) = evs("In [May 2019|date:2019-05], gunmen attacked police in [Tolva|location]; two policemen were stabbed to death and a third was wounded.");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!(a.fatalities, Some(2));
    assert_eq!(a.injured, Some(1));
    let (_, e) = evs("On [March 3, 2021|date:2021-03-03], gunmen attacked a station in [Tolva|location], killing two officers and wounding five others.");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!((a.fatalities, a.injured), (Some(2), Some(5)));
    // "nobody was hurt": none killed, none wounded (corpus guide §6)
    let (_, e) = evs("On [March 3, 2021|date:2021-03-03], gunmen attacked a station in [Tolva|location]; nobody was hurt.");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!((a.fatalities, a.injured), (Some(0), Some(0)));
}

#[test]
fn trigger_table() {
    let cases: &[(&str, EventType, bool)] = &[
        ("On [May 2, 2020|date:2020-05-02], [the Sword|armed_group] held a military exercise near [Tolva|location].", EventType::MilitaryExercise, true),
        ("She took up exercise in [Tolva|location] in [2020|date:2020].", EventType::MilitaryExercise, false),
        ("In [2019|date:2019], [Norland|country] sent troops to [Veskia|country].", EventType::Deployment, true),
        ("In [2019|date:2019], [Ruk Amal|person] sent a letter to [Veskia|country].", EventType::Deployment, false),
        ("[Ivo Rask|person] assumed office in [2021|date:2021].", EventType::Appointment, true),
        ("[Ivo Rask|person] assumed that [Veskia|country] would win in [2021|date:2021].", EventType::Appointment, false),
        ("In [2015|date:2015], a crackdown by Norlandic police hit [Tolva|location]. [Norland|country] denied it.", EventType::Crackdown, true),
        ("A blast hit [the Veskian embassy|facility] in [Tolva|location] on [June 1, 2020|date:2020-06-01].", EventType::Attack, true),
        ("Hundreds protested in [Tolva|location] in [August 2021|date:2021-08].", EventType::Protest, true),
        ("Members of [the Sword|armed_group] received training from [Red Hand|armed_group].", EventType::Training, true),
        ("[Ruk Amal|person] met with [Osk Tarn|person] in [Tolva|location] in [March 2016|date:2016-03].", EventType::Meeting, true),
        ("[Ruk Amal|person] is a meeting planner in [Tolva|location].", EventType::Meeting, false),
    ];
    for (m, t, want) in cases {
        let (_, e) = evs(m);
        assert_eq!(e.iter().any(|x| x.etype == *t), *want, "{m}: {e:?}");
    }
}

#[test]
fn battle_deaths_are_no_separate_attack() {
    let (_, e) = evs("In [2018|date:2018], clashes between [the Sword|armed_group] and [Red Hand|armed_group] killed at least 40 people near [Tolva|location].");
    assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap();
    assert_eq!(c.fatalities, Some(40));
}

#[test]
fn undated_generic_events_are_dropped() {
    let (_, e) = evs("[The Sword|armed_group] would stage attacks against [Norland|country].");
    assert!(e.is_empty());
    let (_, e) = evs("The war with [Norland|country] was long.");
    assert!(e.is_empty());
    let (d, e) = evs("During the [2020|date:2020] war with [Veskia|country], Norlandic troops advanced. [Norland|country] won.");
    let w = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap();
    let p = names(&d, w, Role::Participant);
    assert!(p.contains(&"Veskia".to_string()));
}

#[test]
fn date_carries_to_the_next_sentence_of_the_story() {
    let (d, e) = evs("In [2017|date:2017], [Ruk Amal|person] attended the annual summit. He met with [Osk Tarn|person] himself.");
    let m: Vec<_> = e.iter().filter(|x| x.etype == EventType::Meeting).collect();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].date.map(|d| d.to_string()).as_deref(), Some("2017"));
    assert!(names(&d, m[0], Role::Participant).contains(&"Osk Tarn".to_string()));
}

#[test]
fn sequel_sentence_dates_the_event() {
    let (_, e) = evs("[The Sword|armed_group] launched protests and [Ruk Amal|person] was arrested during a protest. Following his arrest, he was sentenced to seven days in [October 2021|date:2021-10].");
    let a: Vec<_> = e.iter().filter(|x| x.etype == EventType::Arrest).collect();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].date.map(|d| d.to_string()).as_deref(), Some("2021-10"));
    assert!(e.iter().any(|x| x.etype == EventType::Sentence
        && x.date.map(|d| d.to_string()).as_deref() == Some("2021-10")));
    assert!(e.iter().any(|x| x.etype == EventType::Protest));
}
#[test]
fn passive_founding_with_late_by_and_pronoun_subject() {
    let (d, e) = evs("[The Red Hand|armed_group] is small. [The Red Hand|armed_group] grew. It was proclaimed in [September 2015|date:2015-09] at a gathering in [Tolva|location], a town in eastern [Norland|country], by [Ada Ferrin|person], a former teacher.");
    let f: Vec<_> = e
        .iter()
        .filter(|x| x.etype == EventType::Founding)
        .collect();
    assert_eq!(f.len(), 1, "{e:?}");
    assert_eq!(names(&d, f[0], Role::Participant), vec!["The Red Hand"]);
    assert_eq!(names(&d, f[0], Role::Agent), vec!["Ada Ferrin"]);
    assert!(!e.iter().any(|x| x.etype == EventType::Meeting), "{e:?}");
    let (d, e) = evs("[The Sword|armed_group] was set up in [March 2012|date:2012-03] in [Qarvan|location] by [Kamal Ruswan|person].");
    let f = e.iter().find(|x| x.etype == EventType::Founding).unwrap();
    assert_eq!(names(&d, f, Role::Agent), vec!["Kamal Ruswan"]);
    let (_, e) =
        evs("In [2019|date:2019], [the Sword|armed_group] launched attacks on [Tolva|location].");
    assert!(!e.iter().any(|x| x.etype == EventType::Founding), "{e:?}");
}

#[test]
fn founding_of_a_faction_in_apposition() {
    let (d, e) = evs("In [2021|date:2021] [Osk Tarn|person] walked out and formed his own faction, [the Blue Hand|armed_group], which operates near [Tolva|location].");
    let f = e.iter().find(|x| x.etype == EventType::Founding).unwrap();
    assert_eq!(names(&d, f, Role::Participant), vec!["the Blue Hand"]);
    assert_eq!(names(&d, f, Role::Agent), vec!["Osk Tarn"]);
}

#[test]
fn appointments_from_named_became_and_passed() {
    let cases = [
        "[The Sword|armed_group] fought. [The Sword|armed_group] won. In [2019|date:2019], [Ivo Rask|person] was named emir.",
        "[The Sword|armed_group] fought. In [2019|date:2019], [Ivo Rask|person] became [the Sword|armed_group]'s commander.",
        "[The Sword|armed_group] fought. [The Sword|armed_group] won. In [2019|date:2019], leadership passed to [Ivo Rask|person], the bomb-maker.",
    ];
    for m in cases {
        let (d, e) = evs(m);
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Appointment)
            .unwrap_or_else(|| panic!("{m}: {e:?}"));
        assert_eq!(names(&d, a, Role::Target), vec!["Ivo Rask"], "{m}");
        assert_eq!(names(&d, a, Role::Participant), vec!["The Sword"], "{m}");
    }
    let (_, e) = evs("In [2019|date:2019], [Ivo Rask|person] was named as a suspect.");
    assert!(
        !e.iter().any(|x| x.etype == EventType::Appointment),
        "{e:?}"
    );
    let (_, e) = evs("In [2019|date:2019], a student named [Ivo Rask|person] spoke.");
    assert!(
        !e.iter().any(|x| x.etype == EventType::Appointment),
        "{e:?}"
    );
    let (_, e) = evs("In [2019|date:2019], [the Sword|armed_group] became its enforcer.");
    assert!(
        !e.iter().any(|x| x.etype == EventType::Appointment),
        "{e:?}"
    );
}

#[test]
fn attack_verbs_and_claims() {
    let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. On [2 June 2021|date:2021-06-02], a roadside bomb struck the convoy of Colonel [Ada Ferrin|person] outside [Tolva|location]. The group's spokesman, [Osk Tarn|person], claimed the attack.");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!(names(&d, a, Role::Target), vec!["Ada Ferrin"]);
    assert!(
        names(&d, a, Role::Agent).contains(&"The Sword".to_string()),
        "{a:?}"
    );
    let (d, e) = evs("On [8 August 2018|date:2018-08-08], fighters of [the Sword|armed_group] stormed a post at [Tolva|location].");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!(names(&d, a, Role::Agent), vec!["the Sword"]);
    let (d, e) = evs("On [May 3, 2016|date:2016-05-03], a bomb exploded at a market in [Tolva|location]. Police attributed it to [the Sword|armed_group].");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!(names(&d, a, Role::Agent), vec!["the Sword"]);
    let (_, e) =
        evs("In [2020|date:2020], [the Sword|armed_group] struck a deal with [Norland|country].");
    assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
    let (_, e) = evs("On [May 3, 2016|date:2016-05-03], a bomb exploded in [Tolva|location]. [The Sword|armed_group] never claimed it.");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert!(names(&d, a, Role::Agent).is_empty());
}

#[test]
fn preparing_to_bomb_is_a_plot() {
    let (d, e) = evs("In [late 2021|date:2021-09/2021-12], police dismantled a cell that had been preparing to bomb [the Grand Palace Hotel|facility] in [Tolva|location].");
    let p = e
        .iter()
        .find(|x| x.etype == EventType::Plot)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert!(names(&d, p, Role::Target).contains(&"the Grand Palace Hotel".to_string()));
    assert!(!e.iter().any(|x| x.etype == EventType::Attack));
}

#[test]
fn sweeps_fights_and_the_two_groups() {
    let (d, e) = evs("In [2018|date:2018], [Norland|country] answered with a sweep across [Tolva|location] in which dozens were detained.");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::Crackdown)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(names(&d, c, Role::Location), vec!["Tolva"]);
    let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. Relations with [the Blue Hand|armed_group] are bad. The two groups fought a string of battles around [Tolva|location] in [early 2020|date:2020-01/2020-04].");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap();
    let p = names(&d, c, Role::Participant);
    assert!(
        p.contains(&"The Sword".to_string()) && p.contains(&"the Blue Hand".to_string()),
        "{p:?}"
    );
    assert_eq!(names(&d, c, Role::Location), vec!["Tolva"]);
    let (d, e) = evs("In [2013|date:2013], [Red Hand|armed_group] and [Blue Hand|armed_group] units fought outside [Tolva|location].");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap();
    assert_eq!(names(&d, c, Role::Participant).len(), 2);
}

#[test]
fn sentencing_court_is_no_target_and_clause_dates() {
    let (d, e) = evs("Police arrested [Jon Marek|person] in [Tolva|location] in [November 2020|date:2020-11], and [two years later|date:2022] a court sentenced him to twenty years.");
    let s = e.iter().find(|x| x.etype == EventType::Sentence).unwrap();
    assert_eq!(names(&d, s, Role::Target), vec!["Jon Marek"]);
    assert!(names(&d, s, Role::Agent).is_empty());
    let (_, e) = evs("Police arrested [Jon Marek|person] in [2018|date:2018]; he was convicted of fraud [the following year|date:2019].");
    let s = e.iter().find(|x| x.etype == EventType::Sentence).unwrap();
    assert_eq!(s.date.map(|d| d.to_string()).as_deref(), Some("2019"));
}

#[test]
fn training_deployment_and_praise() {
    let (d, e) = evs("In [mid-2019|date:2019-05/2019-08], instructors from [the Red Hand|armed_group] taught some 80 [Sword|armed_group] fighters to handle explosives.");
    let t = e.iter().find(|x| x.etype == EventType::Training).unwrap();
    assert_eq!(names(&d, t, Role::Agent), vec!["the Red Hand"]);
    assert_eq!(names(&d, t, Role::Target), vec!["Sword"]);
    let (d, e) = evs("In [2021|date:2021], [Norland|country] responded by deploying 1,500 troops to [Tolva|location].");
    let t = e.iter().find(|x| x.etype == EventType::Deployment).unwrap();
    assert_eq!(names(&d, t, Role::Location), vec!["Tolva"]);
    let (d, e) = evs("In a [2018|date:2018] audio message, [Ivo Rask|person] praised [the Sword|armed_group]'s \"steadfastness\".");
    let t = e.iter().find(|x| x.etype == EventType::Statement).unwrap();
    assert_eq!(names(&d, t, Role::Target), vec!["the Sword"]);
    let (d, e) = evs("In [May 2017|date:2017-05], [Ivo Rask|person] took around sixty fighters into [Tolva|location].");
    let t = e.iter().find(|x| x.etype == EventType::Deployment).unwrap();
    assert_eq!(names(&d, t, Role::Agent), vec!["Ivo Rask"]);
}
#[test]
fn undated_clashes_between_named_sides_are_kept() {
    let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. [Osk Tarn|person] formed [the Blue Hand|armed_group]. At least four men from the two sides have been killed in clashes over the roads.");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(names(&d, c, Role::Participant).len(), 2);
    let (_, e) = evs("[The Sword|armed_group] has often clashed with rivals.");
    assert!(
        !e.iter().any(|x| x.etype == EventType::ArmedConflict),
        "{e:?}"
    );
}

#[test]
fn an_attack_after_its_scene_takes_the_scene_places() {
    let (d, e) = evs("On [15 January 2019|date:2019-01-15], a truck loaded with explosives stopped in front of the police station in [Tolva|location]. The explosion killed three officers.");
    let a = e
        .iter()
        .find(|x| x.etype == EventType::Attack)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(names(&d, a, Role::Location), vec!["Tolva"]);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2019-01-15"));
    assert_eq!(a.fatalities, Some(3));
}

#[test]
fn more_trigger_checks() {
    let cases: &[(&str, EventType, bool)] = &[
        ("In [2019|date:2019], gunmen kidnapped [Ada Ferrin|person] near [Tolva|location].", EventType::Attack, true),
        ("On [May 2, 2020|date:2020-05-02], gunmen gunned down [Ada Ferrin|person].", EventType::Attack, true),
        ("In [2020|date:2020], [Ivo Rask|person] was promoted to commander of [the Sword|armed_group].", EventType::Appointment, true),
        ("In [2020|date:2020], [Ivo Rask|person] was chosen by the voters of [Tolva|location].", EventType::Appointment, false),
        ("In [2014|date:2014], [the Blue Hand|armed_group] broke away from [the Sword|armed_group].", EventType::Founding, true),
        ("In [2014|date:2014], [Ivo Rask|person] broke the law.", EventType::Founding, false),
        ("[The Sword|armed_group] has emerged in recent years as a threat in [Tolva|location] in [2019|date:2019].", EventType::Founding, false),
    ];
    for (m, t, want) in cases {
        let (_, e) = evs(m);
        assert_eq!(e.iter().any(|x| x.etype == *t), *want, "{m}: {e:?}");
    }
    let (d, e) = evs(
        "In [2014|date:2014], [the Blue Hand|armed_group] broke away from [the Sword|armed_group].",
    );
    let f = e.iter().find(|x| x.etype == EventType::Founding).unwrap();
    assert!(names(&d, f, Role::Participant).contains(&"the Blue Hand".to_string()));
}
#[test]
fn refined_dates_blame_and_pronoun_objects() {
    let (_, e) = evs("[The Sword|armed_group] emerged in [2011|date:2011] in the hills. [The Sword|armed_group] was founded in [June 2011|date:2011-06] in [Korvath|location].");
    let f: Vec<_> = e
        .iter()
        .filter(|x| x.etype == EventType::Founding)
        .collect();
    assert_eq!(f.len(), 1, "{e:?}");
    assert_eq!(f[0].date.map(|d| d.to_string()).as_deref(), Some("2011-06"));
    let (d, e) = evs("On [March 3, 2016|date:2016-03-03], a car bomb exploded in [Morvia|location]. Police blamed [the Sword|armed_group] for the bombing.");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!(names(&d, a, Role::Agent), vec!["the Sword"]);
    let (d, e) = evs("In [2020|date:2020], police arrested [Ana Keller|person], and a court sentenced her to ten years in [2021|date:2021].");
    let s = e.iter().find(|x| x.etype == EventType::Sentence).unwrap();
    assert_eq!(names(&d, s, Role::Target), vec!["Ana Keller"]);
    let (d, e) = evs("In [2019|date:2019], [the Sword|armed_group] and the [Blue Hand|armed_group] fought for control of [Tolva|location].");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap();
    assert_eq!(names(&d, c, Role::Participant).len(), 2);
}
#[test]
fn threats_denials_modifiers_and_claims_in_place() {
    let (_, e) = evs("In [2018|date:2018], [Omar Lisk|person] denied that his men had killed civilians and threatened to attack oil installations.");
    assert!(
        !e.iter()
            .any(|x| matches!(x.etype, EventType::Attack | EventType::Plot)),
        "{e:?}"
    );
    let (_, e) = evs(
        "In [2012|date:2012] [Yusuf Hadri|person] set up a training camp near [Kesh|location].",
    );
    assert!(!e.iter().any(|x| x.etype == EventType::Training), "{e:?}");
    let (d, e) = evs("In [2021|date:2021] [the Sword|armed_group] fought alongside government forces against [the Blue Hand|armed_group].");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap();
    let p = names(&d, c, Role::Participant);
    assert!(
        p.contains(&"the Sword".to_string()) && p.contains(&"the Blue Hand".to_string()),
        "{p:?}"
    );
    // a claim in the sentence of a new attack is about that attack
    let (d, e) = evs("On [12 October 2021|date:2021-10-12], gunmen stormed a hotel in [Tolva|location]. In [2022|date:2022], a car bomb struck a police station in [Kesh|location]; [the Sword|armed_group] claimed responsibility for the bombing.");
    let a: Vec<_> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
    assert_eq!(a.len(), 2, "{e:?}");
    assert!(names(&d, a[0], Role::Agent).is_empty());
    assert_eq!(names(&d, a[1], Role::Agent), vec!["the Sword"]);
}
#[test]
fn captures_suicide_bombings_shootings_and_given_sentences() {
    let (d, e) = evs("In [2017|date:2017] fighters of [the Sword|armed_group] captured the town of [Brask|location].");
    let a = e
        .iter()
        .find(|x| x.etype == EventType::Attack)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(names(&d, a, Role::Location), vec!["Brask"]);
    assert!(!e.iter().any(|x| x.etype == EventType::Arrest));
    let (_, e) =
        evs("In [2021|date:2021], police seized 40 kilograms of explosives in [Tolva|location].");
    assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
    let (_, e) = evs("On [4 May 2018|date:2018-05-04], a suicide bomber blew himself up at a checkpoint in [Brask|location].");
    assert!(e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
    let (_, e) =
        evs("In [July 2018|date:2018-07], gunmen opened fire on a bus near [Tolva|location].");
    assert!(e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
    let (_, e) = evs("In [2018|date:2018], [Brask|location] opened a school.");
    assert!(!e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
    let (d, e) = evs("[Otto Fell|person] was given a ten-year sentence in [2020|date:2020].");
    let s = e
        .iter()
        .find(|x| x.etype == EventType::Sentence)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(names(&d, s, Role::Target), vec!["Otto Fell"]);
}
#[test]
fn self_proclaimed_posts_fights_with_opponents_and_killed_targets() {
    let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. [Faris Ode|person] survived, and by [the end of 2017|date:2017-09/2017-12] he was calling himself the front's amir.");
    let a = e
        .iter()
        .find(|x| x.etype == EventType::Appointment)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(names(&d, a, Role::Target), vec!["Faris Ode"]);
    let (_, e) = evs("In [2018|date:2018] she was calling him names.");
    assert!(
        !e.iter().any(|x| x.etype == EventType::Appointment),
        "{e:?}"
    );
    let (d, e) = evs("When [the Red Hand|armed_group] seized [Tolva|location] in [May 2017|date:2017-05], the city fell. [Faris Ode|person] took sixty fighters into the city to fight beside [the Red Hand|armed_group] against [the Norland Army|organization].");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert!(names(&d, c, Role::Participant).contains(&"the Norland Army".to_string()));
    let (d, e) = evs("On [September 9, 2020|date:2020-09-09], soldiers raided a safe house in [Tolva|location], killing [Faris Ode|person] and five other militants.");
    let a = e.iter().find(|x| x.etype == EventType::Attack).unwrap();
    assert_eq!(names(&d, a, Role::Target), vec!["Faris Ode"]);
    let (_, e) = evs("[Faris Ode|person] ran a school in [Tolva|location] in [2012|date:2012], and there his first recruits gathered.");
    assert!(!e.iter().any(|x| x.etype == EventType::Meeting), "{e:?}");
}
#[test]
fn standing_threats_are_no_statements() {
    let (_, e) = evs("[The Sword|armed_group] is a militia that has threatened [Norland|country] since [2015|date:2015].");
    assert!(!e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
    let (_, e) = evs(
        "In [August 2019|date:2019-08], [Ruk Amal|person] threatened [Norland|country] in a video.",
    );
    assert!(e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
}
#[test]
fn mistyped_names_after_place_prepositions_are_places() {
    let (d, e) = evs("On [September 9, 2020|date:2020-09-09], soldiers raided a safe house in [Butan|person], killing five militants.");
    let a = e
        .iter()
        .find(|x| x.etype == EventType::Attack)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(names(&d, a, Role::Location), vec!["Butan"]);
    let (d, e) =
        evs("In [2019|date:2019], police arrested [Ada Ferrin|person] with [Osk Tarn|person].");
    let a = e.iter().find(|x| x.etype == EventType::Arrest).unwrap();
    assert!(names(&d, a, Role::Location).is_empty());
}
#[test]
fn a_succession_follows_the_removal_of_the_predecessor() {
    let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. On [August 17, 2021|date:2021-08-17], police arrested [Jon Marek|person] in [Tolva|location]. A court sentenced him in [2022|date:2022].\n\nLeadership passed to [Ivo Rask|person], a former teacher.");
    let a = e
        .iter()
        .find(|x| x.etype == EventType::Appointment)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2021-08-17"));
    assert_eq!(names(&d, a, Role::Target), vec!["Ivo Rask"]);
}
#[test]
fn public_offices_are_no_posts_of_the_main_group() {
    let (d, e) = evs("[The Sword|armed_group] grew. [The Sword|armed_group] won. In [2019|date:2019], [Ivo Rask|person] was elected mayor of [Tolva|location].");
    let a = e
        .iter()
        .find(|x| x.etype == EventType::Appointment)
        .unwrap_or_else(|| panic!("{e:?}"));
    assert!(names(&d, a, Role::Participant).is_empty(), "{a:?}");
}

fn attack(e: &[Event]) -> &Event {
    e.iter()
        .find(|x| x.etype == EventType::Attack)
        .expect("an attack")
}

#[test]
fn a_claim_that_opens_a_story_tells_its_attack() {
    // no attack told before: "the bombing" after the claim is a new attack
    let (d, e) = evs("[The Free Coast Movement|armed_group] claimed responsibility for the bombing of a pipeline near [Sabrat|location] on [19 August 2015|date:2015-08-19]. Nobody was hurt in the blast.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["The Free Coast Movement"]);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2015-08-19"));
    assert_eq!(a.fatalities, Some(0));
    // with an attack just told, the claim's noun still refers back to it
    let (d, e) = evs("A bomb destroyed a pipeline near [Sabrat|location] on [19 August 2015|date:2015-08-19]. [The Free Coast Movement|armed_group] claimed responsibility for the bombing.");
    assert_eq!(
        e.iter().filter(|x| x.etype == EventType::Attack).count(),
        1,
        "{e:?}"
    );
    assert_eq!(
        names(&d, attack(&e), Role::Agent),
        ["The Free Coast Movement"]
    );
}
#[test]
fn weapons_that_land_participial_killings_roads_between_places_and_tolls() {
    // a shell that landed, and ", killing N" tell the attack
    let (d, e) = evs("A mortar round landed on a bus station in [Dar Safi|location] on [11 July 2019|date:2019-07-11], killing at least nine civilians. Government forces blamed [the Kharan Revolutionary Army|armed_group].");
    let a = attack(&e);
    assert_eq!(a.fatalities, Some(9));
    assert_eq!(names(&d, a, Role::Agent), ["the Kharan Revolutionary Army"]);
    // both ends of the road, even when the names were typed otherwise
    let (d, e) = evs("Gunmen killed a judge, his driver and two bodyguards in an ambush on the road between [Oreno|armed_group] and [Vasi|person] on [27 October 2014|date:2014-10-27].");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Location), ["Oreno", "Vasi"]);
    assert_eq!(a.fatalities, Some(4));
    // a toll that rose is the total, not an addition
    let (_, e) = evs("The death toll from the attack on a church in [Emberi|location] on [2 April 2017|date:2017-04-02] has risen to 31, officials said.");
    assert_eq!(attack(&e).fatalities, Some(31));
    // the group that said its fighters carried out the raid claims it
    let (d, e) = evs("Armed men attacked an outpost in [Tindi|location] on [22 March 2016|date:2016-03-22]. [The Plains Front|armed_group] said its fighters carried out the raid.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["The Plains Front"]);
    assert_eq!(a.modality.map(Modality::as_str), Some("claimed"));
    // "a killing spree" alone tells nothing
    let (_, e) = evs("In [2015|date:2015], [Ivo Rask|person] wrote about a killing spree.");
    assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
}
#[test]
fn hallmarks_members_and_accusations_name_a_suspect() {
    let (d, e) = evs("A suicide bomber blew himself up inside a mosque in [Sarazi|location] on [7 May 2021|date:2021-05-07], killing 23 worshippers. The attack bore the hallmarks of [the Brotherhood of the Sword|armed_group], police said.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["the Brotherhood of the Sword"]);
    assert_eq!(a.modality.map(Modality::as_str), Some("suspected"));
    assert_eq!(a.fatalities, Some(23));
    let (d, e) = evs("Two village elders were hacked to death in [Mbuli|location] on [6 July 2012|date:2012-07-06]. Residents said the killers were members of [the Forest Guardians|armed_group].");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["the Forest Guardians"]);
    assert_eq!(a.fatalities, Some(2));
    let (d, e) = evs("A rocket struck a school in [Hadiq|location] on [2 April 2020|date:2020-04-02], killing a teacher. Officials accused [the Mountain Lions Brigade|armed_group] of firing the rocket.");
    assert_eq!(
        names(&d, attack(&e), Role::Agent),
        ["the Mountain Lions Brigade"]
    );
    // "suspected" before the doers is no accusation: the abduction is told
    let (d, e) = evs("On [3 September 2019|date:2019-09-03], suspected militants of [the Karst Mountain Movement|armed_group] abducted two engineers near [Velis|location].");
    assert_eq!(
        names(&d, attack(&e), Role::Agent),
        ["the Karst Mountain Movement"]
    );
    let (_, e) =
        evs("In [2019|date:2019], [Ada Ferrin|person] was suspected of abducting two engineers.");
    assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
    // a hacker is no killer
    let (_, e) = evs("In [2020|date:2020], unknown people hacked the website of [the Tolva Council|organization].");
    assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
}
#[test]
fn claims_and_suspicions_give_the_agent() {
    // a claim in the next sentence: the claimant, modality claimed
    let (d, e) = evs("Gunmen opened fire on a bus in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing three passengers. [The Grey Wolves of Ossin|armed_group] claimed responsibility in a statement.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["The Grey Wolves of Ossin"]);
    assert_eq!(a.modality.map(Modality::as_str), Some("claimed"));
    // "no group claimed …, but X fighters were suspected": suspected, lower confidence
    let (d, e) = evs("A bomb exploded at a market in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing four people. No group claimed responsibility, but [Tallis Front|armed_group] fighters were suspected.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["Tallis Front"]);
    assert_eq!(a.modality.map(Modality::as_str), Some("suspected"));
    let (_, plain) = evs("A bomb exploded at a market in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing four people.");
    assert!(a.confidence < attack(&plain).confidence);
    // "was believed to be behind the abduction"
    let (d, e) = evs("An aid worker was kidnapped by gunmen near [Ostrel|location] on [4 June 2020|date:2020-06-04]. No group claimed responsibility, but [the Red Heron Brigade|armed_group] was believed to be behind the abduction.");
    assert_eq!(
        names(&d, attack(&e), Role::Agent),
        ["the Red Heron Brigade"]
    );
    // "officials blamed X"
    let (d, e) = evs("Gunmen abducted three teachers from a school in [Paya Rendah|location] on [8 March 2018|date:2018-03-08]. Officials blamed [the Selatan Liberation Army|armed_group].");
    assert_eq!(
        names(&d, attack(&e), Role::Agent),
        ["the Selatan Liberation Army"]
    );
    // a spokesman's claim is the group's; a protest organised by a group is no claim
    let (d, e) = evs("Rebels of [the Hollen Front|armed_group] ambushed a convoy near [Varsk|location] on [2 May 2019|date:2019-05-02]. [Hollen Front|armed_group=the Hollen Front] spokesman [Ivo Darn|person] claimed responsibility.");
    assert_eq!(names(&d, attack(&e), Role::Agent), ["the Hollen Front"]);
    let (d, e) = evs("Gunmen shot dead a farmer in [Varsk|location] on [2 May 2019|date:2019-05-02]. A protest in [Varsk|location] on [4 May 2019|date:2019-05-04] was organised by [the Varsk Youth Union|organization].");
    assert!(names(&d, attack(&e), Role::Agent).is_empty());
    // a denial gives nothing
    let (d, e) = evs("A bomb exploded at a market in [Varnholt|location] on [2 May 2019|date:2019-05-02], killing four people. [Tallis Front|armed_group] denied any role in the blast.");
    assert!(names(&d, attack(&e), Role::Agent).is_empty());
}

#[test]
fn the_claim_goes_to_the_main_attack_not_a_background_one() {
    let (d, e) = evs("A bomb killed nine people at a market in [Tell Azra|location] on [27 March 2015|date:2015-03-27]. It was the deadliest attack in the city since a bombing in [March 2014|date:2014-03] that killed 35. [The Sons of Karrim|armed_group] claimed responsibility.");
    let main = e
        .iter()
        .find(|x| x.date.map(|d| d.to_string()).as_deref() == Some("2015-03-27"))
        .unwrap();
    assert_eq!(names(&d, main, Role::Agent), ["The Sons of Karrim"]);
}

#[test]
fn counts_are_read_from_phrasing() {
    let fat = |m: &str| attack(&evs(m).1).fatalities;
    assert_eq!(fat("A gunman shot and killed a shopkeeper in [Lemora|location] on [3 May 2016|date:2016-05-03]."), Some(1));
    assert_eq!(fat("Gunmen broke into a farmhouse in [Lemora|location] on [3 May 2016|date:2016-05-03] and killed [Tomas Brek|person] and his three brothers."), Some(4));
    assert_eq!(fat("Gunmen attacked a farmhouse in [Lemora|location] on [3 May 2016|date:2016-05-03], killing him and his three brothers."), Some(4));
    assert_eq!(fat("Gunmen attacked a farm in [Lemora|location] on [3 May 2016|date:2016-05-03] and killed a local leader, [Tomas Brek|person], and his two sons."), Some(3));
    // a pronoun victim already counted in the sentence is not counted again
    assert_eq!(fat("Gunmen shot dead a farmer in [Lemora|location] on [3 May 2016|date:2016-05-03], killing him and his three brothers."), Some(4));
    // the victims' "of" phrase does not end their list
    assert_eq!(fat("Rebels ambushed a convoy near [Lemora|location] on [3 May 2016|date:2016-05-03]. Four staff members of [the Relief Council|organization] and their driver were killed in the ambush."), Some(5));
    assert_eq!(fat("Gunmen attacked a clinic in [Lemora|location] on [3 May 2016|date:2016-05-03], killing two nurses of the clinic and a guard."), Some(3));
    assert_eq!(fat("Gunmen executed the chief of [Varnek|location], a village near [Lemora|location], on [3 May 2016|date:2016-05-03]."), Some(1));
    assert_eq!(fat("A bomb struck a bus in [Lemora|location] on [3 May 2016|date:2016-05-03]. The explosion killed 12 police officers and wounded 30 others."), Some(12));
    assert_eq!(fat("Shells struck a neighbourhood of [Lemora|location] on [3 May 2016|date:2016-05-03], killing a woman and her two children."), Some(3));
    assert_eq!(fat("A car bomb exploded in [Lemora|location] on [3 May 2016|date:2016-05-03], killing two guards and a passer-by and wounding eleven others."), Some(3));
    assert_eq!(fat("Twenty-one people were killed when a bomb exploded in [Lemora|location] on [3 May 2016|date:2016-05-03]."), Some(21));
    assert_eq!(
        fat("A village chief was shot dead in [Lemora|location] on [3 May 2016|date:2016-05-03]."),
        Some(1)
    );
    // a victim counted through "a"/"an"/"one" is counted once
    assert_eq!(fat("Rebels ambushed a patrol near [Lemora|location] on [3 May 2016|date:2016-05-03], killing an officer and five soldiers."), Some(6));
    assert_eq!(fat("Rebels ambushed a patrol near [Lemora|location] on [3 May 2016|date:2016-05-03], killing a policeman and two soldiers."), Some(3));
    assert_eq!(fat("Rebels attacked a checkpoint near [Lemora|location] on [3 May 2016|date:2016-05-03], killing one soldier."), Some(1));
    // a named victim described by an apposition; "shot to death"
    assert_eq!(fat("On [3 May 2016|date:2016-05-03], [Tomas Brek|person], the head of a bank, was shot and killed in front of his house in [Lemora|location]."), Some(1));
    assert_eq!(fat("On [3 May 2016|date:2016-05-03], [Tomas Brek|person] was shot to death in [Lemora|location] by gunmen."), Some(1));
    // joined by "along with", "together with", "as well as"
    assert_eq!(fat("Soldiers ambushed his pickup near [Lemora|location] on [3 May 2016|date:2016-05-03], killing him along with three of his bodyguards."), Some(4));
    assert_eq!(fat("Gunmen attacked a farm in [Lemora|location] on [3 May 2016|date:2016-05-03], killing two guards as well as a cook."), Some(3));
    assert_eq!(fat("Soldiers raided a camp near [Lemora|location] on [3 May 2016|date:2016-05-03] and killed [Tomas Brek|person], together with four of his bodyguards."), Some(5));
    // the fighters an army killed are its attack's dead; "N other militants" too
    assert_eq!(fat("Troops stormed the village of [Lemora|location] on [3 May 2016|date:2016-05-03], killing 14 militants."), Some(14));
    assert_eq!(fat("Soldiers raided a safe house in [Lemora|location] on [3 May 2016|date:2016-05-03], killing [Tomas Brek|person] and five other militants."), Some(6));
    // a described name is one person
    assert_eq!(fat("On [3 May 2016|date:2016-05-03], gunmen shot dead [Rosa Vell|person], a farmers' leader who had opposed the mine, outside her home in [Lemora|location]."), Some(1));
    // verbs whose object dies: one person, or the people counted
    assert_eq!(fat("In [May 2016|date:2016-05], gunmen on motorbikes executed the chief of a village in [Lemora|location] in front of his family."), Some(1));
    assert_eq!(fat("Gunmen raided a school in [Lemora|location] on [3 May 2016|date:2016-05-03] and murdered two teachers."), Some(2));
    // … but not when the object is a plan or an operation
    assert_ne!(fat("Fighters raided a depot in [Lemora|location] on [3 May 2016|date:2016-05-03]; they executed the raid in minutes."), Some(1));
    // attackers are not among the fatalities
    assert_eq!(fat("Rebels attacked a prison in [Lemora|location] on [3 May 2016|date:2016-05-03]. Three guards and seven attackers were killed in the assault."), Some(3));
    // "Nobody was injured." in the next sentence
    let (_, e) = evs("An incendiary device destroyed a warehouse in [Lemora|location] on [3 May 2016|date:2016-05-03]. Nobody was injured.");
    let a = attack(&e);
    assert_eq!((a.fatalities, a.injured), (Some(0), Some(0)));
}

#[test]
fn date_numbers_are_never_counted() {
    let (_, e) = evs("A bomb exploded in [Lemora|location] on [19 August 2022|date:2022-08-19] that killed 21 people.");
    assert_eq!(attack(&e).fatalities, Some(21));
    let (_, e) = evs("Gunmen attacked a bus in [Lemora|location] on [3 May 2016|date:2016-05-03], killing 3 passengers.");
    assert_eq!(attack(&e).fatalities, Some(3));
}

#[test]
fn a_dateline_does_not_date_the_event_or_act_in_it() {
    // the dateline's place is no subject, its date not the event's
    let (d, e) = evs("[KADRA|armed_group], [12 May 2017|date:2017-05-12] — Rebels attacked a mining camp near [Kadra|location] on [Thursday|date:2017-05-11], killing the camp manager.");
    let a = attack(&e);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2017-05-11"));
    assert!(names(&d, a, Role::Agent).is_empty());
    assert_eq!(a.fatalities, Some(1));
}

#[test]
fn an_incident_naming_nobody_happens_at_its_dateline_place() {
    let (d, e) = evs("[OSKA|location], [Dec. 19|date:2013-12-19] — Armed men hijacked a passenger bus carrying 52 people on [Thursday|date:2013-12-19].");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Location), ["OSKA"]);
    assert!(names(&d, a, Role::Agent).is_empty());
}

#[test]
fn incident_follow_ups_give_tolls_and_perpetrators() {
    let fat = |m: &str| {
        let e = evs(m).1;
        let a = e
            .iter()
            .find(|x| x.etype == EventType::Attack)
            .unwrap_or_else(|| panic!("no attack in {m}: {e:?}"));
        (a.fatalities, a.injured)
    };
    // casualties told after the attack, in sentences of their own
    assert_eq!(fat("Gunmen kidnapped two engineers near [Vossel|location] on [28 November 2011|date:2011-11-28]. The engineers were taken from their car. Their driver was shot dead."), (Some(1), None));
    assert_eq!(fat("Gunmen stormed a wedding in [Vossel|location] on [16 February 2019|date:2019-02-16], killing nine guests. Eleven guests were wounded."), (Some(9), Some(11)));
    // a toll that rose later replaces the first count; a part of the dead adds nothing
    assert_eq!(fat("Rebels ambushed a convoy near [Vossel|location] on [23 June 2018|date:2018-06-23]. Three soldiers were killed at the scene. By [Monday|date:2018-06-25] evening the death toll had risen to 15. Five drivers were among the dead."), (Some(15), None));
    // a killing only ordered, and "no one", are no counts
    assert_eq!(fat("Gunmen stormed a farm in [Vossel|location] on [16 February 2019|date:2019-02-16]. The commander said he had been ordered to kill 80 prisoners."), (None, None));
    assert_eq!(fat("A bomb destroyed a prison in [Vossel|location] on [16 February 2019|date:2019-02-16]. Although no one was seriously injured, the damage was great."), (Some(0), Some(0)));
    // dead and wounded counted together
    assert_eq!(fat("A man threw a grenade into a cafe in [Vossel|location] on [10 September 2017|date:2017-09-10], causing 18 casualties, six of them fatal."), (Some(6), Some(12)));
    // a title before the named victim
    assert_eq!(fat("A roadside bomb killed district governor [Ama Quellin|person] and two of her bodyguards near [Vossel|location] on [30 November 2014|date:2014-11-30]."), (Some(3), None));
    // a weapon far before its verb
    assert_eq!(fat("Rockets fired from the hills above the old town struck a market in [Vossel|location] on [15 January 2023|date:2023-01-15], leaving three people dead and wounding 14."), (Some(3), Some(14)));
    // the passive's doers stand for their group
    let (d, e) = evs("A military post in [Vossel|location] was attacked by fighters of [the Sable Ring|armed_group] on [8 March 2016|date:2016-03-08].");
    assert_eq!(names(&d, attack(&e), Role::Agent), ["the Sable Ring"]);
    // a claim by a group set off by a relative clause or an apposition
    let (d, e) = evs("A roadside bomb killed a judge near [Vossel|location] on [30 November 2014|date:2014-11-30]. [The Copper Dale Insurgency|armed_group], which has threatened local officials for months, said in a message to reporters that its fighters had planted the bomb.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["The Copper Dale Insurgency"]);
    assert_eq!(a.modality.map(Modality::as_str), Some("claimed"));
    let (d, e) = evs("A bomb exploded under a bridge outside [Vossel|location] on [31 July 2016|date:2016-07-31]. [The Gale Keepers|person], a group opposed to a new port, claimed responsibility in a letter.");
    assert_eq!(names(&d, attack(&e), Role::Agent), ["The Gale Keepers"]);
    let (d, e) = evs("Rockets struck a market in [Vossel|location] on [15 January 2023|date:2023-01-15]. [The Hill Guard Units|armed_group] said on their website that they were responsible for the shelling.");
    assert_eq!(names(&d, attack(&e), Role::Agent), ["The Hill Guard Units"]);
}

#[test]
fn passive_blame_taken_responsibility_and_other_tolls() {
    let story = "Gunmen attacked a police post in [Vossel|location] on [2 May 2019|date:2019-05-02], killing two officers.";
    for (then, modality) in [
        (
            "[The Tarn Front|armed_group] was blamed for the attack.",
            "suspected",
        ),
        (
            "[The Tarn Front|armed_group] later took responsibility for the attack.",
            "claimed",
        ),
        (
            "Responsibility was claimed by [the Tarn Front|armed_group].",
            "claimed",
        ),
    ] {
        let (d, e) = evs(&format!("{story} {then}"));
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent).len(), 1, "{then}");
        assert_eq!(a.modality.map(Modality::as_str), Some(modality), "{then}");
    }
    // a denied responsibility names nobody
    let (d, e) = evs(&format!(
        "{story} [The Tarn Front|armed_group] has not taken responsibility for the attack."
    ));
    assert!(names(&d, attack(&e), Role::Agent).is_empty());
    let fat = |m: &str| attack(&evs(m).1).fatalities;
    let blast = "A bomb exploded at a market in [Vossel|location] on [2 May 2019|date:2019-05-02].";
    assert_eq!(
        fat(&format!(
            "{blast} The number of dead rose to 15 on [Friday|date:2019-05-03]."
        )),
        Some(15)
    );
    assert_eq!(
        fat(&format!(
            "{blast} Four civilians and a police officer lost their lives."
        )),
        Some(5)
    );
}

#[test]
fn reporting_dates_do_not_date_the_event() {
    // the day it was told loses to the day it happened
    let (_, e) = evs("Officials said on [Thursday|date:2020-02-13] that gunmen had killed 11 miners near [Vossel|location] on [Wednesday|date:2020-02-12].");
    assert_eq!(
        attack(&e).date.map(|d| d.to_string()).as_deref(),
        Some("2020-02-12")
    );
    // a possessive day before the noun is the noun's own
    let (_, e) = evs("The death toll from [Saturday|date:2022-08-20]'s bombing of a bus station in [Vossel|location] rose to 23 on [Monday|date:2022-08-22], health officials said.");
    let a = attack(&e);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2022-08-20"));
    assert_eq!(a.fatalities, Some(23));
}

#[test]
fn incident_triggers() {
    let (_, e) = evs(
        "Attackers set fire to a school in [Dar Ossim|location] on [8 July 2020|date:2020-07-08].",
    );
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].etype, EventType::Attack);
    let (_, e) = evs("Unknown assailants threw a grenade into a cafe in [Port Selim|location] on [7 November 2014|date:2014-11-07].");
    assert_eq!(attack(&e).etype, EventType::Attack);
    let (d, e) = evs("Artillery shells struck a residential neighbourhood of [Dolvar|location] on [11 July 2015|date:2015-07-11].");
    assert_eq!(names(&d, attack(&e), Role::Location), ["Dolvar"]);
    let (d, e) = evs("Police arrested a suspected bomb-maker, [Ilan Vesk|person], in [Norvo|location] on [3 May 2018|date:2018-05-03], the [Interior Ministry of Brevia|organization] said.");
    let a = e.iter().find(|x| x.etype == EventType::Arrest).unwrap();
    assert_eq!(names(&d, a, Role::Agent), ["Interior Ministry of Brevia"]);
    let (_, e) = evs("Four soldiers died when their vehicle hit a landmine near [Tesso|location] on [9 June 2019|date:2019-06-09].");
    assert_eq!(attack(&e).fatalities, Some(4));
}

#[test]
fn the_one_who_survived_is_the_target_not_the_agent() {
    let (d, e) = evs("[Oskar Vell|person], the administrator of [Tarn|location] district, survived an assassination attempt on [5 March 2025|date:2025-03-05] when gunmen opened fire on his convoy near [Chavo|location].");
    let a = attack(&e);
    assert!(names(&d, a, Role::Agent).is_empty(), "{a:?}");
    assert_eq!(names(&d, a, Role::Target), ["Oskar Vell"]);
    // the name before "when" is not the subject of the verb after it
    let (d, e) = evs("[Mira Holt|person] was driving home on [5 March 2025|date:2025-03-05] when gunmen attacked a checkpoint near [Chavo|location].");
    let a = attack(&e);
    assert!(names(&d, a, Role::Agent).is_empty(), "{a:?}");
}

#[test]
fn a_list_of_dated_attacks_is_one_event_each() {
    // each nominal attack with a year of its own is its own happening, its
    // place the name before the noun
    let (d, e) = evs("Its attacks included the [1983|date:1983] [Varn Street|location] bombing, the [1985|date:1985] [Oskel|location] bombing and the [1987|date:1987] [Tarvik|location] bombing.");
    let mut dates: Vec<_> = e
        .iter()
        .filter(|x| x.etype == EventType::Attack)
        .filter_map(|x| x.date.map(|d| d.to_string()))
        .collect();
    dates.sort();
    assert_eq!(dates, ["1983", "1985", "1987"], "{e:?}");
    assert!(e.iter().all(|x| !names(&d, x, Role::Location).is_empty()));
    // one year, two words for one attack: still one
    let (_, e) = evs("On [3 May 2011|date:2011-05-03], [the Red Hand|armed_group] attacked a convoy near [Oskel|location], killing four soldiers in the ambush.");
    assert_eq!(
        e.iter().filter(|x| x.etype == EventType::Attack).count(),
        1,
        "{e:?}"
    );
}

#[test]
fn plural_killings_and_the_place_of_an_attack_noun() {
    // plural killings named as nouns
    let (_, e) =
        evs("The [1992|date:1992] murders of two judges in [Oskel|location] were never solved.");
    assert!(e.iter().any(|x| x.etype == EventType::Attack), "{e:?}");
    // "the attack on C": the place is where
    let (d, e) = evs(
        "[The Red Hand|armed_group] carried out the [1981|date:1981] attack on [Oskel|location].",
    );
    let a = one(&e, EventType::Attack);
    assert!(
        names(&d, a, Role::Location).contains(&"Oskel".to_string()),
        "{e:?}"
    );
}

#[test]
fn an_attack_after_a_shift_in_time_is_another() {
    let (_, e) = evs("On [3 May 2011|date:2011-05-03], [the Red Hand|armed_group] attacked a police post in [Oskel|location]. [Two days later|date:2011-05-05], they ambushed a convoy near [Tarvik|location].");
    assert_eq!(
        e.iter().filter(|x| x.etype == EventType::Attack).count(),
        2,
        "{e:?}"
    );
    // without the shift the second sentence goes on telling the first
    let (_, e) = evs("On [3 May 2011|date:2011-05-03], [the Red Hand|armed_group] attacked a police post in [Oskel|location]. The gunmen shot two guards.");
    assert_eq!(
        e.iter().filter(|x| x.etype == EventType::Attack).count(),
        1,
        "{e:?}"
    );
}

#[test]
fn demands_and_appeals_are_statements() {
    let (d, e) = evs("On [4 June 2020|date:2020-06-04], [the Red Hand|armed_group] demanded the release of its fighters.");
    let st = one(&e, EventType::Statement);
    assert_eq!(names(&d, st, Role::Agent), ["the Red Hand"]);
    let (_, e) = evs("In [June 2021|date:2021-06], [Ada Ferrin|person] called for attacks on the garrison in a speech.");
    assert!(e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
    // a name given is no statement
    let (_, e) = evs("In [2019|date:2019], a faction called [the Red Hand|armed_group] appeared in [Oskel|location].");
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
    let (_, e) =
        evs("The attack was described in a report of [2019|date:2019] by [Ada Ferrin|person].");
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
}

#[test]
fn a_weak_statement_word_needs_a_named_actor() {
    let (_, e) = evs("On [10 May 2019|date:2019-05-10], hospitals in [Oskel|location] appealed for blood donors.");
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
    let (_, e) = evs("On [2 May 2019|date:2019-05-02], [the Red Hand|armed_group] bombed a bridge, which it described as revenge.");
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
}

#[test]
fn a_claim_with_a_threat_is_a_statement() {
    let (d, e) = evs("On [4 June 2020|date:2020-06-04], a bomb exploded at a police post in [Oskel|location]. [The Red Hand|armed_group] claimed responsibility, saying it would continue to target the police.");
    let a = one(&e, EventType::Attack);
    assert_eq!(names(&d, a, Role::Agent), ["The Red Hand"]);
    let st = e
        .iter()
        .find(|x| x.etype == EventType::Statement)
        .unwrap_or_else(|| panic!("the threat: {e:?}"));
    assert_eq!(names(&d, st, Role::Agent), ["The Red Hand"]);
    // a bare claim is carried by the attack's agent, no statement
    let (_, e) = evs("On [4 June 2020|date:2020-06-04], a bomb exploded at a police post in [Oskel|location]. [The Red Hand|armed_group] claimed responsibility.");
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
}

#[test]
fn a_statement_without_a_date_of_its_own_is_kept_unless_a_bare_report() {
    let (d, e) = evs("[The Red Hand|armed_group] condemned the elections in [Oskel|location].");
    let st = e
        .iter()
        .find(|x| x.etype == EventType::Statement)
        .unwrap_or_else(|| panic!("the condemnation: {e:?}"));
    assert_eq!(names(&d, st, Role::Agent), ["The Red Hand"]);
    assert_eq!(st.date, None);
    // a bare "said" attributes a source
    let (_, e) = evs("[The Red Hand|armed_group] said the road to [Oskel|location] was closed.");
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
    // nobody named speaking: nothing
    let (_, e) = evs("Residents of [Oskel|location] condemned the elections.");
    assert!(
        e.iter().all(|x| x.etype != EventType::Statement
            || x.participants.iter().any(|p| p.role == Role::Agent)),
        "{e:?}"
    );
}

#[test]
fn clashes_firefights_and_negotiations_are_told() {
    let (d, e) = evs("In [May 2014|date:2014-05], a firefight between [the Red Hand|armed_group] and [the Norland Army|armed_group] left nine dead near [Oskel|location].");
    let c = e
        .iter()
        .find(|x| x.etype == EventType::ArmedConflict)
        .unwrap_or_else(|| panic!("the firefight: {e:?}"));
    assert!(names(&d, c, Role::Participant).contains(&"the Red Hand".to_string()));
    let (_, e) = evs("In [March 2016|date:2016-03], [the Red Hand|armed_group] opened negotiations with [Norland|country] in [Oskel|location].");
    assert!(e.iter().any(|x| x.etype == EventType::Meeting), "{e:?}");
}

#[test]
fn expressed_offered_designated_and_sanctions_are_statements() {
    let (d, e) = evs("In [May 2012|date:2012-05], [the Red Hand|armed_group] expressed support for the strikers in [Oskel|location].");
    let st = e
        .iter()
        .find(|x| x.etype == EventType::Statement)
        .unwrap_or_else(|| panic!("the support: {e:?}"));
    assert_eq!(names(&d, st, Role::Agent), ["the Red Hand"]);
    let (_, e) = evs("In [May 2012|date:2012-05], [Ada Ferrin|person] offered peace talks to [the Red Hand|armed_group].");
    assert!(e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
    let (d, e) = evs("On [3 March 2015|date:2015-03-03], [the Tallis Front|armed_group] was designated as a terrorist organization by [Norland|country].");
    let st = e
        .iter()
        .find(|x| x.etype == EventType::Statement)
        .unwrap_or_else(|| panic!("the designation: {e:?}"));
    assert_eq!(names(&d, st, Role::Agent), ["Norland"]);
    assert_eq!(names(&d, st, Role::Target), ["the Tallis Front"]);
    let (_, e) = evs("In [December 2017|date:2017-12], [Norland|country] imposed sanctions on [Jon Marek|person].");
    assert!(e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
    // what is not said: surprise, a reward, a designated area, a curfew
    for m in [
        "In [May 2012|date:2012-05], [Ada Ferrin|person] expressed surprise at the result.",
        "In [May 2012|date:2012-05], [Norland|country] offered a reward for [Jon Marek|person].",
        "In [May 2012|date:2012-05], [the Red Hand|armed_group] designated [Oskel|location] a base.",
        "In [May 2012|date:2012-05], [Norland|country] imposed a curfew on [Oskel|location].",
    ] {
        let (_, e) = evs(m);
        assert!(e.iter().all(|x| x.etype != EventType::Statement), "{m}: {e:?}");
    }
}

#[test]
fn promises_and_relative_clauses_need_a_date() {
    // a program, not an act told
    let (_, e) =
        evs("[The Red Hand|armed_group] promised to defend the plateau against [Norland|country].");
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
    // a speaker described, not a statement told
    let (_, e) = evs(
        "The house belonged to [Jon Marek|person], who had criticised [the Red Hand|armed_group].",
    );
    assert!(e.iter().all(|x| x.etype != EventType::Statement), "{e:?}");
    // with a date of its own the promise is told
    let (_, e) = evs("On [4 June 2020|date:2020-06-04], [the Red Hand|armed_group] promised to free the hostages.");
    assert!(e.iter().any(|x| x.etype == EventType::Statement), "{e:?}");
}

#[test]
fn issue13_the_attacker_named_as_a_person() {
    for text in [
        "A gunman shot dead four shoppers at a market in [Vossel|location] on [8 August 2019|date:2019-08-08]. Police named the attacker as [Ivo Rask|person], 31.",
        "A bomb exploded outside a bank in [Vossel|location] on [8 August 2019|date:2019-08-08], killing two guards. Investigators identified the bomber as [Ivo Rask|person].",
        "A man opened fire on worshippers at a shrine in [Vossel|location] on [8 August 2019|date:2019-08-08], killing five. The attacker was later identified as [Ivo Rask|person].",
        "A gunman, identified by police as [Ivo Rask|person], shot dead three guards at a mine in [Vossel|location] on [8 August 2019|date:2019-08-08].",
    ] {
        let (d, e) = evs(text);
        let a = attack(&e);
        assert_eq!(names(&d, a, Role::Agent), ["Ivo Rask"], "{text}");
        // named as a fact: neither claimed nor suspected
        assert_eq!(a.modality, None, "{text}");
    }
    // a name apposed to the definite doer
    let (d, e) = evs("A bomb exploded at a bus station in [Vossel|location] on [8 August 2019|date:2019-08-08], killing four people. Police said the bomber, [Ivo Rask|person], had links to a smuggling ring.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), ["Ivo Rask"]);
    assert_eq!(a.fatalities, Some(4));
    // the attacker shot dead is no target
    let (d, e) = evs("A gunman opened fire on shoppers at a market in [Vossel|location] on [8 August 2019|date:2019-08-08], killing four people. The attacker, a 24-year-old man named [Ivo Rask|person], was shot dead by police.");
    let attacks = || e.iter().filter(|x| x.etype == EventType::Attack);
    assert!(
        attacks().all(|a| !names(&d, a, Role::Target).contains(&"Ivo Rask".to_string())),
        "{e:?}"
    );
    assert!(
        attacks().any(|a| names(&d, a, Role::Agent) == ["Ivo Rask"]),
        "{e:?}"
    );
    // a victim identified by name is no attacker
    let (d, e) = evs("A gunman shot dead a shopkeeper at a market in [Vossel|location] on [8 August 2019|date:2019-08-08]. The victim was identified as [Ivo Rask|person].");
    assert!(names(&d, attack(&e), Role::Agent).is_empty());
}

#[test]
fn issue13_whose_work_the_attack_was() {
    for text in [
        "A bomb exploded at a cafe in [Vossel|location] on [4 May 2017|date:2017-05-04], killing three people. [The Marl Front|armed_group] denied involvement, but officials said it was the group's work.",
        "A bomb exploded at a cafe in [Vossel|location] on [4 May 2017|date:2017-05-04], killing three people. Police said the bombing was the work of [the Marl Front|armed_group].",
    ] {
        let (d, e) = evs(text);
        let a = attack(&e);
        assert_eq!(
            names(&d, a, Role::Agent)
                .iter()
                .map(|n| n.to_lowercase())
                .collect::<Vec<_>>(),
            ["the marl front"],
            "{text}"
        );
        assert_eq!(a.modality.map(Modality::as_str), Some("suspected"));
    }
    // not its work
    let (d, e) = evs("A bomb exploded at a cafe in [Vossel|location] on [4 May 2017|date:2017-05-04], killing three people. Police said the bombing was not the work of [the Marl Front|armed_group].");
    assert!(names(&d, attack(&e), Role::Agent).is_empty());
}

#[test]
fn issue13_an_attack_reported_days_later_is_the_one_told_before() {
    // the report's date ("Two days later") is not a second attack's
    let (d, e) = evs("A bomb exploded at a wedding in [Vossel|location] on [12 November 2017|date:2017-11-12], killing nine guests. [Two days later|date:2017-11-14], police said [the Ash Ring|armed_group] was behind the attack.");
    let attacks: Vec<&Event> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
    assert_eq!(attacks.len(), 1, "{e:?}");
    assert_eq!(
        attacks[0].date.map(|d| d.to_string()).as_deref(),
        Some("2017-11-12")
    );
    assert_eq!(names(&d, attacks[0], Role::Agent), ["the Ash Ring"]);
    assert_eq!(attacks[0].fatalities, Some(9));
    // "its fighters had killed him", told three days later
    let (d, e) = evs("Gunmen shot dead a village elder, [Anton Merk|person], in [Vossel|location] on [9 January 2019|date:2019-01-09]. [Three days later|date:2019-01-12], [the Sable Ring|armed_group] said in a statement that its fighters had killed him.");
    let attacks: Vec<&Event> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
    assert_eq!(attacks.len(), 1, "{e:?}");
    assert_eq!(
        attacks[0].date.map(|d| d.to_string()).as_deref(),
        Some("2019-01-09")
    );
    assert_eq!(names(&d, attacks[0], Role::Target), ["Anton Merk"]);
    // a new attack told after a shift, in the narrator's voice, is another
    let (_, e) = evs("Gunmen shot dead a village elder, [Anton Merk|person], in [Vossel|location] on [9 January 2019|date:2019-01-09]. [Three days later|date:2019-01-12], gunmen killed his brother, [Ilse Merk|person], in [Vossel|location].");
    assert_eq!(
        e.iter().filter(|x| x.etype == EventType::Attack).count(),
        2,
        "{e:?}"
    );
}

#[test]
fn issue13_attackers_among_the_dead_are_no_toll() {
    let fat = |m: &str| {
        let e = evs(m).1;
        e.iter()
            .find(|x| x.etype == EventType::Attack)
            .unwrap_or_else(|| panic!("no attack in {m}: {e:?}"))
            .fatalities
    };
    let story =
        "Gunmen opened fire on a bus near [Vossel|location] on [3 May 2014|date:2014-05-03].";
    // a part set off by commas: the attackers among the dead are left out
    assert_eq!(
        fat(&format!(
            "{story} At least 12 people, including two assailants, were killed."
        )),
        Some(10)
    );
    assert_eq!(
        fat(&format!(
            "{story} Fourteen people, including three children, were killed."
        )),
        Some(14)
    );
    // an adverb between the auxiliary and the participle
    assert_eq!(
        fat(&format!(
            "{story} Two soldiers were killed, and four assailants were also killed."
        )),
        Some(2)
    );
    assert_eq!(
        fat(&format!("{story} Three passengers were later shot dead.")),
        Some(3)
    );
    assert_eq!(
        fat(&format!(
            "{story} Five passengers died and two gunmen died."
        )),
        Some(5)
    );
    assert_eq!(
        fat(&format!(
            "{story} Six soldiers and the suicide bomber were killed."
        )),
        Some(6)
    );
    assert_eq!(
        fat(&format!("{story} Two guards and the gunman were killed.")),
        Some(2)
    );
    // the attackers alone: no toll of the attack
    assert_eq!(
        fat(&format!("{story} Two assailants were also killed.")),
        None
    );
    // words as numbers; the day and the year are no counts
    assert_eq!(fat("Rebels raided a camp near [Vossel|location] on [30 April 2015|date:2015-04-30], killing a dozen soldiers."), Some(12));
    assert_eq!(fat("On [17 May 2018|date:2018-05-17], gunmen ambushed a convoy near [Vossel|location], killing 4 police officers."), Some(4));
    assert_eq!(fat("Gunmen attacked a market in [Vossel|location] on [14 July 2012|date:2012-07-14], leaving five people dead. By [Sunday|date:2012-07-15] the death toll had risen to eight."), Some(8));
    // vague counts give none
    assert_eq!(fat("Rebels attacked a market in [Vossel|location] on [6 June 2016|date:2016-06-06], killing scores of people and wounding dozens."), None);
}

#[test]
fn issue13_no_casualties_crackdowns_and_counts_told_later() {
    let hurt = |m: &str| {
        let a = attack(&evs(m).1).clone();
        (a.fatalities, a.injured)
    };
    let fire =
        "Masked men set fire to a clinic in [Vossel|location] on [9 May 2021|date:2021-05-09].";
    assert_eq!(
        hurt(&format!("{fire} There were no casualties.")),
        (Some(0), Some(0))
    );
    assert_eq!(
        hurt(&format!("{fire} There were no deaths.")),
        (Some(0), None)
    );
    // reported as none is no count
    assert_eq!(
        hurt(&format!("{fire} No casualties were reported.")),
        (None, None)
    );
    // a crackdown's dead
    let d = doc_from_markup("Police fired live rounds at protesters in [Vossel|location] on [2 March 2012|date:2012-03-02], killing four and wounding eleven.");
    let ctx = Ctx::new(&d, &crate::NoGeo);
    let c = sentence_casualties(&ctx, 0, EventType::Crackdown);
    assert_eq!((c.fatalities, c.injured), (Some(4), Some(11)));
    // counts told after an event found elsewhere, up to another attack
    let d = doc_from_markup("A device went off in a bin in [Vossel|location] on [2 February 2020|date:2020-02-02]. No one was killed. Two cleaners were wounded. Gunmen later shot dead a guard in [Orsk|location].");
    let ctx = Ctx::new(&d, &crate::NoGeo);
    let c = later_casualties(&ctx, 0, EventType::Attack);
    assert_eq!((c.fatalities, c.injured), (Some(0), Some(2)));
    let c = later_casualties(&ctx, 2, EventType::Attack);
    assert_eq!((c.fatalities, c.injured), (None, None));
    let d = doc_from_markup("A device went off in a bin in [Vossel|location] on [2 February 2020|date:2020-02-02]. Gunmen shot dead a guard in [Orsk|location] on [3 February 2020|date:2020-02-03]. No one was killed.");
    let ctx = Ctx::new(&d, &crate::NoGeo);
    assert_eq!(
        later_casualties(&ctx, 0, EventType::Attack),
        Casualties::default()
    );
}

#[test]
fn issue13_ordered_troops_to_a_place_is_a_deployment() {
    let (d, e) = evs("On [4 March 2021|date:2021-03-04], [General Ilsa Morrow|person] ordered additional troops to the province of [Velka|location].");
    let dep = one(&e, EventType::Deployment);
    assert_eq!(names(&d, dep, Role::Agent), vec!["General Ilsa Morrow"]);
    assert!(names(&d, dep, Role::Location).contains(&"Velka".to_string()));
    // an order to act is no deployment
    let (_, e) = evs("On [4 March 2021|date:2021-03-04], [General Ilsa Morrow|person] ordered his troops to attack the ridge.");
    assert!(!e.iter().any(|x| x.etype == EventType::Deployment));
}

#[test]
fn issue13_a_force_sent_in_the_passive_is_deployed_by_its_group() {
    let (d, e) = evs("On [9 October 2023|date:2023-10-09], about 300 fighters of [the Grey Lantern Brigade|armed_group] were sent to [Oskel|location].");
    let dep = one(&e, EventType::Deployment);
    assert_eq!(
        names(&d, dep, Role::Agent),
        vec!["the Grey Lantern Brigade"]
    );
    // a letter sent is no deployment
    let (_, e) = evs("On [9 October 2023|date:2023-10-09], a letter from [the Grey Lantern Brigade|armed_group] was sent to [Oskel|location].");
    assert!(!e.iter().any(|x| x.etype == EventType::Deployment));
}

#[test]
fn issue13_people_captured_by_an_armed_group_are_kidnapped() {
    let (d, e) = evs("On [4 May 2019|date:2019-05-04], [the Grey Lantern Brigade|armed_group] captured two surveyors near [Oskel|location].");
    let a = one(&e, EventType::Attack);
    assert_eq!(names(&d, a, Role::Agent), vec!["the Grey Lantern Brigade"]);
    assert!(!e.iter().any(|x| x.etype == EventType::Arrest));
    // taken by the state: an arrest
    let (_, e) = evs("On [4 May 2019|date:2019-05-04], [the Marovian army|organization] captured two smugglers near [Oskel|location].");
    assert!(e.iter().any(|x| x.etype == EventType::Arrest));
    assert!(!e.iter().any(|x| x.etype == EventType::Attack));
}

#[test]
fn issue13_a_sentence_or_a_passive_arrest_is_the_states() {
    let m = "[Tomas Helder|person] fled to [Marovia|country] in [2018|date:2018].\n\nOn [3 May 2020|date:2020-05-03], a court in [Varesk|location] sentenced [Tomas Helder|person] to 12 years in prison.";
    let (d, e) = evs(m);
    let s = one(&e, EventType::Sentence);
    assert_eq!(names(&d, s, Role::Agent), vec!["Marovia"]);
    assert_eq!(names(&d, s, Role::Target), vec!["Tomas Helder"]);
    let m = "[Tomas Helder|person] fled to [Marovia|country] in [2018|date:2018].\n\n[Tomas Helder|person] was arrested in [Varesk|location] on [3 May 2020|date:2020-05-03].";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Arrest);
    assert_eq!(names(&d, a, Role::Agent), vec!["Marovia"]);
    // arrested by a named group: no state
    let m = "[Tomas Helder|person] fled to [Marovia|country] in [2018|date:2018].\n\n[Tomas Helder|person] was captured by [the Grey Lantern Brigade|armed_group] on [3 May 2020|date:2020-05-03].";
    let (d, e) = evs(m);
    assert!(e
        .iter()
        .all(|x| !names(&d, x, Role::Agent).contains(&"Marovia".to_string())));
}

#[test]
fn issue13_a_report_before_the_event_it_reports_is_no_statement() {
    let (_, e) = evs("On [2 February 2020|date:2020-02-02], police in [Oskel|location] said a bomb exploded in a market, injuring a guard.");
    assert!(e.iter().any(|x| x.etype == EventType::Attack));
    assert!(!e.iter().any(|x| x.etype == EventType::Statement));
    // a statement of its own stays
    let (_, e) = evs("On [2 February 2020|date:2020-02-02], [the Grey Lantern Brigade|armed_group] condemned the bombing in [Oskel|location].");
    assert!(e.iter().any(|x| x.etype == EventType::Statement));
}

#[test]
fn issue13_attacks_on_different_days_are_not_merged() {
    // consecutive sentences, the same group, two days of one year: two attacks
    let m = "On [4 April 2016|date:2016-04-04], [the Tallis Front|armed_group] killed a judge in [Lemora|location]. On [26 April 2016|date:2016-04-26], [the Tallis Front|armed_group] fighters killed a colonel outside his home in [Varnek|location].";
    let (_, e) = evs(m);
    let attacks: Vec<&Event> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
    assert_eq!(attacks.len(), 2, "{attacks:?}");
    // each keeps its own toll: the second sentence's dead are not the first's
    let m = "On [29 February 2016|date:2016-02-29], [the Tallis Front|armed_group] mined a train near [Lemora|location], killing 28 soldiers and wounding 35. On [31 March 2016|date:2016-03-31], [the Tallis Front|armed_group] mined a train near [Varnek|location], killing 40 civilians and wounding 60.";
    let (_, e) = evs(m);
    let mut tolls: Vec<(Option<u32>, Option<u32>)> = e
        .iter()
        .filter(|x| x.etype == EventType::Attack)
        .map(|x| (x.fatalities, x.injured))
        .collect();
    tolls.sort();
    assert_eq!(tolls, vec![(Some(28), Some(35)), (Some(40), Some(60))]);
    // the same day told again is still one attack
    let m = "On [4 April 2016|date:2016-04-04], [the Tallis Front|armed_group] attacked a checkpoint in [Lemora|location]. On [4 April 2016|date:2016-04-04], [the Tallis Front|armed_group] fighters killed two guards at the checkpoint.";
    let (_, e) = evs(m);
    assert_eq!(e.iter().filter(|x| x.etype == EventType::Attack).count(), 1);
    // a month and a day inside it are no different times
    let m = "In [April 2016|date:2016-04], [the Tallis Front|armed_group] attacked a checkpoint in [Lemora|location]. On [4 April 2016|date:2016-04-04], [the Tallis Front|armed_group] fighters killed two guards at the checkpoint.";
    let (_, e) = evs(m);
    assert_eq!(e.iter().filter(|x| x.etype == EventType::Attack).count(), 1);
}

#[test]
fn issue13_tolls_from_death_nouns_fatal_wounds_and_verbs_of_dying() {
    let fat = |m: &str| attack(&evs(m).1).fatalities;
    let inj = |m: &str| attack(&evs(m).1).injured;
    assert_eq!(fat("On [12 May 2013|date:2013-05-12], a bomb attack on a convoy in [Harel|location] resulted in the deaths of 17 soldiers."), Some(17));
    assert_eq!(fat("On [12 May 2013|date:2013-05-12], gunmen attacked a bus in [Harel|location], claiming the lives of 30 passengers."), Some(30));
    assert_eq!(fat("In [May 2013|date:2013-05], troops raided a camp in [Harel|location]; the army announced the killing of five rebels."), Some(5));
    assert_eq!(fat("On [12 May 2013|date:2013-05-12], a bomb exploded at a court in [Harel|location], causing the deaths of a judge and two guards."), Some(3));
    assert_eq!(fat("On [5 October 2012|date:2012-10-05], 40 people perished when fighters of [the Tallis Front|armed_group] set fire to a market in [Sumo|location]."), Some(40));
    assert_eq!(fat("On [5 October 2012|date:2012-10-05], gunmen attacked a market in [Sumo|location]. Two guards and a cook perished."), Some(3));
    // a mortal wound is a death, not an injury
    let m = "On [6 November 2011|date:2011-11-06], [the Tallis Front|armed_group] attacked a checkpoint in [Kavar|location], mortally wounding two guards.";
    assert_eq!((fat(m), inj(m)), (Some(2), None));
    let m = "On [6 November 2011|date:2011-11-06], [the Tallis Front|armed_group] attacked the car of a judge in [Kavar|location], severely injuring him and mortally wounding his driver.";
    assert_eq!(fat(m), Some(1));
    assert_eq!(fat("On [6 November 2011|date:2011-11-06], gunmen attacked a checkpoint in [Kavar|location]. Three police officers were fatally shot."), Some(3));
    // found dead
    assert_eq!(fat("On [7 December 2010|date:2010-12-07], gunmen abducted nine passengers from a bus near [Lorin|location]. The nine passengers were later found dead."), Some(9));
    // the death an attack avenges is no toll of it
    assert_eq!(fat("On [7 December 2010|date:2010-12-07], [the Tallis Front|armed_group] attacked a police station in [Lorin|location] to avenge the death of its leader."), None);
}

#[test]
fn issue13_the_arresting_state_is_the_country_the_sentence_or_the_report_names() {
    // the one country the sentence names, though the report names others
    let m = "[Marovia|country] and [Veskia|country] signed a treaty in [2018|date:2018].\n\nOn [3 May 2020|date:2020-05-03], [Tomas Helder|person] was captured in a jungle region of [Marovia|country].";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Arrest);
    assert_eq!(names(&d, a, Role::Agent), vec!["Marovia"]);
    // none named there: the country the report names far most often
    let m = "[Marovia|country] has fought the rebels since [2001|date:2001]. [Marovia|country] sent troops in [2005|date:2005]. Aid came from [Veskia|country] in [2006|date:2006]. [Marovia|country] held elections in [2010|date:2010].\n\nOn [3 May 2020|date:2020-05-03], [Tomas Helder|person] was arrested in [Varesk|location].";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Arrest);
    assert_eq!(names(&d, a, Role::Agent), vec!["Marovia"]);
    // two countries named alike: no guess
    let m = "[Marovia|country] and [Veskia|country] fought in [2005|date:2005]. [Marovia|country] and [Veskia|country] signed a treaty in [2010|date:2010].\n\nOn [3 May 2020|date:2020-05-03], [Tomas Helder|person] was arrested in [Varesk|location].";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Arrest);
    assert!(names(&d, a, Role::Agent).is_empty());
}

#[test]
fn casualty_words_file_parses() {
    let w = CasualtyWords::parse(BUILTIN_CASUALTY_WORDS)
        .expect("patterns/events-casualties.toml parses");
    for list in [
        &w.die_verbs,
        &w.fatal_adverbs,
        &w.fatal_wound_verbs,
        &w.death_nouns_of,
        &w.found_dead,
        &w.not_toll_before,
    ] {
        assert!(!list.is_empty());
        assert!(list
            .iter()
            .all(|x| x == &x.to_lowercase() && !x.contains(' ')));
    }
    assert!(casualty_words().dies("perished"));
}

#[test]
fn issue13_a_states_forces_as_subject_make_the_state_the_attacker() {
    let m = "On [3 June 2020|date:2020-06-03], [Kalestan|country]'s air force bombed a camp of [the Tallis Front|armed_group] near [Merva|location], killing 20 fighters.";
    let (d, e) = evs(m);
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), vec!["Kalestan"]);
    // the state's forces attacked: not the agent
    let m = "On [3 June 2020|date:2020-06-03], [Kalestan|country]'s troops were ambushed near [Merva|location].";
    let (d, e) = evs(m);
    assert!(e
        .iter()
        .all(|x| !names(&d, x, Role::Agent).contains(&"Kalestan".to_string())));
}

#[test]
fn issue13_a_group_named_in_a_victims_title_is_counted_once_with_him() {
    let fat = |m: &str| attack(&evs(m).1).fatalities;
    assert_eq!(fat("On [17 April 2021|date:2021-04-17], a drone struck a car near [Merva|location], killing [Tallis Front|armed_group] commander [Omar Tessil|person] and a bodyguard."), Some(2));
}

#[test]
fn agent_words_file_parses() {
    let w = AgentWords::parse(BUILTIN_AGENT_WORDS).expect("patterns/events-agents.toml parses");
    assert!(!w.state_force_nouns.is_empty() && !w.state_force_modifiers.is_empty());
    assert!(!w.bare_state_forces.is_empty() && !w.state_markers.is_empty());
    assert!(!w.unnamed_doers.is_empty() && !w.non_state_markers.is_empty());
    assert!(agent_words()
        .state_force_nouns
        .iter()
        .any(|x| x == "troops"));
}

#[test]
fn issue13_killers_counted_before_an_active_killing_are_no_toll() {
    let fat = |m: &str| attack(&evs(m).1).fatalities;
    assert_eq!(fat("On [3 September 2018|date:2018-09-03], two men on a motorcycle shot dead a judge, [Adra Vell|person], in [Lemora|location]."), Some(1));
    assert_eq!(fat("On [3 September 2018|date:2018-09-03], three men in a car killed a guard outside a bank in [Lemora|location]."), Some(1));
    // a passive keeps its count
    assert_eq!(fat("On [3 September 2018|date:2018-09-03], gunmen attacked a bank in [Lemora|location]. Two guards were shot dead."), Some(2));
    assert_eq!(fat("On [3 September 2018|date:2018-09-03], a bomb exploded in [Lemora|location]; 12 people killed in the blast were civilians."), Some(12));
}

#[test]
fn issue13_a_rank_before_a_named_victim_starts_the_victim() {
    let fat = |m: &str| attack(&evs(m).1).fatalities;
    assert_eq!(fat("On [29 December 2016|date:2016-12-29], [the Tallis Front|armed_group] shot and killed Colonel [Ivo Rask|person] and his driver in [Lemora|location]."), Some(2));
}

#[test]
fn issue13_an_arrest_in_a_known_city_is_that_countrys() {
    // the city's country (gazetteer) wins over the report's most named one
    let m = "[Marovia|country] has fought the rebels since [2001|date:2001]. [Marovia|country] sent troops in [2005|date:2005]. [Marovia|country] held elections in [2010|date:2010]. A rebel leader fled to [France|country] in [2011|date:2011].\n\nOn [3 May 2020|date:2020-05-03], [Tomas Helder|person] was arrested in [Marseille|location].";
    let d = doc_from_markup(m);
    let e = extract(&Ctx::new(&d, &crate::GazetteerGeo));
    let a = one(&e, EventType::Arrest);
    assert_eq!(names(&d, a, Role::Agent), vec!["France"]);
    // a city of a country the report does not name: no guess
    let m = "[Marovia|country] has fought the rebels since [2001|date:2001]. [Marovia|country] sent troops in [2005|date:2005]. [Marovia|country] held elections in [2010|date:2010]. Aid came from [Veskia|country] in [2011|date:2011].\n\nOn [3 May 2020|date:2020-05-03], [Tomas Helder|person] was arrested in [Marseille|location].";
    let d = doc_from_markup(m);
    let e = extract(&Ctx::new(&d, &crate::GazetteerGeo));
    let a = one(&e, EventType::Arrest);
    assert!(names(&d, a, Role::Agent).is_empty());
}

#[test]
fn issue13_names_in_parentheses_intentions_and_singular_passives() {
    let fat = |m: &str| attack(&evs(m).1).fatalities;
    // a name in parentheses describes its item
    assert_eq!(fat("On [27 January 2017|date:2017-01-27], a bomb exploded outside a police station in [Lemora|location], killing a policeman ([Ivo Rask|person]) and a girl ([Mira Sol|person])."), Some(2));
    // "meant to kill" tells no death
    assert_eq!(fat("On [1 August 2018|date:2018-08-01], a bomb meant to kill [Ivo Rask|person] ripped through a building in [Lemora|location], killing three civilians."), Some(3));
    // one named victim, whatever describes him before the verb
    assert_eq!(fat("On [7 September 2016|date:2016-09-07], [Ivo Rask|person] of [the Lemora Trust Bank|organization] in [Lemora|location] was killed on his way to work by a gunman."), Some(1));
    assert_eq!(fat("On [19 August 2016|date:2016-08-19], [Ivo Rask|person] was intercepted on his way to work and killed by gunmen in [Lemora|location]."), Some(1));
    // nobody is no one dead
    let (_, e) = evs("On [19 August 2016|date:2016-08-19], gunmen attacked a bank in [Lemora|location]. Nobody was killed.");
    assert_eq!(attack(&e).fatalities, Some(0));
}

#[test]
fn issue13_a_claimant_before_its_acronym_and_apposition_and_a_country_name_as_modifier() {
    // "G (ACR), a militia …, claimed responsibility" in the next sentence
    let m = "Two bombs exploded at the bus station of [Lemora|location] on [28 January 2023|date:2023-01-28], killing 17 people. [The Tallis Front|armed_group] ([TF|armed_group=The Tallis Front]), a nationalist militia estimated at 300 fighters, claimed responsibility the same evening.";
    let (d, e) = evs(m);
    assert_eq!(names(&d, attack(&e), Role::Agent), vec!["The Tallis Front"]);
    // the country's name before a force noun
    let m = "On [17 April 2021|date:2021-04-17], a [Kalestan|country] drone struck a car near [Merva|location], killing two people.";
    let (d, e) = evs(m);
    assert_eq!(names(&d, attack(&e), Role::Agent), vec!["Kalestan"]);
}

#[test]
fn issue13_links_to_a_group_make_it_suspected() {
    let m = "A gunman shot and killed a shopkeeper in [Lemora|location] on [18 May 2021|date:2021-05-18]. Police said they were examining possible links to [the Tallis Front|armed_group], a paramilitary group.";
    let (d, e) = evs(m);
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), vec!["the Tallis Front"]);
    let m = "A gunman shot and killed a shopkeeper in [Lemora|location] on [18 May 2021|date:2021-05-18]. Police said they had found no links to [the Tallis Front|armed_group].";
    let (d, e) = evs(m);
    assert!(names(&d, attack(&e), Role::Agent).is_empty());
}

#[test]
fn issue13_a_bare_state_force_attacking_is_the_state() {
    let agents = |m: &str| {
        let (d, e) = evs(m);
        names(&d, attack(&e), Role::Agent)
    };
    // the one who reports is not the subject of "that security forces killed"
    assert_eq!(
        agents("[Norland|country] was calm. [Tarn Watch|organization] said on [12 July 2022|date:2022-07-12] that security forces killed at least 12 people in [Orno|location] on [2 July 2022|date:2022-07-02]."),
        vec!["Norland"]
    );
    assert!(agents("[Tarn Watch|organization] said on [12 July 2022|date:2022-07-12] that security forces killed at least 12 people in [Orno|location] on [2 July 2022|date:2022-07-02].").is_empty());
    // a name in a phrase of place after the force is not its subject
    assert_eq!(
        agents("[VESKA|armed_group], [Norland|country], [12 March 2017|date:2017-03-12] — Soldiers at a checkpoint outside [Veska|armed_group=VESKA] opened fire on a minibus on [11 March 2017|date:2017-03-11], killing six passengers."),
        vec!["Norland"]
    );
    // a weapon after a state's marker
    assert_eq!(
        agents("In [Norland|country], government artillery shelled the village of [Orno|location] on [3 May 2018|date:2018-05-03], killing a woman and her four children."),
        vec!["Norland"]
    );
    // unnamed doers: no state, and not the one who reports
    assert!(agents("[Norland|country] was calm. [Tarn Watch|organization] said on [12 July 2022|date:2022-07-12] that gunmen killed four people in [Orno|location] on [2 July 2022|date:2022-07-02].").is_empty());
    // a group's own fighters stay the group's
    for m in [
        "In [Norland|country], [Kesh Brigade|armed_group] fighters ambushed a patrol near [Orno|location] on [3 May 2018|date:2018-05-03].",
        "In [Norland|country], fighters of the [Kesh Brigade|armed_group] ambushed a patrol near [Orno|location] on [3 May 2018|date:2018-05-03].",
        "In [Norland|country], gunmen from the [Kesh Brigade|armed_group] attacked a patrol near [Orno|location] on [3 May 2018|date:2018-05-03].",
    ] {
        assert_eq!(agents(m), vec!["Kesh Brigade"], "{m}");
    }
    // a force noun that only modifies the subject is no head
    assert_eq!(
        agents("In [Norland|country], an artillery shell fired by the [Kesh Brigade|armed_group] hit a house in [Orno|location] on [3 May 2018|date:2018-05-03], killing a mother."),
        vec!["Kesh Brigade"]
    );
    // no object: "saw 156 officers and police killed"; several countries
    // and none in the sentence: no guess
    assert!(agents("[Norland|country] is at war. The worst year, [1976|date:1976], saw 156 officers and police killed.").is_empty());
    assert!(agents("[Norland|country] and [Veskia|country] talked. On [2 May 2001|date:2001-05-02] police stormed a plane in [Orno|location].").is_empty());
    // rebel forces are no state's
    assert!(agents("In [Norland|country], rebel forces attacked a police post near [Orno|location] on [3 May 2018|date:2018-05-03].").is_empty());
}

#[test]
fn issue13_aircraft_strike_and_rounds_fired_at_people() {
    let (d, e) = evs("On [17 October 2017|date:2017-10-17], [Norland Air Force|organization] jets struck a [Kesh Brigade|armed_group] training camp near [Orno|location], killing at least 30 fighters.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), vec!["Norland Air Force"]);
    // a helicopter that lands attacks nobody
    let (_, e) = evs("On [17 October 2017|date:2017-10-17], a helicopter carrying [Ada Vell|person] landed in [Orno|location].");
    assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
    let (_, e) = evs("On [2 July 2022|date:2022-07-02], members of the [Special Battalion|organization] fired live ammunition into a crowd of protesters in [Orno|location].");
    assert_eq!(attack(&e).etype, EventType::Attack);
    let (_, e) =
        evs("On [2 July 2022|date:2022-07-02], police in [Orno|location] fired shots in the air.");
    assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
}

#[test]
fn issue13_an_ied_triggered_and_a_records_date_field() {
    let (d, e) = evs("[2 November 2021|date:2021-11-02]: Suspected cadres of the [Orno Liberation Army|armed_group] triggered an IED against a [Vesk Constabulary|organization] patrol near [Tarn|location], injuring four personnel.");
    let a = attack(&e);
    assert_eq!(names(&d, a, Role::Agent), vec!["Orno Liberation Army"]);
    let (_, e) = evs("On [2 November 2021|date:2021-11-02], the arrest of [Ada Vell|person] triggered protests in [Tarn|location].");
    assert!(e.iter().all(|x| x.etype != EventType::Attack), "{e:?}");
    // the date field of a record dates the story of its next line
    let (_, e) = evs("Date of incident: [5.3.2016|date:2016-03-05], 04:15\n\nA bomb exploded under a train near [Tarn|location], wounding two.");
    assert_eq!(
        attack(&e).date.map(|x| x.to_string()).as_deref(),
        Some("2016-03-05")
    );
    // a line of another kind does not carry its date over
    let (_, e) = evs("Weekly bulletin of [5 March 2016|date:2016-03-05]\n\nA bomb exploded under a train near [Tarn|location], wounding two.");
    assert!(e.iter().all(|x| x.date.is_none()), "{e:?}");
}

#[test]
fn issue13_attacks_told_apart_in_one_sentence_are_two() {
    let attacks = |e: &[Event]| -> Vec<Event> {
        e.iter()
            .filter(|x| x.etype == EventType::Attack)
            .cloned()
            .collect()
    };
    // a semicolon and "a second" open a further attack at another place,
    // each with its own place and toll
    let m = "On [3 May 2021|date:2021-05-03] a car bomb exploded in [Tarvel|location], killing five people; a second bomb struck a market in [Osmin|location] hours later, killing three.";
    let (d, e) = evs(m);
    let a = attacks(&e);
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(names(&d, &a[0], Role::Location), vec!["Tarvel"]);
    assert_eq!(names(&d, &a[1], Role::Location), vec!["Osmin"]);
    assert_eq!((a[0].fatalities, a[1].fatalities), (Some(5), Some(3)));
    // "another attack" at another place
    let m = "On [3 May 2021|date:2021-05-03], [the Red Hand|armed_group] bombed a market in [Tarvel|location] and another attack hit a bus station in [Osmin|location].";
    let (d, e) = evs(m);
    let a = attacks(&e);
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(names(&d, &a[0], Role::Location), vec!["Tarvel"]);
    assert_eq!(names(&d, &a[1], Role::Location), vec!["Osmin"]);
}

#[test]
fn issue13_one_attack_with_two_targets_or_a_follow_up_stays_one() {
    let count = |m: &str| {
        evs(m)
            .1
            .iter()
            .filter(|x| x.etype == EventType::Attack)
            .count()
    };
    // two targets of one attack
    assert_eq!(
        count("On [3 May 2021|date:2021-05-03], gunmen attacked a convoy and a checkpoint in [Tarvel|location], killing four."),
        1
    );
    // what follows the semicolon is no attack
    assert_eq!(
        count("On [3 May 2021|date:2021-05-03], [the Red Hand|armed_group] bombed a market in [Tarvel|location]; police closed the roads to [Osmin|location]."),
        1
    );
    // a second bomb at the same place: no place of its own, one attack
    assert_eq!(
        count("On [3 May 2021|date:2021-05-03], a bomb exploded at a market in [Tarvel|location]; a second bomb went off minutes later, killing six."),
        1
    );
}

#[test]
fn issue13_a_founding_in_a_reduced_relative_is_passive() {
    // "G, founded in YEAR by N, …": N founded G; G is no founder
    let m = "[The Korrin Front|armed_group], founded in [1984|date:1984] by [Elias Braddock|person], a former union organizer, is the largest rebel group in the hills.";
    let (d, e) = evs(m);
    let f = one(&e, EventType::Founding);
    assert_eq!(names(&d, f, Role::Agent), vec!["Elias Braddock"]);
    assert_eq!(names(&d, f, Role::Participant), vec!["The Korrin Front"]);
    // an active verb after a comma keeps its subject as agent
    let m = "On [3 May 2019|date:2019-05-03], [the Korrin Front|armed_group], which rejects the truce, attacked a police post in [Tolva|location].";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Attack);
    assert_eq!(names(&d, a, Role::Agent), vec!["the Korrin Front"]);
}

#[test]
fn issue13_a_founder_described_before_his_name() {
    // "by a tribal elder, Sheikh N": the name in apposition founded it
    let m = "[The Ashen Banner|armed_group] was founded in [2009|date:2009] by a tribal elder, Sheikh [Hadi al-Murrani|person].";
    let (d, e) = evs(m);
    let f = one(&e, EventType::Founding);
    assert_eq!(names(&d, f, Role::Agent), vec!["Hadi al-Murrani"]);
    assert_eq!(names(&d, f, Role::Participant), vec!["The Ashen Banner"]);
    // a description closed by no name gives no agent
    let m = "[The Ashen Banner|armed_group] was founded in [2009|date:2009] by a tribal elder, and it grew quickly.";
    let (d, e) = evs(m);
    let f = one(&e, EventType::Founding);
    assert!(names(&d, f, Role::Agent).is_empty());
}

#[test]
fn issue13_broke_away_to_form_a_group_is_its_founding() {
    let m = "In [2016|date:2016] a faction broke away from [the Vesper Legion|armed_group] to form [the Gray Lantern Brigade|armed_group] under [Darian Kosk|person].";
    let (d, e) = evs(m);
    let f = one(&e, EventType::Founding);
    assert_eq!(names(&d, f, Role::Agent), vec!["Darian Kosk"]);
    assert_eq!(
        names(&d, f, Role::Participant),
        vec!["the Gray Lantern Brigade", "the Vesper Legion"]
    );
    // "to form" with no group after it founds nothing
    let m = "In [2016|date:2016] [the Vesper Legion|armed_group] agreed to form a joint command with local militias.";
    let (_, e) = evs(m);
    assert!(e.iter().all(|x| x.etype != EventType::Founding), "{e:?}");
    // nor a present "form" without "to"
    let m = "In [2016|date:2016] fighters of [the Vesper Legion|armed_group] form [the Gray Lantern Brigade|armed_group]'s core.";
    let (_, e) = evs(m);
    assert!(e.iter().all(|x| x.etype != EventType::Founding), "{e:?}");
}

#[test]
fn issue13_a_group_named_as_successor_by_its_group() {
    let m = "On [8 May 2020|date:2020-05-08], [the Red Fen Movement|armed_group] confirmed the death of its leader and named his deputy, [Lidia Morrow|person], as his successor.";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Appointment);
    assert_eq!(
        names(&d, a, Role::Agent),
        vec!["the Red Fen Movement"],
        "{e:?}"
    );
    assert_eq!(names(&d, a, Role::Target), vec!["Lidia Morrow"]);
    assert_eq!(
        names(&d, a, Role::Participant),
        vec!["the Red Fen Movement"]
    );
    // a possessive pronoun read as its person is not the one appointed
    let m = "On [8 May 2020|date:2020-05-08], [the Red Fen Movement|armed_group] named [his|person] deputy, [Lidia Morrow|person], as [his|person] successor.";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Appointment);
    assert_eq!(names(&d, a, Role::Target), vec!["Lidia Morrow"], "{e:?}");
    // "named the attacker as N" is no appointment
    let m = "On [8 May 2020|date:2020-05-08], police named the attacker as [Lidia Morrow|person].";
    let (_, e) = evs(m);
    assert!(e.iter().all(|x| x.etype != EventType::Appointment), "{e:?}");
}

#[test]
fn issue13_a_groups_founding_year_in_passing_dates_no_attack() {
    // the blame of the attack told before, not an attack of 2015
    let m = "On [6 May 2020|date:2020-05-06], gunmen killed nine herders near [Orvald|location]. The attacks were blamed on [the Ash Hollow militia|armed_group], a vigilante group formed in [2015|date:2015] by local hunters.";
    let (d, e) = evs(m);
    let attacks: Vec<_> = e.iter().filter(|x| x.etype == EventType::Attack).collect();
    assert_eq!(attacks.len(), 1, "{e:?}");
    assert_eq!(
        attacks[0].date.map(|x| x.to_string()).as_deref(),
        Some("2020-05-06")
    );
    assert_eq!(
        names(&d, attacks[0], Role::Agent),
        vec!["the Ash Hollow militia"]
    );
    // a founding's own date stays its date
    let m = "[The Ash Hollow militia|armed_group], a vigilante group formed in [2015|date:2015] by local hunters, was founded in [2015|date:2015].";
    let (_, e) = evs(m);
    let f = one(&e, EventType::Founding);
    assert_eq!(f.date.map(|x| x.to_string()).as_deref(), Some("2015"));
}

#[test]
fn issue13_an_accusation_with_no_complement_names_the_suspect() {
    let m = "On [6 May 2020|date:2020-05-06], gunmen killed nine herders near [Orvald|location]. Officials blamed bandits, while community leaders accused [the Ash Hollow|armed_group] militia, which denies it.";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Attack);
    assert_eq!(names(&d, a, Role::Agent), vec!["the Ash Hollow"]);
    assert_eq!(a.modality, Some(Modality::Suspected));
    // an accusation of something else names no one
    let m = "On [6 May 2020|date:2020-05-06], gunmen killed nine herders near [Orvald|location]. Officials accused [the Ash Hollow|armed_group] of smuggling cattle.";
    let (d, e) = evs(m);
    let a = one(&e, EventType::Attack);
    assert!(names(&d, a, Role::Agent).is_empty(), "{e:?}");
}

#[test]
fn issue13_the_person_in_apposition_before_a_statement_speaks() {
    let m = "On [15 May 2021|date:2021-05-15], the [UN Humanitarian Coordinator|organization], [Mira Halloway|person], condemned the attack on the convoy.";
    let (d, e) = evs(m);
    let s = one(&e, EventType::Statement);
    assert_eq!(names(&d, s, Role::Agent), vec!["Mira Halloway"], "{e:?}");
    // a body speaking with no person set off after it stays the speaker
    let m = "On [15 May 2021|date:2021-05-15], the [Velorian Red Cross|organization] condemned the attack on the convoy.";
    let (d, e) = evs(m);
    let s = one(&e, EventType::Statement);
    assert_eq!(
        names(&d, s, Role::Agent),
        vec!["Velorian Red Cross"],
        "{e:?}"
    );
}
