import { performance } from 'node:perf_hooks';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Cache } from '../../../platform/cache/cache.js';
import type { Logger } from '../../../platform/logging/logger.js';
import { marketingCopyMessages, parseMarketingCopy } from '../domain/copy-prompt.js';
import type { CopyBrief, MarketingCopy } from '../domain/marketing-copy.js';
import { imageCost, tokenCost } from '../domain/price-table.js';
import { ProviderError } from '../domain/provider-error.js';
import type {
  EmbeddingRequest,
  EmbeddingResult,
  ImageRequest,
  ImageResult,
  ProviderKind,
  TextRequest,
  TextResult,
  TokenUsage,
} from '../domain/provider.js';
import { requestKey } from '../domain/request-key.js';
import {
  maxSentimentTextLength,
  maxSentimentTexts,
  parseSentimentScores,
  sentimentMessages,
  type SentimentRequest,
  type SentimentResult,
} from '../domain/sentiment.js';
import type { UsageEntry, UsageSummary } from '../domain/usage.js';
import {
  classifyWithLexicon,
  lexiconSentimentModel,
} from '../infrastructure/offline/sentiment-lexicon.js';
import type { UsageLogWriter } from '../infrastructure/usage-log-writer.js';
import type { ProviderEntry, ProviderRegistry } from './provider-registry.js';

/** Who is asking and why: every call is logged against it. */
export interface AiCallContext {
  orgId: string;
  /** The user (or `client:<id>` for an API client); null for system work. */
  userId?: string | null;
  /** What the call is for, dotted: `content.generate-text`, `ads.sentiment`, `crm.chatbot`. */
  purpose: string;
  requestId?: string;
  /** Answer from (and store in) the result cache; default true. */
  cache?: boolean;
  /** Cancels the call (e.g. the HTTP client went away). */
  signal?: AbortSignal;
}

export interface GenerationMeta {
  provider: ProviderKind;
  model: string;
  usage: TokenUsage;
  /** micro-USD; 0 when answered from the cache. */
  costMicros: number;
  cached: boolean;
  latencyMs: number;
}

export type TextGeneration = TextResult & GenerationMeta;
export type ImageGeneration = ImageResult & GenerationMeta;
export type EmbeddingGeneration = EmbeddingResult & GenerationMeta;
export type CopyGeneration = { copy: MarketingCopy; text: string } & GenerationMeta;
export type SentimentClassification = SentimentResult & GenerationMeta;

/** The one way into AI for every module: provider choice, resilience, caching and metering. */
export interface AiGateway {
  generateText(request: AiCallContext & TextRequest): Promise<TextGeneration>;
  generateImage(request: AiCallContext & ImageRequest): Promise<ImageGeneration>;
  embed(request: AiCallContext & EmbeddingRequest): Promise<EmbeddingGeneration>;
  /** Marketing copy from a brief, through the prompt template; same shape from any provider. */
  generateMarketingCopy(
    request: AiCallContext & { brief: CopyBrief; seed?: number; temperature?: number },
  ): Promise<CopyGeneration>;
  /**
   * Sentiment of short texts (comments), one score in [−1, 1] per text: the offline lexicon
   * classifier (Spanish, English) on the offline provider, the chat model on an OpenAI-compatible
   * one. Logged as a text call.
   */
  classifySentiment(request: AiCallContext & SentimentRequest): Promise<SentimentClassification>;
  /** Totals for one organisation and UTC month (YYYY-MM): what billing meters. */
  usageSummary(orgId: string, month: string): Promise<UsageSummary>;
  /**
   * The kind of provider the organisation's text goes to: callers with a deterministic offline
   * path of their own (e.g. the analytics question grammar) ask a language model only when one
   * is configured.
   */
  providerKind(orgId: string): Promise<ProviderKind>;
}

export interface AiGatewayDeps {
  registry: ProviderRegistry;
  cache: Cache;
  usage: UsageLogWriter;
  log: Logger;
  cacheTtlSeconds: number;
  summarise: (orgId: string, month: string) => Promise<UsageSummary>;
}

/** Images larger than this are not put in the result cache (Redis values should stay small). */
const maxCachedImageBytes = 2 * 1024 * 1024;

interface CachedImage extends Omit<ImageResult, 'png'> {
  pngBase64: string;
}

