import type { Session } from "../api";

/** The embedded class type's name, or its id when the answer does not embed it. */
export function sessionName(s: Session): string {
  return s.class_type?.name || `#${s.class_type_id}`;
}

export function freeSpots(s: Session): number {
  return Math.max(0, (s.capacity ?? 0) - (s.booked_count ?? 0));
}

export function isFull(s: Session): boolean {
  return freeSpots(s) === 0;
}

/** When the session starts, in ms (the earliest possible time when the answer has none). */
export function startsAt(s: Pick<Session, "starts_at">): number {
  return s.starts_at ? new Date(s.starts_at).getTime() : 0;
}

/** Sorts sessions (or things with a session's start) by start time. */
export const byStart = (a: Pick<Session, "starts_at">, b: Pick<Session, "starts_at">) => startsAt(a) - startsAt(b);
