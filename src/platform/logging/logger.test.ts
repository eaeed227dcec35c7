import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactedPaths } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = pino({ redact: { paths: redactedPaths, censor: '[redacted]' } }, stream);
  return { log, lines };
}

describe('log redaction', () => {
  it('never writes credentials or personal data, even when a whole body is logged', () => {
    const { log, lines } = capture();
    log.info(
      {
        body: { email: 'ana@example.com', password: 'hunter2-hunter2', phone: '+34600000000' },
        refresh_token: 'rt-secret',
        req: { headers: { authorization: 'Bearer eyJabc', cookie: 'sid=1' } },
        campaign: 'Black Friday',
      },
      'request',
    );
    const written = lines.join('');
    for (const secret of [
      'ana@example.com',
      'hunter2-hunter2',
      '+34600000000',
      'rt-secret',
      'eyJabc',
      'sid=1',
    ]) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('Black Friday');
    expect(written).toContain('[redacted]');
  });
});
