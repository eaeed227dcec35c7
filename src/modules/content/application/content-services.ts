import path from 'node:path';
import type { Runtime } from '../../../platform/runtime.js';
import { aiGatewayFor, type AiGateway } from '../../ai/index.js';
import { LocalMediaStorage } from '../infrastructure/local-media-storage.js';
import { S3MediaStorage } from '../infrastructure/s3-media-storage.js';
import type { MediaStorage } from './media-storage.js';

export interface ContentServices {
  gateway: AiGateway;
  storage: MediaStorage;
}

const services = new WeakMap<Runtime, ContentServices>();

/** The content module's collaborators for a runtime, built once. */
export function contentServicesFor(runtime: Runtime): ContentServices {
  let existing = services.get(runtime);
  if (!existing) {
    existing = {
      gateway: aiGatewayFor(runtime),
      storage: mediaStorageFor(runtime),
    };
    services.set(runtime, existing);
  }
  return existing;
}

/** MEDIA_STORAGE picks the adapter: local disk under DATA_DIR (default) or an S3-compatible bucket. */
function mediaStorageFor(runtime: Runtime): MediaStorage {
  const config = runtime.config.mediaStorage;
  return config.kind === 's3'
    ? new S3MediaStorage(config)
    : new LocalMediaStorage(path.join(runtime.config.dataDir, 'media'));
}
