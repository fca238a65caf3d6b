import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { useApi } from "../../auth/AuthContext";
import { unwrap, type Api, type JsonBody } from "../../api";
import { useApiMutation } from "../../lib/query";
import { meKeys } from "../bookings/api";
import { scheduleKeys } from "../schedule/api";

export const userKeys = {
  all: ["users"] as const,
  page: (q: UsersQuery) => ["users", q] as const,
};

export interface UsersQuery {
  page: number;
  per_page: number;
  q?: string;
}

/** One page of users (the admin list pages through them). */
export const getUsers = (api: Api, query: UsersQuery) => unwrap(api.client.GET("/api/users", { params: { query } }));

export const usersQuery = (api: Api, query: UsersQuery) =>
  queryOptions({ queryKey: userKeys.page(query), queryFn: () => getUsers(api, query), placeholderData: keepPreviousData });

export const useUsers = (query: UsersQuery) => useQuery(usersQuery(useApi(), query));

export const updateUser = (api: Api, { id, ...body }: { id: number } & JsonBody<"/api/users/{id}", "patch">) =>
  unwrap(api.client.PATCH("/api/users/{id}", { params: { path: { id } }, body }));
// A role change can add or remove a trainer.
export const useUpdateUser = () => useApiMutation(updateUser, [userKeys.all, scheduleKeys.trainers]);

export const grantEntitlement = (api: Api, { userId, planId }: { userId: number; planId: number }) =>
  unwrap(api.client.POST("/api/users/{id}/entitlements", { params: { path: { id: userId } }, body: { plan_id: planId } }));
export const useGrantEntitlement = () => useApiMutation(grantEntitlement, [meKeys.all]);
