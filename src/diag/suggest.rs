//! "Did you mean ...?" for misspelt names.

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    close_match(name, &candidates).or_else(|| shared_start(name, &candidates))
}

/// A candidate with the same first three letters, if exactly one has them (`payed` -> `payment`,
/// `due-date` -> `due`).
fn shared_start<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let start: String = lower.chars().take(3).collect();
    if start.chars().count() < 3 {
        return None;
    }
    let mut hits = candidates.iter().filter(|c| c.to_lowercase().starts_with(&start));
    match (hits.next(), hits.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The candidate closest by edit distance, if it is close enough to be a likely typo.
fn close_match<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Short names are too easily "close" to anything: they get exact-but-for-case matches only.
    let len = name.chars().count();
    let limit = if len < 3 { 0 } else { (len / 3).max(1) };
    candidates
        .iter()
        .copied()
        .map(|c| (distance(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Edit distance over characters, counting a swap of two neighbours as one edit
/// (optimal string alignment), since `acem` for `acme` is the commonest typo.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// `n` and the word in singular or plural: `1 customer`, `2 customers`, `0 entries`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("acem", ["acme", "bolt"]), Some("acme"));
        assert_eq!(did_you_mean("ACME", ["acme"]), Some("acme"));
        assert_eq!(did_you_mean("zzzz", ["acme", "bolt"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
