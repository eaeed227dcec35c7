import { AppError } from '../../../platform/errors/app-error.js';
import { zipOf, type ExportItem } from './asset-export.js';

export const exporterIds = ['zip', 'canva', 'adobe-express', 'meta-business-suite'] as const;
export type ExporterId = (typeof exporterIds)[number];

/** What an exporter hands back: a file to download, or references to what it uploaded. */
export type ExportResult =
  | { kind: 'download'; contentType: string; fileName: string; bytes: Uint8Array }
  | { kind: 'uploaded'; destination: string; references: { assetId: string; url: string }[] };

export type ExporterStatus =
  { configured: true } | { configured: false; reason: string; setup: string };

/**
 * Where approved material leaves PromptContent. Every destination implements this one interface;
 * the API lists them with their status and sends `POST /assets/export/{id}` to the chosen one.
 */
export interface ContentExporter {
  readonly id: ExporterId;
  readonly label: string;
  /** What each asset type becomes at the destination (documentation, also served by the API). */
  readonly mapping: Readonly<Record<'text' | 'image' | 'video', string>>;
  status(): ExporterStatus;
  export(items: readonly ExportItem[], context: { orgId: string }): Promise<ExportResult>;
}

/** The working implementation: a zip of the assets' files and a manifest, to download. */
export const zipExporter: ContentExporter = {
  id: 'zip',
  label: 'Zip download',
  mapping: {
    text: '<asset id>/copy.txt (headline, body, call to action) and an entry in manifest.json',
    image: '<asset id>/image.png (stored uncompressed in the zip) and an entry in manifest.json',
    video:
      '<asset id>/script.txt and scene-N.png per storyboard frame, and an entry in manifest.json',
  },
  status: () => ({ configured: true }),
  async export(items) {
    return {
      kind: 'download',
      contentType: 'application/zip',
      fileName: `promptcontent-${new Date().toISOString().slice(0, 10)}.zip`,
      bytes: zipOf(items),
    };
  },
};

/**
 * A destination whose API needs a partner integration this deployment does not have: it is
 * listed with what it would upload and why it cannot, and exporting to it answers 422 with the
 * setup needed, never a half-done upload.
 */
function notConfigured(
  definition: Pick<ContentExporter, 'id' | 'label' | 'mapping'> & { reason: string; setup: string },
): ContentExporter {
  const { reason, setup, ...rest } = definition;
  return {
    ...rest,
    status: () => ({ configured: false, reason, setup }),
    async export() {
      throw new AppError(
        'unprocessable',
        `The ${definition.label} exporter is not configured: ${reason}`,
        {
          exporter: definition.id,
          configured: false,
          setup,
        },
      );
    },
  };
}

/** Canva Connect API: assets uploaded to the user's Canva library, copy as a design's text. */
export const canvaExporter = notConfigured({
  id: 'canva',
  label: 'Canva',
  mapping: {
    text: 'a Canva design (POST /v1/designs, preset "doc") whose title is the headline; body and call to action as its text',
    image:
      'an asset upload (POST /v1/asset-uploads) of image.png named after the asset title, tagged with its hashtags',
    video: 'one asset upload per storyboard frame (scene-N.png) and the script as a doc design',
  },
  reason: 'no Canva Connect integration (client id and secret) is registered for this deployment',
  setup:
    'Register an integration in the Canva Developer Portal (scopes asset:write, design:content:write), then each organisation connects its Canva account through OAuth.',
});

/** Adobe Express (Creative Cloud Libraries API): elements in a library named after the campaign. */
export const adobeExpressExporter = notConfigured({
  id: 'adobe-express',
  label: 'Adobe Express',
  mapping: {
    text: 'a Creative Cloud Library text element (headline) and a colour-free paragraph element (body, call to action)',
    image: 'an image element of image.png in the library, with the asset description as its name',
    video: 'an image element per storyboard frame and the script as a text element',
  },
  reason:
    'no Adobe Developer Console project (client id, OAuth server-to-server credential) is configured',
  setup:
    'Create an Adobe Developer Console project with the Creative Cloud Libraries API, then each organisation authorises its Adobe account.',
});

/** Meta Business Suite (Marketing API): ad images and creatives in the ad account. */
export const metaBusinessSuiteExporter = notConfigured({
  id: 'meta-business-suite',
  label: 'Meta Business Suite',
  mapping: {
    text: 'an ad creative (POST /act_<id>/adcreatives) with the headline as title, body as message, call to action type',
    image:
      'an ad image (POST /act_<id>/adimages) whose hash an ad creative then uses with the copy',
    video:
      'not uploaded: Meta needs an encoded video (MP4); frames go as ad images, the script as creative text',
  },
  reason:
    'no Meta app (app id, system-user token with ads_management) is connected to an ad account',
  setup:
    'Create a Meta app with the Marketing API, pass App Review for ads_management, and connect the organisation’s ad account (PromptAds’ Meta channel).',
});

export const contentExporters: readonly ContentExporter[] = [
  zipExporter,
  canvaExporter,
  adobeExpressExporter,
  metaBusinessSuiteExporter,
];

export function exporterById(id: ExporterId): ContentExporter {
  return contentExporters.find((exporter) => exporter.id === id)!;
}
