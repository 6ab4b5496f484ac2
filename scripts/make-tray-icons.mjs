// Draws Lanebot's tray icons (one per night state, 1× and 2×, colour and macOS template) and the app
// icon as PNGs into resources/, with nothing but node:zlib, so the icons are reproducible from source.
// Run: node scripts/make-tray-icons.mjs   (the PNGs are committed; rerun after changing a shape)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** RGBA pixels (Uint8Array, w*h*4) → PNG bytes. */
export function encodePng(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * w * 4, w * 4).copy(raw, y * (w * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1), as "is this point inside" tests; edges are anti-aliased by supersampling.
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
function segment(ax, ay, bx, by, width) {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2;
  };
}
const any = (...shapes) => (x, y) => shapes.some((s) => s(x, y));
function roundedSquare(inset, radius) {
  const a = inset;
  const b = 1 - inset;
  return (x, y) => {
    if (x < a || x > b || y < a || y > b) return false;
    const cx = Math.min(Math.max(x, a + radius), b - radius);
    const cy = Math.min(Math.max(y, a + radius), b - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
  };
}

const W = 0.13; // glyph stroke width at tray size: thick enough to read at 16 px
const GLYPHS = {
  ok: any(segment(0.29, 0.52, 0.44, 0.67, W), segment(0.44, 0.67, 0.72, 0.36, W)),
  failed: any(segment(0.34, 0.34, 0.66, 0.66, W), segment(0.66, 0.34, 0.34, 0.66, W)),
  pending: any(segment(0.5, 0.5, 0.5, 0.27, W * 0.85), segment(0.5, 0.5, 0.67, 0.6, W * 0.85)),
  running: any(disc(0.3, 0.5, 0.075), disc(0.5, 0.5, 0.075), disc(0.7, 0.5, 0.075)),
  paused: any(rect(0.35, 0.3, 0.45, 0.7), rect(0.55, 0.3, 0.65, 0.7)),
  idle: segment(0.33, 0.5, 0.67, 0.5, W),
};
/** Colours chosen to stay distinct for red–green colour blindness when combined with the glyph. */
const COLOURS = {
  ok: [0x1f, 0x9d, 0x55],
  failed: [0xd1, 0x3b, 0x3b],
  pending: [0xe0, 0x9b, 0x00],
  running: [0x2f, 0x7d, 0xe1],
  paused: [0x7d, 0x84, 0x8f],
  idle: [0x7d, 0x84, 0x8f],
};

/** Paints `layers` (shape, [r,g,b,a]) in order with 4×4 supersampling; a = 0 erases (template cut-outs). */
function render(size, layers) {
  const out = new Uint8Array(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          let c = [0, 0, 0, 0];
          for (const [shape, colour] of layers) if (shape(x, y)) c = colour;
          // premultiplied accumulation so edges do not darken
          r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return out;
}

function write(rel, size, layers) {
  const path = join(root, 'resources', rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodePng(size, size, render(size, layers)));
  return rel;
}

const written = [];
const body = disc(0.5, 0.5, 0.46);
for (const [state, glyph] of Object.entries(GLYPHS)) {
  const colour = [...COLOURS[state], 1];
  for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
    written.push(write(`tray/tray-${state}${suffix}.png`, size, [[body, colour], [glyph, [255, 255, 255, 1]]]));
    // macOS template: black + alpha only; the glyph is cut out so the menu bar shows through.
    written.push(write(`tray/tray-${state}Template${suffix}.png`, size, [[body, [0, 0, 0, 1]], [glyph, [0, 0, 0, 0]]]));
  }
}
// The app icon (installers, window, notifications): a lane-blue tile with lane ropes and a check.
const tile = roundedSquare(0.06, 0.2);
const ropes = any(rect(0.3, 0.14, 0.325, 0.86), rect(0.675, 0.14, 0.7, 0.86));
const check = any(segment(0.27, 0.52, 0.44, 0.69, 0.1), segment(0.44, 0.69, 0.75, 0.33, 0.1));
const appLayers = [[tile, [0x1d, 0x5f, 0xc4, 1]], [any(ropes), [0x6f, 0xa8, 0xf0, 1]], [check, [255, 255, 255, 1]]];
written.push(write('icon.png', 512, appLayers));
written.push(write('icon-256.png', 256, appLayers));
console.log(`wrote ${written.length} PNGs into resources/`);
