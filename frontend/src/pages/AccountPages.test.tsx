import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LoginPage } from "./AuthPages";
import { ForgotPasswordPage, ResetPasswordPage } from "./RecoveryPages";
import { fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/render";

describe("account pages", () => {
  it("login shows its fields and the links to recovery and registration", async () => {
    const { api } = fakeApi({});
    renderPage(<LoginPage />, { api, path: "/signin", route: "/signin" });
    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("autocomplete", "email");
    expect(screen.getByLabelText("Password")).toHaveAttribute("autocomplete", "current-password");
    expect(screen.getByRole("button", { name: "Log in" })).toHaveAttribute("type", "submit");
    expect(screen.getByRole("link", { name: "Forgot your password?" })).toHaveAttribute("href", "/forgot-password");
    expect(screen.getByRole("link", { name: "Register" })).toHaveAttribute("href", "/register");
  });

  it("forgot password sends the address and shows the same answer for every address", async () => {
    const { api, calls } = fakeApi({ "POST /api/auth/forgot-password": () => ({ status: 202 }) });
    renderPage(<ForgotPasswordPage />, { api, path: "/forgot-password", route: "/forgot-password" });
    await userEvent.type(await screen.findByLabelText("Email"), "mia@example.test");
    await userEvent.click(screen.getByRole("button", { name: "Send the link" }));
    expect(await screen.findByText(/If an account uses this address/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/auth/forgot-password")?.body).toEqual({ email: "mia@example.test" });
    expect(screen.getByRole("link", { name: "Log in" })).toHaveAttribute("href", "/login");
  });

  it("reset password checks the repeat before sending, then sends the token", async () => {
    const { api, calls } = fakeApi({ "POST /api/auth/reset-password": () => ({ status: 204 }) });
    renderPage(<ResetPasswordPage />, { api, path: "/reset-password?token=tok", route: "/reset-password" });
    await userEvent.type(await screen.findByLabelText("New password"), "a-long-password");
    await userEvent.type(screen.getByLabelText("Repeat the new password"), "another-password");
    await userEvent.click(screen.getByRole("button", { name: "Set password" }));
    expect(await screen.findByText("The two new passwords do not match.")).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/auth/reset-password")).toBe(false);

    await userEvent.clear(screen.getByLabelText("Repeat the new password"));
    await userEvent.type(screen.getByLabelText("Repeat the new password"), "a-long-password");
    await userEvent.click(screen.getByRole("button", { name: "Set password" }));
    await waitFor(() => expect(screen.getByText("login page")).toBeInTheDocument());
    expect(calls.find((c) => c.path === "/api/auth/reset-password")?.body).toEqual({ token: "tok", new_password: "a-long-password" });
  });
});
