import type { Config } from '../platform/config/config.js';

export async function serveMcpOverStdio(_config: Config): Promise<void> {
  throw new Error('MCP over stdio is being assembled');
}
