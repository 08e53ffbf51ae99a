//! The attacks a bot author would write first against the slider, each on the same 200
//! puzzles, each with a control that shows the attack itself works:
//! - normalised cross-correlation of the piece's grey along its row;
//! - a colour template match of the piece, and a match of its average colour;
//! - the piece's outline matched against the light rims along its row.
//!
//! Each must find the gap in at most 30% of the puzzles, and a blind guess in at most 3%.
//! The cue a person uses, the piece's picture going on across its edge into the picture around
//! the gap, is measured too: it must stay, or people could not solve the puzzle either.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rand::SeedableRng;
use rand::rngs::StdRng;
use reference_backend::slider::picture::{
    DrawnSlider, GAP_RANGE, HEIGHT, PIECE, TOLERANCE, WIDTH, draw, solves,
};

const PUZZLES: usize = 200;
/// What no attack may exceed, in percent of the puzzles.
const MOST_AN_ATTACK_MAY_FIND: f64 = 30.0;
/// What each control must reach, in percent: below it, the attack is what failed.
const LEAST_A_CONTROL_FINDS: f64 = 95.0;

type Colour = [f32; 3];

/// One of the piece's opaque pixels.
#[derive(Clone, Copy)]
struct Texel {
    x: u32,
    y: u32,
    colour: Colour,
}

/// A pixel of the piece's edge, with the way out of the piece and the piece's colour one pixel
/// further in, past its dark edge.
struct OutlinePixel {
    at: (i64, i64),
    outward: (i64, i64),
    inner: Option<Colour>,
}

/// A puzzle as a bot receives it: the decoded pictures and the piece's row.
struct Seen {
    background: Vec<Colour>,
    piece: Vec<Texel>,
    row: u32,
    gap_x: u32,
    holes: Vec<u32>,
}

impl Seen {
    fn new(puzzle: &DrawnSlider) -> Seen {
        let mut decoder = jpeg_decoder::Decoder::new(&puzzle.background_jpeg[..]);
        let rgb = decoder.decode().unwrap();
        assert_eq!(rgb.len(), (WIDTH * HEIGHT * 3) as usize);
        let decoder = png::Decoder::new(std::io::Cursor::new(&puzzle.piece_png));
        let mut reader = decoder.read_info().unwrap();
        let mut rgba = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut rgba).unwrap();
        Seen {
            background: rgb.chunks(3).map(colour).collect(),
            piece: rgba
                .chunks(4)
                .enumerate()
                .filter(|(_, p)| p[3] > 0)
                .map(|(at, p)| Texel {
                    x: at as u32 % PIECE,
                    y: at as u32 / PIECE,
                    colour: colour(p),
                })
                .collect(),
            row: puzzle.piece_y,
            gap_x: puzzle.gap_x,
            holes: puzzle.holes.to_vec(),
        }
    }

    /// The background at `(x, y)` of the piece's square placed at `left`, if inside the picture.
    fn at(&self, left: u32, x: i64, y: i64) -> Option<Colour> {
        let (x, y) = (i64::from(left) + x, i64::from(self.row) + y);
        let inside = (0..i64::from(WIDTH)).contains(&x) && (0..i64::from(HEIGHT)).contains(&y);
        inside.then(|| self.background[(y * i64::from(WIDTH) + x) as usize])
    }

    /// The piece's outline, as the bot reads it off the transparency.
    fn outline(&self) -> Vec<OutlinePixel> {
        let find = |x: i64, y: i64| {
            self.piece
                .iter()
                .find(|t| i64::from(t.x) == x && i64::from(t.y) == y)
        };
        let mut outline = Vec::new();
        for texel in &self.piece {
            let (x, y) = (i64::from(texel.x), i64::from(texel.y));
            for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                if find(x + dx, y + dy).is_none() {
                    outline.push(OutlinePixel {
                        at: (x, y),
                        outward: (dx, dy),
                        inner: find(x - dx, y - dy).map(|t| t.colour),
                    });
                }
            }
        }
        outline
    }

    /// The same puzzle with the piece replaced by a copy of the background's pixels at the gap:
    /// what a template attack would see if the piece gave the gap away.
    fn with_gap_copied(&self) -> Seen {
        Seen {
            piece: self
                .piece
                .iter()
                .map(|t| Texel {
                    colour: self.background[((self.row + t.y) * WIDTH + self.gap_x + t.x) as usize],
                    ..*t
                })
                .collect(),
            background: self.background.clone(),
            holes: self.holes.clone(),
            ..*self
        }
    }
}

