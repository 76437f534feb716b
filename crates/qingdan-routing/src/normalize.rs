//! Text normalisation, applied alike to a query and to every cue phrase of the rule table.
//!
//! The rules are written once in the list's own wording; people type the same words in many
//! shapes. Normalising both sides to one form lets a cue match all of them:
//! * full-width ASCII (`ＡＢＣ１２３！`) becomes half-width, ASCII letters are lowercased;
//! * whitespace (including the ideographic space and zero-width characters) is dropped, so
//!   `现场 搅拌` matches `现场搅拌`; a line break becomes `;`, which ends a clause;
//! * variant characters take the list's form: `黏` → `粘` (黏土砖 / 粘土砖), `砼` → `混凝土`,
//!   and the traditional forms of the characters the rules use → simplified;
//! * a few frequent misspellings are repaired (`搅伴` → `搅拌`).

/// Traditional (or variant) characters and the form the list uses, sorted by the first
/// character so lookup is a binary search (a unit test keeps it sorted and unique).
const VARIANTS: &[(char, char)] = &[
    ('並', '并'),
    ('佈', '布'),
    ('倉', '仓'),
    ('個', '个'),
    ('們', '们'),
    ('倫', '伦'),
    ('備', '备'),
    ('傳', '传'),
    ('價', '价'),
    ('儀', '仪'),
    ('儲', '储'),
    ('兩', '两'),
    ('凈', '净'),
    ('則', '则'),
    ('劃', '划'),
    ('動', '动'),
    ('務', '务'),
    ('區', '区'),
    ('協', '协'),
    ('員', '员'),
    ('問', '问'),
    ('單', '单'),
    ('嗎', '吗'),
    ('國', '国'),
    ('圍', '围'),
    ('園', '园'),
    ('圖', '图'),
    ('場', '场'),
    ('塊', '块'),
    ('壓', '压'),
    ('實', '实'),
    ('審', '审'),
    ('將', '将'),
    ('專', '专'),
    ('對', '对'),
    ('導', '导'),
    ('層', '层'),
    ('屬', '属'),
    ('幣', '币'),
    ('庫', '库'),
    ('廠', '厂'),
    ('廣', '广'),
    ('從', '从'),
    ('應', '应'),
    ('戶', '户'),
    ('撥', '拨'),
    ('擔', '担'),
    ('據', '据'),
    ('擬', '拟'),
    ('擴', '扩'),
    ('攜', '携'),
    ('攪', '搅'),
    ('斷', '断'),
    ('於', '于'),
    ('書', '书'),
    ('會', '会'),
    ('東', '东'),
    ('條', '条'),
    ('業', '业'),
    ('極', '极'),
    ('樁', '桩'),
    ('樓', '楼'),
    ('標', '标'),
    ('樞', '枢'),
    ('樣', '样'),
    ('機', '机'),
    ('檢', '检'),
    ('歸', '归'),
    ('氣', '气'),
    ('淨', '净'),
    ('減', '减'),
    ('測', '测'),
    ('準', '准'),
    ('濃', '浓'),
    ('濟', '济'),
    ('災', '灾'),
    ('為', '为'),
    ('熱', '热'),
    ('燈', '灯'),
    ('燒', '烧'),
    ('營', '营'),
    ('牆', '墙'),
    ('現', '现'),
    ('環', '环'),
    ('產', '产'),
    ('發', '发'),
    ('碼', '码'),
    ('磚', '砖'),
    ('礦', '矿'),
    ('稱', '称'),
    ('窯', '窑'),
    ('節', '节'),
    ('範', '范'),
    ('築', '筑'),
    ('籌', '筹'),
    ('紅', '红'),
    ('紐', '纽'),
    ('紙', '纸'),
    ('組', '组'),
    ('結', '结'),
    ('統', '统'),
    ('經', '经'),
    ('綜', '综'),
    ('網', '网'),
    ('線', '线'),
    ('縣', '县'),
    ('總', '总'),
    ('織', '织'),
    ('續', '续'),
    ('罰', '罚'),
    ('聯', '联'),
    ('與', '与'),
    ('葉', '叶'),
    ('蓋', '盖'),
    ('藥', '药'),
    ('蘭', '兰'),
    ('處', '处'),
    ('號', '号'),
    ('衛', '卫'),
    ('衝', '冲'),
    ('裏', '里'),
    ('裝', '装'),
    ('裡', '里'),
    ('製', '制'),
    ('規', '规'),
    ('觀', '观'),
    ('計', '计'),
    ('託', '托'),
    ('記', '记'),
    ('設', '设'),
    ('許', '许'),
    ('誌', '志'),
    ('誰', '谁'),
    ('調', '调'),
    ('證', '证'),
    ('貨', '货'),
    ('買', '买'),
    ('貼', '贴'),
    ('資', '资'),
    ('賣', '卖'),
    ('質', '质'),
    ('購', '购'),
    ('車', '车'),
    ('輛', '辆'),
    ('輸', '输'),
    ('辦', '办'),
    ('這', '这'),
    ('連', '连'),
    ('進', '进'),
    ('運', '运'),
    ('過', '过'),
    ('遞', '递'),
    ('還', '还'),
    ('邊', '边'),
    ('釋', '释'),
    ('銷', '销'),
    ('錄', '录'),
    ('鎖', '锁'),
    ('鏈', '链'),
    ('門', '门'),
    ('開', '开'),
    ('關', '关'),
    ('陸', '陆'),
    ('隊', '队'),
    ('雜', '杂'),
    ('難', '难'),
    ('電', '电'),
    ('項', '项'),
    ('預', '预'),
    ('領', '领'),
    ('頭', '头'),
    ('題', '题'),
    ('額', '额'),
    ('驗', '验'),
    ('麼', '么'),
    ('黏', '粘'),
];

