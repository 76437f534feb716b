//! Drawing and verifying.

use crate::hex;
use crate::ids::{Prepared, prepare};
use crate::record::{ALGORITHM, DrawRecord};
use crate::stream::{RandomStream, Seed, shuffle_step};
use crate::{DrawError, VerifyError};

/// Draws `count` of `candidates`, passing over `exclusions`, with the randomness of
/// `seed_hex`, and returns the record to publish.
///
/// Ids are trimmed (Unicode white space) before anything else. The same arguments give the
/// same record, byte for byte ([`DrawRecord::to_json`]), on every machine; the order of
/// `candidates` and of `exclusions` does not matter.
///
/// # Errors
/// Checked in this order: the seed ([`DrawError::SeedNotHex`], [`DrawError::SeedOddLength`],
/// [`DrawError::SeedTooShort`], [`DrawError::SeedTooLong`]); a zero count
/// ([`DrawError::CountZero`]); the candidates ([`DrawError::EmptyId`],
/// [`DrawError::ControlCharacter`], [`DrawError::DuplicateId`], [`DrawError::NoCandidates`]);
/// the exclusions (the same, then [`DrawError::NotACandidate`]); finally
/// [`DrawError::CountTooLarge`] when `count` exceeds the candidates not excluded.
pub fn draw(
    candidates: &[String],
    exclusions: &[String],
    count: usize,
    seed_hex: &str,
) -> Result<DrawRecord, DrawError> {
    let seed = Seed::parse(seed_hex)?;
    if count == 0 {
        return Err(DrawError::CountZero);
    }
    let prepared = prepare(candidates, exclusions)?;
    let candidates_hash = hex::encode(&prepared.candidates_digest);
    let excluded_hash = prepared.excluded_digest.map(|d| hex::encode(&d));
    let candidate_count = prepared.sorted.len();
    let excluded_count = prepared.excluded.len();
    let selected = select(prepared, &seed, count)?;
    let mut record = DrawRecord {
        algorithm: ALGORITHM.to_string(),
        seed: seed.to_hex(),
        candidates_hash,
        candidate_count,
        excluded_hash,
        excluded_count,
        count,
        selected,
        record_hash: String::new(),
    };
    record.record_hash = record.content_hash();
    Ok(record)
}

/// The selection: Fisher–Yates steps over all the sorted candidates, keeping each item
/// placed unless it is excluded, until `count` are kept.
fn select(prepared: Prepared<'_>, seed: &Seed, count: usize) -> Result<Vec<String>, DrawError> {
    let Prepared {
        sorted: mut order,
        excluded,
        candidates_digest,
        ..
    } = prepared;
    let available = order.len() - excluded.len();
    if count == 0 {
        return Err(DrawError::CountZero);
    }
    if count > available {
        return Err(DrawError::CountTooLarge {
            count,
            available,
            candidate_count: order.len(),
            excluded_count: excluded.len(),
        });
    }
    let mut stream = RandomStream::new(seed, &candidates_digest);
    let mut chosen = Vec::with_capacity(count);
    let mut i = 0;
    // Terminates: every step places one more item, and at least `count` are not excluded.
    while chosen.len() < count && shuffle_step(&mut order, i, &mut stream) {
        let id = order[i];
        if excluded.binary_search(&id).is_err() {
            chosen.push(id.to_string());
        }
        i += 1;
    }
    Ok(chosen)
}

/// Re-runs the draw a record describes over `candidates` and `exclusions`, and checks that
/// every field of the record is what the draw gives.
///
/// # Errors
/// The first check that fails, in this order:
/// [`VerifyError::Algorithm`]; the record's seed or count cannot be drawn with, or the
/// lists given are malformed ([`VerifyError::Input`]); [`VerifyError::SeedNotCanonical`];
/// [`VerifyError::CandidatesHash`] (a different candidate list); [`VerifyError::CandidateCount`];
/// [`VerifyError::ExcludedHash`] (different exclusions); [`VerifyError::ExcludedCount`];
/// [`VerifyError::CountMismatch`] (`count` ≠ the length of `selected`);
/// [`VerifyError::Selection`] (the first position in draw order where the record differs);
/// [`VerifyError::RecordHash`] (the record was edited after it was made).
pub fn verify(
    record: &DrawRecord,
    candidates: &[String],
    exclusions: &[String],
) -> Result<(), VerifyError> {
    if record.algorithm != ALGORITHM {
        return Err(VerifyError::Algorithm {
            found: record.algorithm.clone(),
        });
    }
    let seed = Seed::parse(&record.seed)?;
    if record.count == 0 {
        return Err(DrawError::CountZero.into());
    }
    let prepared = prepare(candidates, exclusions)?;
    if seed.to_hex() != record.seed {
        return Err(VerifyError::SeedNotCanonical {
            recorded: record.seed.clone(),
            canonical: seed.to_hex(),
        });
    }
    let candidates_hash = hex::encode(&prepared.candidates_digest);
    if candidates_hash != record.candidates_hash {
        return Err(VerifyError::CandidatesHash {
            recorded: record.candidates_hash.clone(),
            computed: candidates_hash,
            computed_count: prepared.sorted.len(),
        });
    }
    if prepared.sorted.len() != record.candidate_count {
        return Err(VerifyError::CandidateCount {
            recorded: record.candidate_count,
            computed: prepared.sorted.len(),
        });
    }
    let excluded_hash = prepared.excluded_digest.map(|d| hex::encode(&d));
    if excluded_hash != record.excluded_hash {
        const NONE: &str = "（无）";
        return Err(VerifyError::ExcludedHash {
            recorded: record.excluded_hash.clone().unwrap_or_else(|| NONE.into()),
            computed: excluded_hash.unwrap_or_else(|| NONE.into()),
            computed_count: prepared.excluded.len(),
        });
    }
    if prepared.excluded.len() != record.excluded_count {
        return Err(VerifyError::ExcludedCount {
            recorded: record.excluded_count,
            computed: prepared.excluded.len(),
        });
    }
    if record.count != record.selected.len() {
        return Err(VerifyError::CountMismatch {
            count: record.count,
            listed: record.selected.len(),
        });
    }
    let expected = select(prepared, &seed, record.count)?;
    if let Some((k, (e, r))) = expected
        .iter()
        .zip(&record.selected)
        .enumerate()
        .find(|(_, (e, r))| e != r)
    {
        return Err(VerifyError::Selection {
            position: k + 1,
            expected: e.clone(),
            recorded: r.clone(),
        });
    }
    let computed = record.content_hash();
    if computed != record.record_hash {
        return Err(VerifyError::RecordHash {
            recorded: record.record_hash.clone(),
            computed,
        });
    }
    Ok(())
}
