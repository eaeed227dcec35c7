import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { registerLeadsMcp } from './leads.mcp.js';
import { registerSalesMcp } from './sales.mcp.js';
import { registerSegmentsMcp } from './segments.mcp.js';

/** Every CRM tool for AI assistants: leads, segments and sales. */
export function registerCrmMcp(registry: McpRegistry): void {
  registerLeadsMcp(registry);
  registerSegmentsMcp(registry);
  registerSalesMcp(registry);
}