export function createAiGateway(deps: AiGatewayDeps): AiGateway {
  const { registry, cache, usage } = deps;

  async function run<Result extends { model: string; usage: TokenUsage }, Stored>(
    context: AiCallContext,
    operation: UsageEntry['operation'],
    describe: (entry: ProviderEntry) => { model: string; payload: unknown },
    call: (entry: ProviderEntry, signal: AbortSignal) => Promise<Result>,
    priceOf: (result: Result) => number,
    store: { save: (result: Result) => Stored | undefined; load: (stored: Stored) => Result },
  ): Promise<Result & GenerationMeta> {
    const started = performance.now();
    validateContext(context);
    const entry = await registry.forOrg(context.orgId);
    const kind = entry.provider.kind;
    const { model, payload } = describe(entry);
    const base = {
      orgId: context.orgId,
      userId: context.userId ?? null,
      purpose: context.purpose,
      provider: kind,
      operation,
      requestId: context.requestId ?? null,
    };
    const useCache = context.cache !== false && deps.cacheTtlSeconds > 0;
    const key = useCache
      ? `ai:result:v1:${requestKey({ operation, orgId: context.orgId, providerId: entry.id, model, payload })}`
      : '';
    if (useCache) {
      const stored = await cache.get<Stored>(key);
      if (stored !== undefined) {
        const result = store.load(stored);
        const latencyMs = Math.round(performance.now() - started);
        usage.record({
          ...base,
          model: result.model,
          tokensIn: 0,
          tokensOut: 0,
          costMicros: 0,
          latencyMs,
          outcome: 'cached',
        });
        return { ...result, provider: kind, costMicros: 0, cached: true, latencyMs };
      }
    }
    try {
      const result = await entry.guard.execute((signal) => call(entry, signal), context.signal);
      const latencyMs = Math.round(performance.now() - started);
      const costMicros = priceOf(result);
      usage.record({
        ...base,
        model: result.model,
        tokensIn: result.usage.tokensIn,
        tokensOut: result.usage.tokensOut,
        costMicros,
        latencyMs,
        outcome: 'ok',
      });
      if (useCache) {
        const stored = store.save(result);
        if (stored !== undefined) {
          cache.set(key, stored, deps.cacheTtlSeconds).catch((error: unknown) => {
            deps.log.warn({ err: error }, 'could not store an AI result in the cache');
          });
        }
      }
      return { ...result, provider: kind, costMicros, cached: false, latencyMs };
    } catch (error) {
      const failure =
        error instanceof ProviderError
          ? error
          : new ProviderError('invalid_response', String(error));
      usage.record({
        ...base,
        model,
        tokensIn: 0,
        tokensOut: 0,
        costMicros: 0,
        latencyMs: Math.round(performance.now() - started),
        outcome: `error:${failure.kind}`,
      });
      if (!(error instanceof ProviderError))
        deps.log.error({ err: error }, 'AI call failed unexpectedly');
      throw toAppError(failure, kind);
    }
  }

  const identity = <T>() => ({ save: (result: T) => result, load: (stored: T) => stored });

  const gateway: AiGateway = {
    generateText(request) {
      const {
        orgId: _o,
        userId: _u,
        purpose: _p,
        requestId: _r,
        cache: _c,
        signal: _s,
        ...textRequest
      } = request;
      return run<TextResult, TextResult>(
        request,
        'text',
        (entry) => ({ model: textRequest.model ?? entry.provider.textModel, payload: textRequest }),
        (entry, signal) => entry.provider.generateText(textRequest, { signal }),
        (result) => tokenCost(result.model, result.usage).micros,
        identity<TextResult>(),
      );
    },

    generateImage(request) {
      const {
        orgId: _o,
        userId: _u,
        purpose: _p,
        requestId: _r,
        cache: _c,
        signal: _s,
        ...imageRequest
      } = request;
      if (
        !Number.isInteger(imageRequest.width) ||
        !Number.isInteger(imageRequest.height) ||
        imageRequest.width < 16 ||
        imageRequest.height < 16 ||
        imageRequest.width > 4096 ||
        imageRequest.height > 4096
      ) {
        throw AppError.validation('Image sizes are whole pixels from 16 to 4096', [
          { field: 'width', message: 'must be an integer from 16 to 4096' },
        ]);
      }
      return run<ImageResult, CachedImage>(
        request,
        'image',
        (entry) => ({
          model: imageRequest.model ?? entry.provider.imageModel,
          payload: imageRequest,
        }),
        (entry, signal) => entry.provider.generateImage(imageRequest, { signal }),
        (result) => imageCost(result.model, result.width, result.height).micros,
        {
          save: ({ png, ...rest }) =>
            png.length > maxCachedImageBytes
              ? undefined
              : { ...rest, pngBase64: png.toString('base64') },
          load: ({ pngBase64, ...rest }) => ({ ...rest, png: Buffer.from(pngBase64, 'base64') }),
        },
      );
    },

    embed(request) {
      const {
        orgId: _o,
        userId: _u,
        purpose: _p,
        requestId: _r,
        cache: _c,
        signal: _s,
        ...embeddingRequest
      } = request;
      return run<EmbeddingResult, EmbeddingResult>(
        request,
        'embedding',
        (entry) => ({
          model: embeddingRequest.model ?? entry.provider.embeddingModel,
          payload: embeddingRequest,
        }),
        (entry, signal) => entry.provider.embed(embeddingRequest, { signal }),
        (result) => tokenCost(result.model, result.usage).micros,
        identity<EmbeddingResult>(),
      );
    },

    async generateMarketingCopy(request) {
      const { brief, seed, temperature, ...context } = request;
      const generation = await gateway.generateText({
        ...context,
        messages: marketingCopyMessages(brief),
        json: true,
        seed,
        temperature: temperature ?? 0.8,
      });
      const copy = parseMarketingCopy(generation.text);
      if (!copy) {
        throw new AppError(
          'dependency_unavailable',
          'The AI provider answered with copy that is not in the expected format',
          {
            ai_failure: 'invalid_response',
          },
        );
      }
      return { ...generation, copy };
    },

    classifySentiment(request) {
      const { texts, language } = request;
      if (
        texts.length === 0 ||
        texts.length > maxSentimentTexts ||
        texts.some((text) => text.length > maxSentimentTextLength)
      ) {
        throw AppError.validation('Sentiment needs 1 to 200 texts of up to 2,000 characters', [
          { field: 'texts', message: 'give 1 to 200 texts of up to 2,000 characters each' },
        ]);
      }
      return run<SentimentResult, SentimentResult>(
        request,
        'text',
        (entry) => ({
          model:
            entry.provider.kind === 'offline' ? lexiconSentimentModel : entry.provider.textModel,
          payload: { sentiment: { texts, language } },
        }),
        async (entry, signal) => {
          if (entry.provider.kind === 'offline') return classifyWithLexicon(texts, language);
          const result = await entry.provider.generateText(
            { messages: sentimentMessages({ texts, language }), json: true, temperature: 0 },
            { signal },
          );
          const scores = parseSentimentScores(result.text, texts.length);
          if (!scores)
            throw new ProviderError(
              'invalid_response',
              'The AI provider answered sentiment in an unexpected format',
            );
          return { scores, model: result.model, usage: result.usage };
        },
        (result) => tokenCost(result.model, result.usage).micros,
        identity<SentimentResult>(),
      );
    },

    async providerKind(orgId) {
      return (await registry.forOrg(orgId)).provider.kind;
    },

    async usageSummary(orgId, month) {
      await usage.flush();
      return deps.summarise(orgId, month);
    },
  };
  return gateway;
}

