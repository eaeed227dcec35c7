import type { AuthContext } from '../../../platform/http/auth-context.js';
import { callerFromAuth, localOperatorCaller } from '../../../platform/mcp/mcp-caller.js';
import type { McpCaller } from '../../../platform/mcp/mcp-registry.js';

/** Who calls over stdio; asked on every request so an expired or revoked token stops working. */
export type StdioCallerSource = () => Promise<McpCaller>;

export interface StdioCallerOptions {
  /** `PROMPTSALES_API_TOKEN`, if set. */
  token: string | undefined;
  mode: 'embedded' | 'production';
  /** Verifies a bearer token as `/mcp` does; undefined when no installed module verifies tokens. */
  verify: ((token: string) => Promise<AuthContext>) | undefined;
}

export type StdioCallerDecision =
  | { ok: true; caller: StdioCallerSource; principal: string; notice?: string }
  | { ok: false; problem: string };

export const tokenVariable = 'PROMPTSALES_API_TOKEN';

/**
 * Decides who the stdio caller is. With a token: its principal, verified now and on every request.
 * Without one: refused in production; in embedded mode the local operator, who holds no
 * organisation and no permission (platform-level tools only) — they own the data directory anyway,
 * and no tenant's data is reachable without a token.
 */
export async function resolveStdioCaller(
  options: StdioCallerOptions,
): Promise<StdioCallerDecision> {
  const { token, mode, verify } = options;
  if (token) {
    if (!verify) {
      return {
        ok: false,
        problem: `${tokenVariable} is set, but no installed module verifies tokens (is the identity module installed?)`,
      };
    }
    try {
      const auth = await verify(token);
      return {
        ok: true,
        principal: `${auth.principalId} in organisation ${auth.orgId}`,
        caller: async () => callerFromAuth(await verify(token)),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: `${tokenVariable} was rejected: ${reason}` };
    }
  }
  if (mode === 'production') {
    return {
      ok: false,
      problem:
        `${tokenVariable} is required in production mode: set it to an access token of a user ` +
        'or an API client of your organisation (see docs/mcp.md)',
    };
  }
  const caller = localOperatorCaller();
  return {
    ok: true,
    principal: 'the local operator',
    caller: async () => caller,
    notice:
      `No ${tokenVariable}: serving platform-level tools only (no organisation data). ` +
      'Set it to an access token to act for your organisation.',
  };
}
