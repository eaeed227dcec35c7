import { formatMoney } from '../../../platform/i18n/locale.js';
import type { ContentRequestStatus } from '../../content/index.js';
import type { ProposedAdSet } from '../domain/proposal.js';
import type { CampaignRequestRow } from '../infrastructure/campaign-requests.repository.js';

/** Below this daily budget (minor units) an ad set rarely leaves a channel's learning phase. */
const thinDailyBudgetMinor = 500;

/** Plain-language suggestions a reviewer should weigh before approving. */
export function suggestionsFor(
  row: CampaignRequestRow,
  adSets: ProposedAdSet[],
  content: Map<string, ContentRequestStatus>,
): string[] {
  const suggestions: string[] = [];
  const thin = adSets.filter((s) => s.dailyBudgetMinor < thinDailyBudgetMinor);
  if (thin.length > 0)
    suggestions.push(
      `${thin.length} ad set(s) get less than ${formatMoney(thinDailyBudgetMinor, row.currency, 'en')} a day; consider fewer channels or audiences so each can learn.`,
    );
  if (
    row.objective === 'leads' &&
    !row.channels.some((c) => c === 'google_ads' || c === 'linkedin')
  )
    suggestions.push('Lead campaigns usually convert best on search (google_ads) or LinkedIn.');
  if (
    row.objective === 'awareness' &&
    !row.channels.some((c) => c === 'tiktok' || c === 'instagram')
  )
    suggestions.push('Awareness reaches most people per unit of spend on TikTok and Instagram.');
  const wide = row.audiences.filter((a) => a.countries.length > 3);
  if (wide.length > 0)
    suggestions.push(
      `Split audience(s) ${wide.map((a) => `"${a.name}"`).join(', ')} by country: markets differ in cost and language.`,
    );
  if (row.messages.length < 2)
    suggestions.push('Add a second message so the A/B variants test two ideas, not two wordings.');
  const unfinished = [...content.values()].filter((c) => c.status !== 'completed');
  if (unfinished.length > 0 || content.size < row.contentRequestIds.length)
    suggestions.push(
      'Some banners were not ready when the proposal was made; variants without an asset run as text until one is attached.',
    );
  return suggestions;
}
