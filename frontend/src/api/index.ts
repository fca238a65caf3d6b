import { asItems, createClient, type ApiClient } from "./client";
import { localTokenStore, memoryTokenStore } from "./tokens";
import { runtimeConfig } from "../config";
import type {
  AuthResponse,
  Booking,
  ClassType,
  CreateOrderResponse,
  Entitlement,
  Order,
  Page,
  Plan,
  Role,
  RosterEntry,
  Session,
  Trainer,
  Upload,
  UploadKind,
  User,
} from "./types";

export { ApiError, asItems, createClient } from "./client";
export type { ApiClient } from "./client";
export * from "./types";
export { ROUTES } from "./routes";

type List<T> = Page<T> | T[];
type Id = number | string;

export interface SessionQuery {
  from?: string;
  to?: string;
  type?: Id;
  trainer?: Id;
}

export type ClassTypeInput = Omit<ClassType, "id">;
export interface SessionInput {
  class_type_id: number;
  trainer_id: number;
  room: string;
  starts_at: string;
  ends_at?: string;
  capacity: number;
  cancellation_cutoff_minutes?: number;
}
export type PlanInput = Omit<Plan, "id">;

/** Typed functions for every route the app uses. */
export function makeApi(client: ApiClient) {
  const r = client.request;
  const list = async <T>(p: Promise<List<T>>) => asItems(await p);
  const all = { page: 1, per_page: 100 };
  return {
    client,
    register: (body: { email: string; password: string; name: string }) =>
      r<AuthResponse>("register", { body, auth: false }),
    login: (body: { email: string; password: string }) => r<AuthResponse>("login", { body, auth: false }),
    logout: (refresh_token: string) => r<void>("logout", { body: { refresh_token }, auth: false }),
    me: () => r<User>("me"),
    updateMe: (body: { name?: string; bio?: string }) => r<User>("updateMe", { body }),
    changePassword: (body: { current_password: string; new_password: string }) =>
      r<void>("changePassword", { body }),
    deleteMe: (password: string) => r<void>("deleteMe", { body: { password } }),
    upload: (kind: UploadKind, file: File) => {
      const form = new FormData();
      form.append("kind", kind);
      form.append("file", file);
      return r<Upload>("createUpload", { form });
    },
    setAvatar: (upload_id: number | null) =>
      r<{ avatar_upload_id: number | null }>("setAvatar", { body: { upload_id } }),
    /** Where the browser loads an upload from (avatars are public). */
    uploadUrl: (id: Id) => client.href("upload", { id }),

    trainers: () => list(r<List<Trainer>>("trainers", { query: all, auth: false })),
    users: (query: { page?: number; per_page?: number; q?: string } = {}) =>
      r<Page<User>>("users", { query: { ...all, ...query } }),
    updateUser: (id: Id, body: { role?: Role; name?: string }) => r<User>("updateUser", { params: { id }, body }),
    grantEntitlement: (userId: Id, plan_id: number) =>
      r<Entitlement>("grantEntitlement", { params: { id: userId }, body: { plan_id } }),

    classTypes: () => list(r<List<ClassType>>("classTypes", { query: all })),
    createClassType: (body: ClassTypeInput) => r<ClassType>("createClassType", { body }),
    updateClassType: (id: Id, body: Partial<ClassTypeInput>) =>
      r<ClassType>("updateClassType", { params: { id }, body }),
    deleteClassType: (id: Id) => r<void>("deleteClassType", { params: { id } }),

    sessions: (q: SessionQuery) => list(r<List<Session>>("sessions", { query: { ...q, per_page: 100 } })),
    session: (id: Id) => r<Session>("session", { params: { id } }),
    createSession: (body: SessionInput) => r<Session>("createSession", { body }),
    cancelSession: (id: Id) => r<Session>("cancelSession", { params: { id }, body: {} }),

    book: (sessionId: Id) => r<Booking>("bookSession", { params: { id: sessionId }, body: {} }),
    myBookings: () => list(r<List<Booking>>("myBookings", { query: all })),
    cancelBooking: (id: Id) => r<Booking>("cancelBooking", { params: { id }, body: {} }),
    roster: (sessionId: Id) => list(r<List<RosterEntry>>("roster", { params: { id: sessionId } })),
    checkIn: (bookingId: Id) => r<Booking>("checkIn", { params: { id: bookingId }, body: {} }),

    plans: () => list(r<List<Plan>>("plans", { query: all })),
    createPlan: (body: PlanInput) => r<Plan>("createPlan", { body }),
    updatePlan: (id: Id, body: Partial<PlanInput>) => r<Plan>("updatePlan", { params: { id }, body }),
    myEntitlements: () => list(r<List<Entitlement>>("myEntitlements", { query: all })),

    createOrder: (plan_id: number) => r<CreateOrderResponse>("createOrder", { body: { plan_id } }),
    order: (id: Id) => r<Order>("order", { params: { id } }),
    myOrders: () => list(r<List<Order>>("myOrders", { query: all })),
  };
}

export type Api = ReturnType<typeof makeApi>;

function defaultTokens() {
  try {
    return localTokenStore();
  } catch {
    return memoryTokenStore();
  }
}

/** The app's client: base URL from /config.js, tokens in localStorage. */
export const api: Api = makeApi(
  createClient({
    baseUrl: runtimeConfig().apiUrl,
    tokens: defaultTokens(),
    onAuthLost: () => window.dispatchEvent(new Event("tc:auth-lost")),
  }),
);
