import { describe, expect, it } from 'vitest';
import { renderInvoiceDocument, type InvoiceDocumentInput } from './invoice-document.js';

const invoice: InvoiceDocumentInput = {
  id: '0190f0a0-0000-7000-8000-000000000001',
  status: 'paid',
  currency: 'EUR',
  lines: [
    { description: 'Unused time on <Starter>', amount: -8_200, kind: 'proration' },
    { description: 'Remaining time on Growth', amount: 27_700, kind: 'proration' },
  ],
  totalMinor: 19_500,
  periodStart: '2026-12-07T00:00:00.000Z',
  periodEnd: '2027-01-07T00:00:00.000Z',
  issuedAt: '2026-12-07T10:00:00.000Z',
  paidAt: '2026-12-07T10:00:00.000Z',
  hostedInvoiceUrl: null,
  invoicePdfUrl: null,
};

describe('the invoice document', () => {
  it('writes money and labels in the reader’s locale, and marks proration lines', () => {
    const es = renderInvoiceDocument(invoice, 'es');
    expect(es).toContain('Factura');
    expect(es).toContain('195,00\u00a0€');
    expect(es).toContain('(prorrateo)');
    const en = renderInvoiceDocument(invoice, 'en');
    expect(en).toContain('€195.00');
    expect(en).toContain('-€82.00');
    expect(en).toContain('Paid');
  });

  it('escapes what it prints, and links Stripe’s pages only when there are some', () => {
    const html = renderInvoiceDocument(invoice, 'en');
    expect(html).toContain('Unused time on &lt;Starter&gt;');
    expect(html).not.toContain('View on Stripe');
    const linked = renderInvoiceDocument(
      {
        ...invoice,
        hostedInvoiceUrl: 'https://invoice.stripe.com/i/x?a=1&b=2',
        invoicePdfUrl: 'https://pay.stripe.com/invoice/x/pdf',
      },
      'en',
    );
    expect(linked).toContain('href="https://invoice.stripe.com/i/x?a=1&amp;b=2"');
    expect(linked).toContain('Download PDF');
  });
});
