import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import type { AiGateway, CopyBrief, GenerationMeta, MarketingCopy } from '../../ai/index.js';
import { checkBrandText } from '../domain/brand-check.js';
import { imageSizes, type ContentBrief } from '../domain/content-brief.js';
import { checkImageFormat, checkTextFormat, type FormatFinding } from '../domain/format-check.js';
import { normaliseHashtags, searchTextOf } from '../domain/asset-metadata.js';
import { textOf, type StoredImage, type VersionContent } from '../domain/asset.js';
import { outlineStoryboard, scriptOf } from '../domain/storyboard.js';
import type { BrandKitRow } from '../infrastructure/brand-kits.repository.js';
import { insertAsset, type AssetRow } from '../infrastructure/assets.repository.js';
import { mediaKey, type MediaStorage } from './media-storage.js';

export interface GenerationContext {
  db: Database;
  gateway: AiGateway;
  storage: MediaStorage;
  orgId: string;
  userId: string | null;
  requestId: string;
  brief: ContentBrief;
  kit?: BrandKitRow;
}

interface Generated {
  title: string;
  description: string;
  hashtags: string[];
  format: string;
  content: VersionContent;
  generation: Record<string, unknown>;
}

function copyBriefOf(brief: ContentBrief, kit: BrandKitRow | undefined): CopyBrief {
  return {
    product: brief.subject,
    description: brief.description,
    audience: brief.audience,
    language: brief.language,
    tone: brief.tone,
    channel: brief.channel,
    benefits: brief.benefits,
    keywords: brief.keywords,
    brandName: kit?.name,
    callToAction: brief.callToAction,
    variants: 3,
    // The brand kit steers the copy itself (the check afterwards reports what still slipped in).
    brandVoice: kit?.voice || undefined,
    approvedClaims: kit && kit.approvedClaims.length > 0 ? kit.approvedClaims : undefined,
    bannedPhrases: kit && kit.bannedPhrases.length > 0 ? kit.bannedPhrases : undefined,
  };
}

/** What the usage log already holds per call, summed for the version (provider time included). */
function summarise(calls: GenerationMeta[]): Record<string, unknown> {
  return {
    provider: calls[0]?.provider,
    models: [...new Set(calls.map((c) => c.model))],
    calls: calls.length,
    tokens_in: calls.reduce((sum, c) => sum + c.usage.tokensIn, 0),
    tokens_out: calls.reduce((sum, c) => sum + c.usage.tokensOut, 0),
    cost_micros: calls.reduce((sum, c) => sum + c.costMicros, 0),
    latency_ms: calls.reduce((sum, c) => sum + c.latencyMs, 0),
    cached: calls.filter((c) => c.cached).length,
  };
}

/** One line saying what the asset shows: what the library's text and similarity search read. */
function describe(brief: ContentBrief, what: string, headline: string): string {
  const es = brief.language === 'es';
  const parts = [
    es ? `${what} de ${brief.subject}` : `${what} for ${brief.subject}`,
    brief.description,
    brief.audience ? (es ? `para ${brief.audience}` : `for ${brief.audience}`) : undefined,
    brief.style ? (es ? `estilo ${brief.style}` : `${brief.style} style`) : undefined,
    `“${headline}”`,
  ];
  return parts.filter(Boolean).join('. ');
}

const labels = {
  text: { es: 'Texto', en: 'Copy' },
  image: { es: 'Banner', en: 'Banner' },
  video: { es: 'Guion gráfico de vídeo', en: 'Video storyboard' },
} as const;

/**
 * What the similarity search embeds: what the asset shows, from the brief alone (the description
 * minus the generated headline), so the embedding call runs alongside the copy call instead of
 * after it, and every variant of a request shares one cached embedding.
 */
function embeddingTextOf(brief: ContentBrief): string {
  const es = brief.language === 'es';
  const parts = [
    es
      ? `${labels[brief.type].es} de ${brief.subject}`
      : `${labels[brief.type].en} for ${brief.subject}`,
    brief.description,
    brief.audience ? (es ? `para ${brief.audience}` : `for ${brief.audience}`) : undefined,
    brief.style ? (es ? `estilo ${brief.style}` : `${brief.style} style`) : undefined,
    brief.keywords?.join(', '),
  ];
  return parts.filter(Boolean).join('. ');
}

