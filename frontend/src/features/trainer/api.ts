import { queryOptions, useQuery } from "@tanstack/react-query";
import { useApi } from "../../auth/AuthContext";
import { fetchAllPages, unwrap, type Api } from "../../api";
import { useApiMutation } from "../../lib/query";
import { scheduleKeys } from "../schedule/api";

export const rosterKeys = {
  all: ["roster"] as const,
  session: (sessionId: number | string) => ["roster", String(sessionId)] as const,
};

/** Everyone booked on a session, every page (a trainer checks in the whole room). */
export const getRoster = (api: Api, sessionId: number | string) =>
  fetchAllPages((page, per_page) =>
    unwrap(api.client.GET("/api/sessions/{id}/roster", { params: { path: { id: Number(sessionId) }, query: { page, per_page } } })),
  );

export const rosterQuery = (api: Api, sessionId: number | string) =>
  queryOptions({ queryKey: rosterKeys.session(sessionId), queryFn: () => getRoster(api, sessionId) });

export function useRoster(sessionId: string | undefined) {
  return useQuery({ ...rosterQuery(useApi(), sessionId ?? ""), enabled: sessionId !== undefined });
}

export const checkIn = (api: Api, bookingId: number) =>
  unwrap(api.client.POST("/api/bookings/{id}/check-in", { params: { path: { id: bookingId } }, body: {} }));
export const useCheckIn = () => useApiMutation(checkIn, [rosterKeys.all, scheduleKeys.sessions]);
