import type { FastifyInstance } from 'fastify';
import type { Config } from '../platform/config/config.js';
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
import { seedDemoData } from './seed.js';
import { registerWebApp } from './web-app.js';

export interface Application {
  runtime: Runtime;
  http: HttpServer;
  /** Probes and `/metrics` for the operations port (not yet listening). */
  operations: FastifyInstance;
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
}

/** Builds the whole platform: runtime, background work and HTTP servers (not yet listening). */
export async function createApplication(options: ApplicationOptions): Promise<Application> {
  const runtime = await createRuntime(options.config, options.modules, {
    logger: options.logger,
    migrate: options.migrate,
  });
  try {
    const http = await createHttpServer(runtime);
    await registerWebApp(http);
    const operations = await createOperationsServer(runtime);
    await startBackgroundWork(runtime, options.work ?? options.config.jobsInProcess);
    if (options.config.mode === 'embedded' && options.config.seedDemoData)
      await seedDemoData(runtime);
    return {
      runtime,
      http,
      operations,
      async close() {
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
