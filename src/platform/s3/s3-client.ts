import { AwsClient } from 'aws4fetch';
import type { S3StorageConfig } from '../config/config.js';

/** A client that signs S3 requests with AWS Signature V4 for the configured account and region. */
export function s3Client(config: S3StorageConfig): AwsClient {
  return new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    region: config.region,
    service: 's3',
    // 5xx and throttling answers are retried with back-off (aws4fetch's own policy).
    retries: 3,
  });
}
