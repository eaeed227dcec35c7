/** One line of an invoice: a period of a plan, extra seats, or a proration credit or charge. */
export interface InvoiceLine {
  description: string;
  /** Minor units; negative for a credit. */
  amount: number;
  kind: 'subscription' | 'proration';
}

export const invoiceStatuses = ['paid', 'open', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export function totalOf(lines: readonly InvoiceLine[]): number {
  return lines.reduce((sum, line) => sum + line.amount, 0);
}
