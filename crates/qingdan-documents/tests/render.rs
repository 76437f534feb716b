//! Renders every kind of document for a bagged-cement case and reads the PDFs back with
//! poppler's `pdftotext` and `pdffonts` (Debian `poppler-utils`; missing tools fail the tests).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod fixtures;

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, OnceLock};

use fixtures::*;
use qingdan_documents::{
    AmountError, Document, DocumentError, Fonts, NOTO_SERIF_SC, Renderer, WQY_MICRO_HEI,
};

fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::new(Fonts::load_system().expect("fonts")))
}

/// Writes the PDF under the test's temporary directory (kept for a look) and returns its path.
fn write(name: &str, pdf: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("qingdan-{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} 无法运行（{e}）：请安装 poppler-utils（apt-get install poppler-utils）")
    });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The PDF's text as `pdftotext -layout` reads it.
fn text_of(name: &str, pdf: &[u8]) -> String {
    let path = write(name, pdf);
    poppler("pdftotext", &["-layout", path.to_str().unwrap(), "-"])
}

/// Text without white space, so a phrase broken over lines or justified still matches.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_contains(text: &str, needles: &[&str]) {
    let squeezed = squeeze(text);
    for needle in needles {
        assert!(
            squeezed.contains(&squeeze(needle)),
            "missing {needle:?} in:\n{text}"
        );
    }
}

fn render(name: &str, doc: &Document) -> String {
    let pdf = renderer().render(doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "{name} is not a PDF");
    text_of(name, &pdf)
}

#[test]
fn uses_noto_serif_with_bold() {
    let fonts = renderer().fonts();
    assert_eq!(
        fonts.family(),
        NOTO_SERIF_SC,
        "install fonts-noto-cjk: {fonts:?}"
    );
    assert!(fonts.has_bold(), "{fonts:?}");
}

#[test]
fn penalty_decision() {
    let text = render("penalty_decision", &decision());
    assert_contains(
        &text,
        &[
            BUREAU,
            "行政处罚决定书",
            "安工信罚决〔2026〕1号",
            &format!("当事人：{PARTY}"),
            &format!("统一社会信用代码：{USCC}"),
            "12.5吨",
            "750.00",
            "柒佰伍拾元整",
            "本局决定对当事人作出如下行政处罚：罚款人民币750.00元（大写：柒佰伍拾元整）",
            ART_14,
            ART_23_TEXT,
            "当事人应当自收到本决定书之日起十五日内，将罚款缴至",
            "每日按罚款数额的百分之三加处罚款",
            "第七十二条",
            "六十日内向安化县人民政府申请行政复议",
            "六个月内向安化县人民法院提起行政诉讼",
            "本局将依法申请人民法院强制执行",
            "（印章）",
            "2026年3月9日",
        ],
    );
}

#[test]
fn amount_on_its_own_line_when_the_penalty_text_lacks_it() {
    let mut data = decision_data();
    data.penalty = "罚款（金额见下）".to_owned();
    data.amount = Some("12345.67".to_owned());
    let text = render(
        "penalty_decision_amount_line",
        &Document::PenaltyDecision(data),
    );
    assert_contains(
        &text,
        &[
            "罚款（金额见下）",
            "罚款金额：人民币12345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）。",
        ],
    );
}

#[test]
fn penalty_decision_without_fine_or_surcharge() {
    let mut data = decision_data();
    data.amount = None;
    data.surcharge_notice = false;
    data.penalty = "警告".to_owned();
    let text = render("penalty_decision_warning", &Document::PenaltyDecision(data));
    let squeezed = squeeze(&text);
    assert!(squeezed.contains("警告"));
    assert!(!squeezed.contains("大写"), "{text}");
    assert!(!squeezed.contains("加处罚款"), "{text}");
    assert!(!squeezed.contains("将罚款缴至"), "{text}");
}

#[test]
fn penalty_notice() {
    let text = render("penalty_notice", &notice());
    assert_contains(
        &text,
        &[
            "行政处罚告知书",
            "安工信罚告〔2026〕1号",
            PARTY,
            USCC,
            "12.5吨",
            "750.00",
            "柒佰伍拾元整",
            ART_14,
            ART_23_TEXT,
            "你单位的上述行为违反了",
            "本局拟对你单位作出如下行政处罚",
            &format!("请于{DEADLINE}前向本局提出"),
            "第六十三条、第六十四条",
            "请于2026年3月7日前向本局提出",
            "0737-7200000",
        ],
    );
}

