// Every backend route the client calls, in one table. The OpenAPI contract test
// (e2e/openapi.test.mjs) reads this file and checks each (method, path) against
// the backend's /api/openapi.json, so add new calls here first.
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Route {
  method: Method;
  /** OpenAPI-style path template: parameters in braces. */
  path: string;
}

export const ROUTES = {
  register: { method: "POST", path: "/api/auth/register" },
  login: { method: "POST", path: "/api/auth/login" },
  refresh: { method: "POST", path: "/api/auth/refresh" },
  logout: { method: "POST", path: "/api/auth/logout" },
  me: { method: "GET", path: "/api/me" },
  updateMe: { method: "PATCH", path: "/api/me" },
  deleteMe: { method: "DELETE", path: "/api/me" },
  changePassword: { method: "POST", path: "/api/me/password" },
  setAvatar: { method: "PUT", path: "/api/me/avatar" },
  createUpload: { method: "POST", path: "/api/uploads" },
  upload: { method: "GET", path: "/api/uploads/{id}" },
  trainers: { method: "GET", path: "/api/trainers" },
  users: { method: "GET", path: "/api/users" },
  updateUser: { method: "PATCH", path: "/api/users/{id}" },
  grantEntitlement: { method: "POST", path: "/api/users/{id}/entitlements" },
  classTypes: { method: "GET", path: "/api/class-types" },
  createClassType: { method: "POST", path: "/api/class-types" },
  updateClassType: { method: "PATCH", path: "/api/class-types/{id}" },
  deleteClassType: { method: "DELETE", path: "/api/class-types/{id}" },
  sessions: { method: "GET", path: "/api/sessions" },
  session: { method: "GET", path: "/api/sessions/{id}" },
  createSession: { method: "POST", path: "/api/sessions" },
  cancelSession: { method: "POST", path: "/api/sessions/{id}/cancel" },
  bookSession: { method: "POST", path: "/api/sessions/{id}/bookings" },
  myBookings: { method: "GET", path: "/api/me/bookings" },
  cancelBooking: { method: "POST", path: "/api/bookings/{id}/cancel" },
  roster: { method: "GET", path: "/api/sessions/{id}/roster" },
  checkIn: { method: "POST", path: "/api/bookings/{id}/check-in" },
  plans: { method: "GET", path: "/api/plans" },
  createPlan: { method: "POST", path: "/api/plans" },
  updatePlan: { method: "PATCH", path: "/api/plans/{id}" },
  myEntitlements: { method: "GET", path: "/api/me/entitlements" },
  createOrder: { method: "POST", path: "/api/orders" },
  order: { method: "GET", path: "/api/orders/{id}" },
  myOrders: { method: "GET", path: "/api/me/orders" },
} as const satisfies Record<string, Route>;

export type RouteName = keyof typeof ROUTES;

/** Fills `{param}` placeholders; throws when one is missing so a bad call never hits "/undefined". */
export function buildPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}
