import { queryOptions, useQuery } from "@tanstack/react-query";
import { useApi } from "../../auth/AuthContext";
import { fetchAllPages, unwrap, type Api, type ClassType, type JsonBody, type Session, type WeekSession } from "../../api";
import { addDays } from "../../lib/dates";
import { useApiMutation } from "../../lib/query";

export const scheduleKeys = {
  /** Every session list and detail: what a booking or a cancelled session makes stale. */
  sessions: ["sessions"] as const,
  week: (f: SessionFilters) => ["sessions", "list", f] as const,
  session: (id: number | string) => ["sessions", "detail", String(id)] as const,
  classTypes: ["class-types"] as const,
  trainers: ["trainers"] as const,
};

export interface SessionFilters {
  from: string;
  to: string;
  type?: number;
  trainer?: number;
}

/**
 * The week view's sessions with their class type joined back in: the API sends each page's class
 * types once (class_types) and names them by id in the sessions.
 */
export function joinClassTypes(items: WeekSession[], classTypes: ClassType[]): Session[] {
  const byId = new Map(classTypes.map((ct) => [ct.id, ct]));
  return items.map((s) => {
    const classType = byId.get(s.class_type_id);
    return classType ? { ...s, class_type: classType } : (s as Session);
  });
}

/** All sessions in [from, to), every page of them (a week view must not stop at one page). */
export async function getSessions(api: Api, f: SessionFilters): Promise<Session[]> {
  const classTypes: ClassType[] = [];
  const items = await fetchAllPages(async (page, per_page) => {
    const p = await unwrap(api.client.GET("/api/sessions", { params: { query: { ...f, page, per_page } } }));
    classTypes.push(...(p.class_types ?? []));
    return p;
  });
  return joinClassTypes(items, classTypes);
}

export const sessionsQuery = (api: Api, f: SessionFilters) =>
  queryOptions({ queryKey: scheduleKeys.week(f), queryFn: () => getSessions(api, f) });

const toId = (v: string | undefined) => (v ? Number(v) : undefined);

/** Sessions of one week (Monday to Monday), filtered server-side. */
export function useWeekSessions({ weekStart, type, trainer }: { weekStart: Date; type?: string; trainer?: string }) {
  const from = weekStart.toISOString();
  const to = addDays(weekStart, 7).toISOString();
  return useQuery(sessionsQuery(useApi(), { from, to, type: toId(type), trainer: toId(trainer) }));
}

export const getSession = (api: Api, id: number | string) =>
  unwrap(api.client.GET("/api/sessions/{id}", { params: { path: { id: Number(id) } } }));

export const sessionQuery = (api: Api, id: number | string) =>
  queryOptions({ queryKey: scheduleKeys.session(id), queryFn: () => getSession(api, id) });

export function useSession(id: string | undefined) {
  return useQuery({ ...sessionQuery(useApi(), id ?? ""), enabled: id !== undefined });
}

export const getClassTypes = (api: Api) =>
  fetchAllPages((page, per_page) => unwrap(api.client.GET("/api/class-types", { params: { query: { page, per_page } } })));

export const classTypesQuery = (api: Api) =>
  queryOptions({ queryKey: scheduleKeys.classTypes, queryFn: () => getClassTypes(api) });

export const useClassTypes = () => useQuery(classTypesQuery(useApi()));

export const getTrainers = (api: Api) =>
  fetchAllPages((page, per_page) => unwrap(api.client.GET("/api/trainers", { params: { query: { page, per_page } } })));

export const trainersQuery = (api: Api) => queryOptions({ queryKey: scheduleKeys.trainers, queryFn: () => getTrainers(api) });

export const useTrainers = () => useQuery(trainersQuery(useApi()));

// Admin changes to the schedule.
export const createClassType = (api: Api, body: JsonBody<"/api/class-types", "post">) =>
  unwrap(api.client.POST("/api/class-types", { body }));
export const useCreateClassType = () => useApiMutation(createClassType, [scheduleKeys.classTypes]);

export const deleteClassType = (api: Api, id: number) =>
  unwrap(api.client.DELETE("/api/class-types/{id}", { params: { path: { id } } }));
export const useDeleteClassType = () => useApiMutation(deleteClassType, [scheduleKeys.classTypes, scheduleKeys.sessions]);

export const updateClassType = (api: Api, { id, ...body }: { id: number } & JsonBody<"/api/class-types/{id}", "patch">) =>
  unwrap(api.client.PATCH("/api/class-types/{id}", { params: { path: { id } }, body }));
// Sessions show their class type's name and length.
export const useUpdateClassType = () => useApiMutation(updateClassType, [scheduleKeys.classTypes, scheduleKeys.sessions]);

export const createSession = (api: Api, body: JsonBody<"/api/sessions", "post">) => unwrap(api.client.POST("/api/sessions", { body }));
export const useCreateSession = () => useApiMutation(createSession, [scheduleKeys.sessions]);

export const cancelSession = (api: Api, id: number) =>
  unwrap(api.client.POST("/api/sessions/{id}/cancel", { params: { path: { id } }, body: {} }));
export const useCancelSession = () => useApiMutation(cancelSession, [scheduleKeys.sessions, ["me"]]);

export const updateSession = (api: Api, { id, ...body }: { id: number } & JsonBody<"/api/sessions/{id}", "patch">) =>
  unwrap(api.client.PATCH("/api/sessions/{id}", { params: { path: { id } }, body }));
// A moved session moves in every list and in the booked members' "my bookings".
export const useUpdateSession = () => useApiMutation(updateSession, [scheduleKeys.sessions, ["me"]]);
