import path from 'node:path';
import { z } from 'zod';
import { backupConfig, type BackupConfig } from './backup-config.js';
import { ConfigError } from './config-error.js';
import { tlsConfig, type TlsConfig } from './tls-config.js';

export { ConfigError };

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** An external OpenID issuer whose access tokens the API accepts (Entra ID, Auth0, Keycloak, Okta). */
const externalIssuerSchema = z.object({
  issuer: z.string().url(),
  audience: z.string().min(1),
  /** Claim holding the organisation: a PromptSales organisation id, or a key of `organizations`. */
  orgClaim: z.string().min(1),
  rolesClaim: z.string().min(1),
  defaultRole: z.string().optional(),
  /** Maps the org claim's values (e.g. an Entra tenant id) to PromptSales organisation ids. */
  organizations: z.record(z.string(), z.string().uuid()).optional(),
  /** Else read from the issuer's discovery document. */
  jwksUri: z.string().url().optional(),
});

export type ExternalIssuerConfig = z.infer<typeof externalIssuerSchema>;

/** Every environment variable PromptSales reads, with its default. Documented in README.md. */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  WORKER_DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  CACHE_KEY_PREFIX: z.string().max(64).default('ps:'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: commaList.default([]),
  TRUSTED_PROXIES: commaList
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
          error: 'must be IP addresses or CIDR ranges, comma-separated (e.g. 10.0.0.0/8)',
        }),
      ),
    )
    .default([]),
  OPERATIONS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  JOBS_IN_PROCESS: booleanFlag.optional(),
  SEED_DEMO_DATA: booleanFlag.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (32 bytes), e.g. `openssl rand -hex 32`')
    .optional(),
  // Identity: per-principal and sign-in limits, lockout, outgoing mail.
  RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCKOUT_BASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
  LOGIN_FAILURES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('PromptSales <no-reply@promptsales.dev>'),
  // OpenID Provider and resource server (identity module).
  OIDC_EXTERNAL_ISSUERS: z
    .string()
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(z.array(externalIssuerSchema))
    .default([]),
  OIDC_WEB_REDIRECT_URIS: commaList.optional(),
  OIDC_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  OIDC_REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(30 * 24 * 3600),
  OIDC_KEY_ROTATION_DAYS: z.coerce.number().positive().max(365).default(30),
  // AI gateway (ai module): the provider, its resilience policies and the result cache.
  AI_PROVIDER: z.enum(['offline', 'openai', 'azure-openai']).optional(),
  AI_BASE_URL: url(['http:', 'https:']).optional(),
  AI_API_KEY: z.string().min(1).optional(),
  AI_TEXT_MODEL: z.string().min(1).optional(),
  AI_IMAGE_MODEL: z.string().min(1).default('dall-e-3'),
  AI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  AI_TIMEOUT_MS: z.coerce.number().int().min(10).default(60_000),
  AI_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(100_000).default(512),
  AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  AI_RETRY_BASE_MS: z.coerce.number().int().min(0).default(500),
  AI_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  AI_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(10).default(30_000),
  AI_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(86_400),
  AI_OFFLINE_LATENCY_MS: z
    .string()
    .regex(/^\d+(-\d+)?$/, 'must be milliseconds or a range, e.g. 40 or 20-80')
    .default('20-80'),
  AZURE_OPENAI_ENDPOINT: url(['https:', 'http:']).optional(),
  AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
  AZURE_OPENAI_DEPLOYMENT: z.string().min(1).optional(),
  // Billing: days a past-due organisation keeps full access before it turns read-only, and the
  // simulated payment gateway's latency per call (there is no real gateway in this release).
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  BILLING_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).max(10_000).default(40),
  // Stripe: with a secret key billing uses Stripe (else the simulated gateway); the webhook
  // secret verifies Stripe-Signature; the API base points the SDK elsewhere (tests, mocks).
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_… or rk_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, 'must be a webhook signing secret (whsec_…)')
    .optional(),
  STRIPE_API_BASE: url(['http:', 'https:']).optional(),
  // Meta Marketing API: with an app id and secret organisations can connect their ad accounts
  // (OAuth); the base URLs point the adapter elsewhere (tests, proxies).
  META_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric Meta app id').optional(),
  META_APP_SECRET: z.string().min(16).optional(),
  META_GRAPH_BASE_URL: url(['http:', 'https:']).default('https://graph.facebook.com'),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must be a Graph API version, e.g. v21.0')
    .default('v21.0'),
  META_OAUTH_DIALOG_URL: url(['http:', 'https:']).default('https://www.facebook.com'),
  META_WEBHOOK_VERIFY_TOKEN: z.string().min(8).optional(),
  META_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // Google Ads API (REST): with an OAuth client (and the developer token Google issued, where it
  // still asks for one) organisations can connect their Google Ads accounts; the URLs point the
  // adapter elsewhere (tests, proxies).
  GOOGLE_ADS_CLIENT_ID: z.string().min(8).optional(),
  GOOGLE_ADS_CLIENT_SECRET: z.string().min(8).optional(),
  GOOGLE_ADS_DEVELOPER_TOKEN: z.string().min(8).optional(),
  GOOGLE_ADS_LOGIN_CUSTOMER_ID: z
    .string()
    .transform((value) => value.replaceAll('-', ''))
    .pipe(z.string().regex(/^\d{10}$/, 'must be a 10-digit Google Ads manager customer id'))
    .optional(),
  GOOGLE_ADS_API_BASE_URL: url(['http:', 'https:']).default('https://googleads.googleapis.com'),
  GOOGLE_ADS_API_VERSION: z
    .string()
    .regex(/^v\d+$/, 'must be a Google Ads API version, e.g. v22')
    .default('v22'),
  GOOGLE_OAUTH_AUTHORIZE_URL: url(['http:', 'https:']).default(
    'https://accounts.google.com/o/oauth2/v2/auth',
  ),
  GOOGLE_OAUTH_TOKEN_URL: url(['http:', 'https:']).default('https://oauth2.googleapis.com/token'),
  GOOGLE_OAUTH_REVOKE_URL: url(['http:', 'https:']).default('https://oauth2.googleapis.com/revoke'),
  GOOGLE_ADS_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // TikTok Marketing API (Business API v1.3): an app's id and secret let organisations connect
  // advertiser accounts; the base URLs point the adapter elsewhere (tests, proxies).
  TIKTOK_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric TikTok app id').optional(),
  TIKTOK_APP_SECRET: z.string().min(16).optional(),
  TIKTOK_API_BASE_URL: url(['http:', 'https:']).default('https://business-api.tiktok.com'),
  TIKTOK_AUTH_URL: url(['http:', 'https:']).default('https://business-api.tiktok.com/portal/auth'),
  TIKTOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // LinkedIn Marketing API (Rest.li, versioned): with an app's client id and secret
  // organisations can connect ad accounts; the base URLs point the adapter elsewhere.
  LINKEDIN_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9]+$/, 'must be the LinkedIn client id')
    .optional(),
  LINKEDIN_CLIENT_SECRET: z.string().min(8).optional(),
  LINKEDIN_API_BASE_URL: url(['http:', 'https:']).default('https://api.linkedin.com'),
  LINKEDIN_OAUTH_URL: url(['http:', 'https:']).default('https://www.linkedin.com/oauth/v2'),
  LINKEDIN_VERSION: z
    .string()
    .regex(/^\d{6}$/, 'must be a LinkedIn API version (YYYYMM), e.g. 202411')
    .default('202411'),
  LINKEDIN_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // Messaging vendors take each organisation's own key (Twilio auth token, WhatsApp system-user
  // token, Mailchimp API key); the operator switches each on and may point it elsewhere (tests).
  TWILIO_ENABLED: booleanFlag.default(false),
  TWILIO_API_BASE_URL: url(['http:', 'https:']).default('https://api.twilio.com'),
  TWILIO_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  WHATSAPP_APP_SECRET: z.string().min(16).optional(),
  WHATSAPP_GRAPH_BASE_URL: url(['http:', 'https:']).default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must be a Graph API version, e.g. v21.0')
    .default('v21.0'),
  WHATSAPP_WEBHOOK_VERIFY_TOKEN: z.string().min(8).optional(),
  WHATSAPP_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  MAILCHIMP_ENABLED: booleanFlag.default(false),
  MAILCHIMP_API_BASE_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL; {dc} stands for the data center')
    .default('https://{dc}.api.mailchimp.com/3.0'),
  MAILCHIMP_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // CRM sync: each organisation brings its own HubSpot private-app token; tests point it elsewhere.
  HUBSPOT_API_BASE_URL: url(['http:', 'https:']).default('https://api.hubapi.com'),
  HUBSPOT_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // Salesforce: each organisation gives its own instance URL, which the server then calls.
  SALESFORCE_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // Tests only: lets an instance URL be a loopback address (a fake Salesforce), over http.
  SALESFORCE_ALLOW_LOOPBACK: booleanFlag.default(false),
  // Content media (banners, frames, uploads): local disk under DATA_DIR, or an S3-compatible bucket.
  MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanFlag.optional(),
  // `serve` terminates TLS 1.3 itself when both are set (deployments without an ingress).
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  // `promptsales backup` / `restore`: a bucket of its own, apart from the media bucket.
  BACKUP_S3_ENDPOINT: url(['http:', 'https:']).optional(),
  BACKUP_S3_REGION: z.string().min(1).default('us-east-1'),
  BACKUP_S3_BUCKET: z.string().min(3).max(63).optional(),
  BACKUP_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  BACKUP_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  BACKUP_S3_FORCE_PATH_STYLE: booleanFlag.optional(),
  BACKUP_S3_PREFIX: z
    .string()
    .regex(/^([\w.-]+\/)*$/, 'must be folders ending in /, e.g. promptsales/ or prod/eu/')
    .default('promptsales/'),
  BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

