import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Authenticator } from './http/authentication.js';
import type { EventHandler } from './events/domain-event.js';
import type { JobDefinition } from './jobs/job-definition.js';
import type { LeadIntake } from './lead-intake.js';
import type { McpRegistry } from './mcp/mcp-registry.js';
import type { MessagingAudience } from './messaging-audience.js';
import type { ReferenceCheck } from './references.js';
import type { Runtime } from './runtime.js';
import type { UsageMeters } from './usage-meter.js';

/**
 * What a module contributes to the platform. Each module's `index.ts` exports one of these; the
 * composition root (src/app) registers them, and nothing else reaches into a module.
 */
export interface ModuleDefinition {
  name: string;
  /** Routes under `/api/v1`, as one encapsulated Fastify plugin. */
  routes?: FastifyPluginAsyncZod<{ runtime: Runtime }>;
  /** Routes outside `/api/v1` (e.g. tracking links, discovery documents). */
  rootRoutes?: FastifyPluginAsyncZod<{ runtime: Runtime }>;
  /** Job definitions; the function form gives handlers the runtime (database, cache, …). */
  jobs?: JobDefinition<unknown>[] | ((runtime: Runtime) => JobDefinition<unknown>[]);
  /** Event reactions; the function form gives handlers the runtime (database, cache, …). */
  eventHandlers?: EventHandler<unknown>[] | ((runtime: Runtime) => EventHandler<unknown>[]);
  mcp?: (registry: McpRegistry) => void;
  /** Verifies bearer tokens for `/api/v1` and `/mcp` (the identity module provides it). */
  authenticator?: (runtime: Runtime) => Authenticator;
  /**
   * Hooks on the root HTTP instance, applied to every module's routes (the identity module's audit
   * log and per-principal rate limit). Runs before any module registers routes.
   */
  httpHooks?: (app: FastifyInstance, runtime: Runtime) => Promise<void> | void;
  /**
   * Ownership checks for the rows other requests may name by id, keyed by resource (`campaign`
   * answers for `ads.campaign`): how `assertReferences` checks a body's ids across modules.
   */
  references?: (runtime: Runtime) => Record<string, ReferenceCheck>;
  /** Segment members reachable per channel and vendor opt-outs (the CRM provides it). */
  messagingAudience?: (runtime: Runtime) => MessagingAudience;
  /** Takes leads collected by ad channels' own forms (the CRM provides it). */
  leadIntake?: (runtime: Runtime) => LeadIntake;
  /**
   * What the organisation uses of this module, by quota name (`campaign_requests`…): the counts
   * billing meters and enforces. Counted from what the module records anyway.
   */
  usage?: (runtime: Runtime) => UsageMeters;
  /**
   * Idempotent demo data for `promptsales seed` and the embedded start (where it runs in the
   * background after the server listens, and `signal` aborts on shutdown: stop at the next step).
   */
  seed?: (runtime: Runtime, signal?: AbortSignal) => Promise<void>;
  /**
   * Called on shutdown after jobs stop, before the cache and database close: flush buffers
   * (e.g. the AI usage log) while they can still be written.
   */
  stop?: (runtime: Runtime) => Promise<void>;
}
