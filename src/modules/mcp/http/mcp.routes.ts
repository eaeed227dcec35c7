import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf } from '../../../platform/http/authentication.js';
import { handOverResponse } from '../../../platform/http/hand-over.js';
import { callerFromAuth } from '../../../platform/mcp/mcp-caller.js';
import type { Runtime } from '../../../platform/runtime.js';
import { createMcpServer } from '../server/mcp-server.js';

const statelessOnly =
  'This MCP endpoint is stateless: send every JSON-RPC message with POST /mcp ' +
  '(no sessions, no server-initiated stream)';

/**
 * MCP Streamable HTTP at `/mcp`, stateless: each POST gets a fresh server and transport for its
 * caller, so any replica behind a balancer can answer any request and nothing is kept between
 * requests. The platform's authentication hook has already turned the bearer token into
 * `request.auth` (a request without one never gets here).
 */
export const mcpRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  app.post(
    '/mcp',
    {
      schema: {
        tags: ['mcp'],
        summary: 'MCP Streamable HTTP endpoint (JSON-RPC 2.0; bearer token)',
        description: 'See docs/mcp.md for the tools, resources and prompts.',
      },
    },
    async (request, reply) => {
      const caller = callerFromAuth(authOf(request));
      const server = createMcpServer({ runtime, caller: async () => caller, log: request.log });
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      handOverResponse(reply);
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      try {
        await server.connect(transport);
        await transport.handleRequest(request.raw, reply.raw, request.body);
      } catch (error) {
        request.log.error({ err: error }, 'mcp request failed');
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(500, { 'content-type': 'application/json' });
          reply.raw.end(
            JSON.stringify({
              jsonrpc: '2.0',
              error: { code: -32603, message: 'Internal error' },
              id: null,
            }),
          );
        }
      }
    },
  );

  // Stateless: no standalone SSE stream to GET and no session to DELETE. The spec lets a server
  // answer 405 here, and clients then carry on with POST alone.
  const methodNotAllowed = async (_request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('allow', 'POST');
    throw new AppError('method_not_allowed', statelessOnly);
  };
  app.get('/mcp', { schema: { hide: true } }, methodNotAllowed);
  app.delete('/mcp', { schema: { hide: true } }, methodNotAllowed);
};