export type Environment = z.infer<typeof environmentSchema>;

export type DatabaseConfig =
  { kind: 'postgres'; url: string; poolMax: number } | { kind: 'pglite'; dataDir: string };

export interface Config {
  env: 'development' | 'production' | 'test';
  mode: 'embedded' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  database: DatabaseConfig;
  /** How long `worker` statements wait for a pool connection (API requests: 5 s, then 503). */
  workerDatabaseAcquireTimeoutMs: number;
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  cacheKeyPrefix: string;
  dataDir: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  corsOrigins: string[];
  /** Proxies (IPs, CIDRs) whose X-Forwarded-For/-Proto/-Host are believed; none by default. */
  trustedProxies: string[];
  /** Port of `/healthz`, `/readyz` and `/metrics` for probes and the scraper, apart from the API. */
  operationsPort: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  jobsInProcess: boolean;
  seedDemoData: boolean;
  shutdownTimeoutMs: number;
  /** 32-byte master secret (hex); in embedded mode generated on first start when absent. */
  secretKey: string | undefined;
  /** Requests per minute one principal (user or API client) may make, across all IPs. */
  rateLimitPerPrincipalPerMinute: number;
  /** Sign-in, sign-up and reset attempts per minute for one IP and email. */
  authRateLimitPerMinute: number;
  /** Failed logins from one IP for one account before that pair is throttled; doubling (max 1 h). */
  loginLockoutThreshold: number;
  loginLockoutBaseSeconds: number;
  /** Failed logins one IP (an IPv6 /64) may make per hour, whatever the accounts (spraying). */
  loginFailuresPerIpPerHour: number;
  /** SMTP relay for outgoing mail; without it mail goes to the log (the dev inbox). */
  smtpUrl: string | undefined;
  mailFrom: string;
  oidc: {
    /** Issuers besides the built-in one whose tokens the API accepts. */
    externalIssuers: ExternalIssuerConfig[];
    /** Redirect URIs of the built-in web app client (`promptsales-web`). */
    webRedirectUris: string[];
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    keyRotationDays: number;
  };
  ai: AiConfig;
  billing: {
    /** Days a past-due organisation keeps full access before it turns read-only. */
    graceDays: number;
    /** The simulated payment gateway's mean latency per call. */
    simulatedLatencyMs: number;
    /** Set when a Stripe secret key is configured: billing then goes through Stripe. */
    stripe: StripeConfig | undefined;
  };
  /** Set when META_APP_ID and META_APP_SECRET are: organisations may connect Meta ad accounts. */
  meta: MetaConfig | undefined;
  /** Set when the GOOGLE_ADS_* OAuth client is: organisations may connect Google Ads accounts. */
  googleAds: GoogleAdsConfig | undefined;
  /** Set when TIKTOK_APP_ID and TIKTOK_APP_SECRET are: organisations may connect TikTok advertisers. */
  tiktok: TikTokConfig | undefined;
  /** Set when LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET are: LinkedIn ad accounts may connect. */
  linkedin: LinkedInConfig | undefined;
  /** Set when TWILIO_ENABLED: organisations may connect a Twilio account for SMS. */
  twilio: TwilioConfig | undefined;
  /** Set when WHATSAPP_APP_SECRET is: organisations may connect a WhatsApp Business account. */
  whatsapp: WhatsAppConfig | undefined;
  /** Set when MAILCHIMP_ENABLED: organisations may connect a Mailchimp account for email. */
  mailchimp: MailchimpConfig | undefined;
  /** HubSpot CRM sync: always offered (each organisation connects its own private-app token). */
  hubspot: HubSpotConfig;
  /** Salesforce CRM sync: always offered (each organisation connects its own instance and token). */
  salesforce: SalesforceConfig;
  /** Where content media is stored: `local` (under dataDir/media) or an S3-compatible bucket. */
  mediaStorage: { kind: 'local' } | S3StorageConfig;
  /** Certificate and key files when `serve` terminates TLS itself. */
  tls: TlsConfig | undefined;
  /** Where `promptsales backup` writes and how long backups are kept; unset without a bucket. */
  backup: BackupConfig | undefined;
}

