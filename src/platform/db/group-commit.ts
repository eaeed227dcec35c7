export interface GroupCommitOptions<Item, Result> {
  /** Most items one write takes. */
  maxBatch: number;
  /** Writes in flight at once; items that arrive meanwhile wait and form the next batch. */
  maxConcurrent: number;
  /**
   * While another write is in flight, how long a batch short of `maxBatch` may wait for more
   * items before it goes (0: at once). Alone, an item always goes at once.
   */
  gatherMs?: number;
  /**
   * Writes a batch atomically (one transaction) and returns one result per item, in order. When
   * it throws, each item of a batch of several is written again alone, so one bad item (or one
   * that a constraint refuses) fails only its own caller.
   */
  write(items: readonly Item[]): Promise<Result[]>;
}

export interface GroupCommit<Item, Result> {
  /** Resolves once the item's batch has committed (or rejects with its own failure). */
  submit(item: Item): Promise<Result>;
  /** Items accepted and not yet settled (for shutdown and metrics). */
  pending(): number;
}

interface Waiting<Item, Result> {
  item: Item;
  /** Date.now() at submission. */
  since: number;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: many callers' writes share one transaction, so a commit's fixed costs (round
 * trips, the WAL flush) are paid once per batch instead of once per request. With a write slot
 * free an item goes out on the next turn of the event loop (joined by whatever arrived in the
 * same turn); under load the batches grow with the time the previous writes take, so latency
 * stays near one transaction while throughput follows the database, not the request count.
 * With `gatherMs`, a batch that would go out beside a write in flight first waits that long for
 * company: under load, fewer and larger transactions, each with the same fixed costs.
 */
export function createGroupCommit<Item, Result>(
  options: GroupCommitOptions<Item, Result>,
): GroupCommit<Item, Result> {
  const queue: Waiting<Item, Result>[] = [];
  let inFlight = 0;
  let scheduled = false;
  let unsettled = 0;
  const gatherMs = options.gatherMs ?? 0;

  const settle = (outcome: () => void) => {
    unsettled--;
    outcome();
  };

  async function writeAlone(waiting: Waiting<Item, Result>) {
    try {
      const [result] = await options.write([waiting.item]);
      settle(() => waiting.resolve(result as Result));
    } catch (error) {
      settle(() => waiting.reject(error));
    }
  }

  async function writeBatch(batch: Waiting<Item, Result>[]) {
    try {
      const results = await options.write(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => settle(() => waiting.resolve(results[index] as Result)));
    } catch (error) {
      if (batch.length === 1) {
        settle(() => batch[0]!.reject(error));
        return;
      }
      for (const waiting of batch) await writeAlone(waiting);
    }
  }

  function pump() {
    scheduled = false;
    while (inFlight < options.maxConcurrent && queue.length > 0) {
      const waited = Date.now() - queue[0]!.since;
      if (inFlight > 0 && queue.length < options.maxBatch && waited < gatherMs) {
        scheduled = true;
        setTimeout(pump, gatherMs - waited);
        return;
      }
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void writeBatch(batch).finally(() => {
        inFlight--;
        if (queue.length > 0) schedule();
      });
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  }

  return {
    submit(item) {
      unsettled++;
      return new Promise<Result>((resolve, reject) => {
        queue.push({ item, since: Date.now(), resolve, reject });
        schedule();
      });
    },
    pending: () => unsettled,
  };
}
