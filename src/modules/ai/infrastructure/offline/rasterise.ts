import { existsSync } from 'node:fs';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

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

/** SVG → PNG off the event loop (resvg renders on libuv's thread pool). */
export async function rasterise(svg: string, signal?: AbortSignal): Promise<Buffer> {
  const image = await renderAsync(
    svg,
    { font: fonts(), fitTo: { mode: 'original' } },
    signal ?? null,
  );
  return image.asPng();
}
