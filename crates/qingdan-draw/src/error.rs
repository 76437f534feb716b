//! Errors of drawing and of verifying, with Chinese messages.

use std::fmt;

/// Which list of ids an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// The candidates (候选名单).
    Candidates,
    /// The exclusions (回避名单).
    Exclusions,
}

impl List {
    /// The input field the list comes from: `candidates` or `exclusions`.
    pub fn field(self) -> &'static str {
        match self {
            List::Candidates => "candidates",
            List::Exclusions => "exclusions",
        }
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            List::Candidates => "候选名单",
            List::Exclusions => "回避名单",
        })
    }
}

/// Why a draw (or reading a candidate file) was refused. Positions (`position`) are 1-based
/// indexes into the list given; lines (`line`) are 1-based physical lines of the CSV text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DrawError {
    /// The seed contains a character that is not a hexadecimal digit.
    #[error(
        "种子（seed）第 {position} 个字符“{found}”不是十六进制数字（只允许 0–9、a–f、A–F，不要加 0x 前缀或空格）"
    )]
    SeedNotHex {
        /// 1-based character position in the seed.
        position: usize,
        /// The character found.
        found: char,
    },
    /// The seed has an odd number of hexadecimal digits.
    #[error("种子（seed）有 {len} 位十六进制数字，应为偶数位（每两位一个字节）")]
    SeedOddLength {
        /// Digits given.
        len: usize,
    },
    /// The seed is shorter than 32 hexadecimal digits (128 bits).
    #[error("种子（seed）只有 {len} 位十六进制数字，至少需要 32 位（128 比特）")]
    SeedTooShort {
        /// Digits given.
        len: usize,
    },
    /// The seed is longer than 256 hexadecimal digits.
    #[error("种子（seed）有 {len} 位十六进制数字，最多允许 256 位")]
    SeedTooLong {
        /// Digits given.
        len: usize,
    },
    /// The count is zero.
    #[error("抽取数量（count）必须至少为 1")]
    CountZero,
    /// More ids are asked for than can be drawn.
    #[error(
        "抽取数量（count）为 {count}，超过可抽取的 {available} 个（候选 {candidate_count} 个，回避 {excluded_count} 个）"
    )]
    CountTooLarge {
        /// The count asked for.
        count: usize,
        /// Candidates minus exclusions.
        available: usize,
        /// Candidates.
        candidate_count: usize,
        /// Exclusions.
        excluded_count: usize,
    },
    /// There are no candidates at all.
    #[error("候选名单为空，没有可抽取的编号")]
    NoCandidates,
    /// An id is empty or only whitespace.
    #[error("{list}第 {position} 项为空（编号不能为空白）")]
    EmptyId {
        /// Which list.
        list: List,
        /// 1-based position in that list.
        position: usize,
    },
    /// An id contains a control character (line feed, tab, …), which the record format forbids.
    #[error("{list}第 {position} 项“{id}”含换行、制表符等控制字符，不能作为编号")]
    ControlCharacter {
        /// Which list.
        list: List,
        /// 1-based position in that list.
        position: usize,
        /// The id (trimmed), with control characters escaped.
        id: String,
    },
    /// The same id appears twice in one list.
    #[error("{list}第 {position} 项“{id}”与第 {first} 项重复")]
    DuplicateId {
        /// Which list.
        list: List,
        /// 1-based position of the repetition.
        position: usize,
        /// 1-based position of the first occurrence.
        first: usize,
        /// The id.
        id: String,
    },
    /// An exclusion is not one of the candidates (most likely a typo, which would leave the
    /// conflicted party in the draw).
    #[error("回避名单第 {position} 项“{id}”不在候选名单中（请核对编号，回避对象必须是候选对象）")]
    NotACandidate {
        /// 1-based position in the exclusions.
        position: usize,
        /// The id.
        id: String,
    },
    /// A quoted CSV field is not closed before the end of the text.
    #[error("候选名单文件第 {line} 行：引号未闭合")]
    CsvUnclosedQuote {
        /// Line where the quoted field starts.
        line: usize,
    },
    /// Text follows the closing quote of a CSV field.
    #[error("候选名单文件第 {line} 行：引号之后、逗号之前还有多余的字符")]
    CsvTextAfterQuote {
        /// Line of the closing quote.
        line: usize,
    },
    /// The first cell of a non-blank CSV row is empty.
    #[error("候选名单文件第 {line} 行：第一列（编号）为空")]
    CsvEmptyId {
        /// Line where the row starts.
        line: usize,
    },
    /// The first cell of a CSV row contains a control character (a line break inside quotes,
    /// a tab — perhaps the file is tab-separated rather than comma-separated).
    #[error("候选名单文件第 {line} 行：编号“{id}”含换行、制表符等控制字符（文件应以英文逗号分隔）")]
    CsvControlCharacter {
        /// Line where the row starts.
        line: usize,
        /// The cell, with control characters escaped.
        id: String,
    },
    /// The same id is in two CSV rows.
    #[error("候选名单文件第 {line} 行的编号“{id}”与第 {first} 行重复")]
    CsvDuplicateId {
        /// Line of the repetition.
        line: usize,
        /// Line of the first occurrence.
        first: usize,
        /// The id.
        id: String,
    },
}

