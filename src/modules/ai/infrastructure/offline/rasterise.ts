import { existsSync } from 'node:fs';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { bulkhead } from 'cockatiel';

const knownFontFiles = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
];

let fontOptions: ResvgRenderOptions['font'] | undefined;

/**
 * Loading the named DejaVu files is much faster than scanning every system font on each render;
 * without them, fall back to the scan (text needs some font installed: fonts-dejavu-core).
 */
function fonts(): ResvgRenderOptions['font'] {
  if (!fontOptions) {
    const files = knownFontFiles.filter((file) => existsSync(file));
    fontOptions =
      files.length > 0
        ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'DejaVu Sans' }
        : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
  }
  return fontOptions;
}

/*
 * resvg renders on libuv's thread pool (4 threads), which also reads files: the web app's static
 * files, uploads. The demo's first start asks for hundreds of banners at once, and renders
 * holding every thread left the web app's index unanswered for up to two seconds. One render at
 * a time keeps threads free for the files; a banner takes tens of milliseconds.
 */
const renders = bulkhead(1, Number.POSITIVE_INFINITY);

/** SVG → PNG off the event loop, one render at a time. */
export async function rasterise(svg: string, signal?: AbortSignal): Promise<Buffer> {
  // resvg takes the caller's own signal (or null); the bulkhead's derived one is refused by its
  // native binding.
  const image = await renders.execute(
    () => renderAsync(svg, { font: fonts(), fitTo: { mode: 'original' } }, signal ?? null),
    signal,
  );
  return image.asPng();
}
