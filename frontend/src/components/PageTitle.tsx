import { useEffect, useRef, type ReactNode } from "react";
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

/** A page in the narrow column (sign-in, recovery, checkout, profile) under its title. */
export function NarrowPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="narrow">
      <PageTitle>{title}</PageTitle>
      {children}
    </div>
  );
}