export interface StripeConfig {
  secretKey: string;
  /** Verifies the Stripe-Signature of webhooks; without it every webhook is refused. */
  webhookSecret: string | undefined;
  /** Where the SDK sends requests; undefined for https://api.stripe.com. */
  apiBase: URL | undefined;
}

export interface MetaConfig {
  appId: string;
  appSecret: string;
  /** Graph API root without the version, e.g. https://graph.facebook.com. */
  graphBaseUrl: string;
  graphVersion: string;
  /** Where the login dialog lives (`<url>/<version>/dialog/oauth`). */
  dialogUrl: string;
  /** Answers Meta's webhook verification handshake; without it the handshake is refused. */
  webhookVerifyToken: string | undefined;
  /** First backoff after a rate-limit answer; later retries grow exponentially, with jitter. */
  retryBaseMs: number;
}

export interface GoogleAdsConfig {
  clientId: string;
  clientSecret: string;
  /** Sent as `developer-token` on every Google Ads API call when set. */
  developerToken: string | undefined;
  /** The platform's manager account (`login-customer-id`), when accounts are reached through it. */
  loginCustomerId: string | undefined;
  /** Google Ads API root without the version, e.g. https://googleads.googleapis.com. */
  apiBaseUrl: string;
  apiVersion: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** First backoff after a rate-limit or 5xx answer (Google's own retry delay wins if longer). */
  retryBaseMs: number;
}

export interface TikTokConfig {
  appId: string;
  secret: string;
  /** API root without `/open_api/v1.3`, e.g. https://business-api.tiktok.com. */
  apiBaseUrl: string;
  /** The advertiser authorization page (`?app_id=&state=&redirect_uri=`). */
  authUrl: string;
  /** First backoff after a rate-limit answer; later retries grow exponentially, with jitter. */
  retryBaseMs: number;
}

export interface LinkedInConfig {
  clientId: string;
  clientSecret: string;
  /** API root without `/rest`, e.g. https://api.linkedin.com. */
  apiBaseUrl: string;
  /** OAuth root: `<url>/authorization`, `<url>/accessToken`, `<url>/revoke`. */
  oauthUrl: string;
  /** The `LinkedIn-Version` header (YYYYMM). */
  version: string;
  /** First backoff after a 429 or 5xx (a longer `Retry-After` wins), exponential with jitter. */
  retryBaseMs: number;
}

export interface TwilioConfig {
  /** Where the SDK's requests go instead of https://api.twilio.com (tests, proxies). */
  apiBaseUrl: string;
  retryBaseMs: number;
}

export interface WhatsAppConfig {
  /** The secret of the Meta app that receives the WhatsApp webhooks (X-Hub-Signature-256). */
  appSecret: string;
  graphBaseUrl: string;
  graphVersion: string;
  webhookVerifyToken: string | undefined;
  retryBaseMs: number;
}

export interface MailchimpConfig {
  /** The API root; `{dc}` is replaced by the key's data center (the part after its dash). */
  apiBaseUrl: string;
  retryBaseMs: number;
}

export interface HubSpotConfig {
  apiBaseUrl: string;
  retryBaseMs: number;
}

export interface SalesforceConfig {
  retryBaseMs: number;
  /** Instance URLs on loopback (http or https) are accepted; never set outside tests. */
  allowLoopback: boolean;
}

export interface S3StorageConfig {
  kind: 's3';
  /** Omit for AWS itself (https://s3.<region>.amazonaws.com); MinIO, R2, Spaces etc. set it. */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO and most self-hosted servers). */
  forcePathStyle: boolean;
}

