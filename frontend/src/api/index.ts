import { createApi } from "./client";
import type { Booking, Plan, Upload } from "./schema.gen";
import { localTokenStore, memoryTokenStore } from "./tokens";
import { runtimeConfig } from "../config";

export { ApiError, createApi, fetchAllPages, fillPath, MAX_PER_PAGE, unwrap } from "./client";
export type { Api, ApiErrorBody, ClientOptions, JsonBody, Page, Schemas } from "./client";

// The schemas the app uses, by name (schema.gen.ts exports one name per schema of the document).
export type {
  AuthSession,
  Booking,
  Checkout,
  ClassType,
  Entitlement,
  Order,
  Plan,
  Role,
  Session,
  Trainer,
  Upload,
  User,
  /** A session as the week view sends it: its class type by id (the page lists the class types). */
  WeekSession,
} from "./schema.gen";
export type BookingStatus = NonNullable<Booking["status"]>;
export type PlanKind = NonNullable<Plan["kind"]>;
export type UploadKind = NonNullable<Upload["kind"]>;

function defaultTokens() {
  try {
    return localTokenStore();
  } catch {
    return memoryTokenStore();
  }
}

/** The app's client: base URL from /config.js, tokens in localStorage. */
export const api = createApi({
  baseUrl: runtimeConfig().apiUrl,
  tokens: defaultTokens(),
  onAuthLost: () => window.dispatchEvent(new Event("tc:auth-lost")),
});
