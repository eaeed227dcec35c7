import OpenAI, { AzureOpenAI } from 'openai';
import { ProviderError, retryAfterMs } from '../domain/provider-error.js';
import { pngSize } from '../domain/png.js';
import type {
  AiProvider,
  EmbeddingRequest,
  EmbeddingResult,
  ImageRequest,
  ImageResult,
  ProviderCallOptions,
  TextRequest,
  TextResult,
} from '../domain/provider.js';
import { estimateTokens } from '../domain/token-estimate.js';

export interface RemoteProviderSettings {
  kind: 'openai' | 'azure-openai';
  /** OpenAI-compatible base URL (…/v1); unset means api.openai.com. */
  baseUrl?: string;
  apiKey?: string;
  textModel: string;
  imageModel: string;
  embeddingModel: string;
  azure?: { endpoint: string; apiVersion: string };
  timeoutMs: number;
}

/**
 * Any OpenAI-compatible endpoint through the official SDK: OpenAI, Azure OpenAI (models are
 * deployment names there), Ollama, vLLM, LiteLLM. The SDK's own retries are off: the gateway's
 * resilience policies retry, time out and break the circuit, the same way for every provider.
 */
export class OpenAiCompatibleProvider implements AiProvider {
  readonly kind: 'openai' | 'azure-openai';
  readonly textModel: string;
  readonly imageModel: string;
  readonly embeddingModel: string;
  private readonly client: OpenAI;

  constructor(settings: RemoteProviderSettings) {
    this.kind = settings.kind;
    this.textModel = settings.textModel;
    this.imageModel = settings.imageModel;
    this.embeddingModel = settings.embeddingModel;
    // Local servers (Ollama, vLLM) ignore the key, but the SDK insists on one.
    const apiKey = settings.apiKey || 'not-needed';
    this.client =
      settings.kind === 'azure-openai'
        ? new AzureOpenAI({
            endpoint: settings.azure?.endpoint,
            apiVersion: settings.azure?.apiVersion,
            apiKey,
            maxRetries: 0,
            timeout: settings.timeoutMs,
          })
        : new OpenAI({
            baseURL: settings.baseUrl,
            apiKey,
            maxRetries: 0,
            timeout: settings.timeoutMs,
          });
  }

  async generateText(request: TextRequest, options: ProviderCallOptions = {}): Promise<TextResult> {
    const model = request.model ?? this.textModel;
    const completion = await this.call(() =>
      this.client.chat.completions.create(
        {
          model,
          messages: request.messages,
          temperature: request.temperature,
          max_tokens: request.maxTokens,
          seed: request.seed,
          ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
        },
        { signal: options.signal },
      ),
    );
    const choice = completion.choices[0];
    if (!choice) throw new ProviderError('invalid_response', 'The provider returned no choices');
    const text = choice.message.content ?? '';
    return {
      text,
      model: completion.model || model,
      finishReason: choice.finish_reason ?? 'stop',
      usage: completion.usage
        ? {
            tokensIn: completion.usage.prompt_tokens,
            tokensOut: completion.usage.completion_tokens,
          }
        : {
            tokensIn: estimateTokens(request.messages.map((m) => m.content).join('\n')),
            tokensOut: estimateTokens(text),
          },
    };
  }

  async generateImage(
    request: ImageRequest,
    options: ProviderCallOptions = {},
  ): Promise<ImageResult> {
    const model = request.model ?? this.imageModel;
    const gptImage = model.startsWith('gpt-image');
    const response = await this.call(() =>
      this.client.images.generate(
        {
          model,
          prompt: imagePrompt(request),
          n: 1,
          size: nearestSize(model, request.width, request.height),
          // gpt-image models always answer base64 and reject the parameter.
          ...(gptImage ? {} : { response_format: 'b64_json' as const }),
        },
        { signal: options.signal },
      ),
    );
    const image = response.data?.[0];
    if (!image?.b64_json)
      throw new ProviderError('invalid_response', 'The provider returned no image data');
    const png = Buffer.from(image.b64_json, 'base64');
    const size = pngSize(png);
    if (!size)
      throw new ProviderError(
        'invalid_response',
        'The provider returned an image that is not a PNG',
      );
    return {
      png,
      width: size.width,
      height: size.height,
      model,
      revisedPrompt: image.revised_prompt ?? undefined,
      usage: {
        tokensIn: response.usage?.input_tokens ?? estimateTokens(request.prompt),
        tokensOut: response.usage?.output_tokens ?? 0,
      },
    };
  }

