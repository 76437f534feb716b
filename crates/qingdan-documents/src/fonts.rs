//! Finding and loading the Chinese fonts from disk, once at start.

use std::fs;
use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontWeight};

use crate::DocumentError;

/// The preferred face: the nearest free 宋/仿宋-like serif (Debian `fonts-noto-cjk`).
pub const NOTO_SERIF_SC: &str = "Noto Serif CJK SC";
/// The fallback face (Debian `fonts-wqy-microhei`): a sans serif without bold.
pub const WQY_MICRO_HEI: &str = "WenQuanYi Micro Hei";

/// Where [`Fonts::load_system`] looks.
pub const SYSTEM_DIRS: [&str; 2] = ["/usr/share/fonts", "/usr/local/share/fonts"];

/// How deep [`Fonts::load_from`] descends below each directory (guards against link cycles).
const MAX_DEPTH: usize = 8;

/// The fonts documents are set in, read from disk once. Cheap to clone (the font data is shared).
#[derive(Clone)]
pub struct Fonts {
    family: &'static str,
    fonts: Vec<Font>,
    files: Vec<PathBuf>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("family", &self.family)
            .field("faces", &self.fonts.len())
            .field("files", &self.files)
            .finish()
    }
}

impl Fonts {
    /// Loads Noto Serif CJK SC (Regular and Bold) from the system's font directories
    /// ([`SYSTEM_DIRS`]), or WenQuanYi Micro Hei when Noto is not installed.
    ///
    /// # Errors
    /// [`DocumentError::FontsNotFound`] (naming the Debian package to install) when neither is
    /// found; [`DocumentError::FontRead`] or [`DocumentError::FontInvalid`] when a file cannot
    /// be read or parsed.
    pub fn load_system() -> Result<Fonts, DocumentError> {
        let dirs: Vec<PathBuf> = SYSTEM_DIRS.iter().map(PathBuf::from).collect();
        Fonts::load_from(&dirs)
    }

    /// Like [`Fonts::load_system`], searching the given directories (recursively) instead.
    ///
    /// # Errors
    /// As [`Fonts::load_system`].
    pub fn load_from(dirs: &[PathBuf]) -> Result<Fonts, DocumentError> {
        let mut candidates = Vec::new();
        for dir in dirs {
            collect_files(dir, 0, &mut candidates);
        }
        candidates.sort();
        candidates.dedup();

        let noto: Vec<&PathBuf> = candidates
            .iter()
            .filter(|p| is_noto_serif_file(p))
            .collect();
        if !noto.is_empty() {
            let fonts = load_family(&noto, NOTO_SERIF_SC)?;
            if fonts
                .fonts
                .iter()
                .any(|f| f.info().variant.weight < FontWeight::BOLD)
            {
                return Ok(fonts);
            }
        }
        let wqy: Vec<&PathBuf> = candidates.iter().filter(|p| is_wqy_file(p)).collect();
        if !wqy.is_empty() {
            let fonts = load_family(&wqy, WQY_MICRO_HEI)?;
            if !fonts.fonts.is_empty() {
                return Ok(fonts);
            }
        }
        Err(DocumentError::FontsNotFound {
            searched: dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
        })
    }

    /// The family documents are set in: [`NOTO_SERIF_SC`] or [`WQY_MICRO_HEI`].
    pub fn family(&self) -> &'static str {
        self.family
    }

    /// The font files loaded.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Whether a bold face was found (titles are set in it; without one typst uses the regular
    /// face).
    pub fn has_bold(&self) -> bool {
        self.fonts
            .iter()
            .any(|f| f.info().variant.weight >= FontWeight::BOLD)
    }

    pub(crate) fn faces(&self) -> &[Font] {
        &self.fonts
    }
}

/// Reads the files and keeps the faces of `family` (a `.ttc` holds SC, TC, JP, KR and HK).
fn load_family(files: &[&PathBuf], family: &'static str) -> Result<Fonts, DocumentError> {
    let mut fonts = Vec::new();
    let mut used = Vec::new();
    for path in files {
        let data = fs::read(path).map_err(|source| DocumentError::FontRead {
            path: (*path).clone(),
            source,
        })?;
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        // Parsing a CJK face for typst takes ~5 ms; only the faces named like `family` are.
        let wanted: Vec<u32> = (0..count).filter(|&i| named(&data, i, family)).collect();
        if wanted.is_empty() && ttf_parser::Face::parse(&data, 0).is_err() {
            return Err(DocumentError::FontInvalid {
                path: (*path).clone(),
            });
        }
        let data = Bytes::new(data);
        let before = fonts.len();
        fonts.extend(
            wanted
                .into_iter()
                .filter_map(|i| Font::new(data.clone(), i))
                .filter(|f| f.info().family == family),
        );
        if fonts.len() > before {
            used.push((*path).clone());
        }
    }
    Ok(Fonts {
        family,
        fonts,
        files: used,
    })
}

/// Whether face `index` of `data` has a family name (plain or typographic) starting with
/// `family`; typst's own parse then decides.
fn named(data: &[u8], index: u32, family: &str) -> bool {
    let Ok(face) = ttf_parser::Face::parse(data, index) else {
        return false;
    };
    face.names().into_iter().any(|name| {
        (name.name_id == ttf_parser::name_id::FAMILY
            || name.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            && name.to_string().is_some_and(|n| n.starts_with(family))
    })
}

/// The Regular and Bold files of Noto Serif CJK: `NotoSerifCJK-Regular.ttc` (Debian),
/// `NotoSerifCJKsc-Bold.otf` (Adobe's per-region files). (Google's `NotoSerifSC-*` subsets are
/// another family, “Noto Serif SC”, and are not used.)
fn is_noto_serif_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    let font_file = [".ttc", ".otf", ".ttf"]
        .iter()
        .any(|ext| name.ends_with(ext));
    let serif_cjk = name.starts_with("notoserifcjk");
    let weight = name.contains("-regular.") || name.contains("-bold.");
    font_file && serif_cjk && weight
}

/// `wqy-microhei.ttc` (Debian `fonts-wqy-microhei`).
fn is_wqy_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case("wqy-microhei.ttc"))
}

/// Every file under `dir`, following links, to [`MAX_DEPTH`]. Unreadable entries are skipped:
/// a missing directory simply holds no fonts.
fn collect_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => collect_files(&path, depth + 1, out),
            Ok(meta) if meta.is_file() => out.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_font_file_names() {
        for name in [
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
            "/x/NotoSerifCJKsc-Regular.otf",
            "/x/NotoSerifCJKsc-Bold.otf",
        ] {
            assert!(is_noto_serif_file(Path::new(name)), "{name}");
        }
        for name in [
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Light.ttc",
            "/x/NotoSerif-Regular.ttf",
            "/x/NotoSerifSC-Regular.otf",
            "/x/NotoSerifCJK-Regular.ttc.bak",
        ] {
            assert!(!is_noto_serif_file(Path::new(name)), "{name}");
        }
        assert!(is_wqy_file(Path::new(
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
        )));
        assert!(!is_wqy_file(Path::new("/x/wqy-zenhei.ttc")));
    }
}
