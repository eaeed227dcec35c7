import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { createLogger, redactedPaths } from './logger.js';

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

describe('failed-query logging', () => {
  it('keeps the query and the database error, never the values it ran with', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (email)=(ana@example.com) already exists.',
    });
    const failed = new DrizzleQueryError(
      'insert into crm.contacts (email, phone) values ($1, $2)',
      ['ana@example.com', '+34600000000'],
      cause,
    );
    createLogger('info', {}, stream).error({ err: failed }, 'request failed');
    const written = lines.join('');
    expect(written).not.toContain('ana@example.com');
    expect(written).not.toContain('+34600000000');
    expect(written).toContain('insert into crm.contacts (email, phone) values ($1, $2)');
    expect(written).toContain('duplicate key value violates unique constraint');
    expect(written).toContain('DrizzleQueryError');
  });
});
