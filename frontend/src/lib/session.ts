import type { Session } from "../api";

/** The class type's name, whether the API embeds the class type as an object or a string. */
export function sessionName(s: Session): string {
  const ct = s.class_type;
  if (typeof ct === "string") return ct;
  if (ct && typeof ct === "object") return ct.name;
  return `#${s.class_type_id}`;
}

export function freeSpots(s: Session): number {
  return Math.max(0, s.capacity - s.booked_count);
}

export function isFull(s: Session): boolean {
  return s.booked_count >= s.capacity;
}
