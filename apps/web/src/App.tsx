import { Navigate, Route, Routes } from 'react-router';
import { hasRole, RequireSession, useSession } from './auth/SessionProvider';
import { Layout } from './components/Layout';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { DashboardPage } from './pages/DashboardPage';
import { DraftPage } from './pages/DraftPage';
import { LoginPage } from './pages/LoginPage';

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
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

// Each role starts where its work is: supervisors on the board, everyone else on the case list.
function Home() {
  const { me } = useSession();
  if (!me) return null;
  return <Navigate to={hasRole(me, 'supervisor') ? '/dashboard' : '/cases'} replace />;
}
