//! sponsor_of and trainer_of: "X-backed G", "X backed G", "G was supported
//! by X", "support from X", "X supported militias … Those militias, such as
//! A and B", "G received training from X", "X trained G".

use super::Sink;
use crate::lexicon::{is_in, GROUP_NOUNS, SPONSOR_SUFFIXES, SPONSOR_VERBS, TRAIN_VERBS};
use crate::view::{norm_word, Ctx, SentView, Unit, ACTORS, GROUPS};
use dossier_doc::{EntityType, RelationType};

fn is_actor(u: &Unit) -> bool {
    u.is_type(ACTORS)
}
fn is_backable(u: &Unit) -> bool {
    u.is_type(GROUPS) || u.etype == Some(EntityType::Person)
}

/// The entity a compound prefix names: a country by name or demonym, or any entity by name.
pub fn prefix_entity(ctx: &Ctx, prefix: &str) -> Option<usize> {
    if prefix.is_empty() {
        return None;
    }
    ctx.country_of_word(prefix).or_else(|| {
        let p = norm_word(prefix);
        ctx.doc.entities.iter().position(|e| {
            e.etype != EntityType::GroupIdentity
                && (norm_word(&e.name) == p || e.aliases.iter().any(|a| norm_word(a) == p))
        })
    })
}

/// Splits "x-backed" into ("x", "backed") when the suffix is one of `suffixes`.
pub fn split_compound<'a>(text: &'a str, suffixes: &[&str]) -> Option<(&'a str, &'a str)> {
    let (a, b) = text.rsplit_once('-')?;
    let bl = b.to_lowercase();
    suffixes.iter().any(|s| *s == bl).then_some((a, b))
}

fn compound_target(v: &SentView, i: usize) -> Option<usize> {
    if v.units[i].is_ent() {
        return v.units[i]
            .ent
            .get()
            .filter(|_| is_backable(&v.units[i]))
            .map(|_| i);
    }
    let mut k = i + 1;
    while k < v.len() && k <= i + 6 {
        let u = &v.units[k];
        if u.is_ent() && is_backable(u) {
            return Some(k);
        }
        if matches!(
            u.lower.as_str(),
            "." | ";"
                | ":"
                | "was"
                | "were"
                | "is"
                | "are"
                | "has"
                | "have"
                | "had"
                | "who"
                | "which"
                | "comprised"
                | "from"
                | "of"
                | "in"
                | "and"
        ) {
            return None;
        }
        if u.lower == ","
            && !v
                .units
                .get(k + 1)
                .is_some_and(|n| n.is_ent() && is_backable(n))
        {
            return None;
        }
        k += 1;
    }
    None
}

/// Finds sponsorship and training relations in one sentence.
pub fn find(ctx: &Ctx, v: &SentView, out: &mut Sink) {
    for i in 0..v.len() {
        let u = &v.units[i];
        compounds(ctx, v, i, out);
        if u.is_ent() {
            continue;
        }
        let w = u.lower.as_str();
        if is_in(SPONSOR_VERBS, w) {
            verb(ctx, v, i, RelationType::SponsorOf, out);
        } else if (is_in(TRAIN_VERBS, w) && w != "training") || is_in(TEACH_VERBS, w) {
            verb(ctx, v, i, RelationType::TrainerOf, out);
        }
        // "X provided G with weapons": the recipient is the object
        if matches!(
            w,
            "provided" | "provides" | "provide" | "providing" | "furnished" | "furnishes"
        ) && (i + 2..(i + 5).min(v.len())).any(|k| v.w(k) == "with")
            && v.units
                .get(i + 1)
                .is_some_and(|u| u.is_ent() || is_in(crate::lexicon::DETERMINERS, &u.lower))
        {
            verb(ctx, v, i, RelationType::SponsorOf, out);
        }
        if is_in(CHANNEL_VERBS, w) || is_in(GIVE_VERBS, w) {
            channelled_to(ctx, v, i, out);
        }
        if is_in(BACKER_NOUNS, w) {
            backer_of(ctx, v, i, out);
        }
        received_from(ctx, v, i, out);
        paid_for(ctx, v, i, out);
        support_from(ctx, v, i, out);
        training_to(ctx, v, i, out);
        such_as(ctx, v, i, out);
    }
}

