import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { canonicalLocale, defaultLocale } from '../../../platform/i18n/locale.js';
import type { Runtime } from '../../../platform/runtime.js';
import { renderInvoiceDocument } from '../domain/invoice-document.js';
import type { InvoiceLine, InvoiceStatus } from '../domain/invoice.js';
import { findInvoice, listInvoices } from '../infrastructure/subscriptions.repository.js';
import { invoiceSchema, toInvoice } from './billing-schemas.js';

const invoiceParams = z.object({ id: z.uuid() });

/** The reader's locale: asked for, else the browser's first choice, else English. */
function readerLocale(asked: string | undefined, acceptLanguage: string | undefined): string {
  const candidates = [
    asked,
    ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]),
  ];
  for (const candidate of candidates) {
    const locale = candidate ? canonicalLocale(candidate.trim()) : null;
    if (locale) return locale;
  }
  return defaultLocale;
}

/** Invoices of the organisation: the list, one with its lines, and a printable document. */
export const invoicesRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const load = async (orgId: string, id: string) => {
    const row = await findInvoice(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Invoice', id);
    return row;
  };

  app.get(
    '/billing/invoices',
    {
      preHandler: requirePermission('billing:read'),
      schema: {
        tags: ['billing'],
        summary:
          'Invoices of the organisation, newest first, with their lines (proration included)',
        querystring: paginationQuery.extend({
          status: z.enum(['paid', 'open', 'void']).optional(),
        }),
        response: { 200: listOf(invoiceSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listInvoices(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              status,
              limit: page.limit,
            }),
          item: toInvoice,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/billing/invoices/:id',
    {
      preHandler: requirePermission('billing:read'),
      schema: {
        tags: ['billing'],
        summary: 'One invoice with its lines, and links to Stripe’s hosted page and PDF',
        params: invoiceParams,
        response: { 200: invoiceSchema },
      },
    },
    async (request) => toInvoice(await load(tenantOf(request), request.params.id)),
  );

  app.get(
    '/billing/invoices/:id/document',
    {
      preHandler: requirePermission('billing:read'),
      schema: {
        tags: ['billing'],
        summary: 'The invoice as a printable HTML document (text/html)',
        description:
          'Lines (proration marked), total, status and period, with money and dates written for the reader: the `locale` asked for (en, es, es-MX, …), else the first of `Accept-Language`, else English. Print it or save it as PDF from the browser; Stripe invoices also link Stripe’s hosted page and PDF.',
        params: invoiceParams,
        querystring: z.object({ locale: z.string().max(35).optional() }),
      },
    },
    async (request, reply) => {
      const row = await load(tenantOf(request), request.params.id);
      const html = renderInvoiceDocument(
        {
          id: row.id,
          status: row.status as InvoiceStatus,
          currency: row.currency,
          lines: row.lines as InvoiceLine[],
          totalMinor: row.totalMinor,
          periodStart: row.periodStart,
          periodEnd: row.periodEnd,
          issuedAt: row.createdAt,
          paidAt: row.paidAt,
          hostedInvoiceUrl: row.hostedInvoiceUrl,
          invoicePdfUrl: row.invoicePdfUrl,
        },
        readerLocale(request.query.locale, request.headers['accept-language']),
      );
      return (
        reply
          .header('cache-control', 'private, no-store')
          // A page, unlike the API's other answers: its own inline styles may apply.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .header('content-disposition', `inline; filename="invoice-${row.id}.html"`)
          .type('text/html; charset=utf-8')
          .send(html)
      );
    },
  );
};