function validateContext(context: AiCallContext): void {
  if (!context.orgId) throw new Error('AI calls need an organisation');
  if (!/^[a-z0-9][a-z0-9._:-]{0,99}$/i.test(context.purpose)) {
    throw new Error(`AI call purpose must be a short dotted name, got "${context.purpose}"`);
  }
}

/** Provider failures as the platform's errors: callers see 429 or 503 with a stable code. */
function toAppError(error: ProviderError, provider: ProviderKind): AppError {
  const details = { ai_failure: error.kind, ai_provider: provider };
  switch (error.kind) {
    case 'rate_limited':
      return new AppError(
        'rate_limited',
        'The AI provider is rate limiting us; try again shortly',
        {
          ...details,
          retryAfterSeconds: Math.max(1, Math.ceil((error.details.retryAfterMs ?? 5000) / 1000)),
        },
      );
    case 'bad_request':
      return new AppError(
        'unprocessable',
        `The AI provider rejected the request: ${error.message}`,
        details,
      );
    case 'circuit_open':
    case 'overloaded':
      return new AppError('dependency_unavailable', error.message, {
        ...details,
        retryAfterSeconds: 5,
      });
    case 'auth':
      return new AppError(
        'dependency_unavailable',
        'The AI provider rejected our credentials; check the AI settings',
        details,
      );
    default:
      return new AppError(
        'dependency_unavailable',
        `The AI provider failed: ${error.message}`,
        details,
      );
  }
}
