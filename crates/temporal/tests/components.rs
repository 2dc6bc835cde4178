//! The components on whole documents: robustness on arbitrary text (with a
//! naive whitespace tokenization built here) and the sample report.

use dossier_doc::{Component, DateKind, Doc, Meta, Sentence, Token};
use dossier_temporal::{
    citation_dates, date_near, sentence_date, DatesComponent, Edtf, QuantitiesComponent,
};
use proptest::prelude::*;

/// Splits `text` into sentences (after `.`, `!`, `?` followed by a space,
/// and at newlines) and whitespace tokens.
fn naive_doc(text: &str, published: Option<&str>) -> Doc {
    // a date that is not EDTF ("junk") cannot reach a document: none
    let meta = Meta {
        published: published.and_then(|p| p.parse().ok()),
        ..Meta::default()
    };
    let mut doc = Doc::new(meta, text.to_string());
    let chars: Vec<char> = text.chars().collect();
    let mut bounds = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let end_here = chars[i] == '\n'
            || (matches!(chars[i], '.' | '!' | '?')
                && chars.get(i + 1).is_some_and(|c| c.is_whitespace()));
        if end_here {
            bounds.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < chars.len() {
        bounds.push((start, chars.len()));
    }
    for (s, e) in bounds {
        let token_start = doc.tokens.len();
        let sentence = doc.sentences.len();
        let mut i = s;
        while i < e {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let a = i;
            while i < e && !chars[i].is_whitespace() {
                i += 1;
            }
            doc.tokens.push(Token {
                start: a,
                end: i,
                sentence,
                text: chars[a..i].iter().collect::<String>().into(),
                pos: None,
                chunk: None,
                ner: None,
                ..Default::default()
            });
        }
        doc.sentences.push(Sentence {
            start: s,
            end: e,
            token_start,
            token_end: doc.tokens.len(),
        });
    }
    doc
}

fn run(doc: &mut Doc) {
    DatesComponent::default().process(doc).unwrap();
    QuantitiesComponent.process(doc).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,200}", pubd in prop_oneof![Just(None), Just(Some("2022-02")), Just(Some("junk"))]) {
        let mut doc = naive_doc(&text, pubd);
        run(&mut doc);
        prop_assert!(doc.check_spans().is_ok());
        for d in &doc.dates {
            prop_assert_eq!(Edtf::parse(&d.edtf.to_string()), Ok(d.edtf), "{}", d.edtf);
        }
        for q in &doc.quantities {
            prop_assert!(q.start <= q.end && q.end <= doc.len_chars());
        }
    }

    #[test]
    fn never_panics_on_date_like_text(words in proptest::collection::vec(prop_oneof![
        Just("July"), Just("3,"), Just("2018"), Just("early"), Just("the"), Just("1990s"), Just("between"),
        Just("and"), Just("from"), Just("to"), Just("–"), Just("(,"), Just(")"), Just("four"), Just("years"),
        Just("earlier"), Just("last"), Just("month"), Just("on"), Just("Saturday"), Just("around"), Just("20"),
        Just("members"), Just("dozens"), Just("of"), Just("were"), Just("killed"), Just("07/03/2018"), Just("2014-16"),
        Just("9999"), Just("0000"), Just("31"), Just("February"), Just("29,"), Just("$"), Just("%"), Just(";"),
        Just("mid-"), Just("spring"), Just("since"), Just("more"), Just("than"), Just("1,200"), Just("[1]"),
    ], 0..30)) {
        let text = words.join(" ");
        let mut doc = naive_doc(&text, Some("2022-02-10"));
        run(&mut doc);
        prop_assert!(doc.check_spans().is_ok());
        for d in &doc.dates {
            prop_assert_eq!(Edtf::parse(&d.edtf.to_string()), Ok(d.edtf), "{} in {}", d.edtf, text);
        }
    }
}

