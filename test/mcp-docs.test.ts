import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { allModules } from '../src/app/modules.js';
import { McpRegistry } from '../src/platform/mcp/mcp-registry.js';

/** docs/mcp.md documents the catalogue by hand; this keeps it from drifting from the registry. */
describe('the MCP guide', () => {
  it('lists every tool, resource and prompt the installed modules register', async () => {
    const registry = new McpRegistry();
    for (const module of allModules) module.mcp?.(registry);
    const guide = await readFile(new URL('../docs/mcp.md', import.meta.url), 'utf8');
    const lines = guide.split('\n');
    const rowOf = (name: string) =>
      lines.find((line) => /^\|\s*`([^`]+)`\s*\|/.exec(line)?.[1] === name);

    const names = [
      ...registry.tools.keys(),
      ...registry.resources.keys(),
      ...registry.prompts.keys(),
    ];
    expect(names).toContain('platform_get_status');
    expect(names.filter((name) => !rowOf(name))).toEqual([]);
    for (const tool of registry.tools.values()) {
      expect(rowOf(tool.name), tool.name).toContain(
        tool.permission ? `\`${tool.permission}\`` : 'any caller',
      );
    }
  });
});
