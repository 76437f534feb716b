//! How long routing takes. Run: `cargo bench -p qingdan-routing`.

use qingdan_routing::{MAX_CHARS, Router};
use std::hint::black_box;
use std::time::Instant;

const ANHUA: &str = include_str!("../../../data/seeds/anhua.txt");

fn main() {
    let Ok(catalog) = qingdan_core::parse_list(ANHUA) else {
        eprintln!("the Anhua list does not import");
        return;
    };
    let t = Instant::now();
    let router = Router::new(&catalog);
    println!("Router::new: {:?}", t.elapsed());
    let dense: String = catalog
        .boundaries
        .iter()
        .flat_map(|b| b.parties.iter().map(|p| p.division.as_str()))
        .collect::<String>()
        .chars()
        .take(MAX_CHARS)
        .collect();
    let texts = [
        ("short question", "工地上自己拌混凝土归谁管".to_string()),
        ("out of scope", "我家的猫走丢了怎么办".to_string()),
        ("500 chars dense with cues", dense),
    ];
    println!("| text | calls | p50 µs | p99 µs |");
    println!("|---|--:|--:|--:|");
    for (name, text) in &texts {
        let mut ns: Vec<u128> = (0..2000)
            .map(|_| {
                let t = Instant::now();
                let _ = black_box(router.resolve(black_box(text)));
                t.elapsed().as_nanos()
            })
            .collect();
        ns.sort_unstable();
        let at = |p: f64| ns[((ns.len() - 1) as f64 * p) as usize] as f64 / 1000.0;
        println!(
            "| {name} | {} | {:.1} | {:.1} |",
            ns.len(),
            at(0.5),
            at(0.99)
        );
    }
}
