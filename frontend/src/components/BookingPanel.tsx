import type { Booking, Session } from "../api";
import { useI18n } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { isFull, startsAt } from "../lib/session";
import { Link } from "react-router";

export type BookingState =
  | "login"
  | "cancelled"
  | "past"
  | "not_open"
  | "booked"
  | "waitlisted"
  | "full"
  | "open";

/** Which of the booking panel's states applies; pure so it can be tested without rendering. */
export function bookingState(session: Session, booking: Booking | null, loggedIn: boolean, now: Date): BookingState {
  if (session.status === "cancelled") return "cancelled";
  if (booking?.status === "booked" || booking?.status === "checked_in") return "booked";
  if (booking?.status === "waitlisted") return "waitlisted";
  if (startsAt(session) <= now.getTime()) return "past";
  if (!loggedIn) return "login";
  if (session.booking_opens_at && new Date(session.booking_opens_at) > now) return "not_open";
  return isFull(session) ? "full" : "open";
}

interface Props {
  session: Session;
  /** The user's active booking for this session, if any. */
  booking: Booking | null;
  loggedIn: boolean;
  busy: boolean;
  onBook(): void;
  onCancel(booking: Booking): void;
  now?: Date;
}

/** What the member can do with one session: book, join the waitlist, cancel, or why not. */
export function BookingPanel({ session, booking, loggedIn, busy, onBook, onCancel, now = new Date() }: Props) {
  const { t, locale } = useI18n();
  const state = bookingState(session, booking, loggedIn, now);
  switch (state) {
    case "cancelled":
      return <p className="booking-state">{t("booking.sessionCancelled")}</p>;
    case "past":
      return <p className="booking-state">{t("booking.unavailable")}</p>;
    case "login":
      return (
        <Link className="button" to="/login" state={{ from: `/sessions/${session.id}` }}>
          {t("booking.loginToBook")}
        </Link>
      );
    case "not_open":
      return (
        <p className="booking-state">
          {t("booking.notOpen", { when: formatDateTime(session.booking_opens_at!, locale) })}
        </p>
      );
    case "booked":
    case "waitlisted":
      return (
        <div className="booking-state">
          <p>
            {state === "booked"
              ? t("booking.booked")
              : t("booking.waitlisted", { position: booking?.waitlist_position ?? "?" })}
          </p>
          {booking?.status !== "checked_in" && (
            <button type="button" className="secondary" disabled={busy} onClick={() => onCancel(booking!)}>
              {state === "booked" ? t("booking.cancel") : t("booking.leaveWaitlist")}
            </button>
          )}
        </div>
      );
    case "full":
      return (
        <div className="booking-state">
          <p>{t("booking.full")}</p>
          <button type="button" disabled={busy} onClick={onBook}>
            {t("booking.joinWaitlist")}
          </button>
        </div>
      );
    case "open":
      return (
        <button type="button" disabled={busy} onClick={onBook}>
          {t("booking.book")}
        </button>
      );
  }
}
