//! A device's task list (`list-tasks`): task groups, each a `testName` with the `locations`
//! of its tasks, newest first, as HPE's Python SDK (`Troubleshooting.list_active_tasks`)
//! reads it. Decoded tolerantly: the groups may come bare or under a key, a location may be
//! a string or an object naming it, and anything unreadable is left out.

use serde_json::Value;

use crate::ids::Test;

/// One test's tasks, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub test: String,
    /// Each task's location as sent (its last path segment is the task id).
    pub locations: Vec<String>,
}

impl Group {
    /// The test gwtrace reads these tasks as: a traceroute, a ping (not a `pingSweep`), or
    /// none.
    pub fn test(&self) -> Option<Test> {
        let name = self.test.to_ascii_lowercase();
        if name.contains("traceroute") {
            Some(Test::Traceroute)
        } else if name.contains("ping") && !name.contains("sweep") {
            Some(Test::Ping)
        } else {
            None
        }
    }
}

/// The groups of a `list-tasks` document.
pub fn groups(document: &Value) -> Vec<Group> {
    let list = match document {
        Value::Array(items) => items.as_slice(),
        Value::Object(map) => ["items", "tasks", "msg", "result", "data"]
            .iter()
            .find_map(|key| map.get(*key)?.as_array())
            .map_or(&[][..], Vec::as_slice),
        _ => &[],
    };
    list.iter().filter_map(group).collect()
}

fn group(value: &Value) -> Option<Group> {
    let test = ["testName", "test_name", "name", "type"]
        .iter()
        .find_map(|key| value.get(*key)?.as_str())?
        .trim()
        .to_owned();
    let locations = value
        .get("locations")
        .or_else(|| value.get("tasks"))
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(location).collect())
        .unwrap_or_default();
    Some(Group { test, locations })
}

fn location(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Object(_) => ["location", "href", "taskId", "id"]
            .iter()
            .find_map(|key| value.get(*key)?.as_str())
            .map(|text| text.trim().to_owned()),
        _ => None,
    }
    .filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn groups_come_bare_or_wrapped_with_locations_of_any_shape() {
        let bare = json!([
            {"testName": "traceroute", "locations": [
                "/network-troubleshooting/v1alpha1/gateways/SN/traceroute/async-operations/b",
                {"location": ".../traceroute/async-operations/a"}, 7, ""]},
            {"testName": "ping", "locations": []},
            {"no": "name"}
        ]);
        let found = groups(&bare);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].locations.len(), 2);
        assert_eq!(found[0].test(), Some(Test::Traceroute));
        assert_eq!(found[1].test(), Some(Test::Ping));
        let sweep = Group {
            test: "pingSweep".into(),
            locations: Vec::new(),
        };
        assert_eq!(sweep.test(), None);
        assert_eq!(groups(&json!({"items": bare})), found);
        assert!(groups(&json!("nonsense")).is_empty());
    }
}
