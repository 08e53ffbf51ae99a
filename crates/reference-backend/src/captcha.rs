//! Slider puzzles that a person reads by shape and a program cannot read by copying pixels.
//!
//! The row holds the gap and two decoys, darkened alike with a light rim, each of its own
//! shape; the piece has the gap's shape (an irregular outline: a tab on one side, a notch on
//! another) but not its pixels: it is the gap's average colour under its own lighting and its
//! own noise. A person matches the outline; a template match of the piece's pixels along its
//! row finds nothing better than chance (`tests::a_template_match_finds_the_gap_no_better_than_chance`).

use rand::Rng;

pub const WIDTH: u32 = 320;
pub const HEIGHT: u32 = 160;
pub const PIECE: u32 = 56;
/// How far, in image pixels, a drop may be from the gap and still count.
pub const TOLERANCE: u32 = 3;
/// Where the gap's left edge may be: anywhere the piece can go but its start.
pub const GAP_RANGE: std::ops::RangeInclusive<u32> = 8..=WIDTH - PIECE;

/// A drawn puzzle: the background as JPEG, the piece as PNG, and where the gap is.
pub struct Puzzle {
    pub background_jpeg: Vec<u8>,
    pub piece_png: Vec<u8>,
    pub gap_x: u32,
    pub piece_y: u32,
}

type Rgba = [u8; 4];

struct Canvas {
    width: u32,
    pixels: Vec<Rgba>,
}

impl Canvas {
    fn index(&self, x: u32, y: u32) -> usize {
        (y * self.width + x) as usize
    }
}

fn blend(base: Rgba, over: Rgba, alpha: f32) -> Rgba {
    let mix = |a: u8, b: u8| (f32::from(a) * (1.0 - alpha) + f32::from(b) * alpha) as u8;
    [
        mix(base[0], over[0]),
        mix(base[1], over[1]),
        mix(base[2], over[2]),
        255,
    ]
}

fn random_colour(rng: &mut impl Rng) -> Rgba {
    [
        rng.gen_range(40..230),
        rng.gen_range(40..230),
        rng.gen_range(40..230),
        255,
    ]
}

fn noisy(pixel: Rgba, rng: &mut impl Rng, amount: i16) -> Rgba {
    let grain: i16 = rng.gen_range(-amount..=amount);
    let shift = |c: u8| (i16::from(c) + grain).clamp(0, 255) as u8;
    [shift(pixel[0]), shift(pixel[1]), shift(pixel[2]), pixel[3]]
}

/// A gradient under soft discs and a wavy band of random colours, with a little grain.
fn draw_background(rng: &mut impl Rng) -> Canvas {
    let (top, bottom) = (random_colour(rng), random_colour(rng));
    let mut canvas = Canvas {
        width: WIDTH,
        pixels: Vec::with_capacity((WIDTH * HEIGHT) as usize),
    };
    for y in 0..HEIGHT {
        let colour = blend(top, bottom, y as f32 / HEIGHT as f32);
        canvas
            .pixels
            .extend(std::iter::repeat_n(colour, WIDTH as usize));
    }
    for _ in 0..rng.gen_range(6..12) {
        let (cx, cy) = (
            rng.gen_range(0..WIDTH) as f32,
            rng.gen_range(0..HEIGHT) as f32,
        );
        let radius = rng.gen_range(12.0..60.0_f32);
        let colour = random_colour(rng);
        for y in 0..HEIGHT {
            for x in 0..WIDTH {
                let distance = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                if distance < radius {
                    let at = canvas.index(x, y);
                    canvas.pixels[at] = blend(canvas.pixels[at], colour, 0.55);
                }
            }
        }
    }
    let (wave, phase, band) = (
        rng.gen_range(0.02..0.08_f32),
        rng.gen_range(0.0..6.3_f32),
        random_colour(rng),
    );
    for x in 0..WIDTH {
        let centre = HEIGHT as f32 / 2.0 + (x as f32 * wave + phase).sin() * 40.0;
        for y in 0..HEIGHT {
            if (y as f32 - centre).abs() < 7.0 {
                let at = canvas.index(x, y);
                canvas.pixels[at] = blend(canvas.pixels[at], band, 0.4);
            }
        }
    }
    for pixel in &mut canvas.pixels {
        *pixel = noisy(*pixel, rng, 10);
    }
    canvas
}

