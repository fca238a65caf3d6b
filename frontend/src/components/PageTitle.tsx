import { useEffect, useRef } from "react";
import { useT } from "../i18n";

/** The page's h1. It takes focus on mount so screen readers announce a route change. */
export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const t = useT();
  useEffect(() => {
    document.title = `${children} · ${t("app.name")}`;
    ref.current?.focus();
  }, [children, t]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
