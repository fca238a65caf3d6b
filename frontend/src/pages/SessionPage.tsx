import { useState } from "react";
import { Link, useParams } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { BookingPanel } from "../components/BookingPanel";
import { PageTitle } from "../components/PageTitle";
import { ErrorMessage, Loading, Notice, errorText } from "../components/Status";
import { isActive, useBookSession, useCancelBooking, useMyBookings } from "../features/bookings/api";
import { useSession } from "../features/schedule/api";
import { useI18n } from "../i18n";
import type { Booking } from "../api";
import { formatDateTime, formatTime } from "../lib/dates";
import { sessionName } from "../lib/session";

export function SessionPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { user } = useAuth();
  const session = useSession(id);
  const bookings = useMyBookings();
  const book = useBookSession();
  const cancel = useCancelBooking();
  const busy = book.isPending || cancel.isPending;
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  if (session.error) return <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Loading />;
  const s = session.data;
  const mine =
    bookings.data?.find((b) => b.session_id === s.id && isActive(b)) ?? null;
  const classType = s.class_type ?? null;

  // The mutations mark the session, my bookings and my credits stale, so they refetch.
  const act = async (fn: () => Promise<Booking>) => {
    setMessage(null);
    try {
      const b = await fn();
      const key =
        b.status === "waitlisted"
          ? "booking.waitlistDone"
          : b.status === "late_cancelled"
            ? "booking.lateCancelled"
            : b.status === "cancelled"
              ? "booking.cancelled"
              : "booking.done";
      setMessage({ kind: "success", text: t(key) });
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    }
  };

  return (
    <article className="session-detail">
      <p>
        <Link to="/">← {t("nav.schedule")}</Link>
      </p>
      <PageTitle>{sessionName(s)}</PageTitle>
      {classType?.description && <p>{classType.description}</p>}
      <dl className="facts">
        <dt>{t("session.time")}</dt>
        <dd>
          {formatDateTime(s.starts_at, locale)}–{formatTime(s.ends_at, locale)}
        </dd>
        {s.trainer_name && (
          <>
            <dt>{t("session.trainer")}</dt>
            <dd>{s.trainer_name}</dd>
          </>
        )}
        {s.room && (
          <>
            <dt>{t("session.room")}</dt>
            <dd>{s.room}</dd>
          </>
        )}
        {classType && (
          <>
            <dt>{t("session.level")}</dt>
            <dd>{classType.level}</dd>
            <dt>{t("session.credits")}</dt>
            <dd>{classType.credit_cost}</dd>
          </>
        )}
        <dt>{t("session.capacity")}</dt>
        <dd data-testid="spots">
          {s.booked_count} / {s.capacity}
          {s.waitlist_count ?  ` · ${t("schedule.waitlist", { count: s.waitlist_count })}` : ""}
        </dd>
      </dl>
      <p className="muted">{t("session.cutoff", { minutes: s.cancellation_cutoff_minutes })}</p>
      <section aria-label={t("booking.book")} className="booking-panel">
        {user && bookings.isPending ? (
          <Loading />
        ) : (
          <BookingPanel
            session={s}
            booking={mine}
            loggedIn={user !== null}
            busy={busy}
            onBook={() => act(() => book.mutateAsync(Number(id)))}
            onCancel={(b) => act(() => cancel.mutateAsync(b.id!))}
          />
        )}
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
      </section>
    </article>
  );
}
