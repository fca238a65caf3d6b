import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes } from "react-router";
import { AuthProvider } from "../auth/AuthContext";
import { I18nProvider, type Lang } from "../i18n";
import type { Api } from "../api";
import { makeQueryClient } from "../lib/query";

/** Renders `ui` at `path` (matching `route`) with the app's providers, a fake API and a fresh cache. */
export function renderPage(
  ui: ReactElement,
  { api, path = "/", route = "*", lang = "en" }: { api: Api; path?: string; route?: string; lang?: Lang },
) {
  const queryClient = makeQueryClient({ retry: false });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider lang={lang}>
        <AuthProvider api={api}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={ui} />
              <Route path="/login" element={<p>login page</p>} />
            </Routes>
          </MemoryRouter>
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { ...view, queryClient };
}