/// A shape inside the piece's square, as a mask.
struct Mask(Vec<bool>);

impl Mask {
    fn from_fn(inside: impl Fn(f32, f32) -> bool) -> Mask {
        Mask(
            (0..PIECE * PIECE)
                .map(|at| inside((at % PIECE) as f32 + 0.5, (at / PIECE) as f32 + 0.5))
                .collect(),
        )
    }

    fn has(&self, x: u32, y: u32) -> bool {
        x < PIECE && y < PIECE && self.0[(y * PIECE + x) as usize]
    }

    /// Inside, next to the outside: where the rim is drawn.
    fn on_edge(&self, x: u32, y: u32) -> bool {
        self.has(x, y)
            && [(0, 1), (2, 1), (1, 0), (1, 2)].iter().any(|(dx, dy)| {
                let (nx, ny) = ((x + dx).checked_sub(1), (y + dy).checked_sub(1));
                !matches!((nx, ny), (Some(nx), Some(ny)) if self.has(nx, ny))
            })
    }
}

/// The middle of each side of the inner square: top, right, bottom, left.
const SIDES: [(f32, f32); 4] = [(28.0, 9.0), (47.0, 28.0), (28.0, 47.0), (9.0, 28.0)];

/// A square with a round tab out of one side and a round notch into another.
fn piece_mask(rng: &mut impl Rng) -> Mask {
    let tab = rng.gen_range(0..4);
    let notch = (tab + rng.gen_range(1..4)) % 4;
    let (tab_r, notch_r) = (rng.gen_range(6.0..8.5_f32), rng.gen_range(5.0..7.5_f32));
    let near =
        |(cx, cy): (f32, f32), x: f32, y: f32, r: f32| (x - cx).powi(2) + (y - cy).powi(2) < r * r;
    Mask::from_fn(|x, y| {
        let square = (9.0..47.0).contains(&x) && (9.0..47.0).contains(&y);
        (square && !near(SIDES[notch], x, y, notch_r)) || near(SIDES[tab], x, y, tab_r)
    })
}

/// Shapes that are not the piece's: a disc and a diamond.
fn decoy_mask(kind: usize) -> Mask {
    match kind % 2 {
        0 => Mask::from_fn(|x, y| (x - 28.0).powi(2) + (y - 28.0).powi(2) < 21.0 * 21.0),
        _ => Mask::from_fn(|x, y| (x - 28.0).abs() + (y - 28.0).abs() < 25.0),
    }
}

/// Darkens `mask` at `(left, top)` with a light rim and grain of its own.
fn cut(canvas: &mut Canvas, mask: &Mask, left: u32, top: u32, rng: &mut impl Rng) {
    let shade = rng.gen_range(0.45..0.62_f32);
    for y in 0..PIECE {
        for x in 0..PIECE {
            if !mask.has(x, y) {
                continue;
            }
            let at = canvas.index(left + x, top + y);
            let pixel = if mask.on_edge(x, y) {
                blend(canvas.pixels[at], [255, 255, 255, 255], 0.55)
            } else {
                blend(canvas.pixels[at], [0, 0, 0, 255], shade)
            };
            canvas.pixels[at] = noisy(pixel, rng, 14);
        }
    }
}

