//! The obvious attack on the slider, as a bot author would write it: normalised
//! cross-correlation of the piece's pixels along its row. It must find the gap in at most 30%
//! of 200 puzzles, and a blind guess in at most 3%. A control run of the same code against a
//! piece that is a copy of the gap's pixels shows the attack itself works.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rand::SeedableRng;
use rand::rngs::StdRng;
use reference_backend::captcha::{
    GAP_RANGE, HEIGHT, PIECE, Puzzle, TOLERANCE, WIDTH, draw, solves,
};

const PUZZLES: usize = 200;

fn grey(r: u8, g: u8, b: u8) -> f32 {
    0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)
}

/// The background in grey, row by row.
fn background(puzzle: &Puzzle) -> Vec<f32> {
    let mut decoder = jpeg_decoder::Decoder::new(&puzzle.background_jpeg[..]);
    let rgb = decoder.decode().unwrap();
    assert_eq!(rgb.len(), (WIDTH * HEIGHT * 3) as usize);
    rgb.chunks(3).map(|p| grey(p[0], p[1], p[2])).collect()
}

/// The piece's opaque pixels: where they are and their grey.
fn piece(puzzle: &Puzzle) -> Vec<(u32, u32, f32)> {
    let decoder = png::Decoder::new(std::io::Cursor::new(&puzzle.piece_png));
    let mut reader = decoder.read_info().unwrap();
    let mut rgba = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut rgba).unwrap();
    rgba.chunks(4)
        .enumerate()
        .filter(|(_, p)| p[3] > 0)
        .map(|(at, p)| (at as u32 % PIECE, at as u32 / PIECE, grey(p[0], p[1], p[2])))
        .collect()
}

/// Normalised cross-correlation of `template` with the background at `(left, top)`.
fn ncc(image: &[f32], template: &[(u32, u32, f32)], left: u32, top: u32) -> f32 {
    let window: Vec<f32> = template
        .iter()
        .map(|(x, y, _)| image[((top + y) * WIDTH + left + x) as usize])
        .collect();
    let n = template.len() as f32;
    let (mean_t, mean_w) = (
        template.iter().map(|t| t.2).sum::<f32>() / n,
        window.iter().sum::<f32>() / n,
    );
    let (mut cross, mut var_t, mut var_w) = (0.0, 0.0, 0.0);
    for (t, w) in template.iter().zip(&window) {
        let (a, b) = (t.2 - mean_t, w - mean_w);
        cross += a * b;
        var_t += a * a;
        var_w += b * b;
    }
    cross / (var_t * var_w).sqrt().max(f32::EPSILON)
}

/// Where the template matches best along the piece's row.
fn best_match(image: &[f32], template: &[(u32, u32, f32)], top: u32) -> u32 {
    (0..=WIDTH - PIECE)
        .max_by(|a, b| ncc(image, template, *a, top).total_cmp(&ncc(image, template, *b, top)))
        .unwrap()
}

#[test]
fn a_template_match_finds_the_gap_no_better_than_chance() {
    let mut rng = StdRng::seed_from_u64(0x5eed_2026);
    let (mut attack, mut control, mut blind) = (0, 0, 0);
    let middle = (GAP_RANGE.start() + GAP_RANGE.end()) / 2;
    for _ in 0..PUZZLES {
        let puzzle = draw(&mut rng).unwrap();
        let (image, template) = (background(&puzzle), piece(&puzzle));
        if solves(puzzle.gap_x, best_match(&image, &template, puzzle.piece_y)) {
            attack += 1;
        }
        // The control: the same attack, given the gap's own pixels under the piece's outline.
        let copy: Vec<(u32, u32, f32)> = template
            .iter()
            .map(|(x, y, _)| {
                (
                    *x,
                    *y,
                    image[((puzzle.piece_y + y) * WIDTH + puzzle.gap_x + x) as usize],
                )
            })
            .collect();
        if solves(puzzle.gap_x, best_match(&image, &copy, puzzle.piece_y)) {
            control += 1;
        }
        if solves(puzzle.gap_x, middle) {
            blind += 1;
        }
    }
    let rate = |hits: usize| 100.0 * hits as f64 / PUZZLES as f64;
    // Every constant guess hits one of the gap's positions within the tolerance.
    let positions = f64::from(GAP_RANGE.end() - GAP_RANGE.start() + 1);
    let best_blind = 100.0 * f64::from(2 * TOLERANCE + 1) / positions;
    println!(
        "template match {:.1}%, control (pixel copy) {:.1}%, blind guess at the middle {:.1}% \
         (best constant guess {best_blind:.2}% exactly)",
        rate(attack),
        rate(control),
        rate(blind)
    );
    assert!(
        rate(control) >= 95.0,
        "the attack does not work even on a copy: {control}"
    );
    assert!(
        rate(attack) <= 30.0,
        "the template match finds the gap in {attack} of {PUZZLES}"
    );
    assert!(
        best_blind <= 3.0,
        "a blind guess succeeds in {best_blind:.2}%"
    );
}
