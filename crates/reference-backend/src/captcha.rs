//! Slider puzzles: a generated picture with a square gap, and the piece cut from it. Each
//! picture is drawn from fresh random shapes, so no two puzzles look alike.

use rand::Rng;

pub const WIDTH: u32 = 320;
pub const HEIGHT: u32 = 160;
pub const PIECE: u32 = 56;
/// How far, in image pixels, a drop may be from the gap and still count.
pub const TOLERANCE: u32 = 4;

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

/// A gradient under soft discs and bands of random colours, with a little grain.
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
        let grain: i16 = rng.gen_range(-10..=10);
        for channel in &mut pixel[..3] {
            *channel = (i16::from(*channel) + grain).clamp(0, 255) as u8;
        }
    }
    canvas
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

fn on_border(x: u32, y: u32) -> bool {
    x < 2 || y < 2 || x >= PIECE - 2 || y >= PIECE - 2
}

/// Draws a new puzzle.
pub fn draw(rng: &mut impl Rng) -> anyhow::Result<Puzzle> {
    let mut canvas = draw_background(rng);
    let gap_x = rng.gen_range(PIECE + 24..WIDTH - PIECE - 8);
    let piece_y = rng.gen_range(8..HEIGHT - PIECE - 8);
    let mut piece = Vec::with_capacity((PIECE * PIECE) as usize);
    for y in 0..PIECE {
        for x in 0..PIECE {
            let at = canvas.index(gap_x + x, piece_y + y);
            let original = canvas.pixels[at];
            let white = [255, 255, 255, 255];
            piece.push(if on_border(x, y) { white } else { original });
            canvas.pixels[at] = if on_border(x, y) {
                blend(original, white, 0.6)
            } else {
                blend(original, [0, 0, 0, 255], 0.55)
            };
        }
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
