import { useSearchParams } from "react-router";
import { useI18n } from "../i18n";
import { PageTitle } from "../components/PageTitle";
import { ScheduleFilters } from "../components/ScheduleFilters";
import { WeekNav } from "../components/WeekNav";
import { WeekSchedule } from "../components/WeekSchedule";
import { ErrorMessage, Loading } from "../components/Status";
import { useClassTypes, useTrainers, useWeekSessions } from "../features/schedule/api";
import { isoDay, parseDay, startOfWeek } from "../lib/dates";

/** The week schedule. Week and filters live in the URL (?week=&type=&trainer=) so views can be shared. */
export function SchedulePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const weekStart = startOfWeek(parseDay(params.get("week")) ?? new Date());
  const type = params.get("type") ?? "";
  const trainer = params.get("trainer") ?? "";

  const sessions = useWeekSessions({ weekStart, type: type || undefined, trainer: trainer || undefined });
  const classTypes = useClassTypes();
  const trainers = useTrainers();

  const update = (next: { week?: Date | null; type?: string; trainer?: string }) => {
    const p = new URLSearchParams(params);
    const set = (k: string, v: string) => (v ? p.set(k, v) : p.delete(k));
    if (next.week !== undefined) set("week", next.week ? isoDay(next.week) : "");
    if (next.type !== undefined) set("type", next.type);
    if (next.trainer !== undefined) set("trainer", next.trainer);
    setParams(p);
  };

  return (
    <>
      <PageTitle>{t("schedule.title")}</PageTitle>
      <div className="toolbar">
        <ScheduleFilters
          classTypes={classTypes.data ?? []}
          trainers={trainers.data ?? []}
          type={type}
          trainer={trainer}
          onChange={(f) => update(f)}
        />
        <WeekNav weekStart={weekStart} onChange={(w) => update({ week: w })} onToday={() => update({ week: null })} />
      </div>
      {sessions.error ? (
        <ErrorMessage error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.isPending ? (
        <Loading />
      ) : (
        <WeekSchedule weekStart={weekStart} sessions={sessions.data ?? []} />
      )}
    </>
  );
}
