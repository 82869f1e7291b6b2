//! What can go wrong with the history file, as variants a caller can tell apart: another
//! process holding it, a damaged file, one written by a newer gwtrace, or anything else.

/// A history that could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Another process holds a lock the operation needed, past the wait allowed.
    #[error(
        "it is busy: another process is writing it (another gwtrace, or sqlite3 on it); try \
         again in a moment"
    )]
    Busy,
    /// The file is not a database, or its pages are damaged.
    #[error("it is damaged ({0}); move it aside and gwtrace starts a new one")]
    Corrupt(String),
    /// A newer gwtrace migrated it past the schema this one knows.
    #[error(
        "it was written by a newer gwtrace (schema {found}, this one knows {known}); upgrade \
         gwtrace, or point it at another data directory"
    )]
    Newer { found: i64, known: usize },
    /// A stored document that cannot be read back.
    #[error("trace {id}'s stored document cannot be read: {why}")]
    Document { id: i64, why: String },
    /// Anything else: the file system, SQLite's own message.
    #[error("{0}")]
    Other(String),
}

impl From<rusqlite::Error> for HistoryError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => HistoryError::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                HistoryError::Corrupt(error.to_string())
            }
            _ => HistoryError::Other(error.to_string()),
        }
    }
}

impl From<std::io::Error> for HistoryError {
    fn from(error: std::io::Error) -> Self {
        HistoryError::Other(error.to_string())
    }
}

impl From<serde_json::Error> for HistoryError {
    fn from(error: serde_json::Error) -> Self {
        HistoryError::Other(error.to_string())
    }
}

pub type Result<T, E = HistoryError> = std::result::Result<T, E>;
