import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('group commit', () => {
  it('writes items that arrive while a write is in flight as one batch, results in order', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const commit = createGroupCommit<number, string>({
      maxBatch: 100,
      maxConcurrent: 1,
      async write(items) {
        batches.push([...items]);
        if (batches.length === 1) await gate.promise;
        return items.map((item) => `ok ${item}`);
      },
    });
    const first = commit.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [1, 2, 3, 4].map((item) => commit.submit(item));
    expect(commit.pending()).toBe(5);
    gate.release();
    expect(await Promise.all([first, ...rest])).toEqual(['ok 0', 'ok 1', 'ok 2', 'ok 3', 'ok 4']);
    expect(batches).toEqual([[0], [1, 2, 3, 4]]);
    expect(commit.pending()).toBe(0);
  });

  it('beside a write in flight, gathers items for gatherMs into one batch; alone, goes at once', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const commit = createGroupCommit<number, number>({
      maxBatch: 100,
      maxConcurrent: 2,
      gatherMs: 30,
      async write(items) {
        batches.push([...items]);
        if (batches.length === 1) await gate.promise;
        return [...items];
      },
    });
    const first = commit.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[0]]);
    // A slot is free, but the first write is in flight: these wait for company.
    const second = commit.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const third = commit.submit(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[0]]);
    expect(await Promise.all([second, third])).toEqual([1, 2]);
    expect(batches).toEqual([[0], [1, 2]]);
    gate.release();
    expect(await first).toBe(0);
  });

  it('caps a batch at maxBatch and runs up to maxConcurrent writes at once', async () => {
    const sizes: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const commit = createGroupCommit<number, number>({
      maxBatch: 3,
      maxConcurrent: 2,
      async write(items) {
        sizes.push(items.length);
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return [...items];
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => commit.submit(i)));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...sizes)).toBe(3);
    expect(peak).toBe(2);
  });

  it('fails only the item a batch could not take, after writing the others alone', async () => {
    const commit = createGroupCommit<number, number>({
      maxBatch: 10,
      maxConcurrent: 1,
      async write(items) {
        if (items.includes(13)) throw new Error('thirteen refused');
        return items.map((item) => item * 2);
      },
    });
    const outcomes = await Promise.allSettled([12, 13, 14].map((item) => commit.submit(item)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[0]).toMatchObject({ value: 24 });
    expect(outcomes[1]).toMatchObject({ reason: new Error('thirteen refused') });
  });
});