/** Generates, checks and stores one asset of a request (variant `n`, from 1). */
export async function generateAsset(context: GenerationContext, n: number): Promise<AssetRow> {
  const { brief, kit, gateway } = context;
  const call = (purpose: string) => ({
    orgId: context.orgId,
    userId: context.userId,
    purpose,
    requestId: context.requestId,
  });
  const calls: GenerationMeta[] = [];
  // Started first and awaited last: provider time of copy and embedding overlaps.
  const embedding = gateway.embed({
    ...call('content.embed-description'),
    texts: [embeddingTextOf(brief)],
  });
  // A failed copy call must not leave the embedding's rejection unhandled; it is awaited below.
  embedding.catch(() => undefined);

  /**
   * Copy that avoids the kit's banned phrases when it can: up to three drafts (other seeds) until
   * one has none, else the one with the fewest. Each draft is a metered call.
   */
  async function writeCopy(): Promise<MarketingCopy> {
    const drafts = kit && kit.bannedPhrases.length > 0 ? maxDrafts : 1;
    let best: { copy: MarketingCopy; banned: number } | undefined;
    for (let draft = 0; draft < drafts; draft += 1) {
      const generation = await gateway.generateMarketingCopy({
        ...call('content.generate-text'),
        brief: copyBriefOf(brief, kit),
        seed: n + draft * 1000,
      });
      calls.push(generation);
      const banned = kit
        ? checkBrandText(copyText(generation.copy), kit).filter((f) => f.kind === 'banned_phrase')
            .length
        : 0;
      if (!best || banned < best.banned) best = { copy: generation.copy, banned };
      if (banned === 0) break;
    }
    return best!.copy;
  }
  const copy = await writeCopy();
  const headline = copy.headlines[(n - 1) % copy.headlines.length]!;
  const assetId = uuidv7();
  const brand = kit
    ? { name: kit.name, colors: kit.colors, logoText: kit.logoText ?? kit.name }
    : undefined;

  const renderImage = async (
    prompt: string,
    line: string,
    size: { width: number; height: number },
    seed: number,
    scene?: number,
  ): Promise<StoredImage> => {
    const image = await gateway.generateImage({
      ...call('content.generate-image'),
      prompt,
      headline: line,
      width: size.width,
      height: size.height,
      brand,
      seed,
    });
    calls.push(image);
    const key = mediaKey(context.orgId, assetId, 1, scene);
    await context.storage.put(key, image.png, 'image/png');
    return {
      mediaKey: key,
      width: image.width,
      height: image.height,
      contentType: 'image/png',
      bytes: image.png.length,
    };
  };

  let generated: Generated;
  const style = brief.style ? `, ${brief.style}` : '';
  if (brief.type === 'text') {
    generated = {
      title: headline,
      description: describe(brief, labels.text[brief.language], headline),
      hashtags: copy.hashtags,
      format: 'text/plain',
      content: {
        kind: 'text',
        headline,
        body: copy.body,
        callToAction: copy.callToAction,
        seo: {
          title: copy.seo.title,
          metaDescription: copy.seo.metaDescription,
          keywords: copy.seo.keywords,
        },
      },
      generation: {},
    };
  } else if (brief.type === 'image') {
    const image = await renderImage(
      `${brief.subject}${brief.description ? `: ${brief.description}` : ''}${style}`,
      headline,
      imageSizes[brief.channel],
      n,
    );
    generated = {
      title: headline,
      description: describe(brief, labels.image[brief.language], headline),
      hashtags: copy.hashtags,
      format: 'image/png',
      content: { kind: 'image', image, headline, altText: `${brief.subject}: ${headline}` },
      generation: {},
    };
  } else {
    const vertical = brief.channel === 'tiktok' || brief.channel === 'instagram';
    const frameSize = vertical ? { width: 540, height: 960 } : { width: 960, height: 540 };
    const outline = outlineStoryboard(copy, brief);
    // Frames are independent: rendered (or requested from the provider) side by side.
    const scenes = await Promise.all(
      outline.map(async (scene) => ({
        ...scene,
        frame: await renderImage(
          `${scene.visual}${style}`,
          scene.voiceOver,
          frameSize,
          n * 100 + scene.index,
          scene.index,
        ),
      })),
    );
    generated = {
      title: headline,
      description: describe(brief, labels.video[brief.language], headline),
      hashtags: copy.hashtags,
      format: 'video/storyboard+json',
      content: { kind: 'video', script: scriptOf(outline, brief.language), scenes },
      generation: {},
    };
  }

  const embedded = await embedding;
  calls.push(embedded);
  const findings = kit ? checkBrandText(joinText(generated.content), kit) : [];
  const formatFindings = formatFindingsOf(
    generated.content,
    brief.channel,
    kit?.channelLimits ?? {},
  );
  const hashtags = normaliseHashtags(generated.hashtags);
  // One statement (see insertAsset): no transaction needed.
  return insertAsset(
    context.db,
    {
      orgId: context.orgId,
      id: assetId,
      requestId: context.requestId,
      type: brief.type,
      format: generated.format,
      channel: brief.channel,
      language: brief.language,
      title: generated.title,
      description: generated.description,
      hashtags,
      searchText: searchTextOf({ ...generated, hashtags }),
      embedding: embedded.vectors[0] ?? null,
      embeddingModel: embedded.model,
      status: 'draft',
      currentVersion: 1,
      createdBy: context.userId,
    },
    {
      content: generated.content,
      brandFindings: findings,
      formatFindings,
      generation: summarise(calls),
      createdBy: context.userId,
      note: 'generated',
    },
  );
}

const maxDrafts = 3;

const copyText = (copy: MarketingCopy) =>
  [...copy.headlines, copy.body, copy.callToAction].join('\n');

/** The text of a version as one string, for the brand check. */
export function joinText(content: VersionContent): string {
  const { headline, body } = textOf(content);
  return [headline, body].filter(Boolean).join('\n');
}

export function formatFindingsOf(
  content: VersionContent,
  channel: string | null,
  limits: Readonly<Record<string, number>>,
): FormatFinding[] {
  const findings: FormatFinding[] = [];
  if (content.kind === 'text') {
    findings.push(
      ...checkTextFormat(channel, { headline: content.headline, body: content.body }, limits),
    );
  }
  if (content.kind === 'image') findings.push(...checkImageFormat(channel, content.image));
  return findings;
}
