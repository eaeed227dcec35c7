import type { Channel } from './channels.js';

/**
 * Vendors an organisation can connect; each has at most one connection per organisation. A
 * vendor is offered only when the platform has its app credentials (see `docs/integrations.md`).
 */
export const connectionProviders = [
  'meta',
  'google_ads',
  'tiktok',
  'linkedin',
  'twilio',
  'whatsapp',
  'mailchimp',
] as const;
export type ConnectionProvider = (typeof connectionProviders)[number];

/** A connection without its secrets: what the API shows. */
export interface ConnectionSummary {
  id: string;
  orgId: string;
  provider: string;
  status: 'active' | 'needs_reauth';
  externalAccountId: string;
  accountName: string;
  currency: string;
  scopes: string[];
  settings: Record<string, string>;
  tokenExpiresAt: string | null;
  connectedBy: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A connection with its credentials decrypted, for the adapter that calls the vendor. */
export interface Connection extends ConnectionSummary {
  credentialKind: 'oauth' | 'api_key';
  accessToken: string;
  refreshToken: string | null;
}

/** What the vendor granted: the account and the credentials to keep (encrypted) for it. */
export interface GrantedAccount {
  externalAccountId: string;
  accountName: string;
  currency: string;
  accessToken: string;
  refreshToken: string | null;
  tokenExpiresAt: string | null;
  scopes: string[];
  /** Vendor specifics that are not secret (Meta: the page the ads are published as). */
  settings: Record<string, string>;
}

/**
 * The vendor said no to connecting (a refused code, a key it does not know, an account the user
 * cannot manage, a missing scope): the owner's input or consent is at fault, not the platform.
 */
export class ConnectionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionRefusedError';
  }
}

interface ProviderBase {
  readonly id: ConnectionProvider;
  /** The vendor's name as people know it. */
  readonly label: string;
  /** Channels delivered through the connection: disconnecting forgets their vendor object ids. */
  readonly channels: readonly Channel[];
  /** Why an account id the owner typed cannot be this vendor's (undefined when it can be). */
  accountIdProblem(accountId: string): string | undefined;
  /** Revokes the grant or key at the vendor; best effort (the caller logs a failure). */
  revoke(connection: Connection): Promise<void>;
}

/** A vendor connected through its OAuth 2.0 authorization-code flow. */
export interface OAuthConnectionProvider extends ProviderBase {
  readonly credentialKind: 'oauth';
  /** The consent screen's address for one authorization (state and PKCE S256 challenge). */
  authorizationUrl(input: { redirectUri: string; state: string; codeChallenge: string }): string;
  /** Exchanges the code and describes the account chosen (the one asked for, else the first). */
  completeAuthorization(input: {
    code: string;
    redirectUri: string;
    codeVerifier: string | null;
    externalAccountId: string | null;
    now: Date;
  }): Promise<GrantedAccount>;
}

/** A vendor connected with an API key (Mailchimp, Twilio): checked at the vendor when given. */
export interface ApiKeyConnectionProvider extends ProviderBase {
  readonly credentialKind: 'api_key';
  /** Vendor settings the owner must give with the key, with what each one is. */
  readonly requiredSettings: Readonly<Record<string, string>>;
  verifyKey(input: {
    apiKey: string;
    externalAccountId: string | null;
    settings: Record<string, string>;
    now: Date;
  }): Promise<GrantedAccount>;
}

export type ConnectionProviderDefinition = OAuthConnectionProvider | ApiKeyConnectionProvider;
