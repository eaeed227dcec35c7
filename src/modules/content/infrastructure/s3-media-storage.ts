import { createHash } from 'node:crypto';
import type { AwsClient } from 'aws4fetch';
import type { S3StorageConfig } from '../../../platform/config/config.js';
import { s3Client } from '../../../platform/s3/s3-client.js';
import type { MediaStorage } from '../application/media-storage.js';

const safeKey = /^[0-9a-f-]+\/[0-9a-f-]+\/[\w.-]+$/;
const requestTimeoutMs = 30_000;

/**
 * Media in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, DigitalOcean Spaces…): plain
 * PutObject / GetObject over HTTPS, signed with AWS Signature V4 (aws4fetch). Objects stay
 * private; the API streams them to authorised users as before.
 */
export class S3MediaStorage implements MediaStorage {
  private readonly client: AwsClient;

  constructor(private readonly config: S3StorageConfig) {
    this.client = s3Client(config);
  }

  /** The object's URL: path style (`endpoint/bucket/key`) or virtual-hosted (`bucket.host/key`). */
  urlOf(key: string): string {
    // Keys are built by mediaKey(); refusing anything else keeps a bad key out of the bucket.
    if (!safeKey.test(key)) throw new Error(`Refusing media key ${key}`);
    const { endpoint, bucket, region, forcePathStyle } = this.config;
    const base = new URL(endpoint ?? `https://s3.${region}.amazonaws.com`);
    if (forcePathStyle) {
      return `${base.origin}${base.pathname.replace(/\/$/, '')}/${bucket}/${key}`;
    }
    return `${base.protocol}//${bucket}.${base.host}/${key}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const response = await this.client.fetch(this.urlOf(key), {
      method: 'PUT',
      body: bytes,
      headers: {
        'content-type': contentType,
        'content-length': String(bytes.length),
        // A signed payload hash (not UNSIGNED-PAYLOAD): the bucket refuses bytes altered on the way.
        'x-amz-content-sha256': createHash('sha256').update(bytes).digest('hex'),
      },
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!response.ok) throw await failure('store', key, response);
    await response.arrayBuffer();
  }

  async get(key: string): Promise<Buffer | undefined> {
    const response = await this.client.fetch(this.urlOf(key), {
      method: 'GET',
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (response.status === 404) {
      await response.arrayBuffer();
      return undefined;
    }
    if (!response.ok) throw await failure('read', key, response);
    return Buffer.from(await response.arrayBuffer());
  }
}

async function failure(action: string, key: string, response: Response): Promise<Error> {
  const body = (await response.text()).slice(0, 300);
  const code = body.match(/<Code>([^<]+)<\/Code>/)?.[1] ?? 'unknown';
  return new Error(`Could not ${action} media ${key} in S3: HTTP ${response.status} ${code}`);
}
