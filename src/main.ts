#!/usr/bin/env node
import closeWithGrace from 'close-with-grace';
import { Command, InvalidArgumentError } from 'commander';
import { createApplication } from './app/application.js';
import { registerBackupCommands } from './app/backup-commands.js';
import { allModules, selectModules } from './app/modules.js';
import { seedAtScale, seedDemoData } from './app/seed.js';
import { ConfigError, loadConfig, type Config } from './platform/config/config.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';
import { openDatabase } from './platform/db/database.js';
import { runMigrations } from './platform/db/migrate.js';
import { createLogger } from './platform/logging/logger.js';
import { createOperationsServer } from './platform/http/operations-server.js';
import { closeRuntime, createRuntime, startBackgroundWork } from './platform/runtime.js';

function config(): Config {
  return loadConfig(process.env);
}

function onShutdown(close: () => Promise<void>, timeoutMs: number) {
  closeWithGrace({ delay: timeoutMs }, async ({ err, signal }) => {
    if (err) console.error(err);
    else if (signal) process.stderr.write(`${signal} received: draining and stopping\n`);
    await close();
  });
}

const program = new Command('promptsales')
  .description('PromptSales: AI-native marketing and sales platform')
  .showHelpAfterError();

program
  .command('serve')
  .description('Serve the HTTP API, web app and MCP endpoint')
  .option('--modules <names>', 'comma-separated modules to serve (default: all)', (v) =>
    v.split(','),
  )
  .action(async (options: { modules?: string[] }) => {
    const cfg = config();
    const log = createLogger(cfg.logLevel);
    const app = await createApplication({
      config: cfg,
      modules: selectModules(options.modules),
      logger: log,
    });
    onShutdown(app.close, cfg.shutdownTimeoutMs);
    const address = await app.http.listen({ port: cfg.port, host: cfg.host });
    const operations = await app.operations.listen({ port: cfg.operationsPort, host: cfg.host });
    log.info(
      {
        address,
        operations,
        mode: cfg.mode,
        modules: app.runtime.modules.map((m) => m.name),
        jobs: cfg.jobsInProcess,
      },
      `PromptSales is serving on ${cfg.publicUrl}`,
    );
  });

program
  .command('worker')
  .description('Run background jobs, schedules and event delivery (production)')
  .action(async () => {
    const cfg = config();
    const log = createLogger(cfg.logLevel);
    // Jobs queue for pool connections rather than fail after the API's 5 s (see job-budget.ts).
    const database = await openDatabase(cfg.database, {
      acquireTimeoutMs: cfg.workerDatabaseAcquireTimeoutMs,
    });
    const runtime = await createRuntime(cfg, allModules, { logger: log, database }).catch(
      async (error: unknown) => {
        await database.close();
        throw error;
      },
    );
    await startBackgroundWork(runtime, true);
    const operations = await createOperationsServer(runtime);
    onShutdown(async () => {
      await operations.close();
      await closeRuntime(runtime);
    }, cfg.shutdownTimeoutMs);
    const address = await operations.listen({ port: cfg.port, host: cfg.host });
    log.info(
      { address, queues: runtime.jobs.definitions().map((d) => d.name) },
      'worker started; /healthz, /readyz and /metrics on its port',
    );
  });

program
  .command('migrate')
  .description('Apply database migrations')
  .action(async () => {
    const cfg = config();
    const database = await openDatabase(cfg.database);
    try {
      await runMigrations(database);
      process.stdout.write(`migrations applied (${database.kind})\n`);
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('Create the demo organisation and its data (idempotent)')
  .option(
    '--scale <contacts>',
    'also fill the demo CRM up to this many clients (400–1,000 per campaign), e.g. 500000',
    (value) => {
      const contacts = Number(value);
      if (!Number.isInteger(contacts) || contacts < 1 || contacts > 10_000_000)
        throw new InvalidArgumentError('a whole number of contacts from 1 to 10,000,000');
      return contacts;
    },
  )
  .action(async (options: { scale?: number }) => {
    const cfg = config();
    const runtime = await createRuntime(cfg, allModules, { migrate: true });
    try {
      if (options.scale === undefined) await seedDemoData(runtime);
      else {
        const report = await seedAtScale(runtime, options.scale);
        if (report)
          process.stdout.write(
            `crm: ${report.contacts} contacts, ${report.deals} deals, ${report.interactions} interactions added over ${report.campaigns} campaigns in ${(report.ms / 1000).toFixed(1)} s\n`,
          );
      }
      process.stdout.write('demo data ready\n');
    } finally {
      await closeRuntime(runtime);
    }
  });

program
  .command('mcp')
  .description('Serve the MCP server over stdio (for local AI agents)')
  .action(async () => {
    const { serveMcpOverStdio } = await import('./app/mcp-stdio.js');
    await serveMcpOverStdio(config());
  });

registerBackupCommands(program, config);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
