import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Outcome {
  status?: number;
  error?: string;
}

/** One GET on a keep-alive agent: its status, or the network error's code. */
function get(agent: http.Agent, url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode }));
      response.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ error: error.code ?? error.message }),
      );
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
  });
}

describe('shutdown under keep-alive load', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ modules: [], work: false });
  });

  it('answers every request that reached an open connection, and resets none', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const outcomes: Outcome[] = [];
    let closing = false;
    // Sixteen clients reusing their connections back to back, as a load balancer does; each stops
    // once the server, closing, refuses a new connection.
    const clients = Array.from({ length: 16 }, async () => {
      for (;;) {
        const outcome = await get(agent, `${app.url}/healthz`);
        if (closing && outcome.error === 'ECONNREFUSED') return;
        outcomes.push(outcome);
      }
    });
    await eventually(
      async () => outcomes.length,
      (count) => count >= 500,
    );
    closing = true;
    await app.close();
    await Promise.all(clients);
    agent.destroy();

    const failures = outcomes.filter((outcome) => outcome.status !== 200);
    expect(failures).toEqual([]);
  });
});
