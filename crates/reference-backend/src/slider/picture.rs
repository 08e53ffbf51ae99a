//! Slider puzzles that a person solves by the picture, and a program cannot solve by the piece's
//! outline, the holes' rims or the piece's colours.
//!
//! The piece's row holds five holes of the piece's own outline, evenly spaced: the gap and four
//! decoys. Every hole is drawn the same way, an opaque shadow under irregular light with a light
//! rim, so none shows what was under it. The piece carries the gap's own picture under its own
//! irregular light, so it continues the picture around the gap and nowhere else: a person drags
//! it until it fits. `tests/slider_attack.rs` measures the attacks a bot author would write
//! first, and the one cue that remains.

use rand::Rng;

pub const WIDTH: u32 = 320;
pub const HEIGHT: u32 = 160;
pub const PIECE: u32 = 56;
/// How far, in image pixels, a drop may be from the gap and still count.
pub const TOLERANCE: u32 = 3;
/// Where the gap's left edge may be: anywhere the piece can go but its start.
pub const GAP_RANGE: std::ops::RangeInclusive<u32> = 8..=WIDTH - PIECE;
/// How many holes the piece's row holds: the gap and the decoys.
pub const HOLES: usize = 5;
/// How far apart the holes are: five of them span every place the piece can go, wherever the
/// gap falls, so their places say nothing of which one is the gap.
pub const SPACING: u32 = (WIDTH - PIECE + 1) / HOLES as u32;

