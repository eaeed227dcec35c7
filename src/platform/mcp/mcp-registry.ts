import type { z } from 'zod';
import type { Runtime } from '../runtime.js';

/**
 * Who is calling an MCP tool; filled in by the transport from the bearer token. `orgId` is null
 * only for the local operator of an embedded installation over stdio without a token, who holds
 * no permissions (see docs/mcp.md): tenant data is therefore always behind a permission.
 */
export interface McpCaller {
  /** `user:<id>`, `client:<id>`, or `local` for the token-less local operator. */
  principalId: string;
  orgId: string | null;
  userId: string | null;
  roles: readonly string[];
  scopes: readonly string[];
  permissions: ReadonlySet<string>;
}

export interface McpToolContext {
  runtime: Runtime;
  caller: McpCaller;
}

export interface McpToolDefinition<Input extends z.ZodRawShape = z.ZodRawShape> {
  /** `<module>_<verb>_<noun>`, e.g. `ads_get_campaign_performance`. */
  name: string;
  title: string;
  description: string;
  input: Input;
  /** Writes need a role that may write; read-only tools are open to every authenticated caller. */
  readOnly: boolean;
  /**
   * Permission the caller needs; undefined means any authenticated caller. Every tool that reads
   * or changes tenant data names one (the token-less local operator holds none).
   */
  permission?: string;
  run(input: z.infer<z.ZodObject<Input>>, context: McpToolContext): Promise<unknown>;
}

export interface McpResourceDefinition {
  name: string;
  uri: string;
  title: string;
  description: string;
  mimeType: string;
  /** Permission the caller needs to list and read it; undefined means any authenticated caller. */
  permission?: string;
  read(context: McpToolContext): Promise<string>;
}

export interface McpPromptDefinition<Args extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  /** Prompt arguments are strings on the wire (MCP); use string schemas, optional or not. */
  args: Args;
  render(args: z.infer<z.ZodObject<Args>>): string;
}

/**
 * A check every tool call passes before the tool runs (billing: read-only organisations and the
 * plan's features); it refuses by throwing an AppError, which the caller sees as the tool's error.
 */
export type McpToolGuard = (tool: McpToolDefinition, context: McpToolContext) => Promise<void>;

/** Collects what modules contribute; the MCP server (and later the in-app AI) reads it. */
export class McpRegistry {
  readonly tools = new Map<string, McpToolDefinition>();
  readonly guards: McpToolGuard[] = [];
  readonly resources = new Map<string, McpResourceDefinition>();
  readonly prompts = new Map<string, McpPromptDefinition>();

  tool<Input extends z.ZodRawShape>(definition: McpToolDefinition<Input>): void {
    if (this.tools.has(definition.name))
      throw new Error(`MCP tool ${definition.name} is registered twice`);
    this.tools.set(definition.name, definition as unknown as McpToolDefinition);
  }

  guard(guard: McpToolGuard): void {
    this.guards.push(guard);
  }

  resource(definition: McpResourceDefinition): void {
    if (this.resources.has(definition.uri))
      throw new Error(`MCP resource ${definition.uri} is registered twice`);
    this.resources.set(definition.uri, definition);
  }

  prompt<Args extends z.ZodRawShape>(definition: McpPromptDefinition<Args>): void {
    if (this.prompts.has(definition.name))
      throw new Error(`MCP prompt ${definition.name} is registered twice`);
    this.prompts.set(definition.name, definition as unknown as McpPromptDefinition);
  }
}
