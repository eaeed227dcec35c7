import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createBrowserRouter,
  Link,
  NavLink,
  Outlet,
  RouterProvider,
  useLocation,
  useParams,
  type RouteObject,
} from 'react-router';
import { queryClient, useSession } from './api/queries';
import { callbackPath, signIn, signOut } from './api/session';
import { ConfirmProvider } from './components/confirm-dialog';
import { LanguageSwitcher } from './components/language-switcher';
import { PlanLimitBanner } from './components/plan-limit-banner';
import { usePermissions } from './components/permissions';
import { Loading } from './components/ui';
import {
  AdsCampaignPage,
  AdsCampaignsPage,
  AdsPerformancePage,
  AdsSentimentPage,
  AgendaPage,
  ApiClientsPage,
  AuditPage,
  AuthCallbackPage,
  BillingPage,
  CampaignRequestPage,
  CampaignRequestsPage,
  ContentAssetPage,
  ContentBrandKitsPage,
  ContentLibraryPage,
  ContentRequestsPage,
  CrmLeadPage,
  CrmLeadsPage,
  CrmPipelinePage,
  DashboardPage,
  ForgotPasswordPage,
  IntegrationsPage,
  InvitationPage,
  PasswordResetPage,
  SignUpPage,
  StrategiesPage,
  TeamPage,
} from './lazy-pages';
import type { en } from './i18n/en';

type ScreenName = keyof typeof en.nav;

/**
 * A screen at `/<name>[/<param>]`. `section` groups the navigation; `hidden` screens (details)
 * are reached by links and light up their `parent`; `permission` hides the link, and the
 * screen, from roles without it (the server refuses them anyway).
 */
interface Screen {
  name: ScreenName;
  render: (param: string | undefined) => React.ReactNode;
  section?: 'PromptSales' | 'PromptContent' | 'PromptAds' | 'PromptCRM';
  hidden?: boolean;
  parent?: ScreenName;
  permission?: string;
  /** Takes an optional `/<param>` after its name. */
  param?: boolean;
}

export const screens: Screen[] = [
  { name: 'overview', render: () => <DashboardPage /> },
  { name: 'team', permission: 'members:read', render: () => <TeamPage /> },
  { name: 'api-clients', permission: 'api_clients:manage', render: () => <ApiClientsPage /> },
  { name: 'integrations', permission: 'org:manage', render: () => <IntegrationsPage /> },
  { name: 'audit', permission: 'audit:read', render: () => <AuditPage /> },
  { name: 'billing', permission: 'billing:read', render: () => <BillingPage /> },
  {
    name: 'strategies',
    section: 'PromptSales',
    permission: 'campaigns:read',
    render: () => <StrategiesPage />,
  },
  {
    name: 'campaign-requests',
    section: 'PromptSales',
    permission: 'campaigns:read',
    render: () => <CampaignRequestsPage />,
  },
  {
    name: 'campaign-request',
    section: 'PromptSales',
    hidden: true,
    parent: 'campaign-requests',
    permission: 'campaigns:read',
    param: true,
    render: (param) => <CampaignRequestPage key={param ?? ''} param={param} />,
  },
  {
    name: 'agenda',
    section: 'PromptSales',
    permission: 'campaigns:read',
    render: () => <AgendaPage />,
  },
  {
    name: 'content-requests',
    section: 'PromptContent',
    permission: 'content:read',
    param: true,
    render: (param) => <ContentRequestsPage param={param} />,
  },
  {
    name: 'content-library',
    section: 'PromptContent',
    permission: 'content:read',
    render: () => <ContentLibraryPage />,
  },
  {
    name: 'content-asset',
    section: 'PromptContent',
    hidden: true,
    parent: 'content-library',
    permission: 'content:read',
    param: true,
    render: (param) => <ContentAssetPage param={param} />,
  },
  {
    name: 'content-brand-kits',
    section: 'PromptContent',
    permission: 'content:read',
    render: () => <ContentBrandKitsPage />,
  },
  {
    name: 'ads-campaigns',
    section: 'PromptAds',
    permission: 'ads:read',
    render: () => <AdsCampaignsPage />,
  },
  {
    name: 'ads-campaign',
    section: 'PromptAds',
    hidden: true,
    parent: 'ads-campaigns',
    permission: 'ads:read',
    param: true,
    render: (param) => <AdsCampaignPage param={param} />,
  },
  {
    name: 'ads-performance',
    section: 'PromptAds',
    permission: 'ads:read',
    param: true,
    render: (param) => <AdsPerformancePage key={param ?? ''} param={param} />,
  },
  {
    name: 'ads-sentiment',
    section: 'PromptAds',
    permission: 'ads:read',
    render: () => <AdsSentimentPage />,
  },
  {
    name: 'crm-leads',
    section: 'PromptCRM',
    permission: 'crm:read',
    render: () => <CrmLeadsPage />,
  },
  {
    name: 'crm-lead',
    section: 'PromptCRM',
    hidden: true,
    parent: 'crm-leads',
    permission: 'crm:read',
    param: true,
    render: (param) => <CrmLeadPage param={param} />,
  },
  {
    name: 'crm-pipeline',
    section: 'PromptCRM',
    permission: 'crm:read',
    render: () => <CrmPipelinePage />,
  },
];