fn colour(p: &[u8]) -> Colour {
    [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])]
}

fn grey([r, g, b]: Colour) -> f32 {
    0.299 * r + 0.587 * g + 0.114 * b
}

/// The background under the piece's opaque pixels with the piece's square at `left`.
fn window(seen: &Seen, left: u32) -> Vec<Colour> {
    seen.piece
        .iter()
        .map(|t| seen.background[((seen.row + t.y) * WIDTH + left + t.x) as usize])
        .collect()
}

/// Normalised cross-correlation of two equally long series of values, each of `channels`.
fn normalised_correlation<const N: usize>(a: &[[f32; N]], b: &[[f32; N]]) -> f32 {
    let mean = |series: &[[f32; N]]| -> [f32; N] {
        std::array::from_fn(|c| series.iter().map(|v| v[c]).sum::<f32>() / series.len() as f32)
    };
    let (mean_a, mean_b) = (mean(a), mean(b));
    let (mut cross, mut var_a, mut var_b) = (0.0, 0.0, 0.0);
    for (u, v) in a.iter().zip(b) {
        for c in 0..N {
            let (p, q) = (u[c] - mean_a[c], v[c] - mean_b[c]);
            cross += p * q;
            var_a += p * p;
            var_b += q * q;
        }
    }
    cross / (var_a * var_b).sqrt().max(f32::EPSILON)
}

/// Normalised cross-correlation of the piece's grey with the background's (the attack most
/// write first: OpenCV's `TM_CCOEFF_NORMED` on grey pictures).
fn grey_template(seen: &Seen, left: u32) -> f32 {
    let piece: Vec<[f32; 1]> = seen.piece.iter().map(|t| [grey(t.colour)]).collect();
    let window: Vec<[f32; 1]> = window(seen, left).into_iter().map(|c| [grey(c)]).collect();
    normalised_correlation(&piece, &window)
}

/// The same over the three colour channels at once (`TM_CCOEFF_NORMED` on colour pictures).
fn colour_template(seen: &Seen, left: u32) -> f32 {
    let piece: Vec<Colour> = seen.piece.iter().map(|t| t.colour).collect();
    normalised_correlation(&piece, &window(seen, left))
}

/// How close the window's average hue is to the piece's: the shares of red, green and blue,
/// which darkening leaves alone.
fn average_colour(seen: &Seen, left: u32) -> f32 {
    let hue = |colours: &mut dyn Iterator<Item = Colour>| -> Colour {
        let sum = colours.fold([0.0; 3], |s, c| [s[0] + c[0], s[1] + c[1], s[2] + c[2]]);
        let total = (sum[0] + sum[1] + sum[2]).max(f32::EPSILON);
        sum.map(|c| c / total)
    };
    let piece = hue(&mut seen.piece.iter().map(|t| t.colour));
    let window = hue(&mut window(seen, left).into_iter());
    -(0..3).map(|c| (piece[c] - window[c]).powi(2)).sum::<f32>()
}

/// How much lighter the background is on the piece's outline than just inside and just outside
/// it: a light rim of the piece's shape scores highest.
fn rim(seen: &Seen, outline: &[OutlinePixel], left: u32) -> f32 {
    let mut sum = 0.0;
    for OutlinePixel {
        at: (x, y),
        outward: (dx, dy),
        ..
    } in outline
    {
        let (Some(edge), Some(outside), Some(inside)) = (
            seen.at(left, *x, *y),
            seen.at(left, x + dx, y + dy),
            seen.at(left, x - dx, y - dy),
        ) else {
            continue;
        };
        sum += 2.0 * grey(edge) - grey(outside) - grey(inside);
    }
    sum
}

/// How well the piece's picture, just inside its dark edge, goes on into the background just
/// outside the outline: the cue a person uses.
fn border(seen: &Seen, outline: &[OutlinePixel], left: u32) -> f32 {
    let mut sum = 0.0;
    for OutlinePixel {
        at: (x, y),
        outward: (dx, dy),
        inner,
    } in outline
    {
        let (Some(inner), Some(outside)) = (inner, seen.at(left, x + dx, y + dy)) else {
            continue;
        };
        sum -= (0..3).map(|c| (inner[c] - outside[c]).powi(2)).sum::<f32>();
    }
    sum
}

