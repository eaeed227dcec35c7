import { briefFromMessages } from '../../domain/copy-prompt.js';
import { fitToLength, type CopyBrief, type MarketingCopy } from '../../domain/marketing-copy.js';
import type {
  AiProvider,
  EmbeddingRequest,
  EmbeddingResult,
  ImageRequest,
  ImageResult,
  ProviderCallOptions,
  TextRequest,
  TextResult,
} from '../../domain/provider.js';
import { estimateTokens } from '../../domain/token-estimate.js';
import { bannerSvg } from './banner-svg.js';
import { groundedReply } from './grounded-reply.js';
import { writeMarketingCopy } from './copywriter.js';
import { lexicalDimensions, lexicalEmbedding, lexicalEmbeddingModel } from './lexical-embedding.js';
import { simulateLatency, type LatencyRange } from './offline-latency.js';
import { rasterise } from './rasterise.js';

const spanishMarkers = new Set([
  'el',
  'la',
  'los',
  'las',
  'de',
  'para',
  'con',
  'que',
  'una',
  'y',
  'en',
  'nuestro',
  'nuestra',
]);

/**
 * The built-in provider: no network, no key, no cost. Text is the template copywriter, images are
 * SVG banners rasterised to PNG, embeddings are lexical feature hashes. It behaves like a remote
 * provider — same interfaces, estimated token counts, a small latency — so everything built on
 * the gateway runs the same way offline and online.
 */
export class OfflineProvider implements AiProvider {
  readonly kind = 'offline' as const;
  readonly textModel = 'offline-copywriter-1';
  readonly imageModel = 'offline-banner-1';
  readonly embeddingModel = lexicalEmbeddingModel;

  constructor(private readonly latency: LatencyRange) {}

  async generateText(request: TextRequest, options: ProviderCallOptions = {}): Promise<TextResult> {
    await simulateLatency(this.latency, options.signal);
    let text = groundedReply(request.messages) ?? this.copyText(request);
    let finishReason = 'stop';
    if (
      request.maxTokens !== undefined &&
      estimateTokens(text) > request.maxTokens &&
      !request.json
    ) {
      text = fitToLength(text, request.maxTokens * 4);
      finishReason = 'length';
    }
    return {
      text,
      model: this.textModel,
      finishReason,
      usage: {
        tokensIn: estimateTokens(request.messages.map((message) => message.content).join('\n')),
        tokensOut: estimateTokens(text),
      },
    };
  }

  private copyText(request: TextRequest): string {
    const brief = briefFromMessages(request.messages) ?? briefFromConversation(request);
    const copy = writeMarketingCopy(brief, request.seed ?? 0);
    return request.json ? JSON.stringify(copy) : copyAsText(copy);
  }

  async generateImage(
    request: ImageRequest,
    options: ProviderCallOptions = {},
  ): Promise<ImageResult> {
    await simulateLatency(this.latency, options.signal);
    const firstSentence = request.prompt.split(/(?<=[.!?])\s/)[0]?.trim() ?? request.prompt;
    const headline = request.headline?.trim() || fitToLength(firstSentence, 80);
    const subline = request.headline ? fitToLength(firstSentence, 90) : undefined;
    const svg = bannerSvg({
      width: request.width,
      height: request.height,
      headline,
      subline: subline === headline ? undefined : subline,
      brand: request.brand,
      seed: request.seed,
    });
    const png = await rasterise(svg, options.signal);
    return {
      png,
      width: request.width,
      height: request.height,
      model: this.imageModel,
      usage: { tokensIn: estimateTokens(request.prompt), tokensOut: 0 },
    };
  }

  async embed(
    request: EmbeddingRequest,
    options: ProviderCallOptions = {},
  ): Promise<EmbeddingResult> {
    await simulateLatency({ minMs: 0, maxMs: this.latency.minMs }, options.signal);
    return {
      vectors: request.texts.map((text) => lexicalEmbedding(text)),
      dimensions: lexicalDimensions,
      model: this.embeddingModel,
      usage: { tokensIn: estimateTokens(request.texts.join('\n')), tokensOut: 0 },
    };
  }
}

/**
 * A free-form prompt has no brief: take the last user message as the subject and write general
 * copy about it, in the language the message is written in.
 */
function briefFromConversation(request: TextRequest): CopyBrief {
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  const text = (lastUser?.content ?? 'PromptSales').trim();
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  const spanish = words.filter((word) => spanishMarkers.has(word)).length;
  const english = words.filter((word) =>
    ['the', 'for', 'and', 'with', 'our', 'to', 'of', 'a'].includes(word),
  ).length;
  const quoted =
    text.match(/["“«]([^"”»]{2,60})["”»]/)?.[1] ??
    text.match(
      /\b(?:about|promote|promoting|sobre|promocionar|anunciar)\s+([^.,;:!?\n]{2,60})/i,
    )?.[1];
  const subject = quoted ?? fitToLength(text.split(/[.!?\n]/)[0] ?? text, 40).replace(/…$/, '');
  return {
    product: subject,
    language: /[¿¡ñáéíóú]/i.test(text) || spanish > english ? 'es' : 'en',
  };
}

function copyAsText(copy: MarketingCopy): string {
  const labels =
    copy.language === 'es'
      ? {
          headlines: 'Titulares',
          body: 'Texto',
          cta: 'Llamada a la acción',
          tags: 'Hashtags',
          seo: 'SEO',
        }
      : {
          headlines: 'Headlines',
          body: 'Body',
          cta: 'Call to action',
          tags: 'Hashtags',
          seo: 'SEO',
        };
  return [
    `${labels.headlines}:`,
    ...copy.headlines.map((headline, index) => `${index + 1}. ${headline}`),
    '',
    `${labels.body}:`,
    copy.body,
    '',
    `${labels.cta}: ${copy.callToAction}`,
    `${labels.tags}: ${copy.hashtags.join(' ')}`,
    '',
    `${labels.seo}: ${copy.seo.title} — ${copy.seo.metaDescription}`,
  ].join('\n');
}
