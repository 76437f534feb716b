//! The typst world and the renderer.
//!
//! The templates are typst sources compiled into the binary. The document's data never becomes
//! typst source: it is serialised to JSON and offered to the template as the virtual file
//! `/data.json`, which the template reads with `json(..)`. Its strings are typst *strings*, shown
//! as literal text, so no user text can inject markup.

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::DocumentError;
use crate::amount::Amount;
use crate::fonts::Fonts;
use crate::model::{Document, Party};

/// The template files: (virtual path, source).
const TEMPLATES: [(&str, &str); 6] = [
    ("/common.typ", include_str!("../templates/common.typ")),
    (
        "/inspection_approval.typ",
        include_str!("../templates/inspection_approval.typ"),
    ),
    (
        "/correction_order.typ",
        include_str!("../templates/correction_order.typ"),
    ),
    (
        "/penalty_notice.typ",
        include_str!("../templates/penalty_notice.typ"),
    ),
    (
        "/penalty_decision.typ",
        include_str!("../templates/penalty_decision.typ"),
    ),
    (
        "/service_receipt.typ",
        include_str!("../templates/service_receipt.typ"),
    ),
];

/// Where the template finds the document's data.
const DATA_PATH: &str = "/data.json";

/// How many renders an unused entry of typst's global memoization cache survives.
const CACHE_MAX_AGE: usize = 10;

/// Renders [`Document`]s to PDF. Holds the fonts, the typst standard library and the parsed
/// templates; `Send + Sync`, so one instance (in an `Arc`) serves every request.
pub struct Renderer {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Fonts,
    sources: Vec<Source>,
    data_id: Option<FileId>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("fonts", &self.fonts)
            .finish_non_exhaustive()
    }
}

impl Renderer {
    /// A renderer using these fonts.
    pub fn new(fonts: Fonts) -> Renderer {
        let book = FontBook::from_fonts(fonts.faces());
        let sources = TEMPLATES
            .iter()
            .filter_map(|(path, text)| Some(Source::new(file_id(path)?, (*text).to_owned())))
            .collect();
        Renderer {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts,
            sources,
            data_id: file_id(DATA_PATH),
        }
    }

    /// The fonts this renderer sets documents in.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Renders the document as PDF bytes. The same document gives the same bytes.
    ///
    /// # Errors
    /// [`DocumentError::MissingField`] when the bureau, number, date or party name is blank,
    /// [`DocumentError::Amount`] when an amount is not a valid decimal, and
    /// [`DocumentError::Typeset`] or [`DocumentError::Pdf`] if typst fails (a bug).
    pub fn render(&self, doc: &Document) -> Result<Vec<u8>, DocumentError> {
        let data = self.data(doc)?;
        let main_path = format!("/{}.typ", doc.kind());
        let main = self
            .sources
            .iter()
            .find(|s| s.id().vpath().get_with_slash() == main_path)
            .map(Source::id)
            .ok_or_else(|| DocumentError::Typeset(format!("缺少模板 {main_path}")))?;
        let world = DocWorld {
            renderer: self,
            main,
            data: Bytes::new(data),
        };
        let compiled = typst::compile::<PagedDocument>(&world).output;
        let result = compiled
            .map_err(|errors| DocumentError::Typeset(diagnostics(&errors)))
            .and_then(|document| {
                let options = PdfOptions {
                    creator: Smart::Custom(Some("Qingdan".to_owned())),
                    ..PdfOptions::default()
                };
                typst_pdf::pdf(&document, &options)
                    .map_err(|errors| DocumentError::Pdf(diagnostics(&errors)))
            });
        // typst memoizes in a process-wide cache; age it so a long-running server stays small.
        typst::comemo::evict(CACHE_MAX_AGE);
        result
    }

