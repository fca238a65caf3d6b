export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Where the client keeps its tokens; localStorage in the app, memory in tests. */
export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
  let current = initial;
  return {
    get: () => current,
    set: (t) => {
      current = t;
    },
  };
}

const KEY = "tc.tokens";

export function localTokenStore(storage: Storage = window.localStorage): TokenStore {
  return {
    get() {
      try {
        const raw = storage.getItem(KEY);
        if (!raw) return null;
        const parsed = JSON.parse(raw) as Partial<Tokens>;
        return parsed.accessToken && parsed.refreshToken
          ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
          : null;
      } catch {
        return null;
      }
    },
    set(t) {
      if (t) storage.setItem(KEY, JSON.stringify(t));
      else storage.removeItem(KEY);
    },
  };
}
