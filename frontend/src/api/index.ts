import { createApi, type Schemas } from "./client";
import { localTokenStore, memoryTokenStore } from "./tokens";
import { runtimeConfig } from "../config";

export { ApiError, createApi, fetchAllPages, fillPath, MAX_PER_PAGE, unwrap } from "./client";
export type { Api, ApiErrorBody, ClientOptions, JsonBody, Page, Schemas } from "./client";

// Names for the generated schemas the app uses (the shapes come from schema.gen.ts only).
export type AuthSession = Schemas["AuthSession"];
export type Booking = Schemas["Booking"];
export type BookingStatus = NonNullable<Booking["status"]>;
export type Checkout = Schemas["Checkout"];
export type ClassType = Schemas["ClassType"];
export type Entitlement = Schemas["Entitlement"];
export type Order = Schemas["Order"];
export type Plan = Schemas["Plan"];
export type PlanKind = NonNullable<Plan["kind"]>;
export type Role = Schemas["Role"];
export type Session = Schemas["Session"];
export type Trainer = Schemas["Trainer"];
/** A session as the week view sends it: its class type by id (the page lists the class types). */
export type WeekSession = Schemas["WeekSession"];
export type Upload = Schemas["Upload"];
export type UploadKind = NonNullable<Upload["kind"]>;
export type User = Schemas["User"];

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