  async embed(
    request: EmbeddingRequest,
    options: ProviderCallOptions = {},
  ): Promise<EmbeddingResult> {
    const model = request.model ?? this.embeddingModel;
    const response = await this.call(() =>
      this.client.embeddings.create(
        { model, input: request.texts, encoding_format: 'float' },
        { signal: options.signal },
      ),
    );
    const vectors = [...response.data]
      .sort((a, b) => a.index - b.index)
      .map((item) => item.embedding);
    if (vectors.length !== request.texts.length) {
      throw new ProviderError(
        'invalid_response',
        'The provider returned a different number of vectors',
      );
    }
    return {
      vectors,
      dimensions: vectors[0]?.length ?? 0,
      model: response.model || model,
      usage: {
        tokensIn: response.usage?.prompt_tokens ?? estimateTokens(request.texts.join('\n')),
        tokensOut: 0,
      },
    };
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toProviderError(error);
    }
  }
}

/** The SDK's errors, in the kinds the gateway's policies understand. */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIUserAbortError)
    return new ProviderError('timeout', 'The AI provider call was cancelled');
  if (error instanceof OpenAI.APIConnectionTimeoutError)
    return new ProviderError('timeout', 'The AI provider timed out');
  if (error instanceof OpenAI.APIConnectionError)
    return new ProviderError('network', `The AI provider is unreachable: ${error.message}`);
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const status = error.status;
    const header = (name: string) => error.headers?.get(name);
    const message = `The AI provider answered ${status}: ${error.message}`;
    if (status === 429)
      return new ProviderError('rate_limited', message, {
        status,
        retryAfterMs: retryAfterMs(header),
      });
    if (status === 401 || status === 403) return new ProviderError('auth', message, { status });
    if (status === 408) return new ProviderError('timeout', message, { status });
    if (status >= 500 || status === 409)
      return new ProviderError('server', message, { status, retryAfterMs: retryAfterMs(header) });
    return new ProviderError('bad_request', message, { status });
  }
  return new ProviderError(
    'invalid_response',
    error instanceof Error ? error.message : String(error),
  );
}

function imagePrompt(request: ImageRequest): string {
  const parts = [request.prompt];
  if (request.headline) parts.push(`Include the headline text: "${request.headline}".`);
  if (request.brand?.colors?.length)
    parts.push(`Use the brand colours ${request.brand.colors.join(', ')}.`);
  if (request.brand?.logoText ?? request.brand?.name)
    parts.push(`Brand: ${request.brand?.logoText ?? request.brand?.name}.`);
  return parts.join(' ');
}

type ImageSize =
  '1024x1024' | '1792x1024' | '1024x1792' | '1536x1024' | '1024x1536' | '512x512' | '256x256';

/** Remote image models render a few fixed sizes: the one closest in aspect ratio. */
function nearestSize(model: string, width: number, height: number): ImageSize {
  const ratio = width / height;
  const sizes: ImageSize[] = model.startsWith('dall-e-3')
    ? ['1024x1024', '1792x1024', '1024x1792']
    : model.startsWith('dall-e-2')
      ? ['1024x1024', '512x512', '256x256']
      : ['1024x1024', '1536x1024', '1024x1536'];
  return sizes.reduce((best, size) => {
    const [w, h] = size.split('x').map(Number) as [number, number];
    const [bw, bh] = best.split('x').map(Number) as [number, number];
    return Math.abs(Math.log(w / h / ratio)) < Math.abs(Math.log(bw / bh / ratio)) ? size : best;
  });
}
