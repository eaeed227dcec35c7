import {
  formatDay,
  formatMoney,
  languageOf,
  type Language,
} from '../../../platform/i18n/locale.js';
import type { InvoiceLine, InvoiceStatus } from './invoice.js';

export interface InvoiceDocumentInput {
  id: string;
  status: InvoiceStatus;
  currency: string;
  lines: readonly InvoiceLine[];
  totalMinor: number;
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  paidAt: string | null;
  /** The gateway's own pages, linked when it has them (Stripe). */
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
}

const labels: Record<Language, Record<string, string>> = {
  en: {
    title: 'Invoice',
    issued: 'Issued',
    period: 'Period',
    description: 'Description',
    amount: 'Amount',
    proration: 'proration',
    total: 'Total',
    paid: 'Paid',
    open: 'Open',
    void: 'Void',
    paidOn: 'Paid on',
    hosted: 'View on Stripe',
    pdf: 'Download PDF',
    print: 'Print',
  },
  es: {
    title: 'Factura',
    issued: 'Emitida',
    period: 'Periodo',
    description: 'Concepto',
    amount: 'Importe',
    proration: 'prorrateo',
    total: 'Total',
    paid: 'Pagada',
    open: 'Pendiente',
    void: 'Anulada',
    paidOn: 'Pagada el',
    hosted: 'Ver en Stripe',
    pdf: 'Descargar PDF',
    print: 'Imprimir',
  },
};

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const dayOf = (instant: string) => new Date(instant).toISOString().slice(0, 10);

/**
 * An invoice as a printable HTML page, in the reader's language with money and dates as the
 * locale writes them: lines (proration marked), total, status, and Stripe's pages where given.
 * Self-contained (inline style, no script), so it prints or saves as PDF from any browser.
 */
export function renderInvoiceDocument(invoice: InvoiceDocumentInput, locale: string): string {
  const t = labels[languageOf(locale)];
  const money = (minor: number) => escapeHtml(formatMoney(minor, invoice.currency, locale));
  const day = (instant: string) => escapeHtml(formatDay(dayOf(instant), locale));
  const rows = invoice.lines
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.description)}${
          line.kind === 'proration' ? ` <small>(${t.proration})</small>` : ''
        }</td><td class="amount">${money(line.amount)}</td></tr>`,
    )
    .join('\n');
  const links = [
    invoice.hostedInvoiceUrl
      ? `<a href="${escapeHtml(invoice.hostedInvoiceUrl)}" rel="noopener">${t.hosted}</a>`
      : '',
    invoice.invoicePdfUrl
      ? `<a href="${escapeHtml(invoice.invoicePdfUrl)}" rel="noopener">${t.pdf}</a>`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<title>${t.title} ${escapeHtml(invoice.id)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#111}
table{width:100%;border-collapse:collapse}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}
.amount{text-align:right;white-space:nowrap}tfoot td{font-weight:bold}
@media print{.links{display:none}}
</style>
</head>
<body>
<h1>PromptSales — ${t.title}</h1>
<p>${t.title}: ${escapeHtml(invoice.id)}<br>
${t.issued}: ${day(invoice.issuedAt)}<br>
${t.period}: ${day(invoice.periodStart)} – ${day(invoice.periodEnd)}<br>
<strong>${t[invoice.status]}</strong>${invoice.paidAt ? ` (${t.paidOn} ${day(invoice.paidAt)})` : ''}</p>
<table>
<thead><tr><th>${t.description}</th><th class="amount">${t.amount}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td>${t.total}</td><td class="amount">${money(invoice.totalMinor)}</td></tr></tfoot>
</table>
${links ? `<p class="links">${links}</p>` : ''}
</body>
</html>
`;
}
