import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { Session, User } from '../api/types';

interface Auth {
  user: User | null;
  login(username: string, password: string): Promise<Session>;
  logout(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(api.current?.user ?? null);
  useEffect(() => api.onSessionChange((s) => setUser(s?.user ?? null)), []);
  // A stored session may have been revoked or its user changed: re-read who we are once.
  useEffect(() => {
    if (!api.current) return;
    api
      .get<User>('/api/me')
      .then((me) => {
        const s = api.current;
        if (s) setUser({ ...s.user, ...me });
      })
      .catch(() => undefined);
  }, []);
  const value = useMemo<Auth>(
    () => ({
      user,
      login: (username, password) => api.login(username, password),
      logout: () => api.logout(),
    }),
    [user],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
