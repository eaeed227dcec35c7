import { describe, expect, it } from 'vitest';
import { pngSize } from './png-size.js';

describe('pngSize', () => {
  it('reads width and height from the IHDR chunk and refuses other bytes', () => {
    const header = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'ascii');
    header.writeUInt32BE(1200, 16);
    header.writeUInt32BE(628, 20);
    expect(pngSize(header)).toEqual({ width: 1200, height: 628 });
    expect(pngSize(Buffer.from('GIF89a-not-a-png-at-all!!'))).toBeUndefined();
  });
});
