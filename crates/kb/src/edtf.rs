//! Just enough EDTF to compare dates: a value becomes a closed interval of
//! days, so that `2016` and `2016-01/2016-04` overlap while `2016` and
//! `2018-07-03` do not.

/// A day number (`year * 372 + (month - 1) * 31 + day - 1`): ordered, not calendar-exact.
pub type Day = i64;

fn day(y: i64, m: u32, d: u32) -> Day {
    y * 372 + (m as i64 - 1) * 31 + d as i64 - 1
}

/// Parses one EDTF date (not an interval) into its first and last day.
/// Handles `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, qualifiers `~ ? %`, seasons
/// `YYYY-21..24` (as the year), unspecified digits `199X`, `19XX`.
fn parse_date(s: &str) -> Option<(Day, Day)> {
    let s = s.trim().trim_end_matches(['~', '?', '%']);
    let mut parts = s.split('-');
    let ys = parts.next()?;
    if ys.len() != 4
        || !ys
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x')
    {
        return None;
    }
    let lo_y: i64 = ys.replace(['X', 'x'], "0").parse().ok()?;
    let hi_y: i64 = ys.replace(['X', 'x'], "9").parse().ok()?;
    let month: Option<u32> = match parts.next() {
        None => None,
        Some(m) => Some(m.trim_end_matches(['~', '?', '%']).parse().ok()?),
    };
    let dayn: Option<u32> = match parts.next() {
        None => None,
        Some(d) => Some(d.trim_end_matches(['~', '?', '%']).parse().ok()?),
    };
    match (month, dayn) {
        (None, _) => Some((day(lo_y, 1, 1), day(hi_y, 12, 31))),
        (Some(m), None) if (1..=12).contains(&m) => Some((day(lo_y, m, 1), day(hi_y, m, 31))),
        (Some(m), None) if (21..=41).contains(&m) => Some((day(lo_y, 1, 1), day(hi_y, 12, 31))),
        (Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            Some((day(lo_y, m, d), day(hi_y, m, d)))
        }
        _ => None,
    }
}

/// The interval of days an EDTF value covers (`a/b` with open ends `..`), or None.
///
/// ```
/// use dossier_kb::edtf::interval;
/// assert!(interval("2016-01/2016-04").is_some());
/// assert!(interval("soon").is_none());
/// ```
pub fn interval(s: &str) -> Option<(Day, Day)> {
    let s = s.trim();
    if let Some((a, b)) = s.split_once('/') {
        let lo = if a.is_empty() || a == ".." {
            Day::MIN
        } else {
            parse_date(a)?.0
        };
        let hi = if b.is_empty() || b == ".." {
            Day::MAX
        } else {
            parse_date(b)?.1
        };
        return (lo <= hi).then_some((lo, hi));
    }
    parse_date(s)
}

/// Whether two EDTF values can denote the same time (their intervals
/// overlap); None when either cannot be parsed.
pub fn overlaps(a: &str, b: &str) -> Option<bool> {
    let (x, y) = (interval(a)?, interval(b)?);
    Some(x.0 <= y.1 && y.0 <= x.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_overlap() {
        assert_eq!(overlaps("2016", "2016-01/2016-04"), Some(true));
        assert_eq!(overlaps("2016", "2018-07-03"), Some(false));
        assert_eq!(overlaps("2018-07", "2018-07-03"), Some(true));
        assert_eq!(overlaps("2015~", "2015-06"), Some(true));
        assert_eq!(overlaps("199X", "1994"), Some(true));
        assert_eq!(overlaps("2010/..", "2030"), Some(true));
        assert_eq!(overlaps("2018-13", "2018"), None);
        assert_eq!(overlaps("", "2018"), None);
        assert!(interval("2019/2018").is_none());
        assert!(interval("2021-21").is_some());
    }
}
