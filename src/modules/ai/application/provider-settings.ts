import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { ProviderKind } from '../domain/provider.js';
import {
  deleteProviderSettings,
  findProviderSettings,
  saveProviderSettings,
  type ProviderSettingsRow,
} from '../infrastructure/provider-settings.repository.js';
import { aiServicesFor } from './ai-services.js';

export interface ProviderSettingsInput {
  provider: ProviderKind;
  baseUrl?: string | null;
  /** A new key; omitted keeps the stored one, null removes it. */
  apiKey?: string | null;
  textModel?: string | null;
  imageModel?: string | null;
  embeddingModel?: string | null;
  azureApiVersion?: string | null;
}

/** What the API shows: never the key, only whether one is set and its last four characters. */
export interface ProviderSettingsView {
  source: 'organization' | 'global';
  provider: ProviderKind;
  baseUrl: string | null;
  apiKey: { set: boolean; last4: string | null };
  textModel: string;
  imageModel: string;
  embeddingModel: string;
  azureApiVersion: string | null;
  updatedAt: string | null;
}

export async function getProviderSettings(
  runtime: Runtime,
  orgId: string,
): Promise<ProviderSettingsView> {
  const row = await findProviderSettings(runtime.db, orgId);
  return row ? viewOf(runtime, row) : globalView(runtime);
}

export async function setProviderSettings(
  runtime: Runtime,
  orgId: string,
  updatedBy: string,
  input: ProviderSettingsInput,
): Promise<ProviderSettingsView> {
  const { crypto, registry } = aiServicesFor(runtime);
  const existing = await findProviderSettings(runtime.db, orgId);
  const baseUrl = input.baseUrl?.trim() || null;
  const keepKey = input.apiKey === undefined && existing;
  const apiKey = input.apiKey?.trim() || null;
  const hasKey = keepKey ? existing.apiKeyCiphertext !== null : apiKey !== null;
  checkEndpoint(runtime, input.provider, baseUrl, hasKey);
  const row = await saveProviderSettings(runtime.db, {
    orgId,
    provider: input.provider,
    baseUrl: input.provider === 'offline' ? null : baseUrl,
    apiKeyCiphertext: keepKey ? existing.apiKeyCiphertext : apiKey ? crypto.encrypt(apiKey) : null,
    apiKeyLast4: keepKey ? existing.apiKeyLast4 : apiKey ? apiKey.slice(-4) : null,
    textModel: input.textModel?.trim() || null,
    imageModel: input.imageModel?.trim() || null,
    embeddingModel: input.embeddingModel?.trim() || null,
    azureApiVersion: input.azureApiVersion?.trim() || null,
    updatedBy,
    updatedAt: new Date().toISOString(),
  });
  await registry.invalidate(orgId);
  return viewOf(runtime, row);
}

export async function removeProviderSettings(
  runtime: Runtime,
  orgId: string,
): Promise<ProviderSettingsView> {
  await deleteProviderSettings(runtime.db, orgId);
  await aiServicesFor(runtime).registry.invalidate(orgId);
  return globalView(runtime);
}

/**
 * An organisation's endpoint is called from our servers: in production it must be HTTPS (and
 * should be a public host — see docs/ai.md on SSRF), and a remote provider needs somewhere to go.
 */
function checkEndpoint(
  runtime: Runtime,
  provider: ProviderKind,
  baseUrl: string | null,
  hasKey: boolean,
): void {
  if (provider === 'offline') return;
  const fields = [];
  if (provider === 'azure-openai' && !baseUrl) {
    fields.push({
      field: 'baseUrl',
      message: 'is required for Azure OpenAI (the resource endpoint)',
    });
  }
  if (provider === 'azure-openai' && !hasKey)
    fields.push({ field: 'apiKey', message: 'is required for Azure OpenAI' });
  if (provider === 'openai' && !baseUrl && !hasKey) {
    fields.push({
      field: 'apiKey',
      message: 'is required when no baseUrl is given (api.openai.com)',
    });
  }
  if (baseUrl) {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      fields.push({ field: 'baseUrl', message: 'must be a URL' });
    }
    if (
      url &&
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && runtime.config.env !== 'production')
    ) {
      fields.push({ field: 'baseUrl', message: 'must use https' });
    }
  }
  if (fields.length > 0)
    throw AppError.validation('The AI provider settings are incomplete or invalid', fields);
}

function viewOf(runtime: Runtime, row: ProviderSettingsRow): ProviderSettingsView {
  const { ai } = runtime.config;
  const offline = row.provider === 'offline';
  return {
    source: 'organization',
    provider: row.provider as ProviderKind,
    baseUrl: row.baseUrl,
    apiKey: { set: row.apiKeyCiphertext !== null, last4: row.apiKeyLast4 },
    textModel: offline ? 'offline-copywriter-1' : (row.textModel ?? ai.textModel),
    imageModel: offline ? 'offline-banner-1' : (row.imageModel ?? ai.imageModel),
    embeddingModel: offline ? 'offline-lexical-256' : (row.embeddingModel ?? ai.embeddingModel),
    azureApiVersion:
      row.provider === 'azure-openai' ? (row.azureApiVersion ?? ai.azure.apiVersion) : null,
    updatedAt: row.updatedAt,
  };
}

/** The global configuration, as an organisation sees it: never the operator's key, not even its tail. */
function globalView(runtime: Runtime): ProviderSettingsView {
  const { ai } = runtime.config;
  const offline = ai.provider === 'offline';
  return {
    source: 'global',
    provider: ai.provider,
    baseUrl: null,
    apiKey: { set: Boolean(ai.apiKey), last4: null },
    textModel: offline ? 'offline-copywriter-1' : ai.textModel,
    imageModel: offline ? 'offline-banner-1' : ai.imageModel,
    embeddingModel: offline ? 'offline-lexical-256' : ai.embeddingModel,
    azureApiVersion: ai.provider === 'azure-openai' ? ai.azure.apiVersion : null,
    updatedAt: null,
  };
}
