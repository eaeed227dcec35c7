import pg from 'pg';

/**
 * A database of its own, for a test file or a benchmark run, on the server DATABASE_URL points
 * at: it never touches real data and always starts from the same empty, migrated state.
 */
export async function createScratchDatabase(baseUrl: string, name: string): Promise<string> {
  await withAdmin(baseUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropScratchDatabase(baseUrl: string, name: string): Promise<void> {
  await withAdmin(baseUrl, (client) =>
    client.query(`drop database if exists ${name} with (force)`),
  );
}

async function withAdmin<T>(baseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
