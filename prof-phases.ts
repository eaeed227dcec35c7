import { sql } from 'drizzle-orm';
import { createApplication } from './src/app/application.js';
import { allModules } from './src/app/modules.js';
import { loadConfig } from './src/platform/config/config.js';
import { createLogger } from './src/platform/logging/logger.js';
import { etlSources } from './src/modules/analytics/application/etl-sources.js';
import { etlBatches } from './src/modules/analytics/domain/etl-batches.js';
import { mergeFactRows } from './src/modules/analytics/domain/fact-row.js';
import { replaceSourceFacts } from './src/modules/analytics/infrastructure/facts.repository.js';

const config = loadConfig({ ...process.env, SEED_DEMO_DATA: 'false', SECRET_KEY: 'a'.repeat(64), LOG_LEVEL: 'warn' });
const app = await createApplication({ config, modules: allModules, logger: createLogger('warn'), migrate: true });
const rt = app.runtime;
await rt.database.query(sql`update ads.performance_daily set clicks = clicks + 1, updated_at = now() where day >= current_date - 2`);
for (const src of etlSources(rt)) {
let t = Date.now();
const since = new Date(Date.now() - 60 * 60_000).toISOString();
const changed = await src.changed(since, new Date(Date.now() + 1000).toISOString());
console.log(src.name, 'changed', changed.length, Date.now() - t);
for (const batch of etlBatches(changed, 500, 20_000)) {
  t = Date.now();
  const facts = await src.facts(batch);
  const t1 = Date.now();
  const rows = mergeFactRows(facts);
  const t2 = Date.now();
  const r = await replaceSourceFacts(rt.db, src.measures, batch, rows);
  console.log('batch', batch.length, 'facts', facts.length, t1 - t, 'merge', t2 - t1, 'replace', Date.now() - t2, [...r.writtenByOrg.values()]);
}
}
await app.close();
