import { useEffect, useState } from 'react';
import { loadSession, saveSession } from './api/client';
import { ApiClientsPage } from './pages/api-clients-page';
import { AuditPage } from './pages/audit-page';
import { OverviewPage } from './pages/overview-page';
import { SignInPage } from './pages/sign-in-page';
import { TeamPage } from './pages/team-page';

const pages = {
  overview: { title: 'Overview', render: () => <OverviewPage /> },
  team: { title: 'Team', render: () => <TeamPage /> },
  'api-clients': { title: 'API clients', render: () => <ApiClientsPage /> },
  audit: { title: 'Audit log', render: () => <AuditPage /> },
} as const;

type PageName = keyof typeof pages;

function pageFromHash(): PageName {
  const name = window.location.hash.replace(/^#\/?/, '');
  return name in pages ? (name as PageName) : 'overview';
}

export function App() {
  const [signedIn, setSignedIn] = useState(() => loadSession() !== null);
  const [page, setPage] = useState<PageName>(pageFromHash);

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
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
        {(Object.keys(pages) as PageName[]).map((name) => (
          <a key={name} href={`#/${name}`} aria-current={page === name ? 'page' : undefined}>
            {pages[name].title}
          </a>
        ))}
        <button
          type="button"
          className="link sign-out"
          onClick={() => {
            saveSession(null);
            setSignedIn(false);
          }}
        >
          Sign out
        </button>
      </nav>
      <main className="content">
        <h1>{pages[page].title}</h1>
        {pages[page].render()}
      </main>
    </div>
  );
}
