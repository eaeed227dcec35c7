import type { Runtime } from '../../../platform/runtime.js';
import { theirsWins } from '../domain/crm-sync.js';
import {
  leadFieldsOf,
  newLeadFields,
  salesforceModifiedAt,
  soqlString,
  type SalesforceLead,
} from '../domain/salesforce-lead.js';
import {
  salesforceBatchLimit,
  type SalesforceClient,
  type SalesforceSaveResult,
} from '../infrastructure/salesforce-client.js';
import { describeEntry } from '../infrastructure/salesforce-errors.js';
import { advanceCursor, readCursor } from '../infrastructure/sync-state.repository.js';
import {
  contactsChangedAfter,
  type ChangeKey,
} from '../infrastructure/sync-contacts.repository.js';
import { exportRecordsOf } from './export-contacts.js';
import type { PushCounts } from './sync-run.js';

/** Emails per `Email IN (…)` query: keeps the query URL well under Salesforce's 16,384 characters. */
const emailsPerQuery = 50;

/** The Leads holding these emails, by lower-cased email (a person may have several Leads). */
async function leadsByEmail(
  client: SalesforceClient,
  emails: readonly string[],
): Promise<Map<string, SalesforceLead[]>> {
  const found = new Map<string, SalesforceLead[]>();
  for (let start = 0; start < emails.length; start += emailsPerQuery) {
    const list = emails
      .slice(start, start + emailsPerQuery)
      .map(soqlString)
      .join(', ');
    let page = await client.query(
      `SELECT Id, Email, LastModifiedDate FROM Lead WHERE Email IN (${list})`,
    );
    for (;;) {
      for (const lead of page.records) {
        const key = lead.Email?.toLowerCase();
        if (key) found.set(key, [...(found.get(key) ?? []), lead]);
      }
      if (!page.next) break;
      page = await client.nextPage(page.next);
    }
  }
  return found;
}

function tally(counts: PushCounts, results: readonly SalesforceSaveResult[]) {
  for (const result of results) {
    if (result.success) counts.pushed += 1;
    else {
      counts.failed += 1;
      counts.errors.push(
        `Salesforce Lead ${result.id ?? '(new)'}: ${result.errors.map(describeEntry).join('; ')}`,
      );
    }
  }
}

/**
 * Sends the contacts changed here since the stored cursor to Salesforce as Leads, 200 at a time:
 * Leads already holding the email are updated (each of them), the others created, both through
 * sObject Collections with `allOrNone: false`, so one refused record does not stop the rest. A
 * Lead changed in Salesforce after our change is left alone: the next pull brings it here.
 */
export async function pushSalesforceLeads(
  runtime: Runtime,
  orgId: string,
  client: SalesforceClient,
): Promise<PushCounts> {
  const counts: PushCounts = { pushed: 0, failed: 0, errors: [] };
  const { pushedThrough } = await readCursor(runtime.db, orgId, 'salesforce', 'leads');
  let after: ChangeKey | null = null;
  for (;;) {
    const rows = await contactsChangedAfter(
      runtime.db,
      orgId,
      pushedThrough,
      after,
      salesforceBatchLimit,
    );
    if (rows.length === 0) return counts;
    const updatedAt = new Map(rows.map((row) => [row.id, Date.parse(row.updatedAt)]));
    const contacts = (await exportRecordsOf(runtime, orgId, rows)).flatMap((contact) => {
      const fields = leadFieldsOf(contact);
      return fields ? [{ id: contact.id, email: contact.email!, fields }] : [];
    });
    const existing = await leadsByEmail(
      client,
      contacts.map((contact) => contact.email),
    );
    const creates: Record<string, string>[] = [];
    const updates: ({ id: string } & Record<string, string>)[] = [];
    for (const contact of contacts) {
      const leads = existing.get(contact.email.toLowerCase()) ?? [];
      if (leads.length === 0) creates.push(newLeadFields(contact.fields));
      for (const lead of leads)
        if (!theirsWins(salesforceModifiedAt(lead) ?? 0, updatedAt.get(contact.id) ?? 0))
          updates.push({ ...contact.fields, id: lead.Id });
    }
    if (creates.length > 0) tally(counts, await client.createLeads(creates));
    // Several Leads per email can make more than one call's worth of updates.
    for (let start = 0; start < updates.length; start += salesforceBatchLimit)
      tally(counts, await client.updateLeads(updates.slice(start, start + salesforceBatchLimit)));
    const last = rows.at(-1)!;
    after = { updatedAt: last.updatedAt, id: last.id };
    await advanceCursor(runtime.db, orgId, 'salesforce', 'leads', {
      pushedThrough: last.updatedAt,
    });
    if (rows.length < salesforceBatchLimit) return counts;
  }
}
