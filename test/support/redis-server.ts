import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

const binary = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const running = new Set<ChildProcess>();

// A test that dies between start and afterAll must not leave a redis-server behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A redis-server of the test's own, so it can be killed, paused and restarted at will. */
export interface RedisServer {
  port: number;
  url: string;
  /** Starts (or restarts, on the same port) and waits until it answers PING. */
  start(): Promise<void>;
  /** SIGKILL: the abrupt loss a crashed or evicted Redis causes. Resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that keeps its connections open but stops answering. */
  pause(): void;
  resume(): void;
  /** Stops it if running; safe to call in afterAll whatever state the test left it in. */
  stop(): Promise<void>;
}

export async function createRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const kill = async () => {
    const current = child;
    if (!current) return;
    child = undefined;
    if (current.exitCode === null && current.signalCode === null) {
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGCONT');
      current.kill('SIGKILL');
      await exited;
    }
    running.delete(current);
  };

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) throw new Error('redis-server is already running');
      const started = spawn(
        binary,
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--loglevel',
          'warning',
        ],
        { stdio: 'ignore' },
      );
      child = started;
      running.add(started);
      await waitForPong(port, started);
    },
    kill,
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    stop: kill,
  };
}

/** Asks the OS for a free port (bind to 0), then releases it for redis-server to take. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

async function waitForPong(port: number, child: ChildProcess, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if (await pong(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
