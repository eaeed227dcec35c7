import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/platform/config/config.js';
import { tlsOptions } from '../src/platform/http/tls-options.js';
import {
  selfSignedCertificate,
  type SelfSignedCertificate,
} from './support/self-signed-certificate.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Connects with the given TLS versions; resolves with the negotiated protocol. */
function handshake(port: number, ca: Buffer, versions: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, ...versions }, () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.end();
    });
    socket.once('error', reject);
  });
}

function getHealth(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(`${url}/healthz`, { ca, minVersion: 'TLSv1.3' }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .once('error', reject);
  });
}

describe('serve terminating TLS itself (TLS_CERT_FILE / TLS_KEY_FILE)', () => {
  let directory: string;
  let certificate: SelfSignedCertificate;
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ps-tls-'));
    certificate = await selfSignedCertificate(directory);
    app = await startTestApp({
      env: { TLS_CERT_FILE: certificate.certFile, TLS_KEY_FILE: certificate.keyFile },
      work: false,
    });
    port = Number(new URL(app.url).port);
  });
  afterAll(async () => {
    await app?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('serves HTTPS to a TLS 1.3 client', async () => {
    expect(app.url).toMatch(/^https:\/\//);
    expect(await handshake(port, certificate.cert, { minVersion: 'TLSv1.3' })).toBe('TLSv1.3');
    const health = await getHealth(app.url, certificate.cert);
    expect(health.status).toBe(200);
  });

  it('refuses a client that offers TLS 1.2 at most', async () => {
    await expect(
      handshake(port, certificate.cert, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/PROTOCOL_VERSION|EPROTO/) });
  });

  it('defaults the public URL to https', () => {
    expect(app.config.publicUrl).toMatch(/^https:\/\/localhost:/);
  });

  it('refuses a certificate without its key, and names the variable of an unreadable file', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: certificate.certFile })).toThrow(/TLS_KEY_FILE/);
    const absent = path.join(directory, 'absent.pem');
    expect(() => tlsOptions({ certFile: absent, keyFile: certificate.keyFile })).toThrow(
      /TLS_CERT_FILE: cannot read .*absent\.pem \(ENOENT\)/,
    );
  });
});
