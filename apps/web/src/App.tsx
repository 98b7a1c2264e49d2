import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { hasRole, RequireSession, useSession } from './auth/SessionProvider';
import { Layout } from './components/Layout';
import { CaseListPage } from './pages/CaseListPage';
import { LoginPage } from './pages/LoginPage';
import { QueuePage } from './pages/QueuePage';

// The board (and its chart library), the case page and the drafting wizard load when opened:
// the lists a user lands on come first.
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const CasePage = lazy(() => import('./pages/CasePage').then((m) => ({ default: m.CasePage })));
const DraftPage = lazy(() => import('./pages/DraftPage').then((m) => ({ default: m.DraftPage })));

const UsersAdmin = lazy(() => import('./pages/admin/UsersAdmin').then((m) => ({ default: m.UsersAdmin })));
const AuthoritiesAdmin = lazy(() =>
  import('./pages/admin/AuthoritiesAdmin').then((m) => ({ default: m.AuthoritiesAdmin })),
);
const InstrumentsAdmin = lazy(() =>
  import('./pages/admin/InstrumentsAdmin').then((m) => ({ default: m.InstrumentsAdmin })),
);
const WebhooksAdmin = lazy(() =>
  import('./pages/admin/WebhooksAdmin').then((m) => ({ default: m.WebhooksAdmin })),
);

const later = (page: ReactNode) => <Suspense fallback={null}>{page}</Suspense>;

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <Layout />
          </RequireSession>
        }
      >
        <Route index element={<Home />} />
        <Route path="cases" element={<CaseListPage />} />
        <Route path="cases/new" element={later(<DraftPage />)} />
        <Route path="cases/:id" element={later(<CasePage />)} />
        <Route path="cases/:id/draft" element={later(<DraftPage />)} />
        <Route path="queue" element={<QueuePage />} />
        <Route path="dashboard" element={later(<DashboardPage />)} />
        <Route path="admin/users" element={later(<UsersAdmin />)} />
        <Route path="admin/authorities" element={later(<AuthoritiesAdmin />)} />
        <Route path="admin/instruments" element={later(<InstrumentsAdmin />)} />
        <Route path="admin/webhooks" element={later(<WebhooksAdmin />)} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

// Each role starts where its work is: supervisors on the board, central authorities on their queue,
// prosecutors on their cases, administrators on the users.
function Home() {
  const { me } = useSession();
  if (!me) return null;
  const home = hasRole(me, 'supervisor')
    ? '/dashboard'
    : hasRole(me, 'central_authority')
      ? '/queue'
      : hasRole(me, 'prosecutor')
        ? '/cases'
        : hasRole(me, 'admin')
          ? '/admin/users'
          : '/cases';
  return <Navigate to={home} replace />;
}