    /// The JSON the template reads: the document plus what is derived from it.
    fn data(&self, doc: &Document) -> Result<Vec<u8>, DocumentError> {
        let (bureau, number, issued_on, party) = doc.common();
        for (field, value) in [
            ("bureau", bureau),
            ("number", number),
            ("issued_on", issued_on),
            ("party.name", party.name.as_str()),
        ] {
            if value.trim().is_empty() {
                return Err(DocumentError::MissingField(field));
            }
        }
        let amount = match doc.amount() {
            Some((text, penalty)) => {
                let parsed = Amount::parse(text).map_err(|source| DocumentError::Amount {
                    field: "amount",
                    source,
                })?;
                let (figures, words) = (parsed.figures(), parsed.words());
                Some(AmountView {
                    inline: inline_words(penalty, &[&figures, text], &words),
                    figures,
                    words,
                })
            }
            None => None,
        };
        let view = View {
            title: doc.title(),
            font: self.fonts.family(),
            self_ref: if bureau.ends_with('局') {
                "本局"
            } else {
                "本机关"
            },
            you: you(party),
            amount,
            doc,
        };
        serde_json::to_vec(&view).map_err(|e| DocumentError::Typeset(e.to_string()))
    }
}

/// How the document addresses the party: “你单位” for an organisation (one with a credit code),
/// “你” for a person.
fn you(party: &Party) -> &'static str {
    if party.uscc.as_deref().is_some_and(|u| !u.trim().is_empty()) {
        "你单位"
    } else {
        "你"
    }
}

#[derive(Serialize)]
struct View<'a> {
    title: &'static str,
    font: &'static str,
    self_ref: &'static str,
    you: &'static str,
    amount: Option<AmountView>,
    doc: &'a Document,
}

#[derive(Serialize)]
struct AmountView {
    figures: String,
    words: String,
    /// The penalty's text with “（大写：…）” after the fine's figures, if they are in it.
    inline: Option<String>,
}

/// Puts “（大写：words）” after the first “figures元” (spaces allowed before 元) in the penalty's
/// text: “罚款人民币750.00元” → “罚款人民币750.00元（大写：柒佰伍拾元整）”. `None` when the text
/// shows none of the spellings of the figures, or already gives the words.
fn inline_words(penalty: &str, spellings: &[&str], words: &str) -> Option<String> {
    if penalty.contains("大写") {
        return None;
    }
    for figures in spellings {
        for (start, _) in penalty.match_indices(figures) {
            let before = penalty[..start].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_digit() || c == '.') {
                continue;
            }
            let after = &penalty[start + figures.len()..];
            let rest = after.trim_start();
            if let Some(tail) = rest.strip_prefix('元') {
                let cut = penalty.len() - tail.len();
                return Some(format!("{}（大写：{words}）{tail}", &penalty[..cut]));
            }
        }
    }
    None
}

/// The id of a virtual file. The paths are constants of this module, so this does not fail;
/// should it ever, the template is missing and [`Renderer::render`] reports it.
fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

fn diagnostics(errors: &EcoVec<SourceDiagnostic>) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("；")
}

/// One compilation: the renderer's templates and fonts plus this document's data.
struct DocWorld<'a> {
    renderer: &'a Renderer,
    main: FileId,
    data: Bytes,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.renderer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.renderer.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.renderer
            .sources
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == self.renderer.data_id {
            return Ok(self.data.clone());
        }
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.renderer.fonts.faces().get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Documents carry the dates the caller formatted; the template never asks for today.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

#[cfg(test)]
mod tests {
    use super::{TEMPLATES, inline_words};

    /// Data reaches the templates as strings; evaluating one as code would undo that.
    #[test]
    fn templates_never_evaluate_data() {
        for (path, text) in TEMPLATES {
            for forbidden in ["eval(", "raw(", "read(", "sys.inputs"] {
                assert!(!text.contains(forbidden), "{path} uses {forbidden}");
            }
        }
    }

    #[test]
    fn words_go_after_the_figures() {
        let w = "柒佰伍拾元整";
        let cases = [
            (
                "罚款人民币750.00元",
                Some("罚款人民币750.00元（大写：柒佰伍拾元整）"),
            ),
            (
                "罚款人民币 750.00 元，并责令改正",
                Some("罚款人民币 750.00 元（大写：柒佰伍拾元整），并责令改正"),
            ),
            (
                "罚款人民币750元",
                Some("罚款人民币750元（大写：柒佰伍拾元整）"),
            ),
            ("罚款1750.00元", None),
            ("罚款750.00万元", None),
            ("警告", None),
            ("罚款750.00元（大写：柒佰伍拾元整）", None),
        ];
        for (penalty, expected) in cases {
            assert_eq!(
                inline_words(penalty, &["750.00", "750"], w).as_deref(),
                expected,
                "{penalty}"
            );
        }
    }
}
