import { useApi, useAuth } from "../auth/AuthContext";
import { useAsync } from "./useAsync";
import type { Booking, Session } from "../api";
import { addDays } from "../lib/dates";

export interface ScheduleFilters {
  weekStart: Date;
  type?: string;
  trainer?: string;
}

/** Sessions of one week (Monday to Monday), filtered server-side. */
export function useWeekSessions({ weekStart, type, trainer }: ScheduleFilters) {
  const api = useApi();
  const from = weekStart.toISOString();
  const to = addDays(weekStart, 7).toISOString();
  return useAsync(() => api.sessions({ from, to, type, trainer }), [api, from, to, type, trainer]);
}

export function useClassTypes() {
  const api = useApi();
  return useAsync(() => api.classTypes(), [api]);
}

export function useTrainers() {
  const api = useApi();
  return useAsync(() => api.trainers(), [api]);
}

export function useSession(id: string | undefined) {
  const api = useApi();
  return useAsync(() => api.session(id!), [api, id], id !== undefined);
}

export interface BookingWithSession extends Booking {
  session: Session | null;
}

/** My bookings, each with its session (fetched when the list does not embed it). */
export function useMyBookings() {
  const api = useApi();
  const { user } = useAuth();
  return useAsync<BookingWithSession[]>(
    async () => {
      const bookings = await api.myBookings();
      const missing = [...new Set(bookings.filter((b) => !b.session).map((b) => b.session_id))];
      const fetched = new Map<number, Session | null>();
      await Promise.all(
        missing.map(async (id) => fetched.set(id, await api.session(id).catch(() => null))),
      );
      return bookings.map((b) => ({ ...b, session: b.session ?? fetched.get(b.session_id) ?? null }));
    },
    [api, user?.id],
    user !== null,
  );
}

export const ACTIVE_BOOKING = new Set(["booked", "waitlisted", "checked_in"]);

export function usePlans() {
  const api = useApi();
  return useAsync(() => api.plans(), [api]);
}

export function useEntitlements() {
  const api = useApi();
  const { user } = useAuth();
  return useAsync(() => api.myEntitlements(), [api, user?.id], user !== null);
}

export function useMyOrders() {
  const api = useApi();
  const { user } = useAuth();
  return useAsync(() => api.myOrders(), [api, user?.id], user !== null);
}

export function useRoster(sessionId: string | undefined) {
  const api = useApi();
  return useAsync(() => api.roster(sessionId!), [api, sessionId], sessionId !== undefined);
}

export function useUsers() {
  const api = useApi();
  return useAsync(() => api.users(), [api]);
}