/// Misspellings and multi-character variants, replaced after the per-character pass.
const PHRASES: &[(&str, &str)] = &[("搅伴", "搅拌"), ("拌伴", "搅拌")];

/// The normalised form of `text`, as characters.
pub(crate) fn normalize(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            // Full-width ASCII forms → ASCII.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                if out.last() != Some(&';') {
                    out.push(';');
                }
            }
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => {}
            '砼' => out.extend(['混', '凝', '土']),
            c => out.push(variant(c.to_ascii_lowercase())),
        }
    }
    for (from, to) in PHRASES {
        replace_all(&mut out, from, to);
    }
    out
}

/// The list's form of a variant character, or the character itself.
fn variant(c: char) -> char {
    if (c as u32) < 0x4E00 {
        return c;
    }
    match VARIANTS.binary_search_by(|(from, _)| from.cmp(&c)) {
        Ok(i) => VARIANTS.get(i).map_or(c, |(_, to)| *to),
        Err(_) => c,
    }
}

fn replace_all(text: &mut Vec<char>, from: &str, to: &str) {
    let from: Vec<char> = from.chars().collect();
    let to: Vec<char> = to.chars().collect();
    if from.is_empty() || text.len() < from.len() {
        return;
    }
    let mut i = 0;
    while i + from.len() <= text.len() {
        if text[i..].starts_with(&from) {
            text.splice(i..i + from.len(), to.iter().copied());
            i += to.len();
        } else {
            i += 1;
        }
    }
}

/// A clause ends here: a cue's parts never match across it.
pub(crate) fn is_hard_stop(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';' | '．')
}

/// Anything that is not a letter, digit or ideograph: punctuation, symbols, emoji.
pub(crate) fn is_punct(c: char) -> bool {
    !c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).into_iter().collect()
    }

    #[test]
    fn variants_are_sorted_and_unique() {
        let mut sorted: Vec<(char, char)> = VARIANTS.to_vec();
        sorted.sort_unstable();
        sorted.dedup_by_key(|(from, _)| *from);
        assert_eq!(
            sorted.len(),
            VARIANTS.len(),
            "duplicate keys in VARIANTS ({} unique of {})",
            sorted.len(),
            VARIANTS.len()
        );
        assert!(
            VARIANTS.windows(2).all(|w| w[0].0 < w[1].0),
            "VARIANTS must be sorted by key"
        );
    }

    #[test]
    fn variants_and_widths() {
        assert_eq!(n("实心黏土磚"), "实心粘土砖");
        assert_eq!(n("施工现场搅拌砼"), "施工现场搅拌混凝土");
        assert_eq!(n("ＧＤＰ　增速？"), "gdp增速?");
        assert_eq!(n("现场 搅 伴\n混凝土"), "现场搅拌;混凝土");
        assert_eq!(n("散裝水泥"), "散装水泥");
        assert_eq!(n("a\u{200B}b"), "ab");
    }
}
