import { hashString, pick, seededRandom } from '../../../../platform/random/seeded-random.js';
import type { BrandStyle } from '../../domain/provider.js';

export interface BannerSpec {
  width: number;
  height: number;
  headline: string;
  subline?: string;
  brand?: BrandStyle;
  seed?: number;
}

const fallbackPalettes = [
  ['#1d3557', '#457b9d', '#e63946'],
  ['#264653', '#2a9d8f', '#e9c46a'],
  ['#3a0ca3', '#7209b7', '#f72585'],
  ['#003049', '#d62828', '#fcbf49'],
  ['#0b525b', '#144552', '#99e2b4'],
];

const hexColour = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * A banner as SVG: a gradient from the brand's colours, a few translucent shapes placed by the
 * seed, the headline wrapped to the width in large type, an optional subline and the logo text.
 * Text is measured with an average glyph width for DejaVu Sans Bold (0.6 em), which is close
 * enough to keep lines inside the frame.
 */
export function bannerSvg(spec: BannerSpec): string {
  const { width, height } = spec;
  const random = seededRandom(hashString(`${spec.headline}|${width}x${height}`) ^ (spec.seed ?? 0));
  const brandColours = (spec.brand?.colors ?? []).filter((colour) => hexColour.test(colour));
  const palette = brandColours.length > 0 ? brandColours : pick(random, fallbackPalettes);
  const primary = palette[0]!;
  const secondary = palette[1] ?? shade(primary, -0.35);
  const accent = palette[2] ?? shade(primary, 0.45);
  const ink = luminance(primary) > 0.55 ? '#111111' : '#ffffff';
  const margin = Math.round(Math.min(width, height) * 0.08);

  const shapes = Array.from({ length: 4 }, () => {
    const radius = Math.round(Math.min(width, height) * (0.15 + random() * 0.35));
    const cx = Math.round(width * (0.55 + random() * 0.5));
    const cy = Math.round(height * random());
    return `<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${accent}" fill-opacity="${(0.12 + random() * 0.2).toFixed(2)}"/>`;
  }).join('');

  const textWidth = width - margin * 2;
  const maxHeadlineHeight = height * (spec.subline ? 0.5 : 0.6);
  let fontSize = Math.round(Math.min(height * 0.16, width * 0.09));
  let lines = wrap(spec.headline, textWidth, fontSize);
  while (
    fontSize > 12 &&
    (lines.length * fontSize * 1.15 > maxHeadlineHeight || lines.length > 4)
  ) {
    fontSize = Math.round(fontSize * 0.9);
    lines = wrap(spec.headline, textWidth, fontSize);
  }
  const lineHeight = Math.round(fontSize * 1.15);
  const sublineSize = Math.max(10, Math.round(fontSize * 0.42));
  const logoText = spec.brand?.logoText ?? spec.brand?.name;
  const logoSize = Math.max(10, Math.round(Math.min(width, height) * 0.05));
  const logoTop = logoText ? height - margin - logoSize * 1.6 : height - margin;
  // Centre the text block, but keep it clear of the logo at the bottom.
  const block = lines.length * lineHeight + (spec.subline ? sublineSize * 2 : 0);
  const headlineTop = Math.round(
    Math.max(margin, Math.min(height * 0.5 - block / 2, logoTop - block - sublineSize)),
  );
  const headline = lines
    .map(
      (line, index) =>
        `<text x="${margin}" y="${headlineTop + (index + 0.8) * lineHeight}" font-size="${fontSize}" font-weight="bold">${escapeXml(line)}</text>`,
    )
    .join('');

  const subline = spec.subline
    ? `<text x="${margin}" y="${headlineTop + lines.length * lineHeight + sublineSize * 1.6}" font-size="${sublineSize}" fill-opacity="0.9">${escapeXml(
        wrap(spec.subline, textWidth, sublineSize)[0] ?? '',
      )}</text>`
    : '';

  const logo = logoText
    ? `<rect x="${margin}" y="${height - margin - logoSize * 1.6}" width="${Math.round(logoSize * 0.35)}" height="${Math.round(logoSize * 1.3)}" fill="${accent}"/>` +
      `<text x="${margin + logoSize * 0.7}" y="${height - margin - logoSize * 0.5}" font-size="${logoSize}" font-weight="bold">${escapeXml(logoText)}</text>`
    : '';

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${primary}"/><stop offset="1" stop-color="${secondary}"/></linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="url(#bg)"/>`,
    shapes,
    `<rect x="${margin}" y="${Math.max(4, headlineTop - fontSize * 0.6)}" width="${Math.round(fontSize * 1.5)}" height="${Math.max(3, Math.round(fontSize * 0.12))}" fill="${accent}"/>`,
    `<g fill="${ink}" font-family="DejaVu Sans, sans-serif">${headline}${subline}${logo}</g>`,
    '</svg>',
  ].join('');
}

/** Greedy word wrap by estimated width; a single overlong word is broken. */
function wrap(text: string, width: number, fontSize: number): string[] {
  const perLine = Math.max(4, Math.floor(width / (fontSize * 0.6)));
  const lines: string[] = [];
  let current = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const pieces =
      word.length > perLine ? (word.match(new RegExp(`.{1,${perLine}}`, 'gu')) ?? [word]) : [word];
    for (const piece of pieces) {
      const next = current ? `${current} ${piece}` : piece;
      if (next.length <= perLine) current = next;
      else {
        if (current) lines.push(current);
        current = piece;
      }
    }
  }
  if (current) lines.push(current);
  return lines;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function rgb(hex: string): [number, number, number] {
  const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, (digit) => digit + digit) : hex;
  const value = Number.parseInt(full.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Relative luminance (WCAG), 0 black to 1 white: decides between light and dark text. */
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Lightens (amount > 0) or darkens (amount < 0) a colour. */
function shade(hex: string, amount: number): string {
  return `#${rgb(hex)
    .map((channel) => {
      const target = amount > 0 ? 255 : 0;
      return Math.round(channel + (target - channel) * Math.abs(amount))
        .toString(16)
        .padStart(2, '0');
    })
    .join('')}`;
}
