import { unwrap, type Api, type Schemas } from "../../api";

export const login = (api: Api, body: Schemas["LoginRequest"]) => unwrap(api.client.POST("/api/auth/login", { body }));

export const register = (api: Api, body: Schemas["RegisterRequest"]) =>
  unwrap(api.client.POST("/api/auth/register", { body }));

export const logout = (api: Api, refreshToken: string) =>
  unwrap(api.client.POST("/api/auth/logout", { body: { refresh_token: refreshToken } }));

export const getMe = (api: Api) => unwrap(api.client.GET("/api/me"));
