import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

async function manifests(file: string): Promise<Manifest[]> {
  const text = await readFile(new URL(`../deploy/kubernetes/${file}`, import.meta.url), 'utf8');
  return parseAllDocuments(text).map((document) => document.toJSON() as Manifest);
}

async function resources(kustomization: string): Promise<string[]> {
  return ((await manifests(kustomization))[0] as unknown as { resources: string[] }).resources;
}

/** What the manifests promise operators: TLS 1.3 at the ingress, a daily backup kept 30 days. */
describe('Kubernetes manifests', () => {
  it('terminates TLS 1.3 only at the production ingress', async () => {
    expect(await resources('overlays/production/kustomization.yaml')).toContain('ingress.yaml');
    const [ingress, option] = await manifests('overlays/production/ingress.yaml');
    expect(ingress?.kind).toBe('Ingress');
    expect(option).toMatchObject({ kind: 'TLSOption', spec: { minVersion: 'VersionTLS13' } });
    // Traefik's reference to a TLSOption: <namespace>-<name>@kubernetescrd.
    expect(
      ingress?.metadata.annotations?.['traefik.ingress.kubernetes.io/router.tls.options'],
    ).toBe(`promptsales-${option?.metadata.name}@kubernetescrd`);
    expect(ingress?.spec.tls).toEqual([
      { hosts: ['app.promptsales.example'], secretName: 'promptsales-tls' },
    ]);
  });

  it('backs the database up daily with 30 days of retention', async () => {
    expect(await resources('base/kustomization.yaml')).toContain('backup-cronjob.yaml');
    const [cronJob] = await manifests('base/backup-cronjob.yaml');
    expect(cronJob).toMatchObject({
      kind: 'CronJob',
      spec: { timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' },
    });
    expect(cronJob?.spec.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    const container = (
      cronJob?.spec as {
        jobTemplate: {
          spec: { template: { spec: { containers: { args: string[]; env: unknown[] }[] } } };
        };
      }
    ).jobTemplate.spec.template.spec.containers[0];
    expect(container?.args).toEqual(['backup']);
    expect(container?.env).toContainEqual({ name: 'BACKUP_RETENTION_DAYS', value: '30' });
  });
});
