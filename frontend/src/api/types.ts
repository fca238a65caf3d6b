// Shapes from docs/architecture.md (snake_case, as the backend sends them).
export type Role = "member" | "trainer" | "admin";

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  bio?: string | null;
  avatar_upload_id?: number | null;
  created_at?: string;
}

export type UploadKind = "avatar" | "trainer_photo" | "document";

export interface Upload {
  id: number;
  user_id: number;
  kind: UploadKind;
  content_type: string;
  size_bytes: number;
  url: string;
  created_at?: string;
}

export interface AuthResponse {
  user: User;
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export interface Trainer {
  id: number;
  name: string;
  bio?: string | null;
}

export interface ClassType {
  id: number;
  name: string;
  description: string;
  level: string;
  duration_minutes: number;
  credit_cost: number;
}

export type SessionStatus = "scheduled" | "cancelled" | string;

export interface Session {
  id: number;
  class_type_id: number;
  class_type?: ClassType | string | null;
  trainer_id: number;
  trainer_name?: string;
  room: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked_count: number;
  waitlist_count: number;
  booking_opens_at?: string | null;
  cancellation_cutoff_minutes: number;
  status: SessionStatus;
}

export type BookingStatus =
  | "booked"
  | "waitlisted"
  | "cancelled"
  | "late_cancelled"
  | "checked_in"
  | "no_show"
  | string;

export interface Booking {
  id: number;
  session_id: number;
  user_id: number;
  status: BookingStatus;
  waitlist_position?: number | null;
  session?: Session | null;
  created_at?: string;
}

export interface RosterEntry {
  id: number;
  booking_id?: number;
  user_id: number;
  user_name?: string;
  name?: string;
  email?: string;
  status: BookingStatus;
  checked_in_at?: string | null;
  waitlist_position?: number | null;
}

export type PlanKind = "membership" | "credit_pack";

export interface Plan {
  id: number;
  name: string;
  kind: PlanKind;
  months?: number | null;
  credits?: number | null;
  validity_days?: number | null;
  price_rappen: number;
  currency: string;
  active: boolean;
}

export interface Entitlement {
  id: number;
  plan_id?: number;
  plan_name?: string;
  plan?: Plan | null;
  kind: PlanKind | string;
  credits_remaining?: number | null;
  credits_total?: number | null;
  starts_at?: string | null;
  expires_at?: string | null;
  ends_at?: string | null;
  status?: string;
}

export type OrderStatus = "pending" | "paid" | "failed" | "refund_pending" | "refunded" | string;

export interface Order {
  id: number;
  plan_id: number;
  plan_name?: string;
  status: OrderStatus;
  amount_rappen: number;
  currency: string;
  failure_reason?: string | null;
  paid_at?: string | null;
  created_at?: string;
}

export interface CreateOrderResponse {
  order: Order;
  client_secret: string;
  publishable_key?: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: { fields?: Record<string, string> } & Record<string, unknown> };
}
