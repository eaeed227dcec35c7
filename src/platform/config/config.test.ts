import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded mode on port 8080', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.port).toBe(8080);
    expect(config.database.kind).toBe('pglite');
    expect(config.jobsInProcess).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:8080');
  });

  it('switches to production mode when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/app', REDIS_URL: 'redis://x' });
    expect(config.mode).toBe('production');
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://localhost/app',
      poolMax: 20,
    });
    expect(config.jobsInProcess).toBe(false);
  });

  it('reports every bad variable with its value, not only the first', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: must be a URL starting with postgres:/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('lets a worker wait 60 s for a pool connection unless told otherwise, and at least 1 s', () => {
    expect(loadConfig({}).workerDatabaseAcquireTimeoutMs).toBe(60_000);
    expect(
      loadConfig({ WORKER_DATABASE_ACQUIRE_TIMEOUT_MS: '15000' }).workerDatabaseAcquireTimeoutMs,
    ).toBe(15_000);
    expect(() => loadConfig({ WORKER_DATABASE_ACQUIRE_TIMEOUT_MS: '10' })).toThrow(
      /WORKER_DATABASE_ACQUIRE_TIMEOUT_MS/,
    );
  });

  it('turns Stripe on with a secret key, and never echoes a mistyped secret', () => {
    expect(loadConfig({}).billing.stripe).toBeUndefined();
    const config = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
    });
    expect(config.billing.stripe).toMatchObject({
      secretKey: 'sk_test_123',
      webhookSecret: 'whsec_abc',
    });
    expect(config.billing.stripe!.apiBase!.port).toBe('12111');
    let error: unknown;
    try {
      loadConfig({ STRIPE_SECRET_KEY: 'pk_live_visible', STRIPE_WEBHOOK_SECRET: 'oops' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('STRIPE_SECRET_KEY: must be a Stripe secret key');
    expect(message).toContain('STRIPE_WEBHOOK_SECRET');
    expect(message).not.toContain('pk_live_visible');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).redisUrl).toBeUndefined();
  });

  it('requires a SECRET_KEY for production deployments', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app' })).toThrow(
      /SECRET_KEY: required in production/,
    );
  });

  it('trusts no proxy unless TRUSTED_PROXIES names them, and refuses what is not an IP or CIDR', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(
      loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7,fd00::/8' }).trustedProxies,
    ).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8,proxy.internal' })).toThrow(
      /TRUSTED_PROXIES: must be IP addresses or CIDR ranges/,
    );
  });
});
