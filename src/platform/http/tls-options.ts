import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import { ConfigError } from '../config/config-error.js';
import type { TlsConfig } from '../config/tls-config.js';

/**
 * The HTTPS server options of `serve` when it terminates TLS itself: TLS 1.3 only, as the
 * ingress does (deploy/kubernetes), so a deployment without an ingress guarantees the same.
 * Null means plain HTTP behind a TLS-terminating ingress or load balancer.
 *
 * The files are read once at start-up; a renewed certificate takes effect on restart.
 */
export function tlsOptions(tls: TlsConfig | undefined): ServerOptions | null {
  if (!tls) return null;
  return {
    cert: readPem(tls.certFile, 'TLS_CERT_FILE'),
    key: readPem(tls.keyFile, 'TLS_KEY_FILE'),
    minVersion: 'TLSv1.3',
  };
}

function readPem(file: string, variable: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([`${variable}: cannot read ${file} (${reason})`]);
  }
}
