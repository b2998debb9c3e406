//! Splitting rendered text into messages within a platform's length limit, the same way for
//! every frontend: between blocks first, then between lines, then between the platform's
//! indivisible tokens (an HTML entity on Telegram, a backslash escape on Discord).

/// Chat platforms count characters as JavaScript does (UTF-16 code units); counting the
/// escaped source over-estimates the shown length, which is the safe side.
pub fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Joins blocks with blank lines into messages of at most `max` units, splitting between
/// blocks; a block longer than `max` is cut between lines, then between tokens.
/// `token_len(rest)` is the byte length of the indivisible token `rest` starts with.
pub fn split_blocks(
    blocks: &[String],
    max: usize,
    token_len: &dyn Fn(&str) -> usize,
) -> Vec<String> {
    let pieces = blocks
        .iter()
        .filter(|b| !b.trim().is_empty())
        .flat_map(|block| split_long(block, max, token_len));
    join_within(pieces, "\n\n", max)
}

/// Joins `pieces` with `sep` into strings of at most `max` units (a piece longer than `max`
/// stands alone).
fn join_within(pieces: impl Iterator<Item = String>, sep: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        if !current.is_empty() && units(&current) + units(sep) + units(&piece) > max {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push_str(sep);
        }
        current.push_str(&piece);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn split_long(block: &str, max: usize, token_len: &dyn Fn(&str) -> usize) -> Vec<String> {
    if units(block) <= max {
        return vec![block.to_owned()];
    }
    let pieces = block
        .split('\n')
        .flat_map(|line| cut_line(line, max, token_len));
    join_within(pieces, "\n", max)
}

/// Cuts one line into pieces of at most `max` units, never inside a token.
fn cut_line(line: &str, max: usize, token_len: &dyn Fn(&str) -> usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let len = token_len(rest).clamp(first, rest.len());
        let len = (len..=rest.len())
            .find(|i| rest.is_char_boundary(*i))
            .unwrap_or(rest.len());
        let token = &rest[..len];
        if !current.is_empty() && units(&current) + units(token) > max {
            out.push(std::mem::take(&mut current));
        }
        current.push_str(token);
        rest = &rest[len..];
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(rest: &str) -> usize {
        rest.chars().next().map_or(1, char::len_utf8)
    }

    #[test]
    fn blocks_join_with_blank_lines_and_split_between_them_within_the_limit() {
        let blocks: Vec<String> = (0..50).map(|i| format!("block {i}")).collect();
        let parts = split_blocks(&blocks, 40, &chars);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| units(p) <= 40));
        assert_eq!(parts.join("\n\n"), blocks.join("\n\n"));
    }

    #[test]
    fn a_long_line_is_cut_between_tokens_only() {
        let pairs = |rest: &str| {
            if rest.starts_with('#') {
                2
            } else {
                chars(rest)
            }
        };
        let line = "#a".repeat(20) + "é";
        let parts = split_blocks(std::slice::from_ref(&line), 5, &pairs);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(units(p) <= 5 && !p.starts_with('a'), "{p}");
        }
        assert_eq!(parts.concat(), line);
    }
}