#[test]
fn sample_report() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sample-report.txt"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("tracked fixture {path} cannot be read: {e}"));
    let mut doc = naive_doc(&text, Some("2022-02"));
    run(&mut doc);
    assert!(doc.check_spans().is_ok());
    if std::env::var("SHOW").is_ok() {
        for d in &doc.dates {
            eprintln!("D s{} {:?} {:?} {}", d.sentence, d.kind, d.text, d.edtf);
        }
        for q in &doc.quantities {
            eprintln!("Q s{} {:?} {} {:?}", q.sentence, q.text, q.value, q.unit);
        }
    }
    let date = |t: &str| {
        doc.dates
            .iter()
            .find(|d| d.text == t)
            .map(|d| (d.edtf.to_string(), d.kind))
    };
    assert_eq!(
        date("early 2016"),
        Some(("2016-01/2016-04".into(), DateKind::Fuzzy))
    );
    assert_eq!(
        date("late 2021"),
        Some(("2021-09/2021-12".into(), DateKind::Fuzzy))
    );
    assert_eq!(
        date("July 3, 2018"),
        Some(("2018-07-03".into(), DateKind::Explicit))
    );
    assert_eq!(
        date("Four years earlier"),
        Some(("2009".into(), DateKind::Relative))
    );
    assert_eq!(
        date("February 4"),
        Some(("2022-02-04".into(), DateKind::Citation))
    );
    assert_eq!(date("by 2018"), Some(("2018".into(), DateKind::Explicit)));
    assert_eq!(
        date("October 2021"),
        Some(("2021-10".into(), DateKind::Explicit))
    );
    // No citation date is ever a sentence date.
    for d in doc.dates.iter().filter(|d| d.kind == DateKind::Citation) {
        if let Some(s) = sentence_date(&doc, d.sentence) {
            assert_ne!(s.kind, DateKind::Citation);
        }
        assert!(citation_dates(&doc, d.sentence).contains(&d.edtf));
    }
    let q = |t: &str| {
        doc.quantities
            .iter()
            .find(|q| q.text == t)
            .map(|q| (q.value.as_str(), q.unit.as_deref()))
    };
    assert_eq!(q("14"), Some(("14", Some("student"))));
    assert_eq!(q("two"), Some(("2", Some("killed"))));
    assert_eq!(q("dozens"), Some(("24~", Some("arrested"))));
    assert_eq!(q("six"), Some(("6", Some("arrested"))));
    assert_eq!(q("around 20"), Some(("20~", Some("member"))));
    assert!(doc
        .quantities
        .iter()
        .all(|q| q.unit.as_deref() != Some("largest")));
}

#[test]
fn helpers_pick_the_right_date() {
    let mut doc = naive_doc(
        "In 2019 the Kestrel Front bombed a depot in Vesk on May 2, 2019 (, June 1, 2020).",
        Some("2022-02"),
    );
    run(&mut doc);
    assert_eq!(
        sentence_date(&doc, 0)
            .map(|d| d.edtf.to_string())
            .as_deref(),
        Some("2019")
    );
    let depot = doc.text.find("depot").unwrap();
    let near = date_near(&doc, 0, doc.text[..depot].chars().count()).unwrap();
    assert_eq!(near.edtf.to_string(), "2019-05-02");
    assert_eq!(citation_dates(&doc, 0), [Edtf::day(2020, 6, 1).unwrap()]);
    let mut doc = naive_doc(
        "Since 2014 the Kestrel Front has raided Vesk in 2016.",
        None,
    );
    run(&mut doc);
    assert_eq!(
        sentence_date(&doc, 0)
            .map(|d| d.edtf.to_string())
            .as_deref(),
        Some("2016")
    );
}

#[test]
fn date_order_from_metadata() {
    let mut doc = naive_doc("The raid was logged on 07/03/2018 in Vesk.", None);
    DatesComponent::default().process(&mut doc).unwrap();
    assert_eq!(doc.dates[0].edtf.to_string(), "2018");
    doc.meta.extra.insert("date_order".into(), "dmy".into());
    DatesComponent::default().process(&mut doc).unwrap();
    assert_eq!(doc.dates[0].edtf.to_string(), "2018-03-07");
    let c = DatesComponent::new(dossier_temporal::DateOrder::MonthFirst);
    doc.meta.extra.clear();
    c.process(&mut doc).unwrap();
    assert_eq!(doc.dates[0].edtf.to_string(), "2018-07-03");
    assert_eq!(
        (c.name(), QuantitiesComponent.name()),
        ("dates", "quantities")
    );
}