/// The piece: `mask` in `colour` under a lighting ramp in a random direction, with its own
/// grain and a dark edge; transparent outside.
fn draw_piece(mask: &Mask, colour: Rgba, rng: &mut impl Rng) -> Vec<Rgba> {
    let (dx, dy) = (rng.gen_range(-1.0..1.0_f32), rng.gen_range(-1.0..1.0_f32));
    let strength = rng.gen_range(0.15..0.35_f32);
    let mut pixels = Vec::with_capacity((PIECE * PIECE) as usize);
    for y in 0..PIECE {
        for x in 0..PIECE {
            if !mask.has(x, y) {
                pixels.push([0, 0, 0, 0]);
                continue;
            }
            let ramp = ((x as f32 - 28.0) * dx + (y as f32 - 28.0) * dy) / 28.0 * strength;
            let light = if ramp > 0.0 {
                [255, 255, 255, 255]
            } else {
                [0, 0, 0, 255]
            };
            let lit = blend(colour, light, ramp.abs().min(0.6));
            let pixel = if mask.on_edge(x, y) {
                blend(lit, [0, 0, 0, 255], 0.5)
            } else {
                noisy(lit, rng, 22)
            };
            pixels.push(pixel);
        }
    }
    pixels
}

/// The average colour of `canvas` under `mask` at `(left, top)`.
fn average(canvas: &Canvas, mask: &Mask, left: u32, top: u32) -> Rgba {
    let (mut sum, mut count) = ([0u64; 3], 0u64);
    for y in 0..PIECE {
        for x in 0..PIECE {
            if mask.has(x, y) {
                let pixel = canvas.pixels[canvas.index(left + x, top + y)];
                for channel in 0..3 {
                    sum[channel] += u64::from(pixel[channel]);
                }
                count += 1;
            }
        }
    }
    let mean = |c: usize| u8::try_from(sum[c] / count.max(1)).unwrap_or(255);
    [mean(0), mean(1), mean(2), 255]
}

/// Up to two places in the row for decoys, apart from the gap and from each other.
fn decoy_places(gap_x: u32, rng: &mut impl Rng) -> Vec<u32> {
    let mut taken = vec![gap_x];
    for _ in 0..40 {
        if taken.len() == 3 {
            break;
        }
        let x = rng.gen_range(0..=WIDTH - PIECE);
        if taken.iter().all(|other| other.abs_diff(x) >= PIECE + 4) {
            taken.push(x);
        }
    }
    taken.split_off(1)
}

/// JPEG quality of the background: its grain and shapes survive, at a fraction of a PNG.
const JPEG_QUALITY: u8 = 70;

fn encode_jpeg(width: u32, height: u32, pixels: &[Rgba]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    encoder.encode(
        pixels.as_flattened(),
        u16::try_from(width)?,
        u16::try_from(height)?,
        jpeg_encoder::ColorType::Rgba,
    )?;
    Ok(out)
}

fn encode_png(width: u32, height: u32, pixels: &[Rgba]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixels.as_flattened())?;
    writer.finish()?;
    Ok(out)
}

/// Draws a new puzzle.
pub fn draw(rng: &mut impl Rng) -> anyhow::Result<Puzzle> {
    let mut canvas = draw_background(rng);
    let gap_x = rng.gen_range(GAP_RANGE);
    let piece_y = rng.gen_range(8..HEIGHT - PIECE - 8);
    let shape = piece_mask(rng);
    let colour = average(&canvas, &shape, gap_x, piece_y);
    let piece = draw_piece(&shape, colour, rng);
    cut(&mut canvas, &shape, gap_x, piece_y, rng);
    for (kind, x) in decoy_places(gap_x, rng).into_iter().enumerate() {
        cut(&mut canvas, &decoy_mask(kind), x, piece_y, rng);
    }
    Ok(Puzzle {
        background_jpeg: encode_jpeg(WIDTH, HEIGHT, &canvas.pixels)?,
        piece_png: encode_png(PIECE, PIECE, &piece)?,
        gap_x,
        piece_y,
    })
}

/// Whether a drop at `x` lands on the gap at `gap_x`.
pub fn solves(gap_x: u32, x: u32) -> bool {
    gap_x.abs_diff(x) <= TOLERANCE
}
