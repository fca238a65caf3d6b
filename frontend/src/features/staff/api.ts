import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { useApi } from "../../auth/AuthContext";
import { unwrap, type Api, type JsonBody, type Schemas } from "../../api";
import { useApiMutation } from "../../lib/query";
import { scheduleKeys } from "../schedule/api";

// The staff side: weekly series, member accounts, the order list and the reports.

export type Series = Schemas["Series"];
export type AdminOrder = Schemas["AdminOrder"];
export type AttendanceReport = Schemas["AttendanceReport"];
export type RevenueReport = Schemas["RevenueReport"];
export type LedgerEntry = Schemas["LedgerEntry"];

export const staffKeys = {
  series: ["series"] as const,
  member: (id: number) => ["member", id] as const,
  orders: (q: OrdersQuery) => ["orders", q] as const,
  ordersAll: ["orders"] as const,
  reports: (kind: string, from: string, to: string) => ["reports", kind, from, to] as const,
};

export const getSeries = (api: Api) => unwrap(api.client.GET("/api/series", { params: { query: { per_page: 100 } } }));
export const useSeries = () => {
  const api = useApi();
  return useQuery({ queryKey: staffKeys.series, queryFn: () => getSeries(api) });
};

export const createSeries = (api: Api, body: JsonBody<"/api/series", "post">) => unwrap(api.client.POST("/api/series", { body }));
// New series add sessions to the week view.
export const useCreateSeries = () => useApiMutation(createSeries, [staffKeys.series, scheduleKeys.sessions]);

export const updateSeries = (api: Api, { id, ...body }: { id: number } & JsonBody<"/api/series/{id}", "patch">) =>
  unwrap(api.client.PATCH("/api/series/{id}", { params: { path: { id } }, body }));
export const useUpdateSeries = () => useApiMutation(updateSeries, [staffKeys.series, scheduleKeys.sessions]);

/** A member's page: entitlements and bookings (orders come from the order list's member filter). */
export const getMemberEntitlements = (api: Api, id: number) =>
  unwrap(api.client.GET("/api/users/{id}/entitlements", { params: { path: { id }, query: { per_page: 100 } } }));
export const getMemberBookings = (api: Api, id: number) =>
  unwrap(api.client.GET("/api/users/{id}/bookings", { params: { path: { id }, query: { per_page: 50 } } }));
export const useMemberEntitlements = (id: number) => {
  const api = useApi();
  return useQuery({ queryKey: [...staffKeys.member(id), "entitlements"], queryFn: () => getMemberEntitlements(api, id) });
};
export const useMemberBookings = (id: number) => {
  const api = useApi();
  return useQuery({ queryKey: [...staffKeys.member(id), "bookings"], queryFn: () => getMemberBookings(api, id) });
};
export const getLedger = (api: Api, id: number) =>
  unwrap(api.client.GET("/api/entitlements/{id}/ledger", { params: { path: { id } } }));
export const useLedger = (id: number, memberId: number) => {
  const api = useApi();
  return useQuery({ queryKey: [...staffKeys.member(memberId), "ledger", id], queryFn: () => getLedger(api, id) });
};

export const adjustCredits = (api: Api, { id, delta, reason }: { id: number } & JsonBody<"/api/entitlements/{id}/credits", "post">) =>
  unwrap(api.client.POST("/api/entitlements/{id}/credits", { params: { path: { id } }, body: { delta, reason } }));
export const useAdjustCredits = (memberId: number) => useApiMutation(adjustCredits, [staffKeys.member(memberId)]);

export const extendEntitlement = (api: Api, { id, ...body }: { id: number } & JsonBody<"/api/entitlements/{id}/extend", "post">) =>
  unwrap(api.client.POST("/api/entitlements/{id}/extend", { params: { path: { id } }, body }));
export const useExtendEntitlement = (memberId: number) => useApiMutation(extendEntitlement, [staffKeys.member(memberId)]);

export const revokeEntitlement = (api: Api, { id, ...body }: { id: number } & JsonBody<"/api/entitlements/{id}/revoke", "post">) =>
  unwrap(api.client.POST("/api/entitlements/{id}/revoke", { params: { path: { id } }, body }));
export const useRevokeEntitlement = (memberId: number) => useApiMutation(revokeEntitlement, [staffKeys.member(memberId)]);

export interface OrdersQuery {
  page: number;
  per_page: number;
  status?: AdminOrder["status"];
  from?: string;
  to?: string;
  plan_id?: number;
  user_id?: number;
}

const clean = (q: OrdersQuery) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== "")) as OrdersQuery;

export const getOrders = (api: Api, q: OrdersQuery) => unwrap(api.client.GET("/api/orders", { params: { query: clean(q) } }));
export const ordersQuery = (api: Api, q: OrdersQuery) =>
  queryOptions({ queryKey: staffKeys.orders(q), queryFn: () => getOrders(api, q), placeholderData: keepPreviousData });
export const useOrders = (q: OrdersQuery) => useQuery(ordersQuery(useApi(), q));

export const refundOrder = (api: Api, id: number) => unwrap(api.client.POST("/api/orders/{id}/refund", { params: { path: { id } } }));
export const useRefundOrder = () => useApiMutation(refundOrder, [staffKeys.ordersAll]);

/**
 * Downloads a CSV route with the signed-in user's token (a plain link would carry none) and
 * saves it under filename.
 */
export async function downloadCsv(api: Api, path: "/api/orders.csv" | "/api/reports/attendance.csv" | "/api/reports/revenue.csv",
  query: Record<string, string | number | undefined>, filename: string) {
  const url = new URL(api.href(path), window.location.origin); // href is relative when the API shares the origin
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
  const tokens = api.tokens.get();
  const res = await fetch(url, { headers: tokens ? { Authorization: `Bearer ${tokens.accessToken}` } : {} });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  const blob = await res.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(a.href);
}

export const getAttendance = (api: Api, from: string, to: string) =>
  unwrap(api.client.GET("/api/reports/attendance", { params: { query: { from, to } } }));
export const getRevenue = (api: Api, from: string, to: string) =>
  unwrap(api.client.GET("/api/reports/revenue", { params: { query: { from, to } } }));
export const useAttendance = (from: string, to: string) => {
  const api = useApi();
  return useQuery({ queryKey: staffKeys.reports("attendance", from, to), queryFn: () => getAttendance(api, from, to) });
};
export const useRevenue = (from: string, to: string) => {
  const api = useApi();
  return useQuery({ queryKey: staffKeys.reports("revenue", from, to), queryFn: () => getRevenue(api, from, to) });
};
