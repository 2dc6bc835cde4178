use super::*;

fn ctx(published: Option<&str>) -> DateContext {
    DateContext {
        published: published.map(|p| Edtf::parse(p).unwrap()),
        order: DateOrder::Unknown,
    }
}

fn values(text: &str, published: Option<&str>) -> Vec<(String, String)> {
    find_dates(text, &ctx(published))
        .into_iter()
        .map(|d| (d.text, d.edtf.to_string()))
        .collect()
}

#[test]
fn a_weekday_is_anchored_on_its_sentences_reporting_date() {
    // published a week later: Sunday is the one before the reporting day
    let v = values(
        "Sunday's attack on a checkpoint near Vessk killed 12, officials said on 4 April 2017.",
        Some("2017-04-12"),
    );
    assert_eq!(v[0], ("Sunday".to_string(), "2017-04-02".to_string()));
    assert_eq!(v[1].1, "2017-04-04");
    let v = values(
        "Friday's ambush near Oldmere killed four officers, the police command said on 12 November 2018.",
        Some("2018-11-20"),
    );
    assert_eq!(v[0].1, "2018-11-09");
    // a reporting weekday anchors another weekday of its sentence
    let v = values(
        "The ministry said on Monday that the raid on Saturday left two dead.",
        Some("2019-02-20"),
    );
    assert_eq!(v[0].1, "2019-02-18");
    assert_eq!(v[1].1, "2019-02-16");
    // a date that is not a reporting date does not anchor the weekday
    let v = values(
        "On Tuesday gunmen attacked the town they had raided on 4 April 2017.",
        Some("2017-04-12"),
    );
    assert_eq!(v[0].1, "2017-04-11");
}

#[test]
fn a_leading_date_anchors_the_weekday() {
    // published a week and a half later: Thursday is the dateline's
    let v = values(
        "03/15/2012: On Thursday gunmen attacked a post.",
        Some("2012-03-28"),
    );
    assert_eq!(v[1], ("Thursday".to_string(), "2012-03-15".to_string()));
    let v = values(
        "KORVATSK, 9 November 2017 – A bomb exploded on Tuesday.",
        Some("2017-11-20"),
    );
    assert_eq!(v[1].1, "2017-11-07");
    // an ambiguous numeric dateline read by the weekday after it
    let v = values(
        "04/03/2012: On Tuesday gunmen attacked a post.",
        Some("2012-04-20"),
    );
    assert_eq!(v[0].1, "2012-04-03");
    assert_eq!(v[1].1, "2012-04-03");
    let v = values(
        "04/03/2012: On Sunday gunmen attacked a post.",
        Some("2012-04-20"),
    );
    assert_eq!(v[0].1, "2012-03-04");
    // without a dateline the publication date anchors it
    let v = values("On Thursday gunmen attacked a post.", Some("2012-03-28"));
    assert_eq!(v[0].1, "2012-03-22");
    // a date later in the story is no dateline
    let v = values(
        "Gunmen attacked a post in the hills of the northern province on 3 March 2012. On Thursday they struck again.",
        Some("2012-03-28"),
    );
    assert_eq!(v[1].1, "2012-03-22");
}

#[test]
fn times_of_day_are_not_years() {
    for t in [
        "The blast went off at around 2200 on Thursday.",
        "A bomb exploded at 0415 hours on 2 February 2011.",
        "The attack began at 1930 local time.",
        "Shelling lasted from 1900 until 2300.",
        "Monitors counted 43 explosions between 0500 and 0700 hours.",
        "Fighters struck at 2015 hrs.",
        "The raid came around 1800 on Friday.",
    ] {
        let v = values(t, Some("2011-02-07"));
        let clocks: Vec<&str> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter(|w| *w != "2011")
            .collect();
        assert!(
            v.iter().all(|(m, _)| !clocks.iter().any(|c| m.contains(c))),
            "{t}: {v:?}"
        );
    }
    // years stay years
    assert_eq!(values("In 1900 the town was founded.", None)[0].1, "1900");
    assert_eq!(
        values("The group was formed around 1980.", None)[0].1,
        "1980~"
    );
    assert_eq!(values("The attack of 2015 killed nine.", None)[0].1, "2015");
}

