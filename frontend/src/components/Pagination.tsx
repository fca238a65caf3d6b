import { useT } from "../i18n";

interface Props {
  page: number;
  perPage: number;
  total: number;
  onChange(page: number): void;
}

/** Previous / next through a paged list, with "page 2 of 5 (112)"; nothing when it fits one page. */
export function Pagination({ page, perPage, total, onChange }: Props) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, perPage)));
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onChange(page - 1)}>
        {t("pagination.prev")}
      </button>
      <p aria-live="polite">{t("pagination.status", { page, pages, total })}</p>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onChange(page + 1)}>
        {t("pagination.next")}
      </button>
    </nav>
  );
}
