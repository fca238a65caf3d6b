import { useState } from "react";
import { Link, useParams } from "react-router";
import { useApi, useAuth } from "../auth/AuthContext";
import { PageTitle } from "../components/PageTitle";
import { ErrorMessage, Loading, Notice, errorText } from "../components/Status";
import { useRoster, useSession, useWeekSessions } from "../hooks/data";
import { useI18n, type MessageKey } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { sessionName } from "../lib/session";
import type { RosterEntry } from "../api";

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
      {sessions.error ? (
        <ErrorMessage error={sessions.error} onRetry={sessions.reload} />
      ) : !sessions.data ? (
        <Loading />
      ) : mine.length === 0 ? (
        <p className="muted">{t("schedule.empty")}</p>
      ) : (
        <ul className="booking-list">
          {mine
            .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
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
      )}
    </>
  );
}

function participantName(e: RosterEntry) {
  return e.user_name ?? e.name ?? e.email ?? `#${e.user_id}`;
}

/** Who booked a session, with a check-in button per participant. */
export function RosterPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const api = useApi();
  const session = useSession(id);
  const roster = useRoster(id);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const checkIn = async (e: RosterEntry) => {
    setBusy(e.id);
    setError(null);
    try {
      await api.checkIn(e.booking_id ?? e.id);
      roster.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
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
      {roster.error ? (
        <ErrorMessage error={roster.error} onRetry={roster.reload} />
      ) : !roster.data ? (
        <Loading />
      ) : roster.data.length === 0 ? (
        <p className="muted">{t("trainer.noParticipants")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("trainer.participant")}</th>
                <th scope="col">{t("trainer.status")}</th>
                <th scope="col">{t("trainer.action")}</th>
              </tr>
            </thead>
            <tbody>
              {roster.data.map((e) => (
                <tr key={e.id}>
                  <td>{participantName(e)}</td>
                  <td>{t(`bookings.status.${e.status}` as MessageKey)}</td>
                  <td>
                    {e.status === "booked" ? (
                      <button type="button" disabled={busy !== null} onClick={() => checkIn(e)}>
                        {t("trainer.checkIn", { name: participantName(e) })}
                      </button>
                    ) : e.status === "checked_in" ? (
                      t("trainer.checkedIn")
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
