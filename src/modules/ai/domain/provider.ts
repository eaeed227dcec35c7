/**
 * What the gateway asks of an AI provider. Three capabilities, each its own interface, so a
 * deployment may take text from one endpoint and images from another. Pure types: the OpenAI
 * adapter and the built-in offline generators implement them in infrastructure/.
 */

export interface TokenUsage {
  tokensIn: number;
  tokensOut: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TextRequest {
  messages: ChatMessage[];
  /** 0 (focused) to 2 (varied); providers default to 0.7. */
  temperature?: number;
  maxTokens?: number;
  /** Ask for a single JSON object as the answer. */
  json?: boolean;
  /** Same seed, same request → same answer (exact offline; best effort on remote providers). */
  seed?: number;
  /** Overrides the configured text model. */
  model?: string;
}

export interface TextResult {
  text: string;
  model: string;
  usage: TokenUsage;
  /** `stop`, `length`, … as the provider reports it. */
  finishReason: string;
}

export interface BrandStyle {
  name?: string;
  /** CSS hex colours, the primary first. */
  colors?: string[];
  /** Text of the logo mark drawn on banners (offline) or mentioned in the prompt (remote). */
  logoText?: string;
}

export interface ImageRequest {
  prompt: string;
  width: number;
  height: number;
  /** The line set in large type on a banner; defaults to the prompt's first sentence. */
  headline?: string;
  brand?: BrandStyle;
  seed?: number;
  model?: string;
}

export interface ImageResult {
  png: Buffer;
  /** Actual pixel size (a remote provider may round to a size it supports). */
  width: number;
  height: number;
  model: string;
  usage: TokenUsage;
  /** The prompt the provider actually used, when it rewrites prompts. */
  revisedPrompt?: string;
}

export interface EmbeddingRequest {
  texts: string[];
  model?: string;
}

export interface EmbeddingResult {
  vectors: number[][];
  dimensions: number;
  model: string;
  usage: TokenUsage;
}

export interface ProviderCallOptions {
  /** Aborted when the gateway's timeout fires: providers must stop work and free the socket. */
  signal?: AbortSignal;
}

/** `openai` covers every OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LiteLLM, …). */
export type ProviderKind = 'offline' | 'openai' | 'azure-openai';

export interface TextProvider {
  readonly kind: ProviderKind;
  readonly textModel: string;
  generateText(request: TextRequest, options?: ProviderCallOptions): Promise<TextResult>;
}

export interface ImageProvider {
  readonly kind: ProviderKind;
  readonly imageModel: string;
  generateImage(request: ImageRequest, options?: ProviderCallOptions): Promise<ImageResult>;
}

export interface EmbeddingProvider {
  readonly kind: ProviderKind;
  readonly embeddingModel: string;
  embed(request: EmbeddingRequest, options?: ProviderCallOptions): Promise<EmbeddingResult>;
}

export type AiProvider = TextProvider & ImageProvider & EmbeddingProvider;
