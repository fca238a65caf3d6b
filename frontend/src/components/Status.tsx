import type { ReactNode } from "react";
import { useT } from "../i18n";
import { ApiError } from "../api";

export function Loading() {
  return (
    <p className="muted" role="status" aria-live="polite">
      {useT()("app.loading")}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const t = useT();
  return (
    <div className="notice notice-error" role="alert">
      <p>{t("app.error", { message: error.message })}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("app.retry")}
        </button>
      )}
    </div>
  );
}

/** A polite live region for results of an action ("Booked.", "Saved."). */
export function Notice({ kind = "info", children }: { kind?: "info" | "success" | "error"; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
