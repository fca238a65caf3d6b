import { QueryClient, useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useApi, useAuth } from "../auth/AuthContext";
import type { Api } from "../api";

/** The app's cache: answers stay fresh for 30 s; a failed request is retried once (never in tests). */
export function makeQueryClient({ retry = 1 }: { retry?: number | false } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry },
      mutations: { retry: false },
    },
  });
}

/**
 * A mutation of the API that marks `invalidates` stale once it settled (also after a failure:
 * a 409 "full" means the cached session is out of date too), so every view showing them refetches.
 */
export function useApiMutation<V, R>(fn: (api: Api, vars: V) => Promise<R>, invalidates: QueryKey[]) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: V) => fn(api, vars),
    onSettled: () => Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

/** A query of the signed-in user's own data: cached under their id, off while nobody is signed in. */
export function useMine<T>(key: (userId: number | undefined) => QueryKey, fetch: (api: Api) => Promise<T>) {
  const api = useApi();
  const { user } = useAuth();
  return useQuery({ queryKey: key(user?.id), queryFn: () => fetch(api), enabled: user !== null });
}
