import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Writable } from 'node:stream';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { bearerTokenVerifier, createMcpServer, resolveStdioCaller } from '../modules/mcp/index.js';
import { ConfigError, type Config } from '../platform/config/config.js';
import { createLogger, type Logger } from '../platform/logging/logger.js';
import type { ModuleDefinition } from '../platform/module.js';
import {
  closeRuntime,
  createRuntime,
  startBackgroundWork,
  type Runtime,
} from '../platform/runtime.js';
import { allModules } from './modules.js';

export interface StdioOptions {
  modules?: readonly ModuleDefinition[];
  /** Read once at start-up for PROMPTSALES_API_TOKEN (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** stdout carries the protocol: logs go to stderr (file descriptor 2), synchronously. */
function stderrLogger(level: string): Logger {
  return createLogger(
    level,
    { base: { service: 'promptsales', transport: 'mcp-stdio' } },
    pino.destination({ dest: 2, sync: true }),
  );
}

/**
 * stdout carries the JSON-RPC stream and nothing else. The transport gets its own handle on it;
 * every other write to process.stdout (a library's console.log or notice) is sent to stderr.
 */
function claimStdoutForProtocol(): Writable {
  const stdout = process.stdout;
  const writeProtocol = stdout.write.bind(stdout);
  const protocol = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeProtocol(chunk, callback);
    },
  });
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  return protocol;
}

function authenticatorOf(runtime: Runtime) {
  const authenticators = runtime.modules.flatMap((module) =>
    module.authenticator ? [module.authenticator(runtime)] : [],
  );
  if (authenticators.length > 1) throw new Error('Only one module may provide the authenticator');
  return authenticators[0];
}

/**
 * `promptsales mcp`: the registry every module contributes to, served over stdio to one local
 * client (Claude Desktop, an IDE, an agent). Same tools and permissions as `POST /mcp`; the caller
 * is the principal of PROMPTSALES_API_TOKEN (see resolveStdioCaller for the token-less case).
 */
export async function serveMcpOverStdio(config: Config, options: StdioOptions = {}): Promise<void> {
  const protocolOut = claimStdoutForProtocol();
  const env = options.env ?? process.env;
  const token = env.PROMPTSALES_API_TOKEN?.trim() || undefined;
  const modules = options.modules ?? allModules;
  // Refuse before opening the database when the answer cannot depend on it.
  const canVerify = modules.some((module) => module.authenticator);
  if (!canVerify || (!token && config.mode === 'production')) {
    const early = await resolveStdioCaller({ token, mode: config.mode, verify: undefined });
    if (!early.ok) throw new ConfigError([early.problem]);
  }

  const log = stderrLogger(config.logLevel);
  const runtime = await createRuntime(config, modules, { logger: log });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= closeRuntime(runtime));
  try {
    const authenticator = authenticatorOf(runtime);
    const decision = await resolveStdioCaller({
      token,
      mode: config.mode,
      verify: authenticator ? bearerTokenVerifier(authenticator) : undefined,
    });
    if (!decision.ok) throw new ConfigError([decision.problem]);
    if (decision.notice) log.warn(decision.notice);
    // Jobs are started without workers: queue depths are readable and tools may enqueue work,
    // which `serve` or `worker` processes run.
    await startBackgroundWork(runtime, false);

    const server = createMcpServer({ runtime, caller: decision.caller, log });
    const transport = new StdioServerTransport(process.stdin, protocolOut);
    transport.onclose = () => void close();
    await server.connect(transport);
    // The client ends the session by closing our stdin; then release the database and leave.
    process.stdin.once('end', () => {
      void server.close().finally(() => void close().finally(() => process.exit(0)));
    });
    closeWithGrace({ delay: config.shutdownTimeoutMs }, async () => {
      await server.close();
      await close();
    });
    log.info(
      { mode: config.mode, database: runtime.database.kind, caller: decision.principal },
      'MCP server ready on stdio',
    );
  } catch (error) {
    await close();
    throw error;
  }
}
