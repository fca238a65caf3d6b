import type { Session } from "../api";
import { useI18n } from "../i18n";
import { addDays, formatDay, isoDay } from "../lib/dates";
import { SessionCard } from "./SessionCard";
import { byStart, startsAt } from "../lib/session";

/** Seven day columns (a list on small screens), sessions sorted by start time. */
export function WeekSchedule({ weekStart, sessions }: { weekStart: Date; sessions: Session[] }) {
  const { t, locale } = useI18n();
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const byDay = new Map<string, Session[]>();
  for (const s of [...sessions].sort(byStart)) {
    const key = isoDay(new Date(startsAt(s)));
    byDay.set(key, [...(byDay.get(key) ?? []), s]);
  }
  if (sessions.length === 0) return <p className="muted">{t("schedule.empty")}</p>;
  return (
    <div className="week">
      {days.map((d) => {
        const list = byDay.get(isoDay(d)) ?? [];
        return (
          <section key={isoDay(d)} className="day" aria-labelledby={`day-${isoDay(d)}`}>
            <h2 id={`day-${isoDay(d)}`}>{formatDay(d, locale)}</h2>
            {list.length === 0 ? (
              <p className="muted">{t("schedule.noClassesDay")}</p>
            ) : (
              list.map((s) => <SessionCard key={s.id} session={s} />)
            )}
          </section>
        );
      })}
    </div>
  );
}
