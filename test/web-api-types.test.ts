import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, apiTypesSource } from '../scripts/api-types.js';

describe('web app API types', () => {
  it('match the server OpenAPI document (run `npm run api:types` after changing a route schema)', async () => {
    const committed = await readFile(apiTypesFile, 'utf8');
    expect(await apiTypesSource()).toBe(committed);
  });
});
