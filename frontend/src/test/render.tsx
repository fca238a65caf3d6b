import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { AuthProvider } from "../auth/AuthContext";
import { I18nProvider, type Lang } from "../i18n";
import type { Api } from "../api";

/** Renders `ui` at `path` (matching `route`) with the app's providers and a fake API. */
export function renderPage(
  ui: ReactElement,
  { api, path = "/", route = "*", lang = "en" }: { api: Api; path?: string; route?: string; lang?: Lang },
) {
  return render(
    <I18nProvider lang={lang}>
      <AuthProvider api={api}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={ui} />
            <Route path="/login" element={<p>login page</p>} />
          </Routes>
        </MemoryRouter>
      </AuthProvider>
    </I18nProvider>,
  );
}
