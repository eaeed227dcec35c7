import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { idempotencyKeyPattern } from './idempotency.js';

interface HeadersSchema {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
}

const idempotencyKeyHeader = {
  type: 'string',
  pattern: idempotencyKeyPattern.source,
  description:
    'Optional. A retry with the same key and body within 24 hours gets the first response again (header `idempotent-replayed: true`) instead of acting twice; the same key with another body is a 422, a retry while the first still runs a 409.',
};

/**
 * The routes' Zod schemas as OpenAPI, plus the `Idempotency-Key` header on every route that keeps
 * responses by key (`config.idempotent`): a generated client can tell which calls are safe to
 * retry, which the API's overall description alone did not say.
 */
export const openApiTransform: SwaggerTransform = (input) => {
  const result = jsonSchemaTransform(input);
  if (!input.route.config?.idempotent) return result;
  const schema = result.schema as { headers?: HeadersSchema };
  const headers = schema.headers ?? { type: 'object', properties: {} };
  return {
    ...result,
    schema: {
      ...schema,
      headers: {
        ...headers,
        properties: { ...headers.properties, 'idempotency-key': idempotencyKeyHeader },
      },
    },
  };
};
