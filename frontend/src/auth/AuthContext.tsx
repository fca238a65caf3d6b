import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api as defaultApi, type Api, type AuthSession, type User } from "../api";
import { getMe, login, logout, register } from "../features/auth/api";

interface Auth {
  user: User | null;
  /** True until the stored session has been checked once. */
  loading: boolean;
  login(email: string, password: string): Promise<User>;
  register(name: string, email: string, password: string): Promise<User>;
  logout(): Promise<void>;
  /** Replaces the signed-in user after the profile changed (name, bio, avatar). */
  updateUser(user: User): void;
}

const AuthContext = createContext<Auth | null>(null);
const ApiContext = createContext<Api>(defaultApi);

export function AuthProvider({ children, api = defaultApi }: { children: ReactNode; api?: Api }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(() => api.tokens.get() !== null);

  useEffect(() => {
    if (!api.tokens.get()) return;
    let live = true;
    getMe(api)
      .then((u) => live && setUser(u))
      .catch(() => live && setUser(null))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    const lost = () => setUser(null);
    window.addEventListener("tc:auth-lost", lost);
    return () => window.removeEventListener("tc:auth-lost", lost);
  }, []);

  const accept = useCallback(
    (res: AuthSession) => {
      api.tokens.set({ accessToken: res.access_token, refreshToken: res.refresh_token });
      setUser(res.user);
      return res.user;
    },
    [api],
  );

  const value = useMemo<Auth>(
    () => ({
      user,
      loading,
      login: async (email, password) => accept(await login(api, { email, password })),
      register: async (name, email, password) => accept(await register(api, { name, email, password })),
      logout: async () => {
        const t = api.tokens.get();
        api.tokens.set(null);
        setUser(null);
        if (t) await logout(api, t.refreshToken).catch(() => undefined);
      },
      updateUser: setUser,
    }),
    [user, loading, api, accept],
  );

  return (
    <ApiContext.Provider value={api}>
      <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
    </ApiContext.Provider>
  );
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

/** The API in use: the app's default, or a fake one a test passes to AuthProvider. */
export function useApi(): Api {
  return useContext(ApiContext);
}
