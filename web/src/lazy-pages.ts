import { lazy, type ComponentType } from 'react';

/**
 * Each screen's code is its own chunk, fetched the first time the screen is shown, so the first
 * screen loads only what it needs (Recharts comes with the screens that draw charts).
 * A page module names its component; React.lazy wants it as the default export.
 */
function page<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}

export const AdsCampaignPage = page(() =>
  import('./pages/ads-campaign-page').then((m) => m.AdsCampaignPage),
);
export const AdsCampaignsPage = page(() =>
  import('./pages/ads-campaigns-page').then((m) => m.AdsCampaignsPage),
);
export const AdsPerformancePage = page(() =>
  import('./pages/ads-performance-page').then((m) => m.AdsPerformancePage),
);
export const AdsSentimentPage = page(() =>
  import('./pages/ads-sentiment-page').then((m) => m.AdsSentimentPage),
);
export const AgendaPage = page(() => import('./pages/agenda-page').then((m) => m.AgendaPage));
export const ApiClientsPage = page(() =>
  import('./pages/api-clients-page').then((m) => m.ApiClientsPage),
);
export const AuditPage = page(() => import('./pages/audit-page').then((m) => m.AuditPage));
export const BillingPage = page(() => import('./pages/billing-page').then((m) => m.BillingPage));
export const CampaignRequestPage = page(() =>
  import('./pages/campaign-request-page').then((m) => m.CampaignRequestPage),
);
export const CampaignRequestsPage = page(() =>
  import('./pages/campaign-requests-page').then((m) => m.CampaignRequestsPage),
);
export const ContentAssetPage = page(() =>
  import('./pages/content-asset-page').then((m) => m.ContentAssetPage),
);
export const ContentBrandKitsPage = page(() =>
  import('./pages/content-brand-kits-page').then((m) => m.ContentBrandKitsPage),
);
export const ContentLibraryPage = page(() =>
  import('./pages/content-library-page').then((m) => m.ContentLibraryPage),
);
export const ContentRequestsPage = page(() =>
  import('./pages/content-requests-page').then((m) => m.ContentRequestsPage),
);
export const CrmLeadPage = page(() => import('./pages/crm-lead-page').then((m) => m.CrmLeadPage));
export const CrmLeadsPage = page(() =>
  import('./pages/crm-leads-page').then((m) => m.CrmLeadsPage),
);
export const CrmPipelinePage = page(() =>
  import('./pages/crm-pipeline-page').then((m) => m.CrmPipelinePage),
);
export const DashboardPage = page(() =>
  import('./pages/dashboard-page').then((m) => m.DashboardPage),
);
export const IntegrationsPage = page(() =>
  import('./pages/integrations-page').then((m) => m.IntegrationsPage),
);
export const InvitationPage = page(() =>
  import('./pages/invitation-page').then((m) => m.InvitationPage),
);
export const PasswordResetPage = page(() =>
  import('./pages/password-reset-page').then((m) => m.PasswordResetPage),
);
export const SignUpPage = page(() => import('./pages/sign-up-page').then((m) => m.SignUpPage));
export const ForgotPasswordPage = page(() =>
  import('./pages/forgot-password-page').then((m) => m.ForgotPasswordPage),
);
export const AuthCallbackPage = page(() =>
  import('./pages/auth-callback-page').then((m) => m.AuthCallbackPage),
);
export const StrategiesPage = page(() =>
  import('./pages/strategies-page').then((m) => m.StrategiesPage),
);
export const TeamPage = page(() => import('./pages/team-page').then((m) => m.TeamPage));
