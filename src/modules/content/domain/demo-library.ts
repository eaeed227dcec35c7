/**
 * The demo media library: banner descriptions and hashtags composed from small vocabularies, so
 * the library has variety to search (every subject in several places, seasons and styles)
 * without any stored data set. Deterministic: item `i` is always the same.
 */
const subjects = [
  'coffee cup',
  'running shoes',
  'yoga mat',
  'kayak',
  'city bicycle',
  'laptop',
  'smartphone',
  'pizza',
  'salad bowl',
  'sunglasses',
  'hiking backpack',
  'acoustic guitar',
  'house plant',
  'wristwatch',
  'headphones',
  'croissant',
  'surfboard',
  'camping tent',
  'dog toy',
  'perfume bottle',
  'electric scooter',
  'chocolate cake',
  'winter jacket',
  'board game',
  'wine glass',
] as const;

const places = [
  { text: 'on a wooden table', tag: 'home' },
  { text: 'at the beach', tag: 'beach' },
  { text: 'in a city street', tag: 'city' },
  { text: 'in the mountains', tag: 'mountains' },
  { text: 'in a cozy kitchen', tag: 'kitchen' },
  { text: 'in a modern office', tag: 'office' },
  { text: 'in a green park', tag: 'park' },
] as const;

const moments = [
  { text: 'at sunrise', tag: 'sunrise' },
  { text: 'at night', tag: 'night' },
  { text: 'on a rainy day', tag: 'rain' },
  { text: 'in autumn', tag: 'autumn' },
  { text: 'in summer', tag: 'summer' },
  { text: 'in winter', tag: 'winter' },
] as const;

export const demoStyles = {
  minimal: ['#f5f5f4', '#1c1917'],
  bold: ['#dc2626', '#facc15'],
  pastel: ['#fbcfe8', '#a5b4fc'],
  vintage: ['#78350f', '#fde68a'],
  ocean: ['#0e7490', '#67e8f9'],
} as const;
type DemoStyle = keyof typeof demoStyles;
const styleNames = Object.keys(demoStyles) as DemoStyle[];

/** Small banners in each channel's proportions (the demo keeps seeding fast). */
const formats = [
  { channel: 'facebook', width: 382, height: 200 },
  { channel: 'instagram', width: 240, height: 240 },
  { channel: 'x', width: 384, height: 216 },
  { channel: 'tiktok', width: 180, height: 320 },
  { channel: 'linkedin', width: 382, height: 200 },
] as const;

export interface DemoImage {
  index: number;
  title: string;
  description: string;
  hashtags: string[];
  channel: string;
  width: number;
  height: number;
  colors: string[];
}

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);
const camel = (text: string) => text.split(' ').map(capitalise).join('');

export function demoImage(index: number): DemoImage {
  const subject = subjects[index % subjects.length]!;
  // Strides coprime with each list's length walk every combination before repeating.
  const place = places[(index * 3 + Math.floor(index / subjects.length)) % places.length]!;
  const moment = moments[(index * 5 + 1) % moments.length]!;
  const style = styleNames[(index * 2 + Math.floor(index / 7)) % styleNames.length]!;
  const format = formats[index % formats.length]!;
  return {
    index,
    title: `${capitalise(subject)} ${place.text}`,
    description: `${capitalise(style)} banner of a ${subject} ${place.text} ${moment.text}`,
    hashtags: [camel(subject), place.tag, moment.tag, style, 'demo'],
    channel: format.channel,
    width: format.width,
    height: format.height,
    colors: [...demoStyles[style]],
  };
}

export const demoImageCount = 120;
