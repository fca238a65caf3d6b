import { unwrap, type Api, type Schemas } from "../../api";

export const login = (api: Api, body: Schemas["LoginRequest"]) => unwrap(api.client.POST("/api/auth/login", { body }));

export const register = (api: Api, body: Schemas["RegisterRequest"]) =>
  unwrap(api.client.POST("/api/auth/register", { body }));

export const logout = (api: Api, refreshToken: string) =>
  unwrap(api.client.POST("/api/auth/logout", { body: { refresh_token: refreshToken } }));

export const getMe = (api: Api) => unwrap(api.client.GET("/api/me"));

export const forgotPassword = (api: Api, email: string) =>
  unwrap(api.client.POST("/api/auth/forgot-password", { body: { email } }));

export const resetPassword = (api: Api, body: Schemas["ResetPasswordRequest"]) =>
  unwrap(api.client.POST("/api/auth/reset-password", { body }));

export const verifyEmail = (api: Api, token: string) =>
  unwrap(api.client.POST("/api/auth/verify-email", { body: { token } }));

export const resendVerification = (api: Api) => unwrap(api.client.POST("/api/me/verify-email/resend", {}));
