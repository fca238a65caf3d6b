import { queryOptions, useQuery } from "@tanstack/react-query";
import { useApi } from "../../auth/AuthContext";
import { fetchAllPages, unwrap, type Api, type JsonBody } from "../../api";
import { useApiMutation, useMine } from "../../lib/query";
import { meKeys } from "../bookings/api";

export const planKeys = { all: ["plans"] as const };

export const getPlans = (api: Api) =>
  fetchAllPages((page, per_page) => unwrap(api.client.GET("/api/plans", { params: { query: { page, per_page } } })));

export const plansQuery = (api: Api) => queryOptions({ queryKey: planKeys.all, queryFn: () => getPlans(api) });

export const usePlans = () => useQuery(plansQuery(useApi()));

export const getMyEntitlements = (api: Api) =>
  fetchAllPages((page, per_page) => unwrap(api.client.GET("/api/me/entitlements", { params: { query: { page, per_page } } })));

export const useEntitlements = () => useMine(meKeys.entitlements, getMyEntitlements);

export const getMyOrders = (api: Api) =>
  fetchAllPages((page, per_page) => unwrap(api.client.GET("/api/me/orders", { params: { query: { page, per_page } } })));

export const useMyOrders = () => useMine(meKeys.orders, getMyOrders);

/** Starts a payment: the order and the client secret for Stripe's Payment Element. */
export const createOrder = (api: Api, planId: number) =>
  unwrap(api.client.POST("/api/orders", { body: { plan_id: planId } }));

export const getOrder = (api: Api, id: number | string) =>
  unwrap(api.client.GET("/api/orders/{id}", { params: { path: { id: Number(id) } } }));

export const createPlan = (api: Api, body: JsonBody<"/api/plans", "post">) => unwrap(api.client.POST("/api/plans", { body }));
export const useCreatePlan = () => useApiMutation(createPlan, [planKeys.all]);

export const updatePlan = (api: Api, { id, ...body }: { id: number } & JsonBody<"/api/plans/{id}", "patch">) =>
  unwrap(api.client.PATCH("/api/plans/{id}", { params: { path: { id } }, body }));
export const useUpdatePlan = () => useApiMutation(updatePlan, [planKeys.all]);
