import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { PayloadRedaction } from './payload-redaction.js';

/** A fact that happened in a module, e.g. `ads.conversion-recorded`. Payloads are plain JSON. */
export interface DomainEvent<Payload = Record<string, unknown>> {
  id: string;
  type: string;
  /** The tenant the event belongs to; null for platform-wide events. */
  orgId: string | null;
  payload: Payload;
  occurredAt: string;
}

export interface NewDomainEvent<Payload = Record<string, unknown>> {
  type: string;
  orgId: string | null;
  payload: Payload;
}

export interface EventHandlerContext {
  log: Logger;
}

/**
 * Reacts to events of one type. Delivery is at least once: a handler must be idempotent (the
 * event id is stable across redeliveries).
 */
export interface EventHandler<Payload = Record<string, unknown>> {
  /** Unique name, `<module>.<reaction>`: e.g. `crm.capture-lead-from-conversion`. */
  name: string;
  eventType: string;
  handle(event: DomainEvent<Payload>, context: EventHandlerContext): Promise<void>;
}

export interface EventBus {
  subscribe(...handlers: EventHandler<unknown>[]): void;
  /** Records the event in the outbox inside the caller's transaction. */
  publish<Payload>(transaction: Database, event: NewDomainEvent<Payload>): Promise<string>;
  /** Records several events in one INSERT (e.g. a batch of clicks); returns their ids in order. */
  publishMany<Payload>(
    transaction: Database,
    events: readonly NewDomainEvent<Payload>[],
  ): Promise<string[]>;
  /**
   * Removes personal fields from events already in the outbox (in the caller's transaction), for
   * erasure; returns how many events changed.
   */
  redact(transaction: Database, redaction: PayloadRedaction): Promise<number>;
  /** Moves committed events to their handlers; runs in whichever process works jobs. */
  start(options: { work: boolean }): Promise<void>;
  stop(): Promise<void>;
}