const pathOf = (screen: Screen) => (screen.name === 'overview' ? '/' : `/${screen.name}`);

/** Detail screens live under their list (`/crm-leads/<id>`), the links emails carry. */
function routesOf(screen: Screen): RouteObject[] {
  const element = <ScreenView key={screen.name} screen={screen} />;
  if (screen.parent) return [{ path: `/${screen.parent}/:param`, element }];
  const own: RouteObject = { path: pathOf(screen), element };
  return screen.param ? [own, { path: `/${screen.name}/:param`, element }] : [own];
}

function ScreenView({ screen }: { screen: Screen }) {
  const { t, i18n } = useTranslation();
  const { param } = useParams();
  const permissions = usePermissions();
  useEffect(() => {
    document.title = `${t(`nav.${screen.name}`)} · PromptSales`;
  }, [screen.name, t]);
  if (screen.permission && permissions.ready && !permissions.can(screen.permission))
    return <NotFound />;
  // Keyed by language so every number and date on the screen is formatted anew on a switch.
  return (
    <div key={i18n.resolvedLanguage}>
      <h1>{t(`nav.${screen.name}`)}</h1>
      <Suspense fallback={<Loading />}>{screen.render(param)}</Suspense>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <div>
      <h1>{t('app.notFound')}</h1>
      <Link to="/">{t('app.backHome')}</Link>
    </div>
  );
}

function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const visible = screens.filter(
    (screen) =>
      !screen.hidden &&
      (!screen.permission || (permissions.ready && permissions.can(screen.permission))),
  );
  return (
    <>
      {visible.map((screen, index) => (
        <span key={screen.name} className="nav-item">
          {screen.section && screen.section !== visible[index - 1]?.section ? (
            <span className="nav-section">{screen.section}</span>
          ) : null}
          <NavLink to={pathOf(screen)} end={screen.name === 'overview'} onClick={onNavigate}>
            {t(`nav.${screen.name}`)}
          </NavLink>
        </span>
      ))}
    </>
  );
}

/** The signed-in frame: navigation (a drawer on a phone), language, sign-out, the screen. */
function Shell() {
  const { t, i18n } = useTranslation();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <button
          type="button"
          className="secondary menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-navigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? t('app.closeMenu') : t('app.menu')}
        </button>
      </header>
      <nav id="main-navigation" className="sidebar" aria-label={t('app.mainNavigation')}>
        <span className="brand sidebar-brand">{t('app.name')}</span>
        <Navigation onNavigate={() => setMenuOpen(false)} />
        <LanguageSwitcher />
        <button
          type="button"
          className="link sign-out"
          onClick={() => void signOut(i18n.resolvedLanguage)}
        >
          {t('app.signOut')}
        </button>
      </nav>
      <main className="content">
        <PlanLimitBanner />
        <Outlet />
      </main>
    </div>
  );
}

/** Screens anyone may open: signing up, resetting a password, an invitation, the callback. */
const publicPaths = ['/sign-up', '/forgot-password', '/reset-password', callbackPath];
const isPublic = (pathname: string) =>
  publicPaths.includes(pathname) || pathname.startsWith('/invitations/');

/**
 * Not signed in: off to the OpenID Provider's sign-in page, remembering the deep link so the
 * callback lands on it.
 */
function SignInRedirect() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const returnTo = `${location.pathname}${location.search}${location.hash}`;
  useEffect(() => {
    void signIn({ returnTo, language: i18n.resolvedLanguage });
  }, [returnTo, i18n.resolvedLanguage]);
  return (
    <p className="muted" aria-busy="true">
      {t('signIn.redirecting')}
    </p>
  );
}

function Root() {
  const session = useSession();
  const location = useLocation();
  if (isPublic(location.pathname))
    return (
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    );
  if (!session) return <SignInRedirect />;
  return <Shell />;
}

const routes: RouteObject[] = [
  {
    element: <Root />,
    children: [
      ...screens.flatMap(routesOf),
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <PasswordResetPage /> },
      { path: callbackPath, element: <AuthCallbackPage /> },
      { path: '/invitations/:token', element: <InvitationPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];

const router = createBrowserRouter(routes);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ConfirmProvider>
        <RouterProvider router={router} />
      </ConfirmProvider>
    </QueryClientProvider>
  );
}
