import { useState } from "react";
import { Link, useParams } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { PageTitle } from "../components/PageTitle";
import { QueryView } from "../components/QueryView";
import { Notice, errorText } from "../components/Status";
import { useSession, useWeekSessions } from "../features/schedule/api";
import { useCheckIn, useRoster } from "../features/trainer/api";
import { useI18n, type MessageKey } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { byStart, sessionName } from "../lib/session";
import type { Booking } from "../api";
import { DataTable } from "../components/DataTable";

/** The trainer's sessions this week and next (admins see every trainer's). */
export function TrainerSessionsPage() {
  const { t, locale } = useI18n();
  const { user } = useAuth();
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const sessions = useWeekSessions({ weekStart: today, trainer: user?.role === "trainer" ? String(user.id) : undefined });
  const mine = (sessions.data ?? []).filter((s) => user?.role === "admin" || s.trainer_id === user?.id);
  return (
    <>
      <PageTitle>{t("trainer.title")}</PageTitle>
      <QueryView query={sessions}>
        {() => (mine.length === 0 ? (
        <p className="muted">{t("schedule.empty")}</p>
      ) : (
        <ul className="booking-list">
          {mine
            .sort(byStart)
            .map((s) => (
              <li key={s.id} className="booking-row">
                <span>
                  {sessionName(s)} · {formatDateTime(s.starts_at, locale)} · {s.booked_count}/{s.capacity}
                </span>
                <Link className="button secondary" to={`/trainer/sessions/${s.id}`}>
                  {t("trainer.roster")}
                </Link>
              </li>
            ))}
        </ul>
      ))}
      </QueryView>
    </>
  );
}

function participantName(e: Booking) {
  return e.user_name || e.email || `#${e.user_id}`;
}

/** Who booked a session, with a check-in button per participant. */
export function RosterPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const session = useSession(id);
  const checkInBooking = useCheckIn();
  const roster = useRoster(id);
  const [error, setError] = useState<string | null>(null);

  // The mutation marks the roster (and the session's counts) stale, so the row shows "checked in".
  const checkIn = async (e: Booking) => {
    setError(null);
    try {
      await checkInBooking.mutateAsync(e.id!);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const title = session.data ? t("trainer.rosterFor", { name: sessionName(session.data) }) : t("trainer.roster");
  return (
    <>
      <p>
        <Link to="/trainer">← {t("trainer.title")}</Link>
      </p>
      <PageTitle>{title}</PageTitle>
      {error && <Notice kind="error">{error}</Notice>}
      <QueryView query={roster} empty={<p className="muted">{t("trainer.noParticipants")}</p>}>
        {(data) => (
        <DataTable columns={[t("trainer.participant"), t("trainer.status"), t("trainer.action")]}>
          {data.map((e) => (
            <tr key={e.id}>
              <td>{participantName(e)}</td>
              <td>{t(`bookings.status.${e.status}` as MessageKey)}</td>
              <td>
                {e.status === "booked" ? (
                  <button type="button" disabled={checkInBooking.isPending} onClick={() => checkIn(e)}>
                    {t("trainer.checkIn", { name: participantName(e) })}
                  </button>
                ) : e.status === "checked_in" ? (
                  t("trainer.checkedIn")
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      </QueryView>
    </>
  );
}
