//! The audit anchor's files outside the database (the format and the checks are
//! `qingdan_core::anchor`): a directory holding the secret key (`audit.key`, created with
//! mode 0600 on first use) and the append-only anchor log (`anchor.log`), to which every write
//! of this process appends the event it recorded, after the commit.
//!
//! Keep the directory off the database's disk and out of the database administrator's reach
//! (or ship `anchor.log` to a log server): the anchor is what lets `qingdan audit verify` see a
//! deleted tail or a rewritten chain. Several app processes may share one directory on one
//! machine (each line is one `write` to a file opened for appending); processes on several
//! machines each keep their own, and the verifier reads any number of logs.

use qingdan_core::anchor::{AnchorError, Anchors, AuditKey, anchor_line};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The key's file name in the anchor directory.
pub const KEY_FILE: &str = "audit.key";
/// The anchor log's file name in the anchor directory.
pub const LOG_FILE: &str = "anchor.log";

/// Why the anchor cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AnchorFileError {
    /// A file or the directory could not be read, created or written.
    #[error("审计锚点文件 {path} 无法读写：{source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// The log exists but its key does not: the anchor cannot be checked, and a new key would
    /// hide that.
    #[error(
        "审计锚点目录 {0} 中有锚点日志 anchor.log 却没有密钥 audit.key：\
         请放回原密钥文件（不要新建密钥，否则无法核验已有锚点）"
    )]
    KeyMissing(PathBuf),
    /// The key or a line is not in its format, or a line's MAC fails.
    #[error("{0}")]
    Format(#[from] AnchorError),
}

/// An open anchor directory.
#[derive(Debug)]
pub struct AnchorFile {
    dir: PathBuf,
    key: AuditKey,
    log: Mutex<std::fs::File>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AnchorFileError + '_ {
    move |source| AnchorFileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl AnchorFile {
    /// Opens the anchor directory `dir`, creating it, its key and its log on first use.
    pub fn open(dir: &Path) -> Result<AnchorFile, AnchorFileError> {
        let key_path = dir.join(KEY_FILE);
        let log_path = dir.join(LOG_FILE);
        if !key_path.exists() {
            if log_path.exists() {
                return Err(AnchorFileError::KeyMissing(dir.to_path_buf()));
            }
            create_dir_private(dir)?;
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).map_err(|e| AnchorFileError::Io {
                path: key_path.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            write_new_private(
                &key_path,
                AuditKey::from_bytes(bytes).to_file_text().as_bytes(),
            )?;
        }
        let key = read_key(&key_path)?;
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&log_path)
            .map_err(io(&log_path))?;
        // A line torn by a crash is ended, so the next line starts on its own.
        if ends_torn(&mut log).map_err(io(&log_path))? {
            log.write_all(b"\n").map_err(io(&log_path))?;
        }
        Ok(AnchorFile {
            dir: dir.to_path_buf(),
            key,
            log: Mutex::new(log),
        })
    }

    /// Opens an existing anchor directory to verify against, creating nothing: `None` when
    /// `dir` has neither key nor log.
    pub fn open_existing(dir: &Path) -> Result<Option<AnchorFile>, AnchorFileError> {
        let key_path = dir.join(KEY_FILE);
        let log_path = dir.join(LOG_FILE);
        match (key_path.exists(), log_path.exists()) {
            (false, false) => Ok(None),
            (false, true) => Err(AnchorFileError::KeyMissing(dir.to_path_buf())),
            (true, _) => Self::open(dir).map(Some),
        }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key's public name (see `AuditKey::id`).
    pub fn key_id(&self) -> String {
        self.key.id()
    }

    /// Appends the anchor of event `seq` with `hash` (one `write` of one line).
    pub fn record(&self, seq: i64, hash: &str) -> Result<(), AnchorFileError> {
        let line = anchor_line(&self.key, seq, hash);
        let mut log = match self.log.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        log.write_all(line.as_bytes())
            .map_err(io(&self.dir.join(LOG_FILE)))
    }

    /// Reads and checks the whole log.
    pub fn read(&self) -> Result<Anchors, AnchorFileError> {
        let path = self.dir.join(LOG_FILE);
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        Ok(Anchors::parse(&text, &self.key)?)
    }
}

/// Whether the file is non-empty and does not end with a newline.
fn ends_torn(file: &mut std::fs::File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

fn read_key(path: &Path) -> Result<AuditKey, AnchorFileError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    Ok(AuditKey::parse(&text)?)
}

fn create_dir_private(dir: &Path) -> Result<(), AnchorFileError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(dir))
}

fn write_new_private(path: &Path, bytes: &[u8]) -> Result<(), AnchorFileError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_use_creates_a_private_key_and_the_log_reads_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("audit");
        assert!(AnchorFile::open_existing(&dir).unwrap().is_none());
        let a = AnchorFile::open(&dir).unwrap();
        a.record(1, &"a".repeat(64)).unwrap();
        a.record(2, &"b".repeat(64)).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = AnchorFile::open_existing(&dir).unwrap().unwrap();
        assert_eq!(again.key_id(), a.key_id());
        assert_eq!(again.read().unwrap().last(), 2);
        // The key gone while the log stays: refused, never silently replaced.
        std::fs::remove_file(dir.join(KEY_FILE)).unwrap();
        assert!(matches!(
            AnchorFile::open(&dir),
            Err(AnchorFileError::KeyMissing(_))
        ));
    }
}
