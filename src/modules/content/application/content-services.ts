import path from 'node:path';
import type { Runtime } from '../../../platform/runtime.js';
import { aiGatewayFor, type AiGateway } from '../../ai/index.js';
import { LocalMediaStorage } from '../infrastructure/local-media-storage.js';
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
      storage: new LocalMediaStorage(path.join(runtime.config.dataDir, 'media')),
    };
    services.set(runtime, existing);
  }
  return existing;
}
