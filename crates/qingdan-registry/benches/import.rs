//! How long importing the registry takes. Run: `cargo bench -p qingdan-registry`.
//!
//! Generates 1,000,000 enterprise rows (valid codes from `generate`, varied names, kinds,
//! addresses with commas in quotes, phones) as CSV in memory and imports them in UTF-8 and in
//! GBK; then builds a workbook of `QINGDAN_BENCH_XLSX_ROWS` rows (default 1,000,000; building it
//! takes rust_xlsxwriter about 12 s and 2 GB) and imports it. Prints times, rows/s, and resident
//! memory before each import and at its peak (Linux). Target: 1,000,000 rows ≤ 60 s.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]

use qingdan_registry::{Enterprise, Format, ImportReport, PartyKind, generate, import_enterprises};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

const TOWNS: &[&str] = &[
    "东坪镇",
    "梅城镇",
    "小淹镇",
    "冷市镇",
    "江南镇",
    "平口镇",
    "烟溪镇",
    "奎溪镇",
    "仙溪镇",
    "大福镇",
    "长塘镇",
    "羊角塘镇",
    "乐安镇",
    "滔溪镇",
    "渠江镇",
    "南金乡",
];
const TRADES: &[&str] = &[
    "新型墙材",
    "商品混凝土",
    "水泥制品",
    "干混砂浆",
    "建材",
    "页岩砖",
    "电力",
    "建设投资",
];
const SURNAMES: &[&str] = &["李", "王", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
const GIVEN: &[&str] = &["明", "芳", "伟", "娜", "强", "军", "敏", "静", "磊", "洋"];

fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn pick<'a>(list: &[&'a str], r: u64) -> &'a str {
    list[(r % list.len() as u64) as usize]
}

/// One row's fields.
fn row(i: usize, code: &str) -> [String; 6] {
    let r = mix(i as u64);
    let town = pick(TOWNS, r);
    let kind = PartyKind::ALL[((r >> 8) % 9) as usize];
    let name = format!(
        "安化县{}{}{}有限公司",
        town.trim_end_matches('镇'),
        pick(TRADES, r >> 16),
        i
    );
    let address = if (r >> 24).is_multiple_of(4) {
        format!(
            "安化县{town}{}村{}组, {}号",
            pick(GIVEN, r >> 28),
            (r >> 32) % 20 + 1,
            i % 500
        )
    } else {
        format!(
            "安化县{town}{}路{}号",
            pick(TRADES, r >> 28),
            (r >> 32) % 300 + 1
        )
    };
    let contact = if (r >> 40).is_multiple_of(5) {
        String::new()
    } else {
        format!("{}{}", pick(SURNAMES, r >> 44), pick(GIVEN, r >> 48))
    };
    let phone = match (r >> 52) % 3 {
        0 => format!("138{:08}", r % 100_000_000),
        1 => format!("0737-72{:05}", r % 100_000),
        _ => String::new(),
    };
    [
        code.to_owned(),
        name,
        kind.label().to_owned(),
        address,
        contact,
        phone,
    ]
}

const HEADER: [&str; 6] = [
    "统一社会信用代码",
    "企业名称",
    "类别",
    "地址",
    "联系人",
    "联系电话",
];

fn csv(n: usize) -> String {
    let mut out = String::with_capacity(n * 130);
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for (i, code) in generate(2024, n).enumerate() {
        let fields = row(i, code.as_str());
        for (j, f) in fields.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            if f.contains(',') || f.contains('"') {
                let _ = write!(out, "\"{}\"", f.replace('"', "\"\""));
            } else {
                out.push_str(f);
            }
        }
        out.push_str("\r\n");
    }
    out
}

fn xlsx(n: usize) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, code) in generate(2024, n).enumerate() {
        for (c, f) in row(i, code.as_str()).iter().enumerate() {
            if !f.is_empty() {
                sheet.write_string(i as u32 + 1, c as u16, f).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A line of /proc/self/status (Linux) in MB, e.g. `VmRSS` or `VmHWM` (the peak).
fn status_mb(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or_else(|| "?".to_owned(), |kb| format!("{:.0}", kb / 1024.0))
}

/// Resets the peak so that `VmHWM` measures one import (Linux; ignored elsewhere).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn measure(label: &str, bytes: &[u8], format: Format, expect: usize) -> Duration {
    let mut calls = 0usize;
    reset_peak();
    let before = status_mb("VmRSS:");
    let start = Instant::now();
    let report: ImportReport<Enterprise> =
        import_enterprises(black_box(bytes), format, &mut |_, _| calls += 1);
    let took = start.elapsed();
    assert_eq!(report.total_rows, expect, "{:?}", report.rejected.first());
    assert_eq!(
        report.accepted.len(),
        expect,
        "{:?}",
        report.rejected.first()
    );
    println!(
        "| {label} | {} | {:.1} | {:.2} | {:.0} | {} | {before} → {} |",
        report.total_rows,
        bytes.len() as f64 / 1e6,
        took.as_secs_f64(),
        report.total_rows as f64 / took.as_secs_f64(),
        calls,
        status_mb("VmHWM:")
    );
    black_box(report);
    took
}

fn main() {
    let n = 1_000_000;
    let start = Instant::now();
    let text = csv(n);
    println!(
        "generated {n} rows of CSV ({:.1} MB) in {:.2} s",
        text.len() as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let gbk = gbk.into_owned();
    println!(
        "encoded as GBK ({:.1} MB) in {:.2} s",
        gbk.len() as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    let xlsx_rows: usize = std::env::var("QINGDAN_BENCH_XLSX_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    println!();
    println!("| input | rows | MB | seconds | rows/s | progress calls | RSS MB before → peak |");
    println!("|---|--:|--:|--:|--:|--:|--:|");
    // The first CSV run warms the allocator; report both.
    measure("CSV, UTF-8 (1st run)", text.as_bytes(), Format::Csv, n);
    let took = measure("CSV, UTF-8", text.as_bytes(), Format::Csv, n);
    measure("CSV, GBK", &gbk, Format::Csv, n);
    // Built after the CSV runs: rust_xlsxwriter's ~2 GB stay in the allocator afterwards, so
    // the XLSX row's memory figures are not the import's own.
    let start = Instant::now();
    let book = xlsx(xlsx_rows);
    eprintln!(
        "built a workbook of {xlsx_rows} rows ({:.1} MB) in {:.2} s",
        book.len() as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    measure("XLSX", &book, Format::Xlsx, xlsx_rows);
    println!();
    println!(
        "target 1,000,000 CSV rows <= 60 s: {} ({:.2} s)",
        if took.as_secs_f64() <= 60.0 {
            "met"
        } else {
            "MISSED"
        },
        took.as_secs_f64()
    );
}
