//! `gwtrace ping --serials-file FILE DESTINATION`: a ping from every device of a file.
//! Not built yet (issue 24, item 2): refused in words rather than half done.

use std::path::Path as FsPath;

use crate::cli::{GlobalArgs, PingArgs};
use crate::error::{Error, Result};
use crate::ui::Ui;

pub async fn run(
    _global: &GlobalArgs,
    _args: &PingArgs,
    _file: &FsPath,
    _destination: &str,
    _ui: &Ui,
) -> Result<()> {
    Err(Error::Usage(
        "ping --serials-file is not built yet; ping each device on its own \
         (gwtrace ping SERIAL DESTINATION)"
            .to_owned(),
    ))
}
