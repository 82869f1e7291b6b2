//! Fitting a table to the terminal without splitting a value: the one column that may be
//! cut (host names) is cut with `…`, and when even that is not enough, whole columns are
//! given up in a set order. Nothing wraps; an address, a number and its unit stay whole.

use console::{measure_text_width, truncate_str};

/// Space between columns.
pub const GAP: usize = 2;

/// How a table may be narrowed.
pub struct Shape<'a> {
    /// The column whose cells may be cut with `…`, and the fewest characters it keeps.
    pub shrinkable: Option<(usize, usize)>,
    /// Columns to give up, first to last, when cutting is not enough.
    pub drop_order: &'a [usize],
}

/// Narrows `header` and `rows` to `width` columns of text; returns the original indices of
/// the columns kept. Rows may be shorter than the header (missing cells are empty).
pub fn fit(
    header: &mut Vec<String>,
    rows: &mut [Vec<String>],
    width: usize,
    shape: &Shape,
) -> Vec<usize> {
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .chain(std::iter::once(&header[c]))
                .map(|cell| cell.lines().map(measure_text_width).max().unwrap_or(0))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut kept: Vec<usize> = (0..header.len()).collect();
    let mut dropping = shape.drop_order.iter();
    let budget = loop {
        let total = |cols: &[usize]| {
            cols.iter().map(|&c| widths[c]).sum::<usize>() + GAP * cols.len().saturating_sub(1)
        };
        let over = total(&kept).saturating_sub(width);
        let cut = match shape.shrinkable {
            Some((column, least)) if kept.contains(&column) && over > 0 => {
                let room = widths[column].saturating_sub(over);
                (room >= least).then_some((column, room))
            }
            _ => None,
        };
        if over == 0 || cut.is_some() {
            break cut;
        }
        match dropping.next() {
            Some(column) => kept.retain(|c| c != column),
            None => break None, // as narrow as it gets: let the terminal cope
        }
    };
    if let Some((column, room)) = budget {
        for cell in rows.iter_mut().filter_map(|row| row.get_mut(column)) {
            if measure_text_width(cell) > room {
                *cell = truncate_str(cell, room, "…").into_owned();
            }
        }
    }
    *header = kept.iter().map(|&c| header[c].clone()).collect();
    for row in rows.iter_mut() {
        *row = kept
            .iter()
            .map(|&c| row.get(c).cloned().unwrap_or_default())
            .collect();
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    const SHAPE: Shape = Shape {
        shrinkable: Some((1, 6)),
        drop_order: &[2, 1],
    };

    #[test]
    fn the_shrinkable_column_is_cut_first_then_columns_are_dropped() {
        let mut header = strings(&["A", "NAME", "N"]);
        let mut rows = vec![strings(&["10.0.0.1", "a-very-long-host-name", "12.5"])];
        // 8 + 2 + 21 + 2 + 4 = 37 wide; at 30 the name is cut to 14.
        let kept = fit(&mut header, &mut rows, 30, &SHAPE);
        assert_eq!(kept, [0, 1, 2]);
        assert_eq!(rows[0][1], "a-very-long-h…");
        // At 20 the name would be under 6: the N column goes first, then the name fits cut.
        let mut rows = vec![strings(&["10.0.0.1", "a-very-long-host-name", "12.5"])];
        let mut header = strings(&["A", "NAME", "N"]);
        let kept = fit(&mut header, &mut rows, 20, &SHAPE);
        assert_eq!(kept, [0, 1]);
        assert_eq!(header, ["A", "NAME"]);
        assert_eq!(rows[0], ["10.0.0.1", "a-very-lo…"]);
    }

    #[test]
    fn a_table_that_fits_is_left_alone() {
        let mut header = strings(&["A", "NAME", "N"]);
        let mut rows = vec![strings(&["1", "x"])];
        assert_eq!(fit(&mut header, &mut rows, 80, &SHAPE), [0, 1, 2]);
        assert_eq!(rows[0], ["1", "x", ""]);
    }
}
