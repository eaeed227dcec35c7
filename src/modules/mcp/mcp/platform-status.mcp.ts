import { z } from 'zod';
import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { readPlatformStatus } from '../application/platform-status.js';

export const platformStatusUri = 'promptsales://platform/status';

/** The platform's own MCP contributions: its status as a tool, a resource and a prompt. */
export function registerPlatformMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'platform_get_status',
    title: 'Platform status',
    description:
      'Read-only health snapshot of this PromptSales installation: version, mode (embedded or ' +
      'production), database kind and reachability, cache backend, uptime, background job queue ' +
      'depths and the installed modules. Contains no organisation data.',
    input: {},
    readOnly: true,
    run: (_input, { runtime }) => readPlatformStatus(runtime),
  });

  registry.resource({
    name: 'platform_status',
    uri: platformStatusUri,
    title: 'Platform status',
    description: 'The same snapshot as the platform_get_status tool, as a JSON document.',
    mimeType: 'application/json',
    read: async ({ runtime }) => JSON.stringify(await readPlatformStatus(runtime), null, 2),
  });

  registry.prompt({
    name: 'summarise_platform_health',
    title: 'Summarise platform health',
    description:
      'Asks the model to read the platform status and explain its health, for an operator or a ' +
      'business audience.',
    args: {
      audience: z
        .enum(['operator', 'executive'])
        .optional()
        .describe('Who reads the summary: operator (default, technical) or executive (plain).'),
    },
    render: ({ audience = 'operator' }) =>
      [
        `Call the tool platform_get_status (or read the resource ${platformStatusUri}) and`,
        `summarise the health of this PromptSales installation for ${
          audience === 'executive'
            ? 'an executive: plain words, no jargon, at most five sentences'
            : 'an operator'
        }.`,
        'Say whether the database and the cache are reachable, whether the cache runs on Redis or',
        'in memory (and whether that is what was configured), how long the platform has been up,',
        'and whether any job queue has work piling up (many queued, few active). End with the',
        'actions you recommend, or "no action needed".',
      ].join(' '),
  });
}
