//! Small closed-class English word lists used by the splitter and tokenizer:
//! abbreviations and common sentence-initial words. General English only.

/// What kind of abbreviation a word (lowercased, without its final period) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbrev {
    /// A title or honorific before a name (Dr., Gen., Lt., Col.): never ends a sentence.
    Title,
    /// Never ends a sentence (e.g., i.e., vs., cf.).
    Inner,
    /// Ends a sentence unless a number follows (No. 5, Sept. 11, p. 4).
    BeforeNumber,
    /// Ends a sentence only when a typical sentence-initial word follows (etc., Inc., Jr.).
    Final,
}

/// Classifies `lower` (a lowercased word without its final period).
/// `capitalized` tells whether the word was written with a capital.
pub(crate) fn abbrev(lower: &str, capitalized: bool) -> Option<Abbrev> {
    use Abbrev::*;
    Some(match lower {
        "mr" | "mrs" | "ms" | "messrs" | "dr" | "prof" | "gen" | "lt" | "col" | "capt" | "cpt"
        | "cmdr" | "cdr" | "comdr" | "adm" | "brig" | "maj" | "sgt" | "cpl" | "pvt" | "lieut"
        | "gov" | "sen" | "rep" | "pres" | "rev" | "hon" | "fr" | "mt" | "ft" | "st" | "supt"
        | "insp" | "amb" | "atty" | "sec" | "dep" | "asst" | "gens" | "mme" | "mlle"
            if capitalized || matches!(lower, "dr" | "mr" | "mrs" | "ms") =>
        {
            Title
        }
        "e.g" | "i.e" | "vs" | "cf" | "viz" | "approx" | "ca" | "esp" | "incl" | "resp" | "v" => {
            Inner
        }
        "no" | "nos" | "vol" | "vols" | "p" | "pp" | "fig" | "figs" | "art" | "ch" | "para"
        | "ed" | "eds" | "op" | "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep"
        | "sept" | "oct" | "nov" | "dec" | "mon" | "tue" | "tues" | "wed" | "thu" | "thur"
        | "thurs" | "fri" | "sat" | "sun"
            if capitalized
                || matches!(
                    lower,
                    "pp" | "p" | "fig" | "figs" | "vol" | "vols" | "ch" | "para"
                ) =>
        {
            BeforeNumber
        }
        "etc" | "al" | "inc" | "ltd" | "co" | "corp" | "jr" | "sr" | "bros" | "dept" | "est"
        | "govt" | "intl" | "assn" | "univ" | "a.m" | "p.m" | "u.s" | "u.k" | "u.n" | "e.u"
        | "u.s.a" | "u.a.e" => Final,
        _ => return None,
    })
}

/// Whether `word` is a common English sentence-initial word (pronoun,
/// determiner, conjunction, adverbial opener), which after an ambiguous
/// abbreviation ("in the U.S. The …") signals a new sentence.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Its"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "My"
            | "In"
            | "On"
            | "At"
            | "By"
            | "For"
            | "From"
            | "With"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "However"
            | "Although"
            | "Though"
            | "While"
            | "When"
            | "After"
            | "Before"
            | "Since"
            | "As"
            | "If"
            | "Because"
            | "Such"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "Both"
            | "Each"
            | "Other"
            | "Another"
            | "One"
            | "Two"
            | "Three"
            | "Several"
            | "Few"
            | "Nevertheless"
            | "Meanwhile"
            | "Moreover"
            | "Furthermore"
            | "Indeed"
            | "Instead"
            | "Also"
            | "Then"
            | "Thus"
            | "Therefore"
            | "Later"
            | "Earlier"
            | "During"
            | "Following"
            | "According"
            | "Despite"
            | "Unlike"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Where"
            | "Not"
            | "No"
            | "Yes"
            | "Lastly"
            | "Finally"
            | "First"
            | "Second"
            | "Today"
            | "Now"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(abbrev("gen", true), Some(Abbrev::Title));
        assert_eq!(abbrev("gen", false), None);
        assert_eq!(abbrev("e.g", false), Some(Abbrev::Inner));
        assert_eq!(abbrev("sept", true), Some(Abbrev::BeforeNumber));
        assert_eq!(abbrev("etc", false), Some(Abbrev::Final));
        assert_eq!(abbrev("dog", false), None);
        assert!(is_sentence_starter("The"));
        assert!(!is_sentence_starter("Army"));
    }
}
