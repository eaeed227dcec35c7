import { sql } from 'drizzle-orm';
import { createApplication } from './src/app/application.js';
import { allModules } from './src/app/modules.js';
import { loadConfig } from './src/platform/config/config.js';
import { createLogger } from './src/platform/logging/logger.js';
import { seedAdsBenchDemo } from './bench/ads-scenarios.js';
import { seedAnalyticsEvents } from './bench/analytics-scale-module.js';
import { runEtl } from './src/modules/analytics/index.js';

const config = loadConfig({ ...process.env, SEED_DEMO_DATA: 'false', SECRET_KEY: 'a'.repeat(64), LOG_LEVEL: 'warn' });
const app = await createApplication({ config, modules: allModules, logger: createLogger('warn'), migrate: true });
const t = Date.now();
if (process.env.SEED === '1') {
  await seedAdsBenchDemo(app.runtime, 100);
  await seedAnalyticsEvents(app.runtime, Number(process.env.EVENTS ?? 300000));
  console.log('seeded', Date.now() - t);
  let s = Date.now();
  await runEtl(app.runtime, { trigger: 'manual' });
  console.log('first etl', Date.now() - s);
}
const [c] = await app.runtime.database.query(sql`with u as (update ads.performance_daily set clicks = clicks + 1, updated_at = now() where day >= current_date - 2 returning 1) select count(*) from u`);
console.log('changed', c);
const s = Date.now();
const r = await runEtl(app.runtime, { trigger: 'manual' });
console.log('delta etl', Date.now() - s, JSON.stringify(r?.sources));
await app.close();
