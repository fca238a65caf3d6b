import { unwrap, type Api, type Schemas } from "../../api";
import { useApiMutation, useMine } from "../../lib/query";

export type Preferences = Schemas["NotificationPreferences"];

const keys = {
  prefs: (userId: number | undefined) => ["me", userId, "notifications"] as const,
  feed: (userId: number | undefined) => ["me", userId, "calendar-feed"] as const,
};

export const getPreferences = (api: Api) => unwrap(api.client.GET("/api/me/notifications"));
export const setPreferences = (api: Api, body: Schemas["NotificationPreferencesUpdate"]) =>
  unwrap(api.client.PATCH("/api/me/notifications", { body }));
export const usePreferences = () => useMine(keys.prefs, getPreferences);
export const useSetPreferences = (userId: number) => useApiMutation(setPreferences, [keys.prefs(userId)]);

export const getFeed = (api: Api) => unwrap(api.client.GET("/api/me/calendar-feed"));
export const createFeed = (api: Api) => unwrap(api.client.POST("/api/me/calendar-feed", {}));
export const revokeFeed = (api: Api) => unwrap(api.client.DELETE("/api/me/calendar-feed", {}));
export const useFeed = () => useMine(keys.feed, getFeed);
export const useCreateFeed = (userId: number) => useApiMutation<void, Schemas["CalendarFeedURL"]>(createFeed, [keys.feed(userId)]);
export const useRevokeFeed = (userId: number) => useApiMutation<void, unknown>(revokeFeed, [keys.feed(userId)]);

export const changeEmail = (api: Api, body: Schemas["EmailChangeRequest"]) => unwrap(api.client.POST("/api/me/email", { body }));
