import type http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The first step of a shutdown: stop accepting connections but keep the open ones for a moment.
 *
 * Node's `server.close()` destroys every keep-alive connection that is idle at that instant,
 * and under load "idle" is the microsecond between a response and the client's next request,
 * which is already on the wire: that request is reset. Kept open a little longer, each such
 * connection gets its next request answered (with `Connection: close`, so the client opens its
 * next one elsewhere) and closes cleanly. Returns when no connection is left or after `graceMs`;
 * the connections still open then have sent nothing in that time and are closed as idle.
 */
export async function drainKeepAliveConnections(
  server: http.Server,
  graceMs: number,
): Promise<void> {
  // net.Server's own close: stops listening without http.Server's closeIdleConnections().
  net.Server.prototype.close.call(server);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const open = await new Promise<number>((resolve) =>
      server.getConnections((_error, count) => resolve(count)),
    );
    if (open === 0) return;
    await sleep(20);
  }
}
