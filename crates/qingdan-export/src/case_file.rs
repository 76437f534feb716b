//! The case file (案卷): one ZIP holding everything a penalty case produced, in order, with a
//! manifest of hashes so that anyone can later show that nothing was added, removed or altered.
//!
//! Layout of the archive (format `qingdan-case-file/1`):
//!
//! | path | what |
//! |---|---|
//! | `manifest.json` | the [`Manifest`]: the case, every other file with its SHA-256 and size, every event's sequence number and hash, the chain head at export |
//! | `卷内目录.txt` | the table of contents for people, in Chinese |
//! | `case.json` | the case's data as stored |
//! | `events.json` | the case's events from the record (`AuditEvent`s, oldest first) |
//! | `documents/NN-标题.pdf` | the official documents, in the order they were issued |
//!
//! Verifying ([`verify_case_file`]) needs nothing but the archive: each listed file must be there
//! with its hash, no file may be unlisted, and each event in `events.json` must hash to the value
//! it carries ([`qingdan_core::audit::hash_with`], with the manifest's `chain_hash`) and match the manifest's list in order. Checking
//! that those events are the ones in the bureau's live record, and that the manifest's own hash
//! was recorded when the file was exported, is the caller's (it needs the database).
//!
//! Pure: bytes in, bytes out; no clock (the export time is an input).

use qingdan_core::audit::{AuditEvent, ChainHash, hash_with};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Cursor, Read, Write};

/// The format name written into every manifest.
pub const CASE_FILE_FORMAT: &str = "qingdan-case-file/1";

/// The MIME type of a case file.
pub const ZIP_CONTENT_TYPE: &str = "application/zip";

const MANIFEST: &str = "manifest.json";
const INDEX: &str = "卷内目录.txt";
const CASE: &str = "case.json";
const EVENTS: &str = "events.json";

/// What the archive is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRef {
    /// The case's id in the system.
    pub id: i64,
    /// 案号, e.g. 安工信罚〔2026〕3号.
    pub number: String,
    /// The party's name.
    pub party: String,
    /// The stage when exported (e.g. `archived`).
    pub state: String,
}

/// One file in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// 1, 2, 3 … the order in the file.
    pub no: usize,
    /// Path inside the archive.
    pub path: String,
    /// What it is, in Chinese (e.g. 行政处罚告知书).
    pub title: String,
    /// The date on the document (`YYYY-MM-DD`), where it has one.
    pub date: Option<String>,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
}

/// One event of the case, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEntry {
    /// Its number in the bureau's record.
    pub seq: i64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (e.g. `case.notified`).
    pub action: String,
    /// Its hash in the record.
    pub hash: String,
}

/// The manifest: everything needed to check the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`CASE_FILE_FORMAT`].
    pub format: String,
    /// The bureau.
    pub bureau: String,
    /// The case.
    pub case: CaseRef,
    /// When the archive was made (RFC 3339).
    pub generated_at: String,
    /// Who made it.
    pub generated_by: String,
    /// Every file but the manifest, in order.
    pub files: Vec<FileEntry>,
    /// The case's events, oldest first.
    pub events: Vec<EventEntry>,
    /// The record's head when exported: `(seq, hash)`; events after it are not in the file.
    pub chain_head_seq: i64,
    /// The head's hash.
    pub chain_head_hash: String,
    /// The chain's hash function (absent: SHA-256, as in every file before SM3 was offered).
    #[serde(default, skip_serializing_if = "ChainHash::is_sha256")]
    pub chain_hash: ChainHash,
}

/// A document to put in the file.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    /// Its title (行政处罚决定书).
    pub title: String,
    /// The date it bears.
    pub date: Option<String>,
    /// The PDF.
    pub pdf: Vec<u8>,
}

/// Everything a case file is made of.
#[derive(Debug, Clone)]
pub struct CaseFileInput<'a> {
    /// The bureau.
    pub bureau: &'a str,
    /// The case.
    pub case: CaseRef,
    /// The case's data (JSON) as stored.
    pub case_json: &'a str,
    /// Its documents, in the order issued.
    pub documents: Vec<DocumentFile>,
    /// Its events, oldest first.
    pub events: &'a [AuditEvent],
    /// The record's head when exported.
    pub chain_head: (i64, &'a str),
    /// The chain's hash function.
    pub chain_hash: ChainHash,
    /// When.
    pub generated_at: &'a str,
    /// By whom.
    pub generated_by: &'a str,
}

