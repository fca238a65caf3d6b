import { useState } from "react";
import { Link } from "react-router";
import { PageTitle } from "../components/PageTitle";
import { QueryView } from "../components/QueryView";
import { Notice, errorText } from "../components/Status";
import { isActive, useCancelBooking, useMyBookings, type BookingWithSession } from "../features/bookings/api";
import { useI18n, type MessageKey } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { sessionName, startsAt } from "../lib/session";

function BookingStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `bookings.status.${status}` as MessageKey;
  return <span className={`badge badge-${status}`}>{t(key)}</span>;
}

function BookingRow({ booking, onCancel, busy }: { booking: BookingWithSession; onCancel?: () => void; busy: boolean }) {
  const { t, locale } = useI18n();
  const s = booking.session;
  return (
    <li className="booking-row" data-booking-id={booking.id}>
      <div>
        <Link to={`/sessions/${booking.session_id}`}>{s ? sessionName(s) : `#${booking.session_id}`}</Link>
        {s && <span className="muted"> · {formatDateTime(s.starts_at, locale)}</span>}
        {s?.trainer_name && <span className="muted"> · {s.trainer_name}</span>}
      </div>
      <div className="row-actions">
        {booking.status && <BookingStatusBadge status={booking.status} />}
        {booking.status === "waitlisted" && booking.waitlist_position ? (
          <span className="muted">#{booking.waitlist_position}</span>
        ) : null}
        {onCancel && (
          <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
            {booking.status === "waitlisted" ? t("booking.leaveWaitlist") : t("booking.cancel")}
          </button>
        )}
      </div>
    </li>
  );
}

export function MyBookingsPage() {
  const { t } = useI18n();
  const bookings = useMyBookings();
  const cancelBooking = useCancelBooking();
  const busy = cancelBooking.isPending;
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  const now = Date.now();
  const all = bookings.data ?? [];
  const isUpcoming = (b: BookingWithSession) =>
    isActive(b) && (!b.session || startsAt(b.session) > now);
  const startOf = (b: BookingWithSession) => (b.session ? startsAt(b.session) : 0);
  const byStart = (a: BookingWithSession, b: BookingWithSession) => startOf(a) - startOf(b);
  const upcoming = all.filter(isUpcoming).sort(byStart);
  const past = all.filter((b) => !isUpcoming(b)).sort(byStart).reverse();

  const cancel = async (b: BookingWithSession) => {
    setMessage(null);
    try {
      const res = await cancelBooking.mutateAsync(b.id!);
      setMessage({
        kind: "success",
        text: t(res.status === "late_cancelled" ? "booking.lateCancelled" : "booking.cancelled"),
      });
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    }
  };

  return (
    <>
      <PageTitle>{t("bookings.title")}</PageTitle>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <QueryView query={bookings} empty={<p className="muted">{t("bookings.empty")}</p>}>
        {() => (
        <>
          <section aria-labelledby="upcoming-h">
            <h2 id="upcoming-h">{t("bookings.upcoming")}</h2>
            {upcoming.length === 0 ? (
              <p className="muted">{t("bookings.noUpcoming")}</p>
            ) : (
              <ul className="booking-list" data-testid="upcoming-bookings">
                {upcoming.map((b) => (
                  <BookingRow
                    key={b.id}
                    booking={b}
                    busy={busy}
                    onCancel={b.status === "checked_in" ? undefined : () => cancel(b)}
                  />
                ))}
              </ul>
            )}
          </section>
          {past.length > 0 && (
            <section aria-labelledby="past-h">
              <h2 id="past-h">{t("bookings.past")}</h2>
              <ul className="booking-list" data-testid="past-bookings">
                {past.map((b) => (
                  <BookingRow key={b.id} booking={b} busy={busy} />
                ))}
              </ul>
            </section>
          )}
        </>
        )}
      </QueryView>
    </>
  );
}