#[test]
fn each_wire_item_of_a_digest_has_its_own_dateline() {
    // a digest published as a month: each item's weekday is the one on or
    // before its own dateline, not one read against the whole month
    let text = "Weekly Digest\n\nVARDO, March 3 - A bomb struck a bus on Monday, police said.\n\nOLMHAVEN, March 5 - Gunmen fired on a convoy on Wednesday. Two guards were wounded.\n\nKESTREL BAY, March 14 - Fighters attacked the village on Friday night.\n";
    let mut doc = naive_doc(text, Some("2025-03"));
    run(&mut doc);
    let got: Vec<(&str, String)> = doc
        .dates
        .iter()
        .map(|d| (d.text.as_str(), d.edtf.to_string()))
        .collect();
    for (day, want) in [
        ("Monday", "2025-03-03"),
        ("Wednesday", "2025-03-05"),
        ("Friday", "2025-03-14"),
    ] {
        assert!(got.contains(&(day, want.to_string())), "{day}: {got:?}");
    }
    // a year-less dateline is read in the year of publication, not in the
    // year the item before it last named
    let mut doc = naive_doc(
        "VARDO, March 3 - A bomb struck a bus; the group was founded in 2019.\n\nOLMHAVEN, March 10 - Ministers met on Monday.",
        Some("2025-03"),
    );
    run(&mut doc);
    let got: Vec<String> = doc.dates.iter().map(|d| d.edtf.to_string()).collect();
    assert_eq!(got, ["2025-03-03", "2019", "2025-03-10", "2025-03-10"]);
    // a leading date that is not on a line of its own is no dateline
    let mut doc = naive_doc(
        "VARDO, March 3 - A bomb struck a bus. Later, March 20 - the day of the vote - gunmen attacked on Wednesday.",
        Some("2025-03-28"),
    );
    run(&mut doc);
    let wed = doc
        .dates
        .iter()
        .find(|d| d.text == "Wednesday")
        .map(|d| d.edtf.to_string());
    assert_eq!(wed.as_deref(), Some("2025-02-26"));
}

#[test]
fn a_reports_own_numeric_dates_tell_the_order_of_its_ambiguous_ones() {
    // 03/15/2012 can only be month first: 02/03/2012 is 3 February
    let mut doc = naive_doc(
        "03/15/2012: Gunmen attacked a checkpoint. The same post was attacked on 02/03/2012.",
        Some("2012-03-20"),
    );
    run(&mut doc);
    let got: Vec<String> = doc.dates.iter().map(|d| d.edtf.to_string()).collect();
    assert_eq!(got, ["2012-03-15", "2012-02-03"]);
    // and 15/03/2012 day first: 02/03/2012 is 2 March
    let mut doc = naive_doc(
        "15/03/2012: Gunmen attacked a checkpoint. The same post was attacked on 02/03/2012.",
        Some("2012-03-20"),
    );
    run(&mut doc);
    let got: Vec<String> = doc.dates.iter().map(|d| d.edtf.to_string()).collect();
    assert_eq!(got, ["2012-03-15", "2012-03-02"]);
    // alone, an ambiguous date stays at its year
    let mut doc = naive_doc("The post was attacked on 02/03/2012.", Some("2012-03-20"));
    run(&mut doc);
    assert_eq!(doc.dates[0].edtf.to_string(), "2012");
    assert_eq!(
        dossier_temporal::numeric_order("3/15/2012 and 15/3/2012"),
        None
    );
}

#[test]
fn issue13_a_weekday_tells_the_order_of_an_ambiguous_leading_date() {
    // 8 March 2013 was a Friday, 3 August 2013 a Saturday
    let mut doc = naive_doc(
        "03/08/2013: On Friday, gunmen attacked a checkpoint in Varnek.",
        None,
    );
    run(&mut doc);
    assert_eq!(doc.dates[0].edtf.to_string(), "2013-03-08");
    assert_eq!(
        dossier_temporal::weekday_order("03/08/2013: On Saturday, a bomb exploded."),
        Some(dossier_temporal::DateOrder::DayFirst)
    );
    // a dateline after a place; 8 December 2011 was a Thursday
    assert_eq!(
        dossier_temporal::weekday_order(
            "OSKA CITY, 12/08/2011 - Armed men seized a bus on Thursday."
        ),
        Some(dossier_temporal::DateOrder::MonthFirst)
    );
    // no weekday, or one neither reading falls on: no order
    assert_eq!(
        dossier_temporal::weekday_order("03/08/2013: Gunmen attacked a post."),
        None
    );
    assert_eq!(
        dossier_temporal::weekday_order("03/08/2013: On Monday, gunmen attacked a post."),
        None
    );
    // an unambiguous date needs no weekday
    assert_eq!(
        dossier_temporal::weekday_order("03/15/2012: On Thursday, gunmen attacked a post."),
        None
    );
}