/** The global AI provider (organisations may set their own) and the gateway's policies. */
export interface AiConfig {
  provider: 'offline' | 'openai' | 'azure-openai';
  baseUrl: string | undefined;
  apiKey: string | undefined;
  textModel: string;
  imageModel: string;
  embeddingModel: string;
  azure: { endpoint: string | undefined; apiVersion: string };
  timeoutMs: number;
  maxConcurrency: number;
  maxRetries: number;
  retryBaseMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  cacheTtlSeconds: number;
  offlineLatency: { minMs: number; maxMs: number };
}

/** Reads the environment once, at start-up. Reports every bad variable, not just the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(environmentSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        // A secret mistyped is still a secret: the message must not carry it into logs.
        const shown = !(name in relevant)
          ? ''
          : /SECRET/.test(name)
            ? ' (value hidden)'
            : ` (got "${String(relevant[name])}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const mode = e.DATABASE_URL ? 'production' : 'embedded';
  const dataDir = path.resolve(e.DATA_DIR);
  if (mode === 'production' && e.NODE_ENV === 'production' && !e.SECRET_KEY) {
    throw new ConfigError(['SECRET_KEY: required in production (64 hex characters)']);
  }
  const scheme = e.TLS_CERT_FILE ? 'https' : 'http';
  const publicUrl = (e.PUBLIC_URL ?? `${scheme}://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    mode,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') },
    workerDatabaseAcquireTimeoutMs: e.WORKER_DATABASE_ACQUIRE_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    cacheKeyPrefix: e.CACHE_KEY_PREFIX,
    dataDir,
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS,
    trustedProxies: e.TRUSTED_PROXIES,
    operationsPort: e.OPERATIONS_PORT,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    jobsInProcess: e.JOBS_IN_PROCESS ?? mode === 'embedded',
    seedDemoData: e.SEED_DEMO_DATA,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    secretKey: e.SECRET_KEY,
    rateLimitPerPrincipalPerMinute: e.RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    loginLockoutThreshold: e.LOGIN_LOCKOUT_THRESHOLD,
    loginLockoutBaseSeconds: e.LOGIN_LOCKOUT_BASE_SECONDS,
    loginFailuresPerIpPerHour: e.LOGIN_FAILURES_PER_IP_PER_HOUR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    oidc: {
      externalIssuers: e.OIDC_EXTERNAL_ISSUERS,
      webRedirectUris: e.OIDC_WEB_REDIRECT_URIS ?? [`${publicUrl}/auth/callback`],
      accessTokenTtlSeconds: e.OIDC_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.OIDC_REFRESH_TOKEN_TTL_SECONDS,
      keyRotationDays: e.OIDC_KEY_ROTATION_DAYS,
    },
    ai: aiConfig(e),
    billing: {
      graceDays: e.BILLING_GRACE_DAYS,
      simulatedLatencyMs: e.BILLING_SIMULATED_LATENCY_MS,
      stripe: e.STRIPE_SECRET_KEY
        ? {
            secretKey: e.STRIPE_SECRET_KEY,
            webhookSecret: e.STRIPE_WEBHOOK_SECRET,
            apiBase: e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined,
          }
        : undefined,
    },
    meta:
      e.META_APP_ID && e.META_APP_SECRET
        ? {
            appId: e.META_APP_ID,
            appSecret: e.META_APP_SECRET,
            graphBaseUrl: e.META_GRAPH_BASE_URL.replace(/\/$/, ''),
            graphVersion: e.META_GRAPH_VERSION,
            dialogUrl: e.META_OAUTH_DIALOG_URL.replace(/\/$/, ''),
            webhookVerifyToken: e.META_WEBHOOK_VERIFY_TOKEN,
            retryBaseMs: e.META_RETRY_BASE_MS,
          }
        : undefined,
    googleAds:
      e.GOOGLE_ADS_CLIENT_ID && e.GOOGLE_ADS_CLIENT_SECRET
        ? {
            clientId: e.GOOGLE_ADS_CLIENT_ID,
            clientSecret: e.GOOGLE_ADS_CLIENT_SECRET,
            developerToken: e.GOOGLE_ADS_DEVELOPER_TOKEN,
            loginCustomerId: e.GOOGLE_ADS_LOGIN_CUSTOMER_ID,
            apiBaseUrl: e.GOOGLE_ADS_API_BASE_URL.replace(/\/$/, ''),
            apiVersion: e.GOOGLE_ADS_API_VERSION,
            authorizeUrl: e.GOOGLE_OAUTH_AUTHORIZE_URL,
            tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
            revokeUrl: e.GOOGLE_OAUTH_REVOKE_URL,
            retryBaseMs: e.GOOGLE_ADS_RETRY_BASE_MS,
          }
        : undefined,
    tiktok:
      e.TIKTOK_APP_ID && e.TIKTOK_APP_SECRET
        ? {
            appId: e.TIKTOK_APP_ID,
            secret: e.TIKTOK_APP_SECRET,
            apiBaseUrl: e.TIKTOK_API_BASE_URL.replace(/\/$/, ''),
            authUrl: e.TIKTOK_AUTH_URL,
            retryBaseMs: e.TIKTOK_RETRY_BASE_MS,
          }
        : undefined,
    linkedin:
      e.LINKEDIN_CLIENT_ID && e.LINKEDIN_CLIENT_SECRET
        ? {
            clientId: e.LINKEDIN_CLIENT_ID,
            clientSecret: e.LINKEDIN_CLIENT_SECRET,
            apiBaseUrl: e.LINKEDIN_API_BASE_URL.replace(/\/$/, ''),
            oauthUrl: e.LINKEDIN_OAUTH_URL.replace(/\/$/, ''),
            version: e.LINKEDIN_VERSION,
            retryBaseMs: e.LINKEDIN_RETRY_BASE_MS,
          }
        : undefined,
    twilio: e.TWILIO_ENABLED
      ? {
          apiBaseUrl: e.TWILIO_API_BASE_URL.replace(/\/$/, ''),
          retryBaseMs: e.TWILIO_RETRY_BASE_MS,
        }
      : undefined,
    whatsapp: e.WHATSAPP_APP_SECRET
      ? {
          appSecret: e.WHATSAPP_APP_SECRET,
          graphBaseUrl: e.WHATSAPP_GRAPH_BASE_URL.replace(/\/$/, ''),
          graphVersion: e.WHATSAPP_GRAPH_VERSION,
          webhookVerifyToken: e.WHATSAPP_WEBHOOK_VERIFY_TOKEN,
          retryBaseMs: e.WHATSAPP_RETRY_BASE_MS,
        }
      : undefined,
    mailchimp: e.MAILCHIMP_ENABLED
      ? {
          apiBaseUrl: e.MAILCHIMP_API_BASE_URL.replace(/\/$/, ''),
          retryBaseMs: e.MAILCHIMP_RETRY_BASE_MS,
        }
      : undefined,
    hubspot: {
      apiBaseUrl: e.HUBSPOT_API_BASE_URL.replace(/\/$/, ''),
      retryBaseMs: e.HUBSPOT_RETRY_BASE_MS,
    },
    salesforce: {
      retryBaseMs: e.SALESFORCE_RETRY_BASE_MS,
      allowLoopback: e.SALESFORCE_ALLOW_LOOPBACK,
    },
    mediaStorage: mediaStorageConfig(e),
    tls: tlsConfig(e),
    backup: backupConfig(e),
  };
}

function mediaStorageConfig(e: z.infer<typeof environmentSchema>): Config['mediaStorage'] {
  if (e.MEDIA_STORAGE === 'local') return { kind: 'local' };
  const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter(
    (name) => !e[name],
  );
  if (missing.length > 0)
    throw new ConfigError(missing.map((name) => `${name}: required when MEDIA_STORAGE=s3`));
  return {
    kind: 's3',
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    bucket: e.S3_BUCKET!,
    accessKeyId: e.S3_ACCESS_KEY_ID!,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT !== undefined,
  };
}

function aiConfig(e: z.infer<typeof environmentSchema>): AiConfig {
  const provider =
    e.AI_PROVIDER ??
    (e.AZURE_OPENAI_ENDPOINT
      ? 'azure-openai'
      : e.AI_BASE_URL || e.AI_API_KEY
        ? 'openai'
        : 'offline');
  if (provider === 'azure-openai' && !e.AZURE_OPENAI_ENDPOINT) {
    throw new ConfigError(['AZURE_OPENAI_ENDPOINT: required when AI_PROVIDER=azure-openai']);
  }
  const [minMs = 0, maxMs = minMs] = e.AI_OFFLINE_LATENCY_MS.split('-').map(Number);
  return {
    provider,
    baseUrl: e.AI_BASE_URL,
    apiKey: e.AI_API_KEY,
    textModel: e.AI_TEXT_MODEL ?? e.AZURE_OPENAI_DEPLOYMENT ?? 'gpt-4o-mini',
    imageModel: e.AI_IMAGE_MODEL,
    embeddingModel: e.AI_EMBEDDING_MODEL,
    azure: { endpoint: e.AZURE_OPENAI_ENDPOINT, apiVersion: e.AZURE_OPENAI_API_VERSION },
    timeoutMs: e.AI_TIMEOUT_MS,
    maxConcurrency: e.AI_MAX_CONCURRENCY,
    maxRetries: e.AI_MAX_RETRIES,
    retryBaseMs: e.AI_RETRY_BASE_MS,
    breakerThreshold: e.AI_BREAKER_THRESHOLD,
    breakerCooldownMs: e.AI_BREAKER_COOLDOWN_MS,
    cacheTtlSeconds: e.AI_CACHE_TTL_SECONDS,
    offlineLatency: { minMs, maxMs: Math.max(minMs, maxMs) },
  };
}