#[test]
fn penalty_notice_default_hearing_term_and_no_hearing() {
    let Document::PenaltyNotice(mut data) = notice() else {
        unreachable!()
    };
    data.hearing_deadline = None;
    let text = render(
        "penalty_notice_default",
        &Document::PenaltyNotice(data.clone()),
    );
    assert_contains(&text, &["请自收到本告知书之日起五日内向本局提出"]);
    data.hearing_right = false;
    let text = render("penalty_notice_no_hearing", &Document::PenaltyNotice(data));
    assert!(!squeeze(&text).contains("听证的权利"), "{text}");
}

#[test]
fn correction_order() {
    let text = render("correction_order", &correction());
    assert_contains(
        &text,
        &[
            "责令改正通知书",
            "安工信责改〔2026〕1号",
            PARTY,
            USCC,
            "12.5吨",
            ART_14,
            ART_23_TEXT,
            &format!("本局责令你单位于{DEADLINE}前改正上述违法行为"),
            "立即停止在施工中使用袋装水泥",
            "（印章）",
        ],
    );
}

#[test]
fn inspection_approval() {
    let text = render("inspection_approval", &approval());
    assert_contains(
        &text,
        &[
            "检查审批表",
            "安工信检审〔2026〕3号",
            PARTY,
            USCC,
            "安化县某小区二期工程施工现场",
            "散装水泥使用情况检查",
            ART_14,
            "43090012345",
            "2026年2月10日",
            "同意。",
            "审批人：刘某",
        ],
    );
}

#[test]
fn service_receipt() {
    let text = render("service_receipt", &receipt());
    assert_contains(
        &text,
        &[
            "送达回证",
            "行政处罚决定书（安工信罚决〔2026〕1号）",
            PARTY,
            "直接送达",
            "2026年3月10日",
            "王某、赵某",
            "受送达人签名或盖章",
        ],
    );
}

#[test]
fn fonts_are_embedded() {
    let pdf = renderer().render(&decision()).unwrap();
    let path = write("fonts_embedded", &pdf);
    let listing = poppler("pdffonts", &[path.to_str().unwrap()]);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "{listing}");
    for line in &fonts {
        assert!(line.contains("NotoSerifCJK"), "{listing}");
        // name, type (two words), encoding, then the emb / sub / uni columns
        let cols: Vec<&str> = line.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "not embedded: {line}");
    }
    assert!(fonts.iter().any(|l| l.contains("Bold")), "{listing}");
}

/// Markup characters in user text print literally and change nothing else.
#[test]
fn user_text_cannot_inject_markup() {
    let nasty = r#"某#公司*粗体*$x^2$[括号]\反斜杠"引号"#;
    let hostile = r##"#set page(width: 1cm) #"x" ]) } // /* = 标题 <lbl> @ref `raw` _i_"##;
    let mut data = decision_data();
    data.party.name = nasty.to_owned();
    data.facts = format!("{hostile}\n#eval(\"1\")");
    let text = render("injection", &Document::PenaltyDecision(data));
    assert_contains(
        &text,
        &[nasty, hostile, "#eval(\"1\")", "柒佰伍拾元整", "（印章）"],
    );
    // A set rule from the data would have produced a narrow page with a few glyphs a line.
    assert!(text.lines().any(|l| l.chars().count() > 20), "{text}");
}

#[test]
fn same_document_same_bytes() {
    let a = renderer().render(&decision()).unwrap();
    let b = renderer().render(&decision()).unwrap();
    assert!(a == b, "rendering is not deterministic");
    let c = renderer().render(&notice()).unwrap();
    assert!(a != c);
}

