import { describe, expect, it } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AuthProvider, useAuth } from "./AuthContext";
import { fakeApi } from "../test/fakeApi";

const mia = { id: 1, email: "mia@example.test", name: "Mia", role: "member" };

function Who() {
  const { user, loading, login, logout } = useAuth();
  if (loading) return <p>checking</p>;
  return (
    <>
      <p>{user ? `user:${user.name}` : "nobody"}</p>
      <button onClick={() => login("mia@example.test", "secret-pass")}>login</button>
      <button onClick={() => logout()}>logout</button>
    </>
  );
}

describe("AuthProvider", () => {
  it("logs in, keeps the tokens, and logs out with the refresh token", async () => {
    const { api, calls } = fakeApi({
      "POST /api/auth/login": () => ({ user: mia, access_token: "A1", refresh_token: "R1", token_type: "Bearer", expires_in: 900 }),
      "POST /api/auth/logout": () => ({ status: 204 }),
    });
    render(<AuthProvider api={api}><Who /></AuthProvider>);
    await userEvent.click(screen.getByText("login"));
    expect(await screen.findByText("user:Mia")).toBeInTheDocument();
    expect(api.tokens.get()).toEqual({ accessToken: "A1", refreshToken: "R1" });

    await userEvent.click(screen.getByText("logout"));
    expect(await screen.findByText("nobody")).toBeInTheDocument();
    expect(api.tokens.get()).toBeNull();
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: "/api/auth/logout", body: { refresh_token: "R1" } });
  });

  it("restores the session from stored tokens", async () => {
    const { api } = fakeApi({ "GET /api/me": () => mia }, { accessToken: "A", refreshToken: "R" });
    render(<AuthProvider api={api}><Who /></AuthProvider>);
    expect(screen.getByText("checking")).toBeInTheDocument();
    expect(await screen.findByText("user:Mia")).toBeInTheDocument();
  });

  it("forgets the user when the client reports the session lost", async () => {
    const { api } = fakeApi({ "GET /api/me": () => mia }, { accessToken: "A", refreshToken: "R" });
    render(<AuthProvider api={api}><Who /></AuthProvider>);
    await screen.findByText("user:Mia");
    act(() => {
      window.dispatchEvent(new Event("tc:auth-lost"));
    });
    await waitFor(() => expect(screen.getByText("nobody")).toBeInTheDocument());
  });
});
