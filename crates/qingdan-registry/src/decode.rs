//! Bytes of a CSV file to text: UTF-8 (with or without BOM), else GBK/GB18030 as Chinese Excel
//! writes by default, else one clear error.

use std::borrow::Cow;

/// The encoding a CSV file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8, possibly with a BOM, possibly with a few bytes that are not UTF-8 (those become
    /// U+FFFD and the fields holding them are refused).
    Utf8,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

/// A whole-file problem: the row it is on (0 when it is the file as a whole) and why.
pub(crate) type FileProblem = (usize, String);

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";

/// Decodes `bytes`, returning the text and the encoding used.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), FileProblem> {
    if bytes.is_empty() {
        return Err((0, "文件为空".to_owned()));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return Err((
            0,
            "这是 Excel 工作簿（.xlsx）而不是 CSV 文件，请按 XLSX 格式导入".to_owned(),
        ));
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err((0, OLD_XLS.to_owned()));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            0,
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”），无法按 CSV 读取；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx"
                .to_owned(),
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let had_bom = body.len() != bytes.len();
    let bad_at = match std::str::from_utf8(body) {
        Ok(text) => return Ok((Cow::Borrowed(text), Encoding::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    // A BOM, or a first line that is valid UTF-8 with Chinese in it (the column names), says
    // the file is UTF-8 with a few damaged bytes, not GBK: keep the good rows.
    let first_line = body.split(|&b| b == b'\n').next().unwrap_or_default();
    let header_is_utf8_chinese = std::str::from_utf8(first_line)
        .is_ok_and(|line| line.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)));
    if had_bom || header_is_utf8_chinese {
        return Ok((
            Cow::Owned(String::from_utf8_lossy(body).into_owned()),
            Encoding::Utf8,
        ));
    }
    if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(body)
    {
        return Ok((Cow::Owned(text.into_owned()), Encoding::Gb18030));
    }
    let line = 1 + body
        .get(..bad_at)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let byte = body.get(bad_at).copied().unwrap_or_default();
    Err((
        line,
        format!(
            "文件编码无法识别：第{line}行有既不是 UTF-8 也不是 GBK/GB18030 的字节（0x{byte:02X}）；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"
        ),
    ))
}

/// The message for a legacy .xls workbook.
pub(crate) const OLD_XLS: &str = "这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 中另存为 .xlsx 或“CSV UTF-8（逗号分隔）”后再导入";
