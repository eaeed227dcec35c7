import { planFeature } from '../../billing/index.js';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import type { Runtime } from '../../../platform/runtime.js';
import { currentVersion } from '../application/asset-workflow.js';
import { maxUploadBytes, uploadAsset } from '../application/upload-asset.js';
import { contentChannels, contentLanguages } from '../domain/content-brief.js';
import { assetOut, assetSchema } from './asset-resource.js';

const fields = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000),
  hashtags: z.string().max(2000).default('').describe('Comma- or space-separated: "#lago, verano"'),
  channel: z.enum(contentChannels).optional(),
  language: z.enum(contentLanguages).optional(),
  licence: z.string().trim().max(200).optional(),
  rights_expires_at: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Multipart upload of an image to the media library (the file and form fields in one request).
 * Its own plugin so that the multipart parser applies to this route only.
 */
export const assetUploadRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'media_library');
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 1, fields: 20, fieldSize: 4096 },
  });

  app.post(
    '/assets/upload',
    {
      preHandler: requirePermission('content:write'),
      config: { idempotent: true },
      schema: {
        tags: ['content'],
        summary: 'Upload a PNG to the library (multipart/form-data)',
        description:
          'Parts: `file` (a PNG, at most 5 MB) and the fields title, description, hashtags, channel, language, licence, rights_expires_at.',
        consumes: ['multipart/form-data'],
        response: { 201: assetSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError('unsupported_media_type', 'Send the upload as multipart/form-data');
      }
      const auth = authOf(request);
      const values: Record<string, string> = {};
      let image: Buffer | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            // toBuffer() throws once the file passes the fileSize limit.
            image = await part.toBuffer();
          } else if (typeof part.value === 'string') {
            values[part.fieldname] = part.value;
          }
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('payload_too_large', 'Images may be at most 5 MB');
        }
        throw error;
      }
      if (!image) {
        throw AppError.validation('The upload has no file', [
          { field: 'file', message: 'is required' },
        ]);
      }
      const parsed = fields.safeParse(values);
      if (!parsed.success) {
        throw AppError.validation(
          'Some fields are invalid',
          parsed.error.issues.map((issue) => ({
            field: issue.path.join('.') || 'body',
            message: issue.message,
          })),
        );
      }
      const form = parsed.data;
      const row = await uploadAsset(runtime, {
        orgId: auth.orgId,
        actor: auth.userId ?? auth.principalId,
        type: 'image',
        title: form.title,
        description: form.description,
        hashtags: form.hashtags.split(/[\s,]+/).filter(Boolean),
        channel: form.channel,
        language: form.language,
        licence: form.licence,
        rightsExpiresAt: form.rights_expires_at,
        image,
      });
      const version = await currentVersion(runtime.db, row);
      return reply.status(201).send(assetOut(row, { version }));
    },
  );
};