/// A case file made: the archive and its manifest's hash (to be recorded in the event log).
#[derive(Debug, Clone)]
pub struct BuiltCaseFile {
    /// The ZIP.
    pub zip: Vec<u8>,
    /// SHA-256 of `manifest.json`.
    pub manifest_sha256: String,
    /// The manifest.
    pub manifest: Manifest,
}

/// Why a case file could not be made or does not verify. Messages in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseFileError {
    /// Not a ZIP archive (or a damaged one).
    #[error("不是有效的案卷压缩包：{0}")]
    NotZip(String),
    /// A file the format requires is missing.
    #[error("案卷缺少文件 {0}")]
    Missing(String),
    /// The manifest cannot be read.
    #[error("案卷清单 manifest.json 无法读取：{0}")]
    BadManifest(String),
    /// Another format or version.
    #[error("案卷格式为“{0}”，本程序只识别 {CASE_FILE_FORMAT}")]
    UnknownFormat(String),
    /// A file's bytes do not match its listed hash.
    #[error("文件 {path} 已被改动：清单记载的 SHA-256 为 {listed}，实际为 {actual}")]
    Altered {
        /// The file.
        path: String,
        /// The hash in the manifest.
        listed: String,
        /// The hash of what is there.
        actual: String,
    },
    /// A file is in the archive but not in the manifest.
    #[error("文件 {0} 不在案卷清单中（被添加）")]
    Unlisted(String),
    /// An event's content does not match its own hash.
    #[error("第 {0} 号事件的内容与其哈希不符（事件被改动）")]
    EventHash(i64),
    /// `events.json` and the manifest list different events.
    #[error("事件记录与清单不一致：{0}")]
    EventsDiffer(String),
    /// The archive could not be written.
    #[error("生成案卷失败：{0}")]
    Write(String),
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A title made safe as a file name inside the archive.
fn file_name(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn entry(e: &AuditEvent) -> EventEntry {
    EventEntry {
        seq: e.seq,
        at: e.at.clone(),
        actor: e.actor.clone(),
        action: e.action.clone(),
        hash: e.hash.clone(),
    }
}

fn index_text(m: &Manifest, index_rows: &[FileEntry]) -> String {
    let mut t = String::new();
    t.push_str(&format!("{} 行政处罚案卷\n\n", m.bureau));
    t.push_str(&format!(
        "案号：{}\n当事人：{}\n",
        m.case.number, m.case.party
    ));
    t.push_str(&format!(
        "案件状态：{}\n制卷时间：{}\n制卷人：{}\n\n",
        m.case.state, m.generated_at, m.generated_by
    ));
    t.push_str("卷内目录\n序号\t文件\t日期\t大小（字节）\tSHA-256\n");
    for f in index_rows {
        t.push_str(&format!(
            "{}\t{}（{}）\t{}\t{}\t{}\n",
            f.no,
            f.title,
            f.path,
            f.date.as_deref().unwrap_or("—"),
            f.bytes,
            f.sha256
        ));
    }
    t.push_str(&format!(
        "\n案件记录共 {} 条（events.json）：\n",
        m.events.len()
    ));
    for e in &m.events {
        t.push_str(&format!(
            "第 {} 号\t{}\t{}\t{}\t{}\n",
            e.seq, e.at, e.actor, e.action, e.hash
        ));
    }
    t.push_str(&format!(
        "\n制卷时审计链末端：第 {} 号事件，哈希 {}。\n\
         核验：qingdan case verify-file 本文件（逐一核对清单所列文件的 SHA-256、各事件的哈希；\
         连接数据库时再核对事件与审计链一致、清单哈希已记入 case.file_exported 事件）。\n",
        m.chain_head_seq, m.chain_head_hash
    ));
    t
}

/// Makes the case file.
pub fn build_case_file(input: CaseFileInput<'_>) -> Result<BuiltCaseFile, CaseFileError> {
    let events_json =
        serde_json::to_vec_pretty(input.events).map_err(|e| CaseFileError::Write(e.to_string()))?;
    let mut contents: Vec<(String, String, Option<String>, Vec<u8>)> = vec![
        (
            CASE.into(),
            "案件信息".into(),
            None,
            input.case_json.as_bytes().to_vec(),
        ),
        (EVENTS.into(), "案件记录".into(), None, events_json),
    ];
    for (i, d) in input.documents.into_iter().enumerate() {
        let path = format!("documents/{:02}-{}.pdf", i + 1, file_name(&d.title));
        contents.push((path, d.title, d.date, d.pdf));
    }
    let mut manifest = Manifest {
        format: CASE_FILE_FORMAT.into(),
        bureau: input.bureau.into(),
        case: input.case,
        generated_at: input.generated_at.into(),
        generated_by: input.generated_by.into(),
        files: Vec::new(),
        events: input.events.iter().map(entry).collect(),
        chain_head_seq: input.chain_head.0,
        chain_head_hash: input.chain_head.1.into(),
        chain_hash: input.chain_hash,
    };
    let listed =
        |no: usize, path: &str, title: &str, date: Option<String>, bytes: &[u8]| FileEntry {
            no,
            path: path.into(),
            title: title.into(),
            date,
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
        };
    // The index is file 1; it lists the others (it cannot list its own hash).
    let rows: Vec<FileEntry> = contents
        .iter()
        .enumerate()
        .map(|(i, (p, t, d, b))| listed(i + 2, p, t, d.clone(), b))
        .collect();
    let index = index_text(&manifest, &rows);
    manifest
        .files
        .push(listed(1, INDEX, "卷内目录", None, index.as_bytes()));
    manifest.files.extend(rows);
    let manifest_json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| CaseFileError::Write(e.to_string()))?;

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let write_err = |e: &dyn std::fmt::Display| CaseFileError::Write(e.to_string());
    let mut put = |path: &str, bytes: &[u8]| -> Result<(), CaseFileError> {
        zip.start_file(path, options).map_err(|e| write_err(&e))?;
        zip.write_all(bytes).map_err(|e| write_err(&e))
    };
    put(MANIFEST, &manifest_json)?;
    put(INDEX, index.as_bytes())?;
    for (path, _, _, bytes) in &contents {
        put(path, bytes)?;
    }
    let zip = zip.finish().map_err(|e| write_err(&e))?.into_inner();
    Ok(BuiltCaseFile {
        zip,
        manifest_sha256: sha256_hex(&manifest_json),
        manifest,
    })
}