/// (text, published, expected [(mention text, edtf)]) — own sentences.
#[test]
fn text_to_edtf_table() {
    type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            "The raid took place on July 3, 2018 in Norvik.",
            None,
            &[("July 3, 2018", "2018-07-03")],
        ),
        (
            "It happened on 3 July 2018.",
            None,
            &[("3 July 2018", "2018-07-03")],
        ),
        (
            "It happened on the 3rd of July, 2018.",
            None,
            &[("3rd of July, 2018", "2018-07-03")],
        ),
        (
            "Logged 2018-07-03 by the guard.",
            None,
            &[("2018-07-03", "2018-07-03")],
        ),
        (
            "Filed 07/23/2018 at noon.",
            None,
            &[("07/23/2018", "2018-07-23")],
        ),
        (
            "Filed 23/07/2018 at noon.",
            None,
            &[("23/07/2018", "2018-07-23")],
        ),
        ("Filed 07/03/2018 at noon.", None, &[("07/03/2018", "2018")]),
        (
            "The camp opened Jul. 3 in the valley.",
            Some("2019-05"),
            &[("Jul. 3", "2018-07-03")],
        ),
        (
            "Talks collapsed in October 2021.",
            None,
            &[("October 2021", "2021-10")],
        ),
        (
            "The Red Lantern Front was formed in 2009.",
            None,
            &[("2009", "2009")],
        ),
        (
            "Smuggling grew in the 1990s.",
            None,
            &[("the 1990s", "1990/1999")],
        ),
        (
            "Smuggling grew in the early 1990s.",
            None,
            &[("the early 1990s", "1990/1993")],
        ),
        (
            "In early 2016, Arvo Pell founded the Ash Brigade.",
            None,
            &[("early 2016", "2016-01/2016-04")],
        ),
        (
            "By mid-2016 it had grown.",
            None,
            &[("By mid-2016", "2016-05/2016-08")],
        ),
        (
            "The cell dissolved in late 2021.",
            None,
            &[("late 2021", "2021-09/2021-12")],
        ),
        (
            "At the beginning of 2016 they met.",
            None,
            &[("the beginning of 2016", "2016-01/2016-04")],
        ),
        (
            "At the end of 2016 they split.",
            None,
            &[("the end of 2016", "2016-09/2016-12")],
        ),
        (
            "Fighting resumed in the spring of 2019.",
            None,
            &[("the spring of 2019", "2019-21")],
        ),
        (
            "Fighting resumed in winter 2019.",
            None,
            &[("winter 2019", "2019-24")],
        ),
        (
            "The unit was created around 2015 near Dorvel.",
            None,
            &[("around 2015", "2015~")],
        ),
        (
            "It was created circa 1998.",
            None,
            &[("circa 1998", "1998~")],
        ),
        (
            "The siege lasted between 2014 and 2016.",
            None,
            &[("between 2014 and 2016", "2014/2016")],
        ),
        (
            "The siege lasted 2014–2016.",
            None,
            &[("2014–2016", "2014/2016")],
        ),
        (
            "The siege lasted 2014-16.",
            None,
            &[("2014-16", "2014/2016")],
        ),
        (
            "Raids went on from March to May 2019.",
            None,
            &[("from March to May 2019", "2019-03/2019-05")],
        ),
        (
            "Raids went on from 3 to 5 July 2018.",
            None,
            &[("from 3 to 5 July 2018", "2018-07-03/2018-07-05")],
        ),
        (
            "It has operated since 2014.",
            None,
            &[("since 2014", "2014")],
        ),
        ("It was active by 2018.", None, &[("by 2018", "2018")]),
        (
            "A bomb went off in 2013. Four years earlier, in 2009, six men were held.",
            None,
            &[
                ("2013", "2013"),
                ("Four years earlier", "2009"),
                ("2009", "2009"),
            ],
        ),
        (
            "The vote was in 2015. Two years later the party split.",
            None,
            &[("2015", "2015"), ("Two years later", "2017")],
        ),
        (
            "The vote was in 2015. The following year it split.",
            None,
            &[("2015", "2015"), ("The following year", "2016")],
        ),
        (
            "The vote was in May 2015. The previous month it split.",
            None,
            &[("May 2015", "2015-05"), ("The previous month", "2015-04")],
        ),
        (
            "Last month the militia attacked a depot.",
            Some("2022-02-10"),
            &[("Last month", "2022-01")],
        ),
        (
            "Last year the militia attacked a depot.",
            Some("2022-02"),
            &[("Last year", "2021")],
        ),
        (
            "This year the militia grew.",
            Some("2022-02"),
            &[("This year", "2022")],
        ),
        (
            "On Saturday gunmen attacked a checkpoint.",
            Some("2022-02-09"),
            &[("Saturday", "2022-02-05")],
        ),
        (
            "Yesterday gunmen attacked a checkpoint.",
            Some("2022-02-09"),
            &[("Yesterday", "2022-02-08")],
        ),
        (
            "Earlier this month gunmen attacked a checkpoint.",
            Some("2022-02-09"),
            &[("Earlier this month", "2022-02-01/2022-02-09")],
        ),
        (
            "Twelve years ago the front was born.",
            Some("2022-02"),
            &[("Twelve years ago", "2010")],
        ),
        (
            "Its roots go back to the 19th century.",
            None,
            &[("the 19th century", "1801/1900")],
        ),
        (
            "Output fell in the first half of 2020.",
            None,
            &[("the first half of 2020", "2020-01/2020-06")],
        ),
        (
            "Talks ran 3–5 July 2018 in Vesk.",
            None,
            &[("3–5 July 2018", "2018-07-03/2018-07-05")],
        ),
        (
            "Talks ran July 3–5, 2018 in Vesk.",
            None,
            &[("July 3–5, 2018", "2018-07-03/2018-07-05")],
        ),
        (
            "Over the past three years the front grew.",
            Some("2022-02"),
            &[("the past three years", "2019/2022")],
        ),
        (
            "Last Saturday the front struck.",
            Some("2022-02-09"),
            &[("Last Saturday", "2022-02-05")],
        ),
        (
            "The front struck at the end of last year.",
            Some("2022-02-09"),
            &[("the end of last year", "2021-09/2021-12")],
        ),
        (
            "They met on May 2, 2019. A week later they struck.",
            None,
            &[
                ("May 2, 2019", "2019-05-02"),
                ("A week later", "2019-05-09"),
            ],
        ),
        (
            "They met on May 2, 2019. The next day they struck.",
            None,
            &[
                ("May 2, 2019", "2019-05-02"),
                ("The next day", "2019-05-03"),
            ],
        ),
        (
            "They met in 2011. That year the front split.",
            None,
            &[("2011", "2011"), ("That year", "2011")],
        ),
        ("They said that year after year the front grew.", None, &[]),
        (
            "They met in 2011. In that year the front split.",
            None,
            &[("2011", "2011"), ("that year", "2011")],
        ),
        (
            "The vote was in 2015. Two years after 2010 the party split.",
            None,
            &[("2015", "2015"), ("Two years after 2010", "2012")],
        ),
        (
            "From 2014 to 2016 the front grew.",
            None,
            &[("From 2014 to 2016", "2014/2016")],
        ),
        (
            "Attacks rose in mid-July 2018.",
            None,
            &[("mid-July 2018", "2018-07-11/2018-07-20")],
        ),
        (
            "Ties were cut (, October 4, 2021).",
            None,
            &[("October 4, 2021", "2021-10-04")],
        ),
    ];
    let mut failures = Vec::new();
    for (text, published, expected) in cases {
        let found = find_dates(text, &ctx(*published));
        let got: Vec<(String, String)> = found
            .iter()
            .map(|d| (d.text.clone(), d.edtf.to_string()))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        if got != want {
            failures.push(format!("{text}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn uncertain_and_dated_forms() {
    let f = find_dates("It was possibly in 2004 that the cell formed.", &ctx(None));
    assert_eq!(f[0].edtf.to_string(), "2004?");
    let mut c = ctx(None);
    c.order = DateOrder::MonthFirst;
    assert_eq!(
        find_dates("Filed 07/03/2018.", &c)[0].edtf.to_string(),
        "2018-07-03"
    );
    c.order = DateOrder::DayFirst;
    assert_eq!(
        find_dates("Filed 07/03/2018.", &c)[0].edtf.to_string(),
        "2018-03-07"
    );
}

#[test]
fn year_needs_context() {
    for text in [
        "The brigade fielded 2,000 fighters.",
        "The brigade fielded 1500 fighters.",
        "Some 2000 men joined.",
        "See page 2010 of the file.",
        "It cost $2015 in total.",
        "Volume: 20 Issue: 4",
        "Support reached 1998 percent.",
    ] {
        let f = find_dates(text, &ctx(None));
        assert!(f.is_empty(), "{text}: {f:?}");
    }
    for (text, y) in [
        ("2009 — the year it began.", "2009"),
        ("During the 2020 war the town fell.", "2020"),
        ("Victims of a 2015 crackdown gathered.", "2015"),
    ] {
        let f = find_dates(text, &ctx(None));
        assert_eq!(f.len(), 1, "{text}");
        assert_eq!(f[0].edtf.to_string(), y);
    }
}

#[test]
fn citations_are_marked_and_never_anchor() {
    let text = "The Amber Guard raided a port (, April 30, 2021;, March 31, 2021). Ties soured (, February 4). Two years later it struck again.";
    let f = find_dates(text, &ctx(Some("2022-02")));
    let got: Vec<(String, DateKind)> = f.iter().map(|d| (d.edtf.to_string(), d.kind)).collect();
    assert_eq!(
        got,
        [
            ("2021-04-30".to_string(), DateKind::Citation),
            ("2021-03-31".to_string(), DateKind::Citation),
            ("2022-02-04".to_string(), DateKind::Citation),
            ("2024".to_string(), DateKind::Relative),
        ]
    );
    // A parenthesis that is not a citation.
    let f = find_dates("The group (founded in 2009) grew.", &ctx(None));
    assert_eq!(f[0].kind, DateKind::Explicit);
    let f = find_dates("The group grew (Kestrel Wire, May 2, 2020).", &ctx(None));
    assert_eq!(f[0].kind, DateKind::Citation);
}

#[test]
fn bound_words_are_detected() {
    assert_eq!(bound_word("since 2014"), Some("since"));
    assert_eq!(bound_word("as early as 2018"), Some("as early as"));
    assert_eq!(bound_word("2014"), None);
    let f = find_dates("It was planned as early as 2018.", &ctx(None));
    assert_eq!(f[0].text, "as early as 2018");
}

#[test]
fn months_are_not_verbs() {
    for text in [
        "Protesters may march today.",
        "Iran May Strike Back",
        "They will march on the capital.",
    ] {
        assert!(find_dates(text, &ctx(None)).is_empty(), "{text}");
    }
    let f = find_dates("The talks began in March.", &ctx(Some("2020-06")));
    assert_eq!(f[0].edtf.to_string(), "2020-03");
    // Not after the publication date.
    let f = find_dates("The talks began in March.", &ctx(Some("2020-02")));
    assert_eq!(f[0].edtf.to_string(), "2019-03");
    let f = find_dates("He died in May.", &ctx(Some("2020-06")));
    assert_eq!(f[0].text, "May");
}

#[test]
fn the_nearest_date_is_measured_to_its_nearer_edge_and_skips_citations() {
    let m = |start: usize, end: usize, edtf: &str, kind: DateKind| DateMention {
        start,
        end,
        sentence: 0,
        text: edtf.to_string(),
        edtf: edtf.parse().unwrap(),
        kind,
    };
    let d = m(10, 14, "2019", DateKind::Explicit);
    assert_eq!(date_distance(&d, 12), 0, "inside");
    assert_eq!(date_distance(&d, 14), 0, "right after");
    assert_eq!(date_distance(&d, 17), 3, "after");
    assert_eq!(date_distance(&d, 4), 6, "before");
    let dates = [
        m(0, 4, "2001", DateKind::Explicit),
        m(20, 24, "2002", DateKind::Explicit),
        m(12, 16, "2003", DateKind::Citation),
    ];
    // 12 is 8 after the first and 8 before the second: the earlier wins;
    // the citation that contains it is never a fact's date.
    assert_eq!(nearest_date(&dates, 12).unwrap().edtf, Edtf::year(2001));
    assert_eq!(nearest_date(&dates, 13).unwrap().edtf, Edtf::year(2002));
    assert!(nearest_date(&dates[2..], 13).is_none());
}

use proptest::prelude::*;

const WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

proptest! {
    #[test]
    fn early_mid_late_partition_the_year(y in 1000i32..2100) {
        let parts: Vec<(Date, Date)> = ["early", "mid", "late"]
            .iter()
            .map(|m| find_dates(&format!("It grew in {m} {y}."), &ctx(None))[0].edtf.interval())
            .collect();
        prop_assert_eq!(parts[0].0, Date::new(y, 1, 1).unwrap());
        prop_assert_eq!(parts[2].1, Date::new(y, 12, 31).unwrap());
        for w in parts.windows(2) {
            // Disjoint and contiguous: the next part starts the day after.
            prop_assert_eq!(w[0].1.add_days(1), w[1].0);
        }
        // "the beginning of" and "the end of" agree with early and late.
        let b = find_dates(&format!("At the beginning of {y} it grew."), &ctx(None))[0].edtf.interval();
        let e = find_dates(&format!("At the end of {y} it grew."), &ctx(None))[0].edtf.interval();
        prop_assert_eq!(b, parts[0]);
        prop_assert_eq!(e, parts[2]);
    }

    #[test]
    fn relative_years_move_by_exactly_n(y in 1950i32..2050, m in 1u8..13, n in 1usize..13, later in any::<bool>(), digits in any::<bool>()) {
        let count = if digits { n.to_string() } else { WORDS[n - 1].to_string() };
        let dir = if later { "later" } else { "earlier" };
        use dossier_doc::edtf::MONTH_NAMES as MONTHS;
        let text = format!("The raid came in {} {y}. {count} years {dir} the front split.", MONTHS[m as usize - 1]);
        let found = find_dates(&text, &ctx(None));
        prop_assert_eq!(found.len(), 2, "{}", text);
        let n = n as i32;
        let target = if later { y + n } else { y - n };
        prop_assert_eq!(found[1].edtf.interval(), Edtf::year(target).interval());
        // Against the publication date when no date precedes.
        let text = format!("{count} years {dir} the front split.");
        let found = find_dates(&text, &ctx(Some(&y.to_string())));
        prop_assert_eq!(found[0].edtf, Edtf::year(target));
    }

    #[test]
    fn full_dates_round_trip_through_text(y in 1900i32..2100, m in 1u8..13, d in 1u8..29) {
        use dossier_doc::edtf::MONTH_NAMES as MONTHS;
        let want = Edtf::day(y, m, d).unwrap();
        for text in [
            format!("It fell on {} {d}, {y}.", MONTHS[m as usize - 1]),
            format!("It fell on {d} {} {y}.", MONTHS[m as usize - 1]),
            format!("It fell on {want}."),
        ] {
            let found = find_dates(&text, &ctx(None));
            prop_assert_eq!(found.len(), 1, "{}", text);
            prop_assert_eq!(found[0].edtf, want);
        }
    }
}
#[test]
fn a_dateline_year_before_a_colon_is_a_year() {
    let v = values(
        "May 14, 2016: A suicide bomber detonated a vest.",
        Some("2020-01-01"),
    );
    assert_eq!(v, [("May 14, 2016".to_string(), "2016-05-14".to_string())]);
    // a clock time glued to a colon is none
    assert!(values(
        "The bomb went off at 2016:30 local time.",
        Some("2020-01-01")
    )
    .iter()
    .all(|(_, e)| e != "2016"));
}

#[test]
fn issue13_an_abbreviated_month_after_its_day() {
    // incident-log rows: "2 Nov:", "11 JUN, 0600 hrs:"
    let v = values(
        "Weekly bulletin, 1 to 7 November 2021.\n2 Nov: Gunmen attacked a patrol near Orvel.\n6 Nov: Police arrested a suspect.",
        Some("2021-11-09"),
    );
    let got: Vec<&str> = v.iter().map(|(_, e)| e.as_str()).collect();
    assert!(got.contains(&"2021-11-02"), "{v:?}");
    assert!(got.contains(&"2021-11-06"), "{v:?}");
    let v = values(
        "11 JUN, 0600 hrs: Rocket fire on a barracks in Tesk.",
        Some("2019-06-20"),
    );
    assert_eq!(v[0].1, "2019-06-11", "{v:?}");
    assert!(v.iter().all(|(_, e)| e != "0600"), "{v:?}");
    // an abbreviation neither dotted nor next to a day is no month
    assert!(values("Jan Orlik and Dec Varga met in Tesk.", Some("2019-06-20")).is_empty());
}

#[test]
fn issue13_a_dotted_numeric_date_is_day_first() {
    let v = values(
        "Date of incident: 5.3.2016, 04:15. A bomb exploded under a train.",
        Some("2016-03-07"),
    );
    assert_eq!(v[0], ("5.3.2016".to_string(), "2016-03-05".to_string()));
    // a weekday told after it still decides (5 March 2016 was a Saturday)
    let v = values("3.5.2016: On Tuesday a bomb exploded.", Some("2016-05-07"));
    assert_eq!(v[0].1, "2016-05-03");
    // slashes stay ambiguous without a hint
    assert_eq!(
        values("5/3/2016: A bomb exploded.", Some("2016-05-07"))[0].1,
        "2016"
    );
}

#[test]
fn issue13_a_year_inside_a_sentence_does_not_date_a_later_day() {
    let v = values(
        "Report, 22 April 2019. Between 14 and 16 April, armed men burned seven villages. The attacks were blamed on a militia formed in 2016 by local hunters. On 18 April, soldiers arrested 12 suspects.",
        Some("2019-04-22"),
    );
    let april18 = v.iter().find(|(t, _)| t == "18 April").expect("18 April");
    assert_eq!(april18.1, "2019-04-18", "{v:?}");
    // a year opening its sentence sets the story's time
    let v = values(
        "The front was founded on 3 May 2001. In 2016, it split. On 18 April, its leader was arrested.",
        None,
    );
    let april18 = v.iter().find(|(t, _)| t == "18 April").expect("18 April");
    assert_eq!(april18.1, "2016-04-18", "{v:?}");
}
