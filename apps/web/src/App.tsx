import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { hasRole, RequireSession, useSession } from './auth/SessionProvider';
import { Layout } from './components/Layout';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { DraftPage } from './pages/DraftPage';
import { LoginPage } from './pages/LoginPage';
import { QueuePage } from './pages/QueuePage';

// The board (and its chart library) loads only for those who open it.
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));

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
        <Route path="cases/new" element={<DraftPage />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="cases/:id/draft" element={<DraftPage />} />
        <Route path="queue" element={<QueuePage />} />
        <Route
          path="dashboard"
          element={
            <Suspense fallback={null}>
              <DashboardPage />
            </Suspense>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

// Each role starts where its work is: supervisors on the board, central authorities on their queue,
// prosecutors on their cases.
function Home() {
  const { me } = useSession();
  if (!me) return null;
  const home = hasRole(me, 'supervisor')
    ? '/dashboard'
    : hasRole(me, 'central_authority')
      ? '/queue'
      : '/cases';
  return <Navigate to={home} replace />;
}