/// A drawn puzzle: the background as JPEG, the piece as PNG, and where the gap is.
pub struct DrawnSlider {
    pub background_jpeg: Vec<u8>,
    pub piece_png: Vec<u8>,
    pub gap_x: u32,
    pub piece_y: u32,
    /// Every hole's left edge, the gap's among them; the server keeps only `gap_x`.
    pub holes: [u32; HOLES],
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
    for _ in 0..rng.gen_range(14..22) {
        let (cx, cy) = (
            rng.gen_range(0..WIDTH) as f32,
            rng.gen_range(0..HEIGHT) as f32,
        );
        let radius = rng.gen_range(8.0..40.0_f32);
        let colour = random_colour(rng);
        for y in 0..HEIGHT {
            for x in 0..WIDTH {
                let distance = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                if distance < radius {
                    let at = canvas.index(x, y);
                    canvas.pixels[at] = blend(canvas.pixels[at], colour, 0.7);
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

/// Light that varies across the piece's square, as a factor around 1: a ramp in a random
/// direction and a few soft patches lighter or darker, different every time it is drawn.
struct IrregularLight {
    ramp: (f32, f32),
    patches: Vec<LightPatch>,
}

/// A soft round patch of light (`strength` above 0) or shade (below), fading with the distance.
struct LightPatch {
    centre: (f32, f32),
    radius: f32,
    strength: f32,
}

impl IrregularLight {
    /// `strength` is about how far from 1 the factor strays.
    fn random(rng: &mut impl Rng, strength: f32) -> IrregularLight {
        let side = PIECE as f32;
        IrregularLight {
            ramp: (
                rng.gen_range(-strength..strength) / side,
                rng.gen_range(-strength..strength) / side,
            ),
            patches: (0..rng.gen_range(2..5))
                .map(|_| LightPatch {
                    centre: (rng.gen_range(0.0..side), rng.gen_range(0.0..side)),
                    radius: rng.gen_range(6.0..18.0),
                    strength: rng.gen_range(-strength..strength),
                })
                .collect(),
        }
    }

    fn at(&self, x: u32, y: u32) -> f32 {
        let (x, y) = (x as f32, y as f32);
        let middle = PIECE as f32 / 2.0;
        let ramp = (x - middle) * self.ramp.0 + (y - middle) * self.ramp.1;
        let patches: f32 = self
            .patches
            .iter()
            .map(|patch| {
                let (cx, cy) = patch.centre;
                let reach = ((x - cx).powi(2) + (y - cy).powi(2)) / patch.radius.powi(2);
                patch.strength * (-reach).exp()
            })
            .sum();
        (1.0 + ramp + patches).max(0.0)
    }

    fn light(&self, pixel: Rgba, x: u32, y: u32) -> Rgba {
        let factor = self.at(x, y);
        let scale = |c: u8| (f32::from(c) * factor).clamp(0.0, 255.0) as u8;
        [scale(pixel[0]), scale(pixel[1]), scale(pixel[2]), pixel[3]]
    }
}

/// The colour of every hole's shadow in one puzzle: dark, a little tinted, and unrelated to the
/// picture, so that no hole's colour says what was cut from it.
fn shadow_colour(rng: &mut impl Rng) -> Rgba {
    let grey: u8 = rng.gen_range(28..56);
    let mut tint = || grey + rng.gen_range(0..12);
    [tint(), tint(), tint(), 255]
}

/// Fills `mask` at `(left, top)` with `shadow` under irregular light of its own, with a light rim
/// and grain: every hole, the gap's included, is drawn by this alone.
fn cut(canvas: &mut Canvas, mask: &Mask, left: u32, top: u32, shadow: Rgba, rng: &mut impl Rng) {
    let light = IrregularLight::random(rng, 0.35);
    for y in 0..PIECE {
        for x in 0..PIECE {
            if !mask.has(x, y) {
                continue;
            }
            let shaded = light.light(shadow, x, y);
            let pixel = if mask.on_edge(x, y) {
                blend(shaded, [255, 255, 255, 255], 0.5)
            } else {
                shaded
            };
            let at = canvas.index(left + x, top + y);
            canvas.pixels[at] = noisy(pixel, rng, 12);
        }
    }
}

/// The piece: the picture under `mask` at `(left, top)`, under irregular light of its own, with
/// grain and a dark edge; transparent outside.
fn draw_piece(canvas: &Canvas, mask: &Mask, left: u32, top: u32, rng: &mut impl Rng) -> Vec<Rgba> {
    let light = IrregularLight::random(rng, 0.12);
    let mut pixels = Vec::with_capacity((PIECE * PIECE) as usize);
    for y in 0..PIECE {
        for x in 0..PIECE {
            if !mask.has(x, y) {
                pixels.push([0, 0, 0, 0]);
                continue;
            }
            let lit = light.light(canvas.pixels[canvas.index(left + x, top + y)], x, y);
            pixels.push(if mask.on_edge(x, y) {
                blend(lit, [0, 0, 0, 255], 0.45)
            } else {
                noisy(lit, rng, 6)
            });
        }
    }
    pixels
}

/// Every hole's left edge: evenly spaced, counted from the gap's place modulo the spacing, so
/// that each hole is as likely to be the gap as any other.
fn hole_places(gap_x: u32) -> [u32; HOLES] {
    let first = gap_x % SPACING;
    std::array::from_fn(|hole| first + hole as u32 * SPACING)
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
pub fn draw(rng: &mut impl Rng) -> anyhow::Result<DrawnSlider> {
    let mut canvas = draw_background(rng);
    let gap_x = rng.gen_range(GAP_RANGE);
    let piece_y = rng.gen_range(8..HEIGHT - PIECE - 8);
    let shape = piece_mask(rng);
    let piece = draw_piece(&canvas, &shape, gap_x, piece_y, rng);
    let (shadow, holes) = (shadow_colour(rng), hole_places(gap_x));
    for left in holes {
        cut(&mut canvas, &shape, left, piece_y, shadow, rng);
    }
    Ok(DrawnSlider {
        background_jpeg: encode_jpeg(WIDTH, HEIGHT, &canvas.pixels)?,
        piece_png: encode_png(PIECE, PIECE, &piece)?,
        gap_x,
        piece_y,
        holes,
    })
}

/// Whether a drop at `x` lands on the gap at `gap_x`.
pub fn solves(gap_x: u32, x: u32) -> bool {
    gap_x.abs_diff(x) <= TOLERANCE
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn five_holes_fit_the_row_apart_wherever_the_gap_falls() {
        for gap_x in GAP_RANGE {
            let holes = hole_places(gap_x);
            assert!(holes.contains(&gap_x), "{gap_x}: {holes:?}");
            assert!(holes.iter().all(|left| *left <= WIDTH - PIECE), "{holes:?}");
        }
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..500 {
            let mask = piece_mask(&mut rng);
            let columns: Vec<u32> = (0..PIECE)
                .filter(|x| (0..PIECE).any(|y| mask.has(*x, y)))
                .collect();
            let (first, last) = (columns[0], columns[columns.len() - 1]);
            // A hole's right edge and the next one's left edge stay some pixels apart.
            assert!(last - first + 1 + 4 <= SPACING, "{first}..={last}");
        }
    }
}
