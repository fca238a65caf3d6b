import { Link } from "react-router";
import type { Session } from "../api";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/dates";
import { freeSpots, isFull, sessionName } from "../lib/session";

/** One class in the week list: name, time, trainer, room and free spots; links to its detail. */
export function SessionCard({ session }: { session: Session }) {
  const { t, locale } = useI18n();
  const cancelled = session.status === "cancelled";
  return (
    <article className={`session-card${cancelled ? " is-cancelled" : ""}`} data-session-id={session.id}>
      <h3>
        <Link to={`/sessions/${session.id}`}>{sessionName(session)}</Link>
      </h3>
      <p>
        <time dateTime={session.starts_at}>{formatTime(session.starts_at, locale)}</time>–
        <time dateTime={session.ends_at}>{formatTime(session.ends_at, locale)}</time>
        {session.trainer_name ? ` · ${session.trainer_name}` : ""}
        {session.room ? ` · ${session.room}` : ""}
      </p>
      <p className="spots">
        {cancelled
          ? t("schedule.cancelled")
          : isFull(session)
            ? `${t("schedule.full")}${session.waitlist_count ? ` · ${t("schedule.waitlist", { count: session.waitlist_count })}` : ""}`
            : t("schedule.spots", { free: freeSpots(session), capacity: session.capacity ?? 0 })}
      </p>
    </article>
  );
}