/// Where `score` is highest along the piece's row.
fn best(score: impl Fn(u32) -> f32) -> u32 {
    (0..=WIDTH - PIECE)
        .map(|left| (left, score(left)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
        .0
}

/// The same 200 puzzles for every attack.
fn puzzles() -> Vec<Seen> {
    let mut rng = StdRng::seed_from_u64(0x5eed_2026);
    (0..PUZZLES)
        .map(|_| Seen::new(&draw(&mut rng).unwrap()))
        .collect()
}

fn percent(hits: usize) -> f64 {
    100.0 * hits as f64 / PUZZLES as f64
}

/// In percent of the puzzles, how often `guess` lands on the gap.
fn rate(puzzles: &[Seen], guess: impl Fn(&Seen) -> u32) -> f64 {
    percent(
        puzzles
            .iter()
            .filter(|seen| solves(seen.gap_x, guess(seen)))
            .count(),
    )
}

/// Runs a template attack and its control, prints both and holds them to their bounds.
fn template_attack(name: &str, score: fn(&Seen, u32) -> f32) {
    let puzzles = puzzles();
    let attack = rate(&puzzles, |seen| best(|left| score(seen, left)));
    let control = rate(&puzzles, |seen| {
        let copied = seen.with_gap_copied();
        best(|left| score(&copied, left))
    });
    println!(
        "{name}: finds the gap in {attack:.1}%; given a copy of the gap's pixels, {control:.1}%"
    );
    assert!(
        control >= LEAST_A_CONTROL_FINDS,
        "{name} does not work even on a copy: {control}%"
    );
    assert!(
        attack <= MOST_AN_ATTACK_MAY_FIND,
        "{name} finds the gap in {attack}%"
    );
}

#[test]
fn a_grey_template_match_does_not_find_the_gap() {
    template_attack("grey template match", grey_template);
}

#[test]
fn a_colour_template_match_does_not_find_the_gap() {
    template_attack("colour template match", colour_template);
}

#[test]
fn the_average_colour_does_not_find_the_gap() {
    template_attack("average colour match", average_colour);
}

#[test]
fn the_outline_finds_every_hole_alike() {
    let puzzles = puzzles();
    let found: Vec<u32> = puzzles
        .iter()
        .map(|seen| {
            let outline = seen.outline();
            best(|left| rim(seen, &outline, left))
        })
        .collect();
    let attack = percent(
        puzzles
            .iter()
            .zip(&found)
            .filter(|(s, x)| solves(s.gap_x, **x))
            .count(),
    );
    // The control: the same attack lands on a hole, the gap or a decoy.
    let control = percent(
        puzzles
            .iter()
            .zip(&found)
            .filter(|(s, x)| s.holes.iter().any(|hole| solves(*hole, **x)))
            .count(),
    );
    println!("outline match: finds the gap in {attack:.1}%, and some hole in {control:.1}%");
    assert!(
        control >= LEAST_A_CONTROL_FINDS,
        "the outline match finds no hole: {control}%"
    );
    assert!(
        attack <= MOST_AN_ATTACK_MAY_FIND,
        "the outline match finds the gap in {attack}%"
    );
}

/// The gap is drawn anywhere in its range with equal chances, so no guess made without looking
/// does better than the share of places one drop covers.
#[test]
fn a_blind_guess_rarely_lands() {
    let places = f64::from(GAP_RANGE.end() - GAP_RANGE.start() + 1);
    let best_constant = 100.0 * f64::from(2 * TOLERANCE + 1) / places;
    println!("blind guess: {best_constant:.2}% at best");
    assert!(
        best_constant <= 3.0,
        "a blind guess succeeds in {best_constant:.2}%"
    );
}

/// The cue left to a person: without it nobody could solve the puzzle, and with it a program
/// written for this puzzle, or a trained model, can. The per-address allowances are the bound.
#[test]
fn the_picture_across_the_edge_still_shows_the_gap() {
    let puzzles = puzzles();
    let found = rate(&puzzles, |seen| {
        let outline = seen.outline();
        best(|left| border(seen, &outline, left))
    });
    println!("the picture across the piece's edge: finds the gap in {found:.1}%");
    assert!(
        found >= 80.0,
        "the piece no longer shows where it fits: {found}%"
    );
}
