import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
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
  const { t } = useTranslation();
  const organization = useApiQuery<Organization>('/api/v1/organization');
  const readiness = useApiQuery<Readiness>('/readyz');
  return (
    <div className="grid">
      <Card title={t('overview.organization')}>
        {organization.isLoading ? <Loading /> : null}
        <ErrorNotice error={organization.error} />
        {organization.data ? (
          <dl className="facts">
            <dt>{t('overview.name')}</dt>
            <dd data-testid="organization-name">{organization.data.name}</dd>
            <dt>{t('overview.slug')}</dt>
            <dd>{organization.data.slug}</dd>
          </dl>
        ) : null}
      </Card>
      <Card title={t('overview.platform')}>
        {readiness.data ? (
          <dl className="facts">
            <dt>{t('overview.status')}</dt>
            <dd>
              <span className={`badge badge-${readiness.data.status}`}>
                {readiness.data.status}
              </span>
            </dd>
            <dt>{t('overview.database')}</dt>
            <dd>{readiness.data.checks.database}</dd>
            <dt>{t('overview.cache')}</dt>
            <dd>{readiness.data.checks.cache}</dd>
          </dl>
        ) : (
          <Loading />
        )}
        <p>
          <a href="/api/docs" target="_blank" rel="noreferrer">
            {t('overview.apiReference')}
          </a>{' '}
          · {t('overview.mcpEndpoint')}: <code>/mcp</code>
        </p>
      </Card>
    </div>
  );
}
