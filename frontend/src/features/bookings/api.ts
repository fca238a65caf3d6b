import { useAuth } from "../../auth/AuthContext";
import { fetchAllPages, unwrap, type Api, type Booking, type Session } from "../../api";
import { useApiMutation, useMine } from "../../lib/query";
import { getSession, scheduleKeys } from "../schedule/api";

/** The signed-in member's own data, per user so one account never sees another's cache. */
export const meKeys = {
  all: ["me"] as const,
  bookings: (userId: number | undefined) => ["me", userId, "bookings"] as const,
  entitlements: (userId: number | undefined) => ["me", userId, "entitlements"] as const,
  orders: (userId: number | undefined) => ["me", userId, "orders"] as const,
};

const ACTIVE_BOOKING = new Set(["booked", "waitlisted", "checked_in"]);

/** Booked, waitlisted or checked in: a booking that still holds (or waits for) a place. */
export const isActive = (b: Booking) => b.status !== undefined && ACTIVE_BOOKING.has(b.status);

export interface BookingWithSession extends Booking {
  session: Session | undefined;
}

/** All my bookings (every page), each with its session (fetched when the list does not embed it). */
export async function getMyBookings(api: Api): Promise<BookingWithSession[]> {
  const bookings = await fetchAllPages((page, per_page) =>
    unwrap(api.client.GET("/api/me/bookings", { params: { query: { page, per_page } } })),
  );
  const missing = [...new Set(bookings.filter((b) => !b.session && b.session_id).map((b) => b.session_id!))];
  const fetched = new Map<number, Session | undefined>();
  await Promise.all(missing.map(async (id) => fetched.set(id, await getSession(api, id).catch(() => undefined))));
  return bookings.map((b) => ({ ...b, session: b.session ?? (b.session_id ? fetched.get(b.session_id) : undefined) }));
}

export const useMyBookings = () => useMine(meKeys.bookings, getMyBookings);

export const bookSession = (api: Api, sessionId: number) =>
  unwrap(api.client.POST("/api/sessions/{id}/bookings", { params: { path: { id: sessionId } }, body: {} }));

export const cancelBooking = (api: Api, bookingId: number) =>
  unwrap(api.client.POST("/api/bookings/{id}/cancel", { params: { path: { id: bookingId } }, body: {} }));

/** What a booking or a cancellation makes stale: sessions (counts), my bookings and my credits. */
function useBookingKeys() {
  const { user } = useAuth();
  return [scheduleKeys.sessions, meKeys.bookings(user?.id), meKeys.entitlements(user?.id)];
}

export const useBookSession = () => useApiMutation(bookSession, useBookingKeys());
export const useCancelBooking = () => useApiMutation(cancelBooking, useBookingKeys());