/// A case file that verified: its manifest, its hash, and the events it holds.
#[derive(Debug, Clone)]
pub struct VerifiedCaseFile {
    /// The manifest.
    pub manifest: Manifest,
    /// SHA-256 of `manifest.json` (compare with the `case.file_exported` event).
    pub manifest_sha256: String,
    /// The events in `events.json`, each checked against its own hash.
    pub events: Vec<AuditEvent>,
}

/// Checks a case file by itself: every listed file present with its hash, nothing unlisted,
/// every event's hash, and the event list equal to the manifest's.
pub fn verify_case_file(bytes: &[u8]) -> Result<VerifiedCaseFile, CaseFileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| CaseFileError::NotZip(e.to_string()))?;
    let mut files = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive
            .by_index(i)
            .map_err(|e| CaseFileError::NotZip(e.to_string()))?;
        if f.is_dir() {
            continue;
        }
        let name = f
            .name()
            .map_err(|e| CaseFileError::NotZip(e.to_string()))?
            .to_string();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf)
            .map_err(|e| CaseFileError::NotZip(format!("{name}：{e}")))?;
        if files.insert(name.clone(), buf).is_some() {
            return Err(CaseFileError::NotZip(format!("文件 {name} 出现两次")));
        }
    }
    let manifest_bytes = files
        .remove(MANIFEST)
        .ok_or_else(|| CaseFileError::Missing(MANIFEST.into()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| CaseFileError::BadManifest(e.to_string()))?;
    if manifest.format != CASE_FILE_FORMAT {
        return Err(CaseFileError::UnknownFormat(manifest.format));
    }
    for f in &manifest.files {
        let bytes = files
            .get(&f.path)
            .ok_or_else(|| CaseFileError::Missing(f.path.clone()))?;
        let actual = sha256_hex(bytes);
        if actual != f.sha256 {
            return Err(CaseFileError::Altered {
                path: f.path.clone(),
                listed: f.sha256.clone(),
                actual,
            });
        }
    }
    if let Some(extra) = files
        .keys()
        .find(|k| !manifest.files.iter().any(|f| &f.path == *k))
    {
        return Err(CaseFileError::Unlisted(extra.clone()));
    }
    let events_bytes = files
        .get(EVENTS)
        .ok_or_else(|| CaseFileError::Missing(EVENTS.into()))?;
    let events: Vec<AuditEvent> = serde_json::from_slice(events_bytes)
        .map_err(|e| CaseFileError::EventsDiffer(format!("events.json 无法读取：{e}")))?;
    for e in &events {
        if hash_with(manifest.chain_hash, e) != e.hash {
            return Err(CaseFileError::EventHash(e.seq));
        }
    }
    let listed: Vec<EventEntry> = events.iter().map(entry).collect();
    if listed != manifest.events {
        let at = listed
            .iter()
            .zip(&manifest.events)
            .position(|(a, b)| a != b)
            .unwrap_or(listed.len().min(manifest.events.len()));
        return Err(CaseFileError::EventsDiffer(format!(
            "第 {} 条起不同（文件 {} 条，清单 {} 条）",
            at + 1,
            listed.len(),
            manifest.events.len()
        )));
    }
    if events.windows(2).any(|w| w[0].seq >= w[1].seq) {
        return Err(CaseFileError::EventsDiffer("事件未按序号排列".into()));
    }
    Ok(VerifiedCaseFile {
        manifest,
        manifest_sha256: sha256_hex(&manifest_bytes),
        events,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;
    use qingdan_core::audit::{GENESIS, NewEvent};

    fn events() -> Vec<AuditEvent> {
        let a = NewEvent::new(
            "2026-03-02T01:00:00Z",
            "li",
            "case.opened",
            "case",
            "1",
            "立案",
        )
        .seal(7, GENESIS);
        let b = NewEvent::new(
            "2026-03-05T01:00:00Z",
            "wang",
            "case.notified",
            "case",
            "1",
            "告知",
        )
        .seal(9, "ab");
        vec![a, b]
    }

    fn build() -> BuiltCaseFile {
        let ev = events();
        build_case_file(CaseFileInput {
            bureau: "安化县工业和信息化局",
            case: CaseRef {
                id: 1,
                number: "安工信罚〔2026〕1号".into(),
                party: "安化县某建筑公司".into(),
                state: "archived".into(),
            },
            case_json: r#"{"party":"安化县某建筑公司"}"#,
            documents: vec![
                DocumentFile {
                    title: "行政处罚告知书".into(),
                    date: Some("2026-03-05".into()),
                    pdf: b"%PDF-1.7 notice".to_vec(),
                },
                DocumentFile {
                    title: "送达回证/告知书".into(),
                    date: None,
                    pdf: b"%PDF-1.7 receipt".to_vec(),
                },
            ],
            events: &ev,
            chain_head: (12, "ff"),
            chain_hash: ChainHash::Sha256,
            generated_at: "2026-04-01T08:00:00Z",
            generated_by: "li",
        })
        .unwrap()
    }

    /// Rewrites an archive: `edit` sees each (path, bytes) and returns what to keep.
    fn rewrite(
        zip: &[u8],
        edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
        add: Option<(&str, &[u8])>,
    ) -> Vec<u8> {
        let mut a = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        for i in 0..a.len() {
            let mut f = a.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            if let Some(b) = edit(&name, buf) {
                w.start_file(name, o).unwrap();
                w.write_all(&b).unwrap();
            }
        }
        if let Some((p, b)) = add {
            w.start_file(p, o).unwrap();
            w.write_all(b).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_fresh_file_verifies_and_lists_everything_in_order() {
        let built = build();
        let v = verify_case_file(&built.zip).unwrap();
        assert_eq!(v.manifest_sha256, built.manifest_sha256);
        let paths: Vec<&str> = v.manifest.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "卷内目录.txt",
                "case.json",
                "events.json",
                "documents/01-行政处罚告知书.pdf",
                "documents/02-送达回证_告知书.pdf"
            ]
        );
        assert_eq!(v.events.len(), 2);
        assert_eq!(v.manifest.events[1].action, "case.notified");
    }

    #[test]
    fn the_index_names_the_case_and_every_file() {
        let built = build();
        let mut a = zip::ZipArchive::new(Cursor::new(built.zip)).unwrap();
        let mut s = String::new();
        a.by_name("卷内目录.txt")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert!(s.contains("案号：安工信罚〔2026〕1号"), "{s}");
        assert!(
            s.contains("行政处罚告知书（documents/01-行政处罚告知书.pdf）\t2026-03-05"),
            "{s}"
        );
        assert!(
            s.contains("第 9 号\t2026-03-05T01:00:00Z\twang\tcase.notified"),
            "{s}"
        );
    }

    #[test]
    fn an_altered_document_is_named() {
        let built = build();
        let z = rewrite(
            &built.zip,
            |p, b| {
                Some(if p.starts_with("documents/01") {
                    b"%PDF-1.7 forged".to_vec()
                } else {
                    b
                })
            },
            None,
        );
        match verify_case_file(&z) {
            Err(CaseFileError::Altered { path, .. }) => {
                assert_eq!(path, "documents/01-行政处罚告知书.pdf")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_removed_or_added_file_is_named() {
        let built = build();
        let removed = rewrite(&built.zip, |p, b| (p != "case.json").then_some(b), None);
        assert_eq!(
            verify_case_file(&removed).unwrap_err(),
            CaseFileError::Missing("case.json".into())
        );
        let added = rewrite(
            &built.zip,
            |_, b| Some(b),
            Some(("documents/03-补充.pdf", b"x")),
        );
        assert_eq!(
            verify_case_file(&added).unwrap_err(),
            CaseFileError::Unlisted("documents/03-补充.pdf".into())
        );
    }

    #[test]
    fn an_edited_event_fails_even_with_a_matching_manifest() {
        // Someone edits an event and re-hashes events.json in the manifest: the event's own
        // hash still gives it away.
        let built = build();
        let mut evs = events();
        evs[1].reason = "改过的理由".into();
        let forged = serde_json::to_vec_pretty(&evs).unwrap();
        let mut m = built.manifest.clone();
        for f in &mut m.files {
            if f.path == "events.json" {
                f.sha256 = sha256_hex(&forged);
                f.bytes = forged.len() as u64;
            }
        }
        let mj = serde_json::to_vec_pretty(&m).unwrap();
        let z = rewrite(
            &built.zip,
            |p, b| {
                Some(match p {
                    "events.json" => forged.clone(),
                    "manifest.json" => mj.clone(),
                    _ => b,
                })
            },
            None,
        );
        assert_eq!(
            verify_case_file(&z).unwrap_err(),
            CaseFileError::EventHash(9)
        );
    }

    #[test]
    fn a_dropped_event_is_caught() {
        let built = build();
        let evs = &events()[..1];
        let short = serde_json::to_vec_pretty(evs).unwrap();
        let mut m = built.manifest.clone();
        for f in &mut m.files {
            if f.path == "events.json" {
                f.sha256 = sha256_hex(&short);
            }
        }
        let mj = serde_json::to_vec_pretty(&m).unwrap();
        let z = rewrite(
            &built.zip,
            |p, b| {
                Some(match p {
                    "events.json" => short.clone(),
                    "manifest.json" => mj.clone(),
                    _ => b,
                })
            },
            None,
        );
        assert!(matches!(
            verify_case_file(&z).unwrap_err(),
            CaseFileError::EventsDiffer(_)
        ));
    }

    #[test]
    fn not_a_zip_and_a_foreign_format_are_refused() {
        assert!(matches!(
            verify_case_file(b"hello").unwrap_err(),
            CaseFileError::NotZip(_)
        ));
        let built = build();
        let mut m = built.manifest.clone();
        m.format = "other/9".into();
        let mj = serde_json::to_vec_pretty(&m).unwrap();
        let z = rewrite(
            &built.zip,
            |p, b| Some(if p == "manifest.json" { mj.clone() } else { b }),
            None,
        );
        assert_eq!(
            verify_case_file(&z).unwrap_err(),
            CaseFileError::UnknownFormat("other/9".into())
        );
    }
}
