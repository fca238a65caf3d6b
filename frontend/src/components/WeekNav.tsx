import { useI18n } from "../i18n";
import { addDays } from "../lib/dates";

interface Props {
  weekStart: Date;
  onChange(weekStart: Date): void;
  onToday(): void;
}

export function WeekNav({ weekStart, onChange, onToday }: Props) {
  const { t, locale } = useI18n();
  const label = t("schedule.weekOf", {
    date: weekStart.toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric" }),
  });
  return (
    <nav className="week-nav" aria-label={label}>
      <button type="button" className="secondary" onClick={() => onChange(addDays(weekStart, -7))}>
        <span aria-hidden="true">← </span>
        {t("schedule.prevWeek")}
      </button>
      <p className="week-label" aria-live="polite">
        {label}
      </p>
      <button type="button" className="secondary" onClick={onToday}>
        {t("schedule.thisWeek")}
      </button>
      <button type="button" className="secondary" onClick={() => onChange(addDays(weekStart, 7))}>
        {t("schedule.nextWeek")}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
