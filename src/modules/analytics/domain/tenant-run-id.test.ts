import { describe, expect, it } from 'vitest';
import { tenantRunId } from './tenant-run-id.js';

const run = '01a24f36-60c8-7bbf-9ed6-64f4101ed612';

describe('tenantRunId', () => {
  it('is a stable UUIDv8 of its own per organisation', () => {
    const a = tenantRunId('0193a1b2-0000-7000-8000-000000000001', run);
    const b = tenantRunId('0193a1b2-0000-7000-8000-000000000002', run);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toBe(tenantRunId('0193a1b2-0000-7000-8000-000000000001', run));
    expect(a).not.toBe(b);
    expect(a).not.toBe(run);
  });
});
