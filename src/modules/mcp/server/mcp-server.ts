import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import packageJson from '../../../../package.json' with { type: 'json' };
import { isAppError } from '../../../platform/errors/app-error.js';
import type { Logger } from '../../../platform/logging/logger.js';
import { callerMay } from '../../../platform/mcp/mcp-caller.js';
import type { McpCaller } from '../../../platform/mcp/mcp-registry.js';
import type { Runtime } from '../../../platform/runtime.js';
import { withIsoInstants } from '../../../platform/iso-instants.js';
import { catalogOf } from './mcp-catalog.js';
import { mcpMetricsOf } from './mcp-metrics.js';

/** MCP's "resource not found" error code (not in the SDK's ErrorCode enum). */
const resourceNotFound = -32002;

const instructions =
  'PromptSales: AI-assisted marketing and sales (PromptContent, PromptAds, PromptCRM and the ' +
  'portal). Tools are named <module>_<verb>_<noun>. Every tool acts on the organisation of the ' +
  'token you connected with and lists only what your role allows. Start with platform_get_status ' +
  'to see which modules are installed.';

export interface McpServerOptions {
  runtime: Runtime;
  /** Who is calling; asked on every request so a revoked or expired token stops working. */
  caller: () => Promise<McpCaller>;
  /** The request's logger over HTTP (carries the request id), the process logger over stdio. */
  log: Pick<Logger, 'debug' | 'error'>;
}

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toolResult(result: unknown): CallToolResult {
  const value = withIsoInstants(result);
  return {
    content: [{ type: 'text', text: JSON.stringify(value ?? null, null, 2) }],
    ...(isRecord(value) ? { structuredContent: value } : {}),
  };
}

/** `limit: Too big: expected number to be <=10; name: Invalid input` */
function invalid(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'arguments'}: ${issue.message}`)
    .join('; ');
}

/**
 * An MCP server over the runtime's registry, for one caller. It uses the SDK's protocol `Server`
 * (not `McpServer`) so that listing is filtered by the caller's permissions, a forbidden call says
 * which permission is missing, and the JSON Schemas come from a catalog built once per registry:
 * building one costs a handful of closures, so HTTP can afford one per request.
 */
export function createMcpServer({ runtime, caller, log }: McpServerOptions): Server {
  const catalog = catalogOf(runtime.mcp);
  const metrics = mcpMetricsOf(runtime.metrics.registry);
  const server = new Server(
    { name: 'promptsales', title: 'PromptSales', version: packageJson.version },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const who = await caller();
    return {
      tools: [...catalog.tools.values()]
        .filter((tool) => callerMay(who, tool.definition.permission))
        .map((tool) => tool.descriptor),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
    const tool = catalog.tools.get(name);
    if (!tool) return toolError(`Unknown tool ${name}; list the tools to see what you may use`);
    const who = await caller();
    const { permission } = tool.definition;
    if (!callerMay(who, permission)) {
      metrics.toolCalls.inc({ tool: name, outcome: 'forbidden' });
      return toolError(
        `Tool ${name} needs the permission ${permission ?? ''}, which your token does not grant`,
      );
    }
    const parsed = tool.schema.safeParse(args ?? {});
    if (!parsed.success) {
      metrics.toolCalls.inc({ tool: name, outcome: 'invalid' });
      return toolError(`Invalid arguments for tool ${name}: ${invalid(parsed.error)}`);
    }
    const started = performance.now();
    try {
      const context = { runtime, caller: who };
      for (const guard of runtime.mcp.guards) await guard(tool.definition, context);
      const value = await tool.definition.run(parsed.data, context);
      metrics.toolCalls.inc({ tool: name, outcome: 'ok' });
      log.debug(
        { tool: name, principal: who.principalId, ms: Math.round(performance.now() - started) },
        'mcp tool call',
      );
      return toolResult(value);
    } catch (error) {
      if (isAppError(error) && error.status < 500) {
        metrics.toolCalls.inc({ tool: name, outcome: 'refused' });
        // The fields say what to change; the HTTP layer's `body.` prefix means nothing here.
        const fields = (error.details.fields ?? [])
          .map((field) => `${field.field.replace(/^body\./, '')}: ${field.message}`)
          .join('; ');
        return toolError(`${error.message}${fields ? ` (${fields})` : ''} (${error.code})`);
      }
      metrics.toolCalls.inc({ tool: name, outcome: 'failed' });
      log.error({ err: error, tool: name, principal: who.principalId }, 'mcp tool failed');
      return toolError(`Tool ${name} failed unexpectedly; the error has been logged`);
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const who = await caller();
    return {
      resources: [...catalog.resources.values()]
        .filter((resource) => callerMay(who, resource.definition.permission))
        .map((resource) => resource.descriptor),
    };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [] }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const resource = catalog.resources.get(uri);
    if (!resource) throw new McpError(resourceNotFound, `Resource ${uri} not found`, { uri });
    const who = await caller();
    const { permission } = resource.definition;
    if (!callerMay(who, permission)) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `Resource ${uri} needs the permission ${permission ?? ''}, which your token does not grant`,
      );
    }
    try {
      const text = await resource.definition.read({ runtime, caller: who });
      return { contents: [{ uri, mimeType: resource.definition.mimeType, text }] };
    } catch (error) {
      if (isAppError(error) && error.status < 500)
        throw new McpError(ErrorCode.InvalidRequest, error.message);
      log.error({ err: error, uri, principal: who.principalId }, 'mcp resource read failed');
      throw new McpError(ErrorCode.InternalError, `Reading ${uri} failed; the error is logged`);
    }
  });

  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [...catalog.prompts.values()].map((prompt) => prompt.descriptor),
  }));

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
    const prompt = catalog.prompts.get(name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt ${name}`);
    const parsed = prompt.schema.safeParse(args ?? {});
    if (!parsed.success) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid arguments for prompt ${name}: ${invalid(parsed.error)}`,
      );
    }
    return {
      description: prompt.definition.description,
      messages: [
        {
          role: 'user' as const,
          content: { type: 'text' as const, text: prompt.definition.render(parsed.data) },
        },
      ],
    };
  });

  return server;
}
