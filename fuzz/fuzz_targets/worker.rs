//! The web app's worker on one file, a big drop's way: listed first, its signatures checked by
//! two workers (this one from the front, a helper the back half, handed over twice), then
//! analysed reading those checks. The answers are the ones a single worker makes, first and
//! final, and so are the first answers both make ahead for the settings one change away, and
//! the listing's rows on the page (sent ahead one at a time by the two); nothing panics.
#![no_main]
use certlens::ui::{wire, work};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = vec![certlens::InputFile::new("fuzz.pem", data)];
    let at = 1_795_392_000;
    let job = wire::encode(&work::Job { seq: 1, analyse: true, options: work::JobOptions::at(at), verdict: work::Verdict { at, ..Default::default() } });
    let mut alone = work::Worker::listing_any_drop(false);
    let mut listed = Vec::new();
    let expected = alone.run_listing_first(&job, Some(files.clone()), &mut |_| {}, &mut |p| listed.push(p));
    // The second worker sends its listing's rows ahead one at a time.
    let mut two = work::Worker::listing_any_drop(true).rows_ahead_every(1);
    let mut posted = Vec::new();
    let answer = match two.begin(&job, Some(files), &mut |_| {}, &mut |p| posted.push(p)) {
        work::Begun::Answer(answer) => answer,
        work::Begun::Checking(mut checking) => {
            for _ in 0..2 {
                checking.check(1);
                if let Some(batch) = checking.hand_off(1) {
                    checking.helped(&work::check_batch(&batch));
                }
            }
            checking.check(usize::MAX);
            assert!(checking.is_done());
            two.finish_checking(*checking, &mut |_| {})
        }
    };
    assert!(answer == expected, "two workers answered otherwise than one");
    let rows = |posted: &[work::Posted]| work::rows_on_the_page(posted).map(|(rows, _)| rows);
    assert!(rows(&posted) == rows(&listed), "the rows sent ahead and the listing make other rows than the listing alone");
    assert!(two.finish_pending(&mut |_| {}) == alone.finish_pending(&mut |_| {}), "the final answers differ");
    let near = |w: &mut work::Worker| std::iter::from_fn(|| w.near_answers()).take(2).collect::<Vec<_>>();
    assert!(near(&mut two) == near(&mut alone), "the answers made ahead differ");
});
