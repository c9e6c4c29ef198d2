import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { onUnauthorized, setBearer } from '../api/client';
import { storedKey, storeKey } from './session';
import { verifyAdminKey } from './verify-key';

interface Auth {
  /** The admin key of this tab's session, or null when signed out. */
  adminKey: string | null;
  /** Why the last session ended, when it was not the user's choice. */
  notice: string | null;
  signIn(key: string): Promise<void>;
  signOut(notice?: string): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [adminKey, setAdminKey] = useState<string | null>(() => {
    const key = storedKey();
    setBearer(key);
    return key;
  });
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback(
    (why?: string) => {
      storeKey(null);
      setBearer(null);
      setAdminKey(null);
      setNotice(why ?? null);
      queryClient.clear();
    },
    [queryClient],
  );

  const signIn = useCallback(async (key: string) => {
    await verifyAdminKey(key);
    const trimmed = key.trim();
    storeKey(trimmed);
    setBearer(trimmed);
    setNotice(null);
    setAdminKey(trimmed);
  }, []);

  useEffect(
    () => onUnauthorized(() => signOut('The gateway no longer accepts this key. Sign in again.')),
    [signOut],
  );

  const value = useMemo(
    () => ({ adminKey, notice, signIn, signOut }),
    [adminKey, notice, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
