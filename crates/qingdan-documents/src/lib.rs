//! Qingdan's official documents as PDF: 检查审批表, 责令改正通知书, 行政处罚告知书,
//! 行政处罚决定书 and 送达回证, typeset with an embedded [typst](https://typst.app) in the
//! spirit of GB/T 9704 (A4, margins 37/28/35/26 mm, 二号 bold title, 三号 serif body, the
//! issuing bureau and date bottom right with a “（印章）” placeholder).
//!
//! ```no_run
//! use qingdan_documents::{Fonts, Renderer, Document};
//! # fn run(doc: Document) -> Result<(), qingdan_documents::DocumentError> {
//! let renderer = Renderer::new(Fonts::load_system()?); // once, at start
//! let pdf: Vec<u8> = renderer.render(&doc)?;
//! # Ok(()) }
//! ```
//!
//! * Fonts are read from disk once ([`Fonts::load_system`]): Noto Serif CJK SC Regular and Bold
//!   (Debian `fonts-noto-cjk`), else WenQuanYi Micro Hei (`fonts-wqy-microhei`).
//! * The caller formats every text (dates, provisions cited in full); amounts are decimal strings
//!   and are printed in figures and in capital numerals ([`amount_in_words`]).
//! * User text never becomes typst markup: the data reaches the templates as JSON strings
//!   (see `render.rs`), so `#`, `*`, `$` or `[` in a party's name print as they are.
//! * Pure but for reading fonts: no clock, no network; the same document renders to the same
//!   bytes.
//!
//! typst is heavy (hundreds of crates, minutes of clean build); it is used by this crate only.
#![deny(missing_docs)]

mod amount;
mod fonts;
mod model;
mod render;

use std::path::PathBuf;

pub use amount::{Amount, AmountError, amount_in_words};
pub use fonts::{Fonts, NOTO_SERIF_SC, SYSTEM_DIRS, WQY_MICRO_HEI};
pub use model::{
    CorrectionOrder, Document, InspectionApproval, Party, PenaltyDecision, PenaltyNotice,
    ServiceReceipt,
};
pub use render::Renderer;

/// Why a document could not be produced. Messages are Chinese.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// No usable Chinese font was found.
    #[error(
        "未找到中文字体：在 {searched} 中既没有 Noto Serif CJK SC，也没有 WenQuanYi Micro Hei。\
         请安装 Debian 软件包 fonts-noto-cjk（或 fonts-wqy-microhei）：\
         apt-get install fonts-noto-cjk"
    )]
    FontsNotFound {
        /// The directories searched.
        searched: String,
    },
    /// A font file could not be read.
    #[error("无法读取字体文件 {path}：{source}")]
    FontRead {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A font file holds no font typst can use.
    #[error("字体文件 {path} 无法解析")]
    FontInvalid {
        /// The file.
        path: PathBuf,
    },
    /// A required field was blank.
    #[error("文书字段 {0} 不能为空")]
    MissingField(&'static str),
    /// An amount was not a valid decimal.
    #[error("文书字段 {field} 的金额有误：{source}")]
    Amount {
        /// The field.
        field: &'static str,
        /// Why.
        source: AmountError,
    },
    /// typst could not typeset the document (a bug in a template).
    #[error("文书排版失败：{0}")]
    Typeset(String),
    /// typst could not write the PDF.
    #[error("PDF 生成失败：{0}")]
    Pdf(String),
}
