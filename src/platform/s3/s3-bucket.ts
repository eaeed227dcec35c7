import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AwsClient } from 'aws4fetch';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { S3StorageConfig } from '../config/config.js';
import { s3Client } from './s3-client.js';

export interface S3Object {
  key: string;
  size: number;
}

/** S3 refuses parts under 5 MiB (but the last); 16 MiB parts allow objects up to ~156 GiB. */
const partSize = 16 * 1024 * 1024;
const requestTimeoutMs = 5 * 60_000;

const xml = new XMLParser({
  // One element or many: these are lists whatever their length.
  isArray: (name) => name === 'Contents',
  parseTagValue: false,
});

/**
 * A bucket on any S3-compatible store (AWS S3, MinIO, Cloudflare R2, Spaces…), signed with AWS
 * Signature V4 (aws4fetch): listing, deleting, streaming downloads and multipart uploads of
 * streams of unknown length, which a single PUT cannot take.
 */
export class S3Bucket {
  private readonly client: AwsClient;

  constructor(private readonly config: S3StorageConfig) {
    this.client = s3Client(config);
  }

  /** Every object whose key starts with `prefix`, following continuation tokens. */
  async list(prefix: string): Promise<S3Object[]> {
    const objects: S3Object[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ 'list-type': '2', prefix });
      if (token) query.set('continuation-token', token);
      const response = await this.request('GET', '', query);
      const result = (xml.parse(await response.text()) as ListResponse).ListBucketResult;
      for (const item of result?.Contents ?? [])
        objects.push({ key: item.Key, size: Number(item.Size) });
      token = result?.IsTruncated === 'true' ? result.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async delete(key: string): Promise<void> {
    await (await this.request('DELETE', key)).arrayBuffer();
  }

  /** The object's bytes as a stream; throws when it does not exist. */
  async download(key: string): Promise<Readable> {
    const response = await this.client.fetch(this.urlOf(key), { method: 'GET' });
    if (!response.ok || !response.body) throw await failure('GET', key, response);
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }

  /**
   * Uploads a stream in parts. The object appears only when the source ended without error: a
   * failing source (a dump that exits non-zero) aborts the upload, so no truncated object is left.
   */
  async upload(key: string, source: AsyncIterable<Uint8Array>): Promise<{ bytes: number }> {
    const created = await this.request('POST', key, new URLSearchParams({ uploads: '' }));
    const uploadId = (xml.parse(await created.text()) as CreateResponse)
      .InitiateMultipartUploadResult?.UploadId;
    if (!uploadId) throw new Error(`S3 did not start a multipart upload of ${key}`);
    const etags: string[] = [];
    let bytes = 0;
    try {
      for await (const part of inParts(source)) {
        const query = new URLSearchParams({
          partNumber: String(etags.length + 1),
          uploadId,
        });
        const response = await this.request('PUT', key, query, part);
        await response.arrayBuffer();
        etags.push(response.headers.get('etag') ?? '');
        bytes += part.length;
      }
      const body = new XMLBuilder({}).build({
        CompleteMultipartUpload: {
          Part: etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })),
        },
      }) as string;
      const completed = await this.request('POST', key, new URLSearchParams({ uploadId }), body);
      // S3 may answer 200 and still report an error in the body.
      const answer = xml.parse(await completed.text()) as ErrorResponse;
      if (answer.Error) throw new Error(`S3 could not complete ${key}: ${answer.Error.Code}`);
      return { bytes };
    } catch (error) {
      await this.request('DELETE', key, new URLSearchParams({ uploadId }))
        .then((response) => response.arrayBuffer())
        .catch(() => undefined);
      throw error;
    }
  }

  /** Path style (`endpoint/bucket/key`) or virtual-hosted (`bucket.host/key`). */
  private urlOf(key: string, query?: URLSearchParams): string {
    const { endpoint, bucket, region, forcePathStyle } = this.config;
    const base = new URL(endpoint ?? `https://s3.${region}.amazonaws.com`);
    const path = key.split('/').map(encodeURIComponent).join('/');
    const url = forcePathStyle
      ? `${base.origin}${base.pathname.replace(/\/$/, '')}/${bucket}/${path}`
      : `${base.protocol}//${bucket}.${base.host}/${path}`;
    return query ? `${url}?${query.toString()}` : url;
  }

  private async request(
    method: string,
    key: string,
    query?: URLSearchParams,
    body?: Buffer | string,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      // A signed payload hash (not UNSIGNED-PAYLOAD): the bucket refuses bytes altered on the way.
      headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
    }
    const response = await this.client.fetch(this.urlOf(key, query), {
      method,
      body,
      headers,
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!response.ok) throw await failure(method, key, response);
    return response;
  }
}

/** Regroups a stream's chunks into parts of `partSize` bytes (the last may be shorter). */
async function* inParts(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  let parts = 0;
  for await (const chunk of source) {
    pending.push(Buffer.from(chunk));
    length += chunk.length;
    while (length >= partSize) {
      const joined = Buffer.concat(pending);
      parts += 1;
      yield joined.subarray(0, partSize);
      pending = [joined.subarray(partSize)];
      length -= partSize;
    }
  }
  if (length > 0 || parts === 0) yield Buffer.concat(pending);
}

async function failure(method: string, key: string, response: Response): Promise<Error> {
  const answer = xml.parse(await response.text()) as ErrorResponse;
  const code = answer.Error?.Code ?? 'unknown';
  return new Error(`S3 ${method} ${key || '(bucket)'} failed: HTTP ${response.status} ${code}`);
}

interface ListResponse {
  ListBucketResult?: {
    Contents?: { Key: string; Size: string }[];
    IsTruncated?: string;
    NextContinuationToken?: string;
  };
}

interface CreateResponse {
  InitiateMultipartUploadResult?: { UploadId?: string };
}

interface ErrorResponse {
  Error?: { Code?: string };
}
