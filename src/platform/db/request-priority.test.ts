import { describe, expect, it } from 'vitest';
import { RequestPriority } from './request-priority.js';

const settled = async (promise: Promise<void> | undefined) => {
  let done = promise === undefined;
  void promise?.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('request priority on the embedded database', () => {
  it('lets background work start at once when no request is being served', async () => {
    expect(await settled(new RequestPriority(1_000).turnOf())).toBe(true);
  });

  it('holds background work while a request is served, and lets it go when the last one ends', async () => {
    const priority = new RequestPriority(60_000);
    const releases: (() => void)[] = [];
    priority.serveRequest((release) => releases.push(release));
    priority.serveRequest((release) => releases.push(release));
    const background = priority.turnOf();
    expect(await settled(background)).toBe(false);
    releases[0]!();
    releases[0]!(); // a second release of the same request changes nothing
    expect(await settled(background)).toBe(false);
    releases[1]!();
    expect(await settled(background)).toBe(true);
    expect(await settled(priority.turnOf())).toBe(true);
  });

  it("never holds a request's own statements, even in its later async steps", async () => {
    const priority = new RequestPriority(60_000);
    let own: Promise<void> | undefined | 'unset' = 'unset';
    priority.serveRequest(() => {
      setTimeout(() => (own = priority.turnOf()), 1);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(own).toBeUndefined();
  });

  it('lets background work go after the longest wait, so constant traffic cannot starve it', async () => {
    const priority = new RequestPriority(20);
    priority.serveRequest(() => undefined);
    const started = Date.now();
    await priority.turnOf();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