/// Compounds "X-backed G", "X-trained G", "X-affiliated G", "X-led G",
/// inside a mention or before one (or the copula's subject: "it is an
/// X-sponsored project").
fn compounds(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let u = &v.units[i];
    // compounds: "X-backed G", inside a mention or before one
    for word in u.text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if let Some((prefix, suffix)) = split_compound(word, SPONSOR_SUFFIXES) {
            let (rt, src_to_tgt) = match suffix.to_lowercase().as_str() {
                "trained" => (RelationType::TrainerOf, true),
                "affiliated" | "aligned" => (RelationType::MemberOf, false),
                "led" => (RelationType::LeaderOf, true),
                _ => (RelationType::SponsorOf, true),
            };
            let Some(src) = prefix_entity(ctx, prefix) else {
                continue;
            };
            let tgt = compound_target(v, i)
                .and_then(|k| v.units[k].ent.get())
                .or_else(|| {
                    // "it is an X-sponsored project": the copula's subject
                    let cop = (i.saturating_sub(3)..i)
                        .any(|k| matches!(v.w(k), "is" | "was" | "remains" | "became"));
                    if cop {
                        v.subject_before(i, &is_backable)
                            .and_then(|k| v.units[k].ent.get())
                    } else {
                        None
                    }
                });
            if let Some(t) = tgt {
                if src_to_tgt {
                    out.add(ctx, v, rt, src, t, 0.85, i);
                } else {
                    out.add(ctx, v, rt, t, src, 0.75, i);
                }
            }
        }
        if let Some((prefix, _)) = split_compound(word, &["trained"]) {
            if let (Some(src), Some(t)) = (
                prefix_entity(ctx, prefix),
                compound_target(v, i).and_then(|k| v.units[k].ent.get()),
            ) {
                out.add(ctx, v, RelationType::TrainerOf, src, t, 0.8, i);
            }
        }
    }
}

