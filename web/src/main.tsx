import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restoreSession } from './api/session';
import { App } from './app';
import './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');
const rootElement = root;
// The stored session is read first, so a reload never flashes the way to the sign-in page.
void restoreSession().then(() =>
  createRoot(rootElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
