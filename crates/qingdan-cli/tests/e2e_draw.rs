//! `qingdan draw run` / `qingdan draw verify` as the contract says: a standalone draw over the
//! ids in a CSV's first column, verified by re-running; an edited record is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use support::{Db, TestDb, write};

#[test]
fn run_and_verify_a_draw() {
    let db = TestDb::new(Db::Sqlite);
    let dir = db.dir.path();
    let mut csv = String::from("统一社会信用代码,名称\n");
    for i in 0..200 {
        csv.push_str(&format!("91430923MA4L{i:04}X,企业{i}\n"));
    }
    let candidates = write(dir, "candidates.csv", &csv);
    let record = dir.join("record.json");
    let seed = "5143a1b2c3d4e5f60718293a4b5c6d7e";
    let out = db.run(&[
        "draw",
        "run",
        "--candidates",
        candidates.to_str().unwrap(),
        "--count",
        "10",
        "--seed",
        seed,
        "-o",
        record.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("已从 200 个候选中抽取 10 个")
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    assert_eq!(json["algorithm"], "qingdan-draw-v1");
    assert_eq!(json["selected"].as_array().unwrap().len(), 10);

    // The same inputs give the same record, byte for byte.
    let again = dir.join("again.json");
    db.run(&[
        "draw",
        "run",
        "--candidates",
        candidates.to_str().unwrap(),
        "--count",
        "10",
        "--seed",
        seed,
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&record).unwrap(),
        std::fs::read(&again).unwrap()
    );

    let out = db.run(&[
        "draw",
        "verify",
        record.to_str().unwrap(),
        "--candidates",
        candidates.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("核验通过"));

    // An edited record is refused, naming what differs.
    let edited =
        std::fs::read_to_string(&record)
            .unwrap()
            .replacen("91430923MA4L", "91430923MA4M", 1);
    let edited_path = write(dir, "edited.json", &edited);
    let out = db.run(&[
        "draw",
        "verify",
        edited_path.to_str().unwrap(),
        "--candidates",
        candidates.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("核验不通过")
    );

    // A changed candidate list is refused too.
    let other = write(
        dir,
        "other.csv",
        &csv.replace("企业7\n", "企业7\n91430923MA4LZZZZX,新企业\n"),
    );
    let out = db.run(&[
        "draw",
        "verify",
        record.to_str().unwrap(),
        "--candidates",
        other.to_str().unwrap(),
    ]);
    assert!(!out.status.success());

    // Bad input: a short seed, more than there are.
    let out = db.run(&[
        "draw",
        "run",
        "--candidates",
        candidates.to_str().unwrap(),
        "--count",
        "10",
        "--seed",
        "abc",
        "-o",
        "x.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = db.run(&[
        "draw",
        "run",
        "--candidates",
        candidates.to_str().unwrap(),
        "--count",
        "201",
        "--seed",
        seed,
        "-o",
        "x.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
