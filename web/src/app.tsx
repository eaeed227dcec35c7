import { useEffect, useState, type ReactNode } from 'react';
import { loadSession, signOut } from './api/client';
import { usePermissions } from './components/permissions';
import { AdsCampaignPage } from './pages/ads-campaign-page';
import { AdsCampaignsPage } from './pages/ads-campaigns-page';
import { AdsPerformancePage } from './pages/ads-performance-page';
import { AdsSentimentPage } from './pages/ads-sentiment-page';
import { ApiClientsPage } from './pages/api-clients-page';
import { AgendaPage } from './pages/agenda-page';
import { AuditPage } from './pages/audit-page';
import { CampaignRequestPage } from './pages/campaign-request-page';
import { CampaignRequestsPage } from './pages/campaign-requests-page';
import { ContentAssetPage } from './pages/content-asset-page';
import { ContentBrandKitsPage } from './pages/content-brand-kits-page';
import { ContentLibraryPage } from './pages/content-library-page';
import { ContentRequestsPage } from './pages/content-requests-page';
import { CrmLeadPage } from './pages/crm-lead-page';
import { CrmLeadsPage } from './pages/crm-leads-page';
import { CrmPipelinePage } from './pages/crm-pipeline-page';
import { OverviewPage } from './pages/overview-page';
import { SignInPage } from './pages/sign-in-page';
import { StrategiesPage } from './pages/strategies-page';
import { TeamPage } from './pages/team-page';

/**
 * A screen at `#/<name>[/<param>]`. `section` groups the sidebar; `hidden` pages (details) are
 * reached by links and light up their `parent`; `permission` hides the link from roles without it.
 */
interface PageDefinition {
  title: string;
  render: (param?: string) => ReactNode;
  section?: string;
  hidden?: boolean;
  parent?: string;
  permission?: string;
}

const pages = {
  overview: { title: 'Overview', render: () => <OverviewPage /> },
  team: { title: 'Team', render: () => <TeamPage /> },
  'api-clients': { title: 'API clients', render: () => <ApiClientsPage /> },
  audit: { title: 'Audit log', render: () => <AuditPage /> },
  strategies: {
    title: 'Strategies',
    section: 'PromptSales',
    permission: 'campaigns:read',
    render: () => <StrategiesPage />,
  },
  'campaign-requests': {
    title: 'Campaign requests',
    section: 'PromptSales',
    permission: 'campaigns:read',
    render: () => <CampaignRequestsPage />,
  },
  'campaign-request': {
    title: 'Campaign request',
    section: 'PromptSales',
    hidden: true,
    parent: 'campaign-requests',
    render: (param) => <CampaignRequestPage key={param ?? ''} param={param} />,
  },
  agenda: {
    title: 'Agenda',
    section: 'PromptSales',
    permission: 'campaigns:read',
    render: () => <AgendaPage />,
  },
  'content-requests': {
    title: 'Content requests',
    section: 'PromptContent',
    permission: 'content:read',
    render: (param) => <ContentRequestsPage param={param} />,
  },
  'content-library': {
    title: 'Media library',
    section: 'PromptContent',
    permission: 'content:read',
    render: () => <ContentLibraryPage />,
  },
  'content-asset': {
    title: 'Asset',
    section: 'PromptContent',
    hidden: true,
    parent: 'content-library',
    render: (param) => <ContentAssetPage param={param} />,
  },
  'content-brand-kits': {
    title: 'Brand kits',
    section: 'PromptContent',
    permission: 'content:read',
    render: () => <ContentBrandKitsPage />,
  },
  'ads-campaigns': {
    title: 'Campaigns',
    section: 'PromptAds',
    permission: 'ads:read',
    render: () => <AdsCampaignsPage />,
  },
  'ads-campaign': {
    title: 'Campaign',
    section: 'PromptAds',
    hidden: true,
    parent: 'ads-campaigns',
    render: (param) => <AdsCampaignPage param={param} />,
  },
  'ads-performance': {
    title: 'Performance',
    section: 'PromptAds',
    permission: 'ads:read',
    render: (param) => <AdsPerformancePage key={param ?? ''} param={param} />,
  },
  'ads-sentiment': {
    title: 'Sentiment',
    section: 'PromptAds',
    permission: 'ads:read',
    render: () => <AdsSentimentPage />,
  },
  'crm-leads': {
    title: 'Leads',
    section: 'PromptCRM',
    permission: 'crm:read',
    render: () => <CrmLeadsPage />,
  },
  'crm-lead': {
    title: 'Lead',
    section: 'PromptCRM',
    hidden: true,
    parent: 'crm-leads',
    render: (param) => <CrmLeadPage param={param} />,
  },
  'crm-pipeline': {
    title: 'Pipeline',
    section: 'PromptCRM',
    permission: 'crm:read',
    render: () => <CrmPipelinePage />,
  },
} satisfies Record<string, PageDefinition>;

type PageName = keyof typeof pages;

const definitionOf = (name: PageName): PageDefinition => pages[name];

function pageFromHash(): PageName {
  const name = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return name in pages ? (name as PageName) : 'overview';
}

/** The part after the page name (`#/content-asset/<id>` → the id). */
function paramFromHash(): string | undefined {
  const rest = window.location.hash.replace(/^#\/?/, '').split('/').slice(1).join('/');
  return rest ? decodeURIComponent(rest) : undefined;
}

export function App() {
  const [signedIn, setSignedIn] = useState(() => loadSession() !== null);
  const [page, setPage] = useState<PageName>(pageFromHash);
  const [param, setParam] = useState(paramFromHash);
  const permissions = usePermissions();

  useEffect(() => {
    const onHash = () => {
      setPage(pageFromHash());
      setParam(paramFromHash());
    };
    const onSignedOut = () => setSignedIn(false);
    window.addEventListener('hashchange', onHash);
    window.addEventListener('promptsales:signed-out', onSignedOut);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('promptsales:signed-out', onSignedOut);
    };
  }, []);

  if (!signedIn) return <SignInPage onSignedIn={() => setSignedIn(true)} />;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <span className="brand">PromptSales</span>
        {(Object.keys(pages) as PageName[]).map((name, index, names) => {
          const definition = definitionOf(name);
          if (definition.hidden) return null;
          if (definition.permission && permissions.ready && !permissions.can(definition.permission))
            return null;
          const previous = index > 0 ? definitionOf(names[index - 1] as PageName) : undefined;
          const current = page === name || definitionOf(page).parent === name;
          return (
            <span key={name} className="nav-item">
              {definition.section && definition.section !== previous?.section ? (
                <span className="nav-section">{definition.section}</span>
              ) : null}
              <a href={`#/${name}`} aria-current={current ? 'page' : undefined}>
                {definition.title}
              </a>
            </span>
          );
        })}
        <button
          type="button"
          className="link sign-out"
          onClick={() => {
            setSignedIn(false);
            void signOut();
          }}
        >
          Sign out
        </button>
      </nav>
      <main className="content">
        <h1>{pages[page].title}</h1>
        {definitionOf(page).render(param)}
      </main>
    </div>
  );
}
