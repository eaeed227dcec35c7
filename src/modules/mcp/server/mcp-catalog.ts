import type { Prompt, Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type {
  McpPromptDefinition,
  McpRegistry,
  McpResourceDefinition,
  McpToolDefinition,
} from '../../../platform/mcp/mcp-registry.js';

export interface CatalogTool {
  definition: McpToolDefinition;
  schema: z.ZodObject<z.ZodRawShape>;
  descriptor: Tool;
}

export interface CatalogPrompt {
  definition: McpPromptDefinition;
  schema: z.ZodObject<z.ZodRawShape>;
  descriptor: Prompt;
}

export interface CatalogResource {
  definition: McpResourceDefinition;
  descriptor: Resource;
}

/** The registry in wire form: schemas compiled and JSON Schemas rendered once, not per request. */
export interface McpCatalog {
  tools: ReadonlyMap<string, CatalogTool>;
  resources: ReadonlyMap<string, CatalogResource>;
  prompts: ReadonlyMap<string, CatalogPrompt>;
}

function describeTool(definition: McpToolDefinition): CatalogTool {
  const schema = z.object(definition.input);
  // draft-7 is what the SDK's own McpServer emits and what most MCP clients validate against.
  // Zod renders a JSON Schema object with type "object"; the SDK types it more narrowly.
  const { $schema: _dialect, ...inputSchema } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
  }) as Tool['inputSchema'];
  return {
    definition,
    schema,
    descriptor: {
      name: definition.name,
      title: definition.title,
      description: definition.description,
      inputSchema,
      annotations: {
        title: definition.title,
        readOnlyHint: definition.readOnly,
        // Our tools act inside the platform only; writes are not destructive unless they say so.
        openWorldHint: false,
      },
    },
  };
}

function describePrompt(definition: McpPromptDefinition): CatalogPrompt {
  const schema = z.object(definition.args);
  return {
    definition,
    schema,
    descriptor: {
      name: definition.name,
      title: definition.title,
      description: definition.description,
      arguments: Object.entries(definition.args).map(([name, arg]) => {
        const description = z.globalRegistry.get(arg)?.description;
        return {
          name,
          ...(description ? { description } : {}),
          required: !z.safeParse(arg, undefined).success,
        };
      }),
    },
  };
}

function describeResource(definition: McpResourceDefinition): CatalogResource {
  return {
    definition,
    descriptor: {
      uri: definition.uri,
      name: definition.name,
      title: definition.title,
      description: definition.description,
      mimeType: definition.mimeType,
    },
  };
}

const catalogs = new WeakMap<McpRegistry, { size: number; catalog: McpCatalog }>();

/** The catalog of a registry, rebuilt only if something was registered since it was built. */
export function catalogOf(registry: McpRegistry): McpCatalog {
  const size = registry.tools.size + registry.resources.size + registry.prompts.size;
  const cached = catalogs.get(registry);
  if (cached && cached.size === size) return cached.catalog;
  const catalog: McpCatalog = {
    tools: new Map([...registry.tools].map(([name, tool]) => [name, describeTool(tool)])),
    resources: new Map(
      [...registry.resources].map(([uri, resource]) => [uri, describeResource(resource)]),
    ),
    prompts: new Map([...registry.prompts].map(([name, prompt]) => [name, describePrompt(prompt)])),
  };
  catalogs.set(registry, { size, catalog });
  return catalog;
}
