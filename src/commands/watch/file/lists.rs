//! The lists of a group: its devices (`serials`, or a `serials_file` beside the watch file)
//! and its destinations, each item with where it was written.

use std::path::Path as FsPath;
use std::sync::Arc;

use super::values::{as_keys, text};
use super::{mistake, read, Built, Found, Group, Listed, Mistake, Source, Table};
use crate::ids::Serial;
use crate::validate;

/// A group's serials: `serials = [...]` (where: this file) or `serials_file` (where: that
/// file, relative to this one), exactly one of them.
pub(super) fn serials_of(table: &Table, base: &FsPath, at: usize) -> Built<Vec<Listed>> {
    let here = |m: Mistake| (m, None);
    match (&table.serials, &table.serials_file) {
        (Some(_), Some(file)) => mistake(
            file.span().start,
            "serials_file",
            "give serials or serials_file, not both",
        )
        .map_err(here),
        (None, None) => mistake(
            at,
            "serials",
            "the group names no devices: add serials or serials_file",
        )
        .map_err(here),
        (Some(list), None) => {
            if list.get_ref().is_empty() {
                return mistake(list.span().start, "serials", "the list is empty").map_err(here);
            }
            let mut serials = Vec::new();
            for item in list.get_ref() {
                let value = text(item, "serials").map_err(here)?;
                let serial = Serial::parse(&value)
                    .or_else(|e| mistake(item.span().start, "serials", e))
                    .map_err(here)?;
                serials.push((serial, (None, item.span().start)));
            }
            Ok(serials)
        }
        (None, Some(file)) => {
            let name = text(file, "serials_file").map_err(here)?;
            serials_file(&base.join(&name), file.span().start)
        }
    }
}

/// The serials of a serials file, each with the file and its place in it (`#` comments).
pub(super) fn serials_file(path: &FsPath, at: usize) -> Built<Vec<Listed>> {
    let text = read(path).map_err(|e| {
        (
            Mistake {
                at,
                key: Some("serials_file"),
                message: e.to_string(),
            },
            None,
        )
    })?;
    let source = Source {
        name: path.display().to_string(),
        text: Arc::from(text.as_str()),
    };
    let mut serials = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let value = line
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if value.is_empty() {
            continue;
        }
        match Serial::parse(value) {
            Ok(serial) => serials.push((serial, (Some(source.clone()), start))),
            Err(e) => {
                return Err((
                    Mistake {
                        at: start,
                        key: None,
                        message: e,
                    },
                    Some(source),
                ))
            }
        }
    }
    if serials.is_empty() {
        let m = Mistake {
            at,
            key: Some("serials_file"),
            message: format!("{} lists no serial numbers", source.name),
        };
        return Err((m, None));
    }
    Ok(serials)
}

/// A group's destinations, each with its start options and its line.
pub(super) fn destinations_of(
    table: &Table,
    group: &Group,
    at: usize,
) -> Found<Vec<(String, crate::api::StartOptions, usize)>> {
    let Some(list) = &table.destinations else {
        return mistake(
            at,
            "destinations",
            "the group has no destinations: add destinations = [\"10.0.0.1\"]",
        );
    };
    if list.get_ref().is_empty() {
        return mistake(list.span().start, "destinations", "the list is empty");
    }
    let mut destinations = Vec::new();
    for item in list.get_ref() {
        let place = item.span().start;
        let value = text(item, "destinations")?;
        let destination = validate::destination(&value)
            .or_else(|e| mistake(place, "destinations", format!("'{value}' is {e}")))?;
        let options = crate::commands::source::for_destination(group.options.clone(), &destination)
            .map_err(|e| Mistake {
                at: place,
                key: Some("destinations"),
                message: as_keys(&e.to_string()),
            })?;
        if destinations.iter().any(|(d, _, _)| *d == destination) {
            return mistake(
                place,
                "destinations",
                format!("{destination} is listed twice"),
            );
        }
        destinations.push((destination, options, place));
    }
    Ok(destinations)
}
