import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportStartupFailure, serveParent } from './ipc.js';

/**
 * The ceiling: a bare node:http server answering a small JSON body. Every scenario's throughput
 * is shown as a fraction of this, measured in the same run on the same machine.
 */
const body = JSON.stringify({ id: 1, name: 'item 1', payload: { n: 1, tags: ['a', 'b', 'c'] } });

const server = http.createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
});

server.on('error', reportStartupFailure);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveParent({
    url: `http://127.0.0.1:${port}`,
    stats: async () => ({}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
});
