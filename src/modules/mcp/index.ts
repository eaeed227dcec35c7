import type { ModuleDefinition } from '../../platform/module.js';
import { mcpRoutes } from './http/mcp.routes.js';
import { registerPlatformMcp } from './mcp/platform-status.mcp.js';

export { createMcpServer, type McpServerOptions } from './server/mcp-server.js';
export { resolveStdioCaller, type StdioCallerSource } from './application/stdio-caller.js';
export { platformStatusUri } from './mcp/platform-status.mcp.js';
export { bearerTokenVerifier } from './http/bearer-token-verifier.js';
export type { PlatformStatus } from './application/platform-status.js';

/**
 * Assembles the MCP server from what every module contributes to `runtime.mcp`, serves it at
 * `/mcp` (Streamable HTTP), and contributes the platform's own status tool, resource and prompt.
 * `promptsales mcp` serves the same registry over stdio (src/app/mcp-stdio.ts).
 */
export const mcpModule: ModuleDefinition = {
  name: 'mcp',
  mcp: registerPlatformMcp,
  rootRoutes: mcpRoutes,
};
