import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { Resvg } from '@resvg/resvg-js';
import { loadConfig, type S3StorageConfig } from '../src/platform/config/config.js';
import { contentServicesFor } from '../src/modules/content/application/content-services.js';
import { mediaKey } from '../src/modules/content/application/media-storage.js';
import { S3MediaStorage } from '../src/modules/content/infrastructure/s3-media-storage.js';
import { apiClient, json } from './support/http.js';
import { signUp } from './support/identity.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const png = new Resvg(
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c08552"/></svg>',
)
  .render()
  .asPng();

/** The S3-compatible media storage against a real (local) S3 server, and the app configured to use it. */
describe('S3-compatible media storage', () => {
  let s3: S3TestServer;
  let config: S3StorageConfig;

  beforeAll(async () => {
    s3 = await startS3Server('promptsales-media');
    config = s3.storage;
  });
  afterAll(async () => s3?.close());

  it('stores and reads objects with signed requests; a missing key is undefined', async () => {
    const storage = new S3MediaStorage(config);
    const key = mediaKey(uuidv7(), uuidv7(), 1);
    await storage.put(key, png, 'image/png');
    expect(await storage.get(key)).toEqual(png);
    expect(await storage.get(mediaKey(uuidv7(), uuidv7(), 1))).toBeUndefined();
  });

  // s3rver does not enforce signatures, so the signing itself is checked on the wire here, and a
  // server error answer must surface as an error.
  it('signs requests with Signature V4 for the bucket region, and fails loudly on an error answer', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const recorder = http.createServer((request, response) => {
      seen.push(request.headers);
      request.resume();
      response.writeHead(403, { 'content-type': 'application/xml' });
      response.end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = recorder.address() as AddressInfo;
      const storage = new S3MediaStorage({ ...config, endpoint: `http://127.0.0.1:${port}` });
      await expect(storage.put(mediaKey(uuidv7(), uuidv7(), 2), png, 'image/png')).rejects.toThrow(
        /HTTP 403 SignatureDoesNotMatch/,
      );
      expect(seen[0]?.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
      expect(seen[0]?.['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await new Promise((resolve) => recorder.close(resolve));
    }
  });

  it('builds path-style and virtual-hosted URLs, and refuses keys it did not build', () => {
    const key = mediaKey(
      '0190f5c4-0000-7000-8000-000000000001',
      '0190f5c4-0000-7000-8000-000000000002',
      3,
    );
    expect(new S3MediaStorage(config).urlOf(key)).toBe(
      `${config.endpoint}/promptsales-media/${key}`,
    );
    expect(
      new S3MediaStorage({
        ...config,
        endpoint: undefined,
        region: 'eu-west-1',
        forcePathStyle: false,
      }).urlOf(key),
    ).toBe(`https://promptsales-media.s3.eu-west-1.amazonaws.com/${key}`);
    expect(() => new S3MediaStorage(config).urlOf('../etc/passwd')).toThrow(/Refusing/);
  });

  it('is chosen by MEDIA_STORAGE=s3, which needs a bucket and credentials', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).mediaStorage).toEqual({ kind: 'local' });
    expect(() => loadConfig({ NODE_ENV: 'test', MEDIA_STORAGE: 's3' })).toThrow(/S3_BUCKET/);
    expect(
      loadConfig({
        NODE_ENV: 'test',
        MEDIA_STORAGE: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_BUCKET: 'media',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }).mediaStorage,
    ).toMatchObject({ kind: 's3', bucket: 'media', forcePathStyle: true, region: 'us-east-1' });
  });

  describe('through the API', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp({
        work: false,
        env: {
          MEDIA_STORAGE: 's3',
          S3_ENDPOINT: config.endpoint!,
          S3_BUCKET: config.bucket,
          S3_ACCESS_KEY_ID: config.accessKeyId,
          S3_SECRET_ACCESS_KEY: config.secretAccessKey,
        },
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('keeps an uploaded image in the bucket and serves it back', async () => {
      const api = apiClient(app.url);
      const owner = await signUp(app);
      const uploaded = await api('POST', '/api/v1/assets', {
        token: owner.token,
        body: {
          type: 'image',
          title: 'Bucket banner',
          description: 'A banner kept in S3',
          image_base64: png.toString('base64'),
        },
      });
      expect(uploaded.status, await uploaded.clone().text()).toBe(201);
      const asset = await json<{ id: string; file_url: string }>(uploaded);
      const file = await api('GET', asset.file_url.replace(/^https?:\/\/[^/]+/, ''), {
        token: owner.token,
      });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
      // The bytes are in the bucket itself, under the organisation's prefix.
      const stored = await new S3MediaStorage(config).get(mediaKey(owner.orgId, asset.id, 1));
      expect(stored).toEqual(png);
      expect(contentServicesFor(app.runtime).storage).toBeInstanceOf(S3MediaStorage);
    });
  });
});
