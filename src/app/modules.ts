import { adsModule } from '../modules/ads/index.js';
import { analyticsModule } from '../modules/analytics/index.js';
import { aiModule } from '../modules/ai/index.js';
import { billingModule } from '../modules/billing/index.js';
import { contentModule } from '../modules/content/index.js';
import { crmModule } from '../modules/crm/index.js';
import { identityModule } from '../modules/identity/index.js';
import { mcpModule } from '../modules/mcp/index.js';
import { portalModule } from '../modules/portal/index.js';
import type { ModuleDefinition } from '../platform/module.js';

/** Every module of the monolith, in registration order. `serve --modules` picks a subset. */
export const allModules: readonly ModuleDefinition[] = [
  identityModule,
  billingModule,
  aiModule,
  contentModule,
  adsModule,
  crmModule,
  portalModule,
  analyticsModule,
  mcpModule,
];

export function selectModules(names: readonly string[] | undefined): readonly ModuleDefinition[] {
  if (!names || names.length === 0) return allModules;
  const unknown = names.filter((name) => !allModules.some((module) => module.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown module(s): ${unknown.join(', ')}. Known: ${allModules.map((m) => m.name).join(', ')}`,
    );
  }
  return allModules.filter((module) => names.includes(module.name));
}
