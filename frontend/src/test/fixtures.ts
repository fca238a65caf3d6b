import type { Booking, Session } from "../api";

/** A scheduled session as the API returns it; tests override what they look at. */
export const aSession = (over: Partial<Session> = {}): Session => ({
  id: 5,
  class_type_id: 1,
  class_type: { id: 1, name: "Yoga", description: "", level: "all", duration_minutes: 60, credit_cost: 1 },
  trainer_id: 2,
  trainer_name: "Ana",
  room: "Studio 1",
  starts_at: "2026-03-03T08:00:00Z",
  ends_at: "2026-03-03T09:00:00Z",
  capacity: 10,
  booked_count: 0,
  waitlist_count: 0,
  booking_opens_at: "2026-01-01T00:00:00Z",
  cancellation_cutoff_minutes: 120,
  status: "scheduled",
  cancelled_at: null,
  ...over,
});

/** A booking as the API returns it. */
export const aBooking = (over: Partial<Booking> = {}): Booking => ({
  id: 9,
  session_id: 5,
  user_id: 1,
  status: "booked",
  waitlist_position: null,
  entitlement_id: null,
  credits_spent: 1,
  credits_refunded: 0,
  booked_at: "2026-03-01T08:00:00Z",
  checked_in_at: null,
  cancelled_at: null,
  created_at: "2026-03-01T08:00:00Z",
  ...over,
});