impl DrawError {
    /// The input field at fault: `seed`, `count`, `candidates` or `exclusions` (for an API's
    /// `{"error": {"code", "message", "field"}}`).
    pub fn field(&self) -> &'static str {
        match self {
            DrawError::SeedNotHex { .. }
            | DrawError::SeedOddLength { .. }
            | DrawError::SeedTooShort { .. }
            | DrawError::SeedTooLong { .. } => "seed",
            DrawError::CountZero | DrawError::CountTooLarge { .. } => "count",
            DrawError::EmptyId { list, .. }
            | DrawError::ControlCharacter { list, .. }
            | DrawError::DuplicateId { list, .. } => list.field(),
            DrawError::NotACandidate { .. } => "exclusions",
            DrawError::NoCandidates
            | DrawError::CsvUnclosedQuote { .. }
            | DrawError::CsvTextAfterQuote { .. }
            | DrawError::CsvEmptyId { .. }
            | DrawError::CsvControlCharacter { .. }
            | DrawError::CsvDuplicateId { .. } => "candidates",
        }
    }

    /// A stable, machine-readable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            DrawError::SeedNotHex { .. } => "seed_not_hex",
            DrawError::SeedOddLength { .. } => "seed_odd_length",
            DrawError::SeedTooShort { .. } => "seed_too_short",
            DrawError::SeedTooLong { .. } => "seed_too_long",
            DrawError::CountZero => "count_zero",
            DrawError::CountTooLarge { .. } => "count_too_large",
            DrawError::NoCandidates => "no_candidates",
            DrawError::EmptyId { .. } => "empty_id",
            DrawError::ControlCharacter { .. } => "control_character",
            DrawError::DuplicateId { .. } => "duplicate_id",
            DrawError::NotACandidate { .. } => "exclusion_not_a_candidate",
            DrawError::CsvUnclosedQuote { .. } => "csv_unclosed_quote",
            DrawError::CsvTextAfterQuote { .. } => "csv_text_after_quote",
            DrawError::CsvEmptyId { .. } => "csv_empty_id",
            DrawError::CsvControlCharacter { .. } => "csv_control_character",
            DrawError::CsvDuplicateId { .. } => "csv_duplicate_id",
        }
    }
}

/// Why a record did not verify: the first check that failed, in the order listed on
/// [`crate::verify`] (reading the JSON, [`DrawRecord::from_json`](crate::DrawRecord::from_json),
/// comes before all of them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The record is not JSON of the record's shape (missing or unknown field, wrong type).
    #[error("这不是有效的抽取记录（JSON）：{reason}")]
    Json {
        /// The parser's explanation.
        reason: String,
    },
    /// The record names an algorithm other than `qingdan-draw-v1`.
    #[error("记录使用的算法“{found}”不受支持，本程序只能核验 qingdan-draw-v1")]
    Algorithm {
        /// The `algorithm` field.
        found: String,
    },
    /// The record's seed, count, or the lists given cannot be drawn from (see the inner error).
    #[error("无法按记录重新抽取：{0}")]
    Input(#[from] DrawError),
    /// The record's seed is valid hex but not in the canonical lowercase form.
    #[error("记录的种子（seed）“{recorded}”不是规范写法，应为小写的“{canonical}”")]
    SeedNotCanonical {
        /// The `seed` field.
        recorded: String,
        /// Its canonical form.
        canonical: String,
    },
    /// The candidate list given is not the one the record was drawn from.
    #[error(
        "候选名单与记录不符：记录的 candidates_hash 为 {recorded}，所给名单（{computed_count} 个编号）的为 {computed}"
    )]
    CandidatesHash {
        /// The `candidates_hash` field.
        recorded: String,
        /// The hash of the list given.
        computed: String,
        /// How many ids the list given has.
        computed_count: usize,
    },
    /// The record's candidate count is not the size of the list it hashes.
    #[error("候选数量与记录不符：记录的 candidate_count 为 {recorded}，名单实有 {computed} 个")]
    CandidateCount {
        /// The `candidate_count` field.
        recorded: usize,
        /// The number of candidates given.
        computed: usize,
    },
    /// The exclusions given are not the ones recorded.
    #[error(
        "回避名单与记录不符：记录的 excluded_hash 为 {recorded}，所给回避名单（{computed_count} 个编号）的为 {computed}"
    )]
    ExcludedHash {
        /// The `excluded_hash` field, or `（无）` when absent.
        recorded: String,
        /// The hash of the exclusions given, or `（无）` when none were given.
        computed: String,
        /// How many exclusions were given.
        computed_count: usize,
    },
    /// The record's exclusion count is not the size of the list it hashes.
    #[error("回避数量与记录不符：记录的 excluded_count 为 {recorded}，回避名单实有 {computed} 个")]
    ExcludedCount {
        /// The `excluded_count` field.
        recorded: usize,
        /// The number of exclusions given.
        computed: usize,
    },
    /// `count` is not the number of ids in `selected`.
    #[error("记录的抽取数量 count 为 {count}，但 selected 中列出 {listed} 个编号")]
    CountMismatch {
        /// The `count` field.
        count: usize,
        /// The length of `selected`.
        listed: usize,
    },
    /// Re-running the draw gives a different id at a position of `selected`.
    #[error(
        "抽取结果与记录不符：按记录重新抽取，第 {position} 个应为“{expected}”，记录为“{recorded}”"
    )]
    Selection {
        /// 1-based position in draw order.
        position: usize,
        /// The id the draw gives there.
        expected: String,
        /// The id the record has there.
        recorded: String,
    },
    /// Everything re-runs the same, but `record_hash` does not match the record's content:
    /// the record was edited after it was made (e.g. `count` lowered and `selected` truncated
    /// to match).
    #[error(
        "record_hash 与记录内容不符（记录为 {recorded}，按内容应为 {computed}）：记录在生成之后被改动过"
    )]
    RecordHash {
        /// The `record_hash` field.
        recorded: String,
        /// The hash of the record's content.
        computed: String,
    },
}
