import { ConfigError } from './config-error.js';
import type { Environment } from './config.js';

/** PEM files `serve` reads to terminate TLS itself (no ingress in front of it). */
export interface TlsConfig {
  certFile: string;
  keyFile: string;
}

/** Both files or neither: one without the other is a mistake, not a request for plain HTTP. */
export function tlsConfig(
  e: Pick<Environment, 'TLS_CERT_FILE' | 'TLS_KEY_FILE'>,
): TlsConfig | undefined {
  if (!e.TLS_CERT_FILE && !e.TLS_KEY_FILE) return undefined;
  if (!e.TLS_CERT_FILE || !e.TLS_KEY_FILE) {
    const missing = e.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE';
    throw new ConfigError([`${missing}: required with TLS_CERT_FILE and TLS_KEY_FILE both set`]);
  }
  return { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE };
}
