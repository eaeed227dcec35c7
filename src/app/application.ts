import type { FastifyInstance } from 'fastify';
import type { Config } from '../platform/config/config.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { createHttpServer, type HttpServer } from '../platform/http/http-server.js';
import { createOperationsServer } from '../platform/http/operations-server.js';
import type { Logger } from '../platform/logging/logger.js';
import type { ModuleDefinition } from '../platform/module.js';
import {
  closeRuntime,
  createRuntime,
  startBackgroundWork,
  type Runtime,
} from '../platform/runtime.js';
import { seedInBackground, type BackgroundSeed } from './background-seed.js';
import { registerWebApp } from './web-app.js';

export interface Application {
  runtime: Runtime;
  http: HttpServer;
  /** Probes and `/metrics` for the operations port (not yet listening). */
  operations: FastifyInstance;
  /** Settles when the background demo seed (embedded mode, once listening) has finished. */
  demoDataSeeded(): Promise<void>;
  /** Drains in-flight requests, then stops background work and closes connections. */
  close(): Promise<void>;
}

export interface ApplicationOptions {
  config: Config;
  modules: readonly ModuleDefinition[];
  logger?: Logger;
  /** Run job handlers and event delivery in this process (default: config.jobsInProcess). */
  work?: boolean;
  /** Apply migrations on start (default: only in embedded mode). */
  migrate?: boolean;
  /** Run on this open database, closed with the application (default: open `config.database`). */
  database?: DatabaseHandle;
}

/**
 * Builds the whole platform: runtime, background work and HTTP servers (not yet listening). In
 * embedded mode the demo data is seeded in the background once the server listens.
 */
export async function createApplication(options: ApplicationOptions): Promise<Application> {
  const runtime = await createRuntime(options.config, options.modules, {
    logger: options.logger,
    migrate: options.migrate,
    database: options.database,
  });
  try {
    const http = await createHttpServer(runtime);
    await registerWebApp(http);
    const operations = await createOperationsServer(runtime);
    await startBackgroundWork(runtime, options.work ?? options.config.jobsInProcess);
    let demoSeed: BackgroundSeed | undefined;
    if (options.config.mode === 'embedded' && options.config.seedDemoData)
      // Serve first: a fresh start answers at once and the demo fills in behind it.
      http.addHook('onListen', async () => {
        demoSeed = seedInBackground(runtime);
      });
    return {
      runtime,
      http,
      operations,
      demoDataSeeded: async () => demoSeed?.done,
      async close() {
        await demoSeed?.stop();
        await http.close();
        await operations.close();
        await closeRuntime(runtime);
      },
    };
  } catch (error) {
    await closeRuntime(runtime);
    throw error;
  }
}
