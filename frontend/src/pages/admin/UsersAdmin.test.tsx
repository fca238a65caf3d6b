import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { UsersAdmin } from "./AdminPages";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/render";

const admin = { id: 1, email: "admin@example.test", name: "Admin", role: "admin", bio: null, avatar_upload_id: null, created_at: "2026-01-01T00:00:00Z", locale: "en", email_verified: true };
const users = Array.from({ length: 30 }, (_, i) => ({ ...admin, id: i + 1, name: `User ${i + 1}`, email: `u${i + 1}@example.test`, role: "member" }));

function setup() {
  const roles = new Map<number, string>();
  return fakeApi(
    {
      "GET /api/me": () => admin,
      "GET /api/plans": () => ({ items: [], page: 1, per_page: 100, total: 0 }),
      "GET /api/users": (req) => {
        const page = Number(req.query.get("page"));
        const per = Number(req.query.get("per_page"));
        const items = users.slice((page - 1) * per, page * per).map((u) => ({ ...u, role: roles.get(u.id) ?? u.role }));
        return { items, page, per_page: per, total: users.length };
      },
      "PATCH /api/users/*": (req) => {
        const id = Number(req.path.split("/").pop());
        roles.set(id, (req.body as { role: string }).role);
        return { ...users[id - 1], role: roles.get(id) };
      },
    },
    { accessToken: "a", refreshToken: "r" },
  );
}

// Role queries over a 25-row table are slow in jsdom; the texts below are unique.
describe("UsersAdmin", () => {
  it("pages through the users instead of stopping at the first page", async () => {
    const { api, calls } = setup();
    renderPage(<UsersAdmin />, { api });
    expect(await screen.findByText("u1@example.test")).toBeInTheDocument();
    expect(screen.queryByText("u26@example.test")).not.toBeInTheDocument();
    expect(screen.getByText("Page 1 of 2 (30 in all)")).toBeInTheDocument();
    expect(screen.getByText("Previous page")).toBeDisabled();

    await userEvent.click(screen.getByText("Next page"));
    expect(await screen.findByText("u26@example.test")).toBeInTheDocument();
    expect(screen.getByText("Page 2 of 2 (30 in all)")).toBeInTheDocument();
    expect(screen.getByText("Next page")).toBeDisabled();
    expect(calls.filter((c) => c.path === "/api/users").map((c) => c.query.get("page"))).toEqual(["1", "2"]);
  });

  it("refetches the list after a role change (the mutation invalidates it)", async () => {
    const { api, calls } = setup();
    renderPage(<UsersAdmin />, { api });
    await userEvent.selectOptions(await screen.findByLabelText("Role: User 2"), "trainer");
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/users")).toHaveLength(2));
    expect(screen.getByLabelText("Role: User 2")).toHaveValue("trainer");
  });
});