#[test]
fn long_documents_get_page_numbers() {
    let mut data = decision_data();
    data.evidence = (1..=60)
        .map(|i| format!("第{i}份证据：现场照片及说明"))
        .collect();
    let pdf = renderer().render(&Document::PenaltyDecision(data)).unwrap();
    let text = text_of("long", &pdf);
    assert!(text.contains('\u{c}'), "expected several pages");
    assert_contains(&text, &["— 1 —", "— 2 —", "第60份证据", "（印章）"]);
}

#[test]
fn refuses_bad_amounts_and_blank_fields() {
    let mut data = decision_data();
    data.amount = Some("-750.00".to_owned());
    match renderer().render(&Document::PenaltyDecision(data)) {
        Err(DocumentError::Amount {
            source: AmountError::Negative(_),
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let Document::PenaltyNotice(mut data) = notice() else {
        unreachable!()
    };
    data.amount = Some("七百五十".to_owned());
    let err = renderer()
        .render(&Document::PenaltyNotice(data))
        .unwrap_err();
    assert!(matches!(
        err,
        DocumentError::Amount {
            source: AmountError::Malformed(_),
            ..
        }
    ));
    assert!(err.to_string().contains("金额"), "{err}");

    let mut data = decision_data();
    data.party.name = "  ".to_owned();
    let err = renderer()
        .render(&Document::PenaltyDecision(data))
        .unwrap_err();
    assert!(
        matches!(err, DocumentError::MissingField("party.name")),
        "{err}"
    );
    assert!(err.to_string().contains("不能为空"));
}

#[test]
fn kinds_and_titles() {
    let docs = [approval(), correction(), notice(), decision(), receipt()];
    let kinds: Vec<&str> = docs.iter().map(Document::kind).collect();
    assert_eq!(kinds, Document::KINDS);
    let titles: Vec<&str> = docs.iter().map(Document::title).collect();
    assert_eq!(
        titles,
        [
            "检查审批表",
            "责令改正通知书",
            "行政处罚告知书",
            "行政处罚决定书",
            "送达回证"
        ]
    );
    for doc in &docs {
        let json = serde_json::to_value(doc).unwrap();
        assert_eq!(json["kind"], doc.kind());
        let back: Document = serde_json::from_value(json).unwrap();
        assert_eq!(&back, doc);
    }
}

#[test]
fn renders_concurrently_from_an_arc() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
    let shared = Arc::new(Renderer::new(Fonts::load_system().unwrap()));
    let handles: Vec<_> = [decision(), notice(), receipt(), approval()]
        .into_iter()
        .map(|doc| {
            let renderer = Arc::clone(&shared);
            std::thread::spawn(move || renderer.render(&doc).unwrap())
        })
        .collect();
    for handle in handles {
        assert!(handle.join().unwrap().starts_with(b"%PDF-"));
    }
}

#[test]
fn missing_fonts_name_the_package() {
    let empty = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-fonts-here");
    std::fs::create_dir_all(&empty).unwrap();
    let err = Fonts::load_from(&[empty]).unwrap_err();
    assert!(matches!(err, DocumentError::FontsNotFound { .. }));
    assert!(err.to_string().contains("fonts-noto-cjk"), "{err}");
}

/// Without Noto, WenQuanYi Micro Hei (fonts-wqy-microhei) sets the document.
#[test]
fn falls_back_to_wenquanyi() {
    let dir = PathBuf::from("/usr/share/fonts/truetype/wqy");
    assert!(
        dir.join("wqy-microhei.ttc").exists(),
        "install fonts-wqy-microhei (apt-get install fonts-wqy-microhei)"
    );
    let fonts = Fonts::load_from(&[dir]).unwrap();
    assert_eq!(fonts.family(), WQY_MICRO_HEI);
    let pdf = Renderer::new(fonts).render(&decision()).unwrap();
    assert_contains(&text_of("wqy", &pdf), &[PARTY, "柒佰伍拾元整", ART_23]);
}

#[test]
fn a_broken_font_file_is_reported() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("broken-fonts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("NotoSerifCJK-Regular.ttc"), b"not a font").unwrap();
    let err = Fonts::load_from(&[dir]).unwrap_err();
    assert!(matches!(err, DocumentError::FontInvalid { .. }), "{err}");
    assert!(
        err.to_string().contains("NotoSerifCJK-Regular.ttc"),
        "{err}"
    );
}
