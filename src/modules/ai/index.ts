import { aiUsageMeters } from './infrastructure/usage-meters.js';
import type { ModuleDefinition } from '../../platform/module.js';
import type { Runtime } from '../../platform/runtime.js';
import type { AiGateway } from './application/ai-gateway.js';
import { aiServicesFor, stopAiServices } from './application/ai-services.js';
import { aiRoutes } from './http/ai.routes.js';

export type {
  AiCallContext,
  AiGateway,
  CopyGeneration,
  EmbeddingGeneration,
  GenerationMeta,
  ImageGeneration,
  SentimentClassification,
  TextGeneration,
} from './application/ai-gateway.js';
export {
  sentimentLabel,
  sentimentLanguages,
  type SentimentLabel,
  type SentimentLanguage,
  type SentimentScore,
} from './domain/sentiment.js';
export type {
  BrandStyle,
  ChatMessage,
  EmbeddingRequest,
  ImageRequest,
  ProviderKind,
  TextRequest,
  TokenUsage,
} from './domain/provider.js';
export {
  copyChannels,
  copyLanguages,
  copyObjectives,
  copyTones,
  fitToLength,
  headlineLimits,
  bodyLimits,
  seoLimits,
  type CopyBrief,
  type CopyChannel,
  type CopyLanguage,
  type CopyObjective,
  type CopyTone,
  type MarketingCopy,
} from './domain/marketing-copy.js';
export { copyBriefSchema, marketingCopySchema } from './domain/copy-prompt.js';
export type { UsageSummary } from './domain/usage.js';
export { cosineSimilarity } from './infrastructure/offline/lexical-embedding.js';

/** The AI gateway of this runtime (one per process: shared breakers, cache and usage buffer). */
export function aiGatewayFor(runtime: Runtime): AiGateway {
  return aiServicesFor(runtime).gateway;
}

/**
 * The AI gateway: every AI use in PromptSales (content, ads sentiment, CRM chatbot) goes through
 * it — provider choice per organisation, timeouts, retries, circuit breaker, concurrency limit,
 * result cache, and a usage and cost log billing meters.
 */
export const aiModule: ModuleDefinition = {
  name: 'ai',
  routes: aiRoutes,
  usage: aiUsageMeters,
  stop: stopAiServices,
};