/// "G received weapons/money from X" (and from each further source: "from A
/// and from B", "from A, B and C").
fn received_from(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "G received weapons/money from X"
    if matches!(
        w,
        "received" | "receives" | "receive" | "receiving" | "obtained" | "obtains" | "got" | "gets"
    ) {
        if let Some(f) = (i + 1..(i + 8).min(v.len()))
            .take_while(|&k| !v.units[k].is_ent() && !matches!(v.w(k), "," | ";" | "."))
            .find(|&k| v.w(k) == "from")
        {
            let resource = (i + 1..f).any(|k| {
                is_in(RESOURCE_NOUNS, v.w(k))
                    || matches!(
                        v.w(k),
                        "support" | "backing" | "aid" | "assistance" | "funding" | "financing"
                    )
            });
            if let (true, Some(t)) = (resource, v.subject_before(i, &is_backable)) {
                // "from A and from B", "from A, B and C"
                let froms = (f..(f + 16).min(v.len()))
                    .take_while(|&k| !matches!(v.w(k), ";" | "." | "which" | "who"))
                    .filter(|&k| v.w(k) == "from");
                for k in froms.collect::<Vec<_>>() {
                    if let Some(s) = v.after_prep(k, &is_actor) {
                        for s in v.enumeration(s, &is_actor) {
                            out.add_units(
                                ctx,
                                v,
                                RelationType::SponsorOf,
                                &v.units[s],
                                &v.units[t],
                                0.75,
                                i,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// "X paid for G's rifles".
fn paid_for(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "X paid for G's rifles"
    if matches!(w, "paid" | "pays" | "pay" | "paying") && v.w(i + 1) == "for" {
        let g = (i + 2..(i + 4).min(v.len()))
            .find(|&k| v.units[k].is_ent())
            .filter(|&k| is_backable(&v.units[k]) && v.is_possessor(k));
        if let (Some(g), Some(s)) = (g, v.subject_before(i, &is_actor)) {
            out.add_units(
                ctx,
                v,
                RelationType::SponsorOf,
                &v.units[s],
                &v.units[g],
                0.7,
                i,
            );
        }
    }
}

/// Nominal: "training / support / funding from X" said of the subject.
fn support_from(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // nominal: "training/support from X"
    if matches!(
        w,
        "training"
            | "support"
            | "backing"
            | "funding"
            | "sponsorship"
            | "patronage"
            | "assistance"
            | "aid"
            | "instruction"
    ) && matches!(v.w(i + 1), "from" | "by")
    {
        let rt = if matches!(w, "training" | "instruction") {
            RelationType::TrainerOf
        } else {
            RelationType::SponsorOf
        };
        if let (Some(s), Some(t)) = (
            v.after_prep(i + 1, &is_actor),
            v.subject_before(i, &is_backable),
        ) {
            out.add_units(ctx, v, rt, &v.units[s], &v.units[t], 0.8, i);
        }
    }
}

/// "X provided training to G".
fn training_to(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "X provided training to G"
    if w == "training" && matches!(v.w(i + 1), "to" | "for") {
        if let (Some(s), Some(t)) = (
            v.subject_before(i, &is_actor),
            v.after_prep(i + 1, &is_backable),
        ) {
            out.add_units(
                ctx,
                v,
                RelationType::TrainerOf,
                &v.units[s],
                &v.units[t],
                0.75,
                i,
            );
        }
    }
}

/// "such as A, B, and C" after a pending generic object ("backed several
/// groups such as A and B"): each pending sponsor backs each item.
fn such_as(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let w = v.w(i);
    // "such as A, B, and C" after a pending generic object
    if w == "such" && v.w(i + 1) == "as" {
        let noun_here = (i.saturating_sub(4)..i).any(|k| is_in(GROUP_NOUNS, v.w(k)));
        if noun_here {
            let pend: Vec<usize> = out
                .pending
                .iter()
                .filter(|(_, s, _)| *s + 1 >= v.sentence && *s <= v.sentence)
                .map(|(e, _, _)| *e)
                .collect();
            let mut j = i + 2;
            while j < v.len() && matches!(v.w(j), "the" | "a") {
                j += 1;
            }
            if j < v.len() && v.units[j].is_ent() {
                let first = if v.is_possessor(j) && v.units.get(j + 2).is_some_and(|x| x.is_ent()) {
                    j + 2
                } else {
                    j
                };
                let items = v.enumeration(first, &is_backable);
                for src in pend {
                    for &k in &items {
                        if let Some(t) = v.units[k].ent.get() {
                            out.add(ctx, v, RelationType::SponsorOf, src, t, 0.7, i);
                        }
                    }
                }
            }
        }
    }
}

/// Verbs of teaching, read like "trained" ("instructors from X taught G fighters").
const TEACH_VERBS: &[&str] = &[
    "taught", "teach", "teaches", "teaching", "drilled", "coached",
];

/// Verbs that move money or arms to a recipient on their own ("channelled
/// four million pesos to G").
const CHANNEL_VERBS: &[&str] = &[
    "channelled",
    "channeled",
    "channelling",
    "channeling",
    "funnelled",
    "funneled",
    "funnelling",
    "funneling",
    "siphoned",
    "smuggled",
    "donated",
    "donates",
];

/// Verbs that do so only with money or arms as object ("sent weapons to G").
const GIVE_VERBS: &[&str] = &[
    "sent",
    "sends",
    "transferred",
    "transfers",
    "delivered",
    "delivers",
    "provided",
    "provides",
    "gave",
    "gives",
    "passed",
    "shipped",
    "paid",
    "pays",
    "wired",
];

/// Nouns of money and arms.
const RESOURCE_NOUNS: &[&str] = &[
    "money",
    "funds",
    "funding",
    "cash",
    "dollars",
    "euros",
    "pesos",
    "francs",
    "rupees",
    "dinars",
    "rials",
    "million",
    "millions",
    "thousand",
    "payments",
    "donations",
    "weapons",
    "arms",
    "rifles",
    "guns",
    "ammunition",
    "explosives",
    "munitions",
    "mortars",
    "rockets",
    "missiles",
    "drones",
    "vehicles",
    "supplies",
    "salaries",
];

/// Nouns of a sponsor ("the cartel remains G's principal backer").
const BACKER_NOUNS: &[&str] = &[
    "backer",
    "backers",
    "sponsor",
    "sponsors",
    "patron",
    "patrons",
    "benefactor",
    "benefactors",
    "funder",
    "funders",
    "paymaster",
    "paymasters",
    "financier",
    "financiers",
    "supplier",
    "suppliers",
    "armourer",
    "armorer",
];

/// "X channelled (money) to G", "X sent weapons to G".
fn channelled_to(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    if v.is_passive(i) {
        return;
    }
    let needs_resource = is_in(GIVE_VERBS, v.w(i));
    let mut resource = false;
    for k in i + 1..(i + 10).min(v.len()) {
        let w = v.w(k);
        if is_in(RESOURCE_NOUNS, w) {
            resource = true;
        }
        if w == "to" {
            if needs_resource && !resource {
                return;
            }
            let (Some(t), Some(s)) = (
                v.after_prep(k, &is_backable),
                v.subject_before(i, &is_actor),
            ) else {
                return;
            };
            out.add_units(
                ctx,
                v,
                RelationType::SponsorOf,
                &v.units[s],
                &v.units[t],
                0.7,
                i,
            );
            return;
        }
        if v.units[k].is_ent() || matches!(w, "," | ";" | "." | "who" | "which" | "from") {
            return;
        }
    }
}

/// "X is/remains G's (principal financial) backer", "X, G's patron, …".
fn backer_of(ctx: &Ctx, v: &SentView, i: usize, out: &mut Sink) {
    let pick = |u: &Unit| is_actor(u) && u.etype != Some(EntityType::Person);
    if let Some((s, g)) = possessed_role(v, i, &is_backable, &pick) {
        out.add_units(
            ctx,
            v,
            RelationType::SponsorOf,
            &v.units[s],
            &v.units[g],
            0.75,
            i,
        );
    }
}

/// For a relation noun at `i` possessed by an entity ("G's (principal)
/// rival"), said of someone by a copula ("X is/remains G's rival") or an
/// apposition ("X, G's rival,"): (X, G) unit indices. `owner` filters G,
/// `holder` filters X.
pub fn possessed_role(
    v: &SentView,
    i: usize,
    owner: &dyn Fn(&Unit) -> bool,
    holder: &dyn Fn(&Unit) -> bool,
) -> Option<(usize, usize)> {
    // the possessor: "G's" or "its" before the noun, past a few modifiers
    let mut k = i;
    let mut mods = 0;
    while k > 0 && mods < 3 && !v.units[k - 1].is_ent() && !v.is_poss_marker(k - 1) {
        let w = v.w(k - 1);
        if !w.chars().all(|c| c.is_alphabetic() || c == '-') || is_in(crate::view::PREPS, w) {
            return None;
        }
        k -= 1;
        mods += 1;
    }
    let g = if k >= 2 && v.is_poss_marker(k - 1) {
        k - 2
    } else if k >= 1 && v.is_possessor(k - 1) {
        k - 1
    } else {
        return None;
    };
    if !owner(&v.units[g]) {
        return None;
    }
    let mut c = g;
    while c > 0 && matches!(v.w(c - 1), "the" | "a" | "an") {
        c -= 1;
    }
    // the sponsor: the subject of a copula, or the name an apposition follows
    let cop = c >= 1
        && matches!(
            v.w(c - 1),
            "is" | "was" | "remains" | "remained" | "became" | "becomes" | "been" | "as" | ","
        );
    if !cop {
        // "G's main backer is X"
        if matches!(v.w(i + 1), "is" | "was" | "remains" | "remained") {
            let s = v.np_head(i + 2, holder)?;
            return (v.units[s].ent.get() != v.units[g].ent.get()).then_some((s, g));
        }
        return None;
    }
    let s = if v.w(c - 1) == "," {
        (c >= 2).then(|| c - 2).filter(|&s| holder(&v.units[s]))
    } else {
        v.subject_before(c - 1, holder)
    }?;
    (v.units[s].ent.get() != v.units[g].ent.get()).then_some((s, g))
}

fn verb(ctx: &Ctx, v: &SentView, i: usize, rt: RelationType, out: &mut Sink) {
    let by = (i + 1..(i + 4).min(v.len())).find(|&k| v.w(k) == "by");
    if let Some(by) = by.filter(|_| v.is_passive(i) || v.w(i + 1) == "by") {
        if let (Some(s), Some(t)) = (
            v.after_prep(by, &is_actor),
            v.subject_before(i, &is_backable),
        ) {
            out.add_units(ctx, v, rt, &v.units[s], &v.units[t], 0.85, i);
        }
        return;
    }
    if v.is_passive(i) {
        return;
    }
    // object, past coordinated verbs: "supported and mobilized X"
    let mut o = i + 1;
    while matches!(v.w(o), "and" | "or")
        && (is_in(SPONSOR_VERBS, v.w(o + 1))
            || is_in(TRAIN_VERBS, v.w(o + 1))
            || v.w(o + 1).ends_with("ed"))
    {
        o += 2;
    }
    let Some(s) = v.subject_before(i, &is_actor) else {
        return;
    };
    match v.np_head(o, &is_backable) {
        Some(t) => {
            for k in v.enumeration(t, &is_backable) {
                out.add_units(ctx, v, rt, &v.units[s], &v.units[k], 0.8, i);
            }
        }
        None if rt == RelationType::SponsorOf => {
            // a generic plural object ("militias") may be listed later with "such as"
            if let Some(noun) = (o..(o + 4).min(v.len()))
                .map(|k| v.w(k))
                .find(|w| is_in(GROUP_NOUNS, w) && w.ends_with('s'))
            {
                if let Some(e) = v.units[s].ent.get() {
                    out.pending.push((e, v.sentence, noun.to_string()));
                }
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testutil::*;
    use dossier_doc::RelationType::*;

    #[test]
    fn compounds() {
        let m = "[Norland|country] objects. The Norlandic-backed militia, [the Sword|armed_group], grew.";
        assert!(has(m, SponsorOf, "Norland", "the Sword"));
        let m = "[VGC|org] exists. [The Sword|armed_group] is a VGC-sponsored project.";
        assert!(has(m, SponsorOf, "VGC", "The Sword"));
        let m =
            "[Norland|country] objects. Other Norlandic-backed militias of [Veskia|country] grew.";
        assert!(!any(m, SponsorOf));
        let m = "[Redhand|armed_group] exists. The Redhand-affiliated [Sword|armed_group] grew.";
        assert!(has(m, MemberOf, "Sword", "Redhand"));
        let m = "[Ivo Rask|person] rules. The Rask-led [Sword|armed_group] grew.";
        assert!(!any(m, SponsorOf));
    }

    #[test]
    fn sponsor_verbs() {
        assert!(has(
            "[Ruk Amal|person] was supported and endorsed by [Ivo Rask|person].",
            SponsorOf,
            "Ivo Rask",
            "Ruk Amal"
        ));
        assert!(has(
            "[Norland|country] funded [the Sword|armed_group] for years.",
            SponsorOf,
            "Norland",
            "the Sword"
        ));
        assert!(!any(
            "[Norland|country] funded a school near [Qarvan|location].",
            SponsorOf
        ));
    }

    #[test]
    fn such_as_lists_after_generic_object() {
        let m = "[VGC|org] has supported and mobilized militias in many countries. Those militias, such as [Veskia|country]’s [Red Hand|armed_group] and [the Sword|armed_group], grew.";
        assert!(has(m, SponsorOf, "VGC", "Red Hand"));
        assert!(has(m, SponsorOf, "VGC", "the Sword"));
        assert!(!any(
            "Those militias, such as [Red Hand|armed_group], grew.",
            SponsorOf
        ));
    }

    #[test]
    fn teaching_channelling_and_backers() {
        let m = "In [2019|date:2019], instructors from [the Red Hand|armed_group] taught some 80 [Sword|armed_group] fighters to handle explosives.";
        assert!(has(m, TrainerOf, "the Red Hand", "Sword"));
        let m = "[The Aid Fund|org], a charity, is thought to have channelled some four million crowns to [the Sword|armed_group] between [2014|date:2014] and [2017|date:2017].";
        assert!(has(m, SponsorOf, "The Aid Fund", "the Sword"));
        let m = "[The Office|org], a body of [Norland|country]'s army, allowed [Sword|armed_group] commanders to shelter in [Tolva|location] and provided [them|armed_group=Sword] with forged papers.";
        assert!(has(m, SponsorOf, "The Office", "Sword"));
        assert!(!any(
            "[The Office|org] provided a report on [the Sword|armed_group].",
            SponsorOf
        ));
        let m = "[The Sword|armed_group] received rifles and money from [Norland|country].";
        assert!(has(m, SponsorOf, "Norland", "The Sword"));
        assert!(!any(
            "[The Sword|armed_group] received a letter from [Norland|country].",
            SponsorOf
        ));
        let m = "[The Sword|armed_group] receives funding and weapons from local businessmen and from [the Wolves|armed_group].";
        assert!(has(m, SponsorOf, "the Wolves", "The Sword"));
        let m = "[The Red Hand|armed_group] sent weapons and cash to [the Sword|armed_group].";
        assert!(has(m, SponsorOf, "The Red Hand", "the Sword"));
        assert!(!any(
            "[The Red Hand|armed_group] sent two envoys to [the Sword|armed_group].",
            SponsorOf
        ));
        let m = "[The Tolva cartel|armed_group] remains [the Sword|armed_group]'s principal financial backer.";
        assert!(has(m, SponsorOf, "The Tolva cartel", "the Sword"));
        let m = "[The Sword|armed_group]'s main backer is [Norland|country], which denies it.";
        assert!(has(m, SponsorOf, "Norland", "The Sword"));
        let m = "[Norland|country], [the Sword|armed_group]'s main patron, objected.";
        assert!(has(m, SponsorOf, "Norland", "the Sword"));
        let m = "[The Tolva cartel|armed_group], which from [2018|date:2018] onward paid for [the Sword|armed_group]'s rifles, grew.";
        assert!(has(m, SponsorOf, "The Tolva cartel", "the Sword"));
        assert!(!any(
            "Critics of [the Sword|armed_group]'s backers spoke.",
            SponsorOf
        ));
    }

    #[test]
    fn training() {
        assert!(has("Members of [the Sword|armed_group] received military training from [Red Hand|armed_group].", TrainerOf, "Red Hand", "the Sword"));
        assert!(has(
            "[Red Hand|armed_group] trained [the Sword|armed_group] in [2019|date:2019].",
            TrainerOf,
            "Red Hand",
            "the Sword"
        ));
        assert!(has(
            "[The Sword|armed_group] was trained by [Red Hand|armed_group].",
            TrainerOf,
            "Red Hand",
            "The Sword"
        ));
        assert!(!any(
            "[The Sword|armed_group] continued training in [Veskia|country].",
            TrainerOf
        ));
    }
}
