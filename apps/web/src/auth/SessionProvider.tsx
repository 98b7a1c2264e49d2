import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, unwrap, type Me } from '../api/client';
import { session, type EndReason } from './tokens';

interface SessionState {
  me: Me | undefined;
  ended: EndReason | null;
  logout(): Promise<void>;
}

const Context = createContext<SessionState>({ me: undefined, ended: null, logout: async () => undefined });

export const useSession = () => useContext(Context);

// Events that count as the user being active.
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [signedIn, setSignedIn] = useState(session.signedIn());
  const [ended, setEnded] = useState<EndReason | null>(null);

  useEffect(
    () =>
      session.onChange((reason) => {
        setSignedIn(session.signedIn());
        setEnded(reason);
        // Nothing of the previous user stays in the cache.
        if (reason) client.clear();
      }),
    [client],
  );

  // Idle logout: the session ends after the idle timeout the login answered.
  useEffect(() => {
    const touch = () => session.touch();
    ACTIVITY.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = setInterval(() => {
      if (session.idle()) void session.logout('idle');
    }, 10_000);
    return () => {
      ACTIVITY.forEach((e) => window.removeEventListener(e, touch));
      clearInterval(timer);
    };
  }, []);

  // Refresh ahead of expiry while the user works, so a form is never lost to an expired token.
  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(() => void session.accessToken(), 30_000);
    return () => clearInterval(timer);
  }, [signedIn]);

  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/me')),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });

  return (
    <Context.Provider
      value={{ me: signedIn ? me.data : undefined, ended, logout: () => session.logout('signed-out') }}
    >
      {children}
    </Context.Provider>
  );
}

/** Children only for a signed-in user; otherwise the sign-in page, then back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { ended } = useSession(); // re-rendered when the session changes (sign-out, idle, expiry)
  // After an idle logout or an expiry the user comes back to where they were; after signing out
  // (perhaps for someone else to sign in) they start afresh.
  const from = ended === 'signed-out' ? undefined : { from: location.pathname + location.search };
  if (!session.signedIn()) return <Navigate to="/login" replace state={from} />;
  return <>{children}</>;
}

export function hasRole(me: Me | undefined, role: Me['roles'][number]): boolean {
  return me?.roles.includes(role) ?? false;
}
