//! Which version of the troubleshooting API a run speaks: the one pinned in the profile, or
//! (`auto`) the one Central answers on — `v1` first, `v1alpha1` where `v1`'s route does not
//! exist — remembered per profile in the cache folder so that later runs ask once.

use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::ids::{ApiChoice, ApiVersion};

/// Where a profile's answer is remembered, and for which base URL (another base URL may be
/// another Central).
#[derive(Debug, Clone)]
pub struct Memory {
    pub file: PathBuf,
    pub base_url: String,
}

impl Memory {
    /// `<cache dir>/gwtrace/api-version/<profile>.json`; `None` without a cache folder.
    pub fn of_profile(profile: &str, base_url: &str) -> Option<Memory> {
        let dirs = directories::BaseDirs::new()?;
        Some(Memory {
            // Profile names are letters, digits, '-', '_' and '.': the name is the file.
            file: dirs
                .cache_dir()
                .join("gwtrace")
                .join("api-version")
                .join(format!("{profile}.json")),
            base_url: base_url.to_owned(),
        })
    }

    fn recall(&self) -> Option<ApiVersion> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        (entry.base_url == self.base_url)
            .then(|| ApiVersion::parse(&entry.version).ok())
            .flatten()
    }

    /// Writes the answer through a temporary file; a cache that cannot be written only
    /// costs one more request next time, so failures are ignored.
    fn store(&self, version: ApiVersion) {
        let entry = Entry {
            base_url: self.base_url.clone(),
            version: version.segment().to_owned(),
        };
        let Some(dir) = self.file.parent() else {
            return;
        };
        if crate::config::create_private_dir(dir).is_err() {
            return;
        }
        let temp = dir.join(format!(".{}.tmp", std::process::id()));
        let text = serde_json::to_string(&entry).unwrap_or_default();
        if std::fs::write(&temp, text).is_ok() {
            let _ = std::fs::rename(&temp, &self.file);
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    base_url: String,
    version: String,
}

/// The version a run tries first, and whether it may try the other.
#[derive(Debug)]
pub struct Versions {
    auto: bool,
    /// The version to try first (pinned, remembered, or `v1`), and whether it is known to
    /// answer (pinned, remembered, or seen to answer), updated together.
    state: Mutex<(ApiVersion, bool)>,
    memory: Option<Memory>,
}

/// Why the version in use is the one it is, for `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Pinned,
    Remembered,
    /// `auto`, nothing remembered yet: this one is tried first.
    Found,
}

impl Versions {
    pub fn new(choice: ApiChoice, memory: Option<Memory>) -> Versions {
        let (auto, state) = match choice {
            ApiChoice::Pinned(version) => (false, (version, true)),
            ApiChoice::Auto => match memory.as_ref().and_then(Memory::recall) {
                Some(version) => (true, (version, true)),
                None => (true, (ApiVersion::V1, false)),
            },
        };
        Versions {
            auto,
            state: Mutex::new(state),
            memory,
        }
    }

    fn state(&self) -> (ApiVersion, bool) {
        self.state
            .lock()
            .map_or((ApiVersion::V1, false), |state| *state)
    }

    /// The version to try first.
    pub fn current(&self) -> ApiVersion {
        self.state().0
    }

    /// Whether the other version may be tried when this one's route is missing.
    pub fn is_auto(&self) -> bool {
        self.auto
    }

    /// Whether the version in use is known to answer (pinned, remembered, or seen to): one
    /// missing task is then no evidence that its route is gone.
    pub fn is_settled(&self) -> bool {
        self.state().1
    }

    /// Why [`Versions::current`] is in use.
    pub fn reason(&self) -> Reason {
        match (self.auto, self.state().1) {
            (false, _) => Reason::Pinned,
            (true, true) => Reason::Remembered,
            (true, false) => Reason::Found,
        }
    }

    /// `version` answered on a route that exists: use it from now on, and remember it when it
    /// is news. Returns whether it was news.
    pub fn settle(&self, version: ApiVersion) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        let news = *state != (version, true);
        *state = (version, true);
        if news && self.auto {
            if let Some(memory) = &self.memory {
                memory.store(version);
            }
        }
        news
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(dir: &tempfile::TempDir, base: &str) -> Memory {
        Memory {
            file: dir.path().join("api-version/prod.json"),
            base_url: base.to_owned(),
        }
    }

    #[test]
    fn auto_starts_with_v1_and_remembers_what_answered_per_base_url() {
        let dir = tempfile::tempdir().unwrap();
        let versions = Versions::new(ApiChoice::Auto, Some(memory(&dir, "https://a")));
        assert_eq!(versions.current(), ApiVersion::V1);
        assert_eq!(versions.reason(), Reason::Found);
        assert!(versions.settle(ApiVersion::V1alpha1));
        assert!(!versions.settle(ApiVersion::V1alpha1));

        let again = Versions::new(ApiChoice::Auto, Some(memory(&dir, "https://a")));
        assert_eq!(again.current(), ApiVersion::V1alpha1);
        assert_eq!(again.reason(), Reason::Remembered);
        // Another base URL may be another Central: nothing is remembered for it.
        let elsewhere = Versions::new(ApiChoice::Auto, Some(memory(&dir, "https://b")));
        assert_eq!(elsewhere.current(), ApiVersion::V1);
    }

    #[test]
    fn a_pinned_version_is_never_changed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let pinned = ApiChoice::Pinned(ApiVersion::V1alpha1);
        let versions = Versions::new(pinned, Some(memory(&dir, "https://a")));
        assert!(!versions.is_auto());
        assert_eq!(versions.reason(), Reason::Pinned);
        versions.settle(ApiVersion::V1alpha1);
        assert!(!dir.path().join("api-version/prod.json").exists());
    }
}
