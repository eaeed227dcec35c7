import { bodyLimits, headlineLimits, type CopyChannel } from '../../ai/index.js';

export interface FormatFinding {
  kind: 'text_too_long' | 'aspect_ratio' | 'unknown_channel';
  field?: string;
  message: string;
  limit?: number;
  actual?: number | string;
}

/** Aspect ratios (width / height) each channel's feed accepts; absent = any. */
export const channelAspectRatios: Partial<
  Record<CopyChannel, readonly { label: string; ratio: number }[]>
> = {
  instagram: [
    { label: '1:1', ratio: 1 },
    { label: '4:5', ratio: 4 / 5 },
    { label: '1.91:1', ratio: 1.91 },
    { label: '9:16', ratio: 9 / 16 },
  ],
  facebook: [
    { label: '1.91:1', ratio: 1.91 },
    { label: '1:1', ratio: 1 },
    { label: '4:5', ratio: 4 / 5 },
  ],
  linkedin: [
    { label: '1.91:1', ratio: 1.91 },
    { label: '1:1', ratio: 1 },
  ],
  x: [
    { label: '16:9', ratio: 16 / 9 },
    { label: '1:1', ratio: 1 },
  ],
  tiktok: [{ label: '9:16', ratio: 9 / 16 }],
  google_ads: [
    { label: '1.91:1', ratio: 1.91 },
    { label: '1:1', ratio: 1 },
  ],
};

/** Relative tolerance on aspect ratios (1200×628 is 1.911:1, 1080×1350 is exactly 4:5). */
const ratioTolerance = 0.02;

export interface TextParts {
  headline?: string;
  body?: string;
}

/**
 * Character limits per channel: the platform defaults, or the brand kit's own (`limits[channel]`
 * caps the body). Counts code points, as the networks do.
 */
export function checkTextFormat(
  channel: string | null | undefined,
  parts: TextParts,
  limits: Readonly<Record<string, number>> = {},
): FormatFinding[] {
  if (!channel) return [];
  if (!(channel in bodyLimits)) {
    return [
      { kind: 'unknown_channel', message: `No format rules are known for channel ${channel}` },
    ];
  }
  const known = channel as CopyChannel;
  const findings: FormatFinding[] = [];
  const bodyLimit = Math.min(limits[channel] ?? Infinity, bodyLimits[known]);
  const check = (field: string, value: string | undefined, limit: number) => {
    if (value === undefined) return;
    const length = [...value].length;
    if (length > limit) {
      findings.push({
        kind: 'text_too_long',
        field,
        limit,
        actual: length,
        message: `The ${field} has ${length} characters; ${channel} allows ${limit}`,
      });
    }
  };
  check('headline', parts.headline, headlineLimits[known]);
  check('body', parts.body, bodyLimit);
  return findings;
}

/** Whether an image's proportions suit the channel. */
export function checkImageFormat(
  channel: string | null | undefined,
  size: { width: number; height: number },
): FormatFinding[] {
  if (!channel) return [];
  const accepted = channelAspectRatios[channel as CopyChannel];
  if (!accepted) return [];
  const ratio = size.width / size.height;
  const fits = accepted.some((option) => Math.abs(ratio / option.ratio - 1) <= ratioTolerance);
  if (fits) return [];
  return [
    {
      kind: 'aspect_ratio',
      field: 'image',
      actual: `${size.width}x${size.height}`,
      message: `${size.width}×${size.height} (${ratio.toFixed(2)}:1) does not suit ${channel}, which takes ${accepted.map((o) => o.label).join(', ')}`,
    },
  ];
}
