import { Counter, type Registry } from 'prom-client';

export interface McpMetrics {
  toolCalls: Counter<'tool' | 'outcome'>;
}

// One set per metrics registry (one per runtime), created on first use by the MCP server.
const byRegistry = new WeakMap<Registry, McpMetrics>();

export function mcpMetricsOf(registry: Registry): McpMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = {
      toolCalls: new Counter({
        name: 'mcp_tool_calls_total',
        help: 'MCP tool calls by tool and outcome (ok, invalid, forbidden, refused, failed)',
        labelNames: ['tool', 'outcome'] as const,
        registers: [registry],
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
