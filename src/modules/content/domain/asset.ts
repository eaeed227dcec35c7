/** What one version of an asset holds, by asset type. Media bytes live in MediaStorage by key. */
export interface StoredImage {
  mediaKey: string;
  width: number;
  height: number;
  contentType: 'image/png';
  bytes: number;
}

export interface TextContent {
  kind: 'text';
  headline: string;
  body: string;
  callToAction?: string;
  /** SEO / AI-answer material when the generator wrote it. */
  seo?: { title: string; metaDescription: string; keywords: string[] };
}

export interface ImageContent {
  kind: 'image';
  image: StoredImage;
  headline?: string;
  altText: string;
}

export interface StoryboardScene {
  index: number;
  /** What the viewer sees. */
  visual: string;
  /** Voice-over or on-screen text. */
  voiceOver: string;
  durationSeconds: number;
  frame: StoredImage;
}

export interface VideoContent {
  kind: 'video';
  script: string;
  scenes: StoryboardScene[];
}

export type VersionContent = TextContent | ImageContent | VideoContent;

/** The text a brand and format check reads from a version. */
export function textOf(content: VersionContent): { headline?: string; body: string } {
  switch (content.kind) {
    case 'text':
      return {
        headline: content.headline,
        body: [content.body, content.callToAction].filter(Boolean).join('\n'),
      };
    case 'image':
      return { headline: content.headline, body: content.headline ?? '' };
    case 'video':
      return { body: content.script };
  }
}

/** The media of a version: the image, or a storyboard frame (scenes count from 1). */
export function mediaOf(content: VersionContent, scene?: number): StoredImage | undefined {
  if (content.kind === 'image') return scene === undefined ? content.image : undefined;
  if (content.kind === 'video') {
    return content.scenes.find((s) => s.index === (scene ?? 1))?.frame;
  }
  return undefined;
}
