import { useResource } from '../api/use-resource';
import { Card, ErrorNotice, Loading } from '../components/ui';

interface Readiness {
  status: 'ready' | 'degraded' | 'unavailable';
  checks: { database: string; cache: string };
}

interface Organization {
  id: string;
  name: string;
  slug: string;
}

export function OverviewPage() {
  const organization = useResource<Organization>('/api/v1/organization');
  const readiness = useResource<Readiness>('/readyz');
  return (
    <div className="grid">
      <Card title="Organisation">
        {organization.loading ? <Loading /> : null}
        <ErrorNotice error={organization.error} />
        {organization.data ? (
          <dl className="facts">
            <dt>Name</dt>
            <dd data-testid="organization-name">{organization.data.name}</dd>
            <dt>Slug</dt>
            <dd>{organization.data.slug}</dd>
          </dl>
        ) : null}
      </Card>
      <Card title="Platform">
        {readiness.data ? (
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={`badge badge-${readiness.data.status}`}>
                {readiness.data.status}
              </span>
            </dd>
            <dt>Database</dt>
            <dd>{readiness.data.checks.database}</dd>
            <dt>Cache</dt>
            <dd>{readiness.data.checks.cache}</dd>
          </dl>
        ) : (
          <Loading />
        )}
        <p>
          <a href="/api/docs" target="_blank" rel="noreferrer">
            API reference
          </a>{' '}
          · <a href="https://modelcontextprotocol.io">MCP endpoint</a>: <code>/mcp</code>
        </p>
      </Card>
    </div>
  );
}
