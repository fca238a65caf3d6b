import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SessionsAdmin } from "./AdminPages";
import { SeriesAdmin } from "./StaffPages";
import { fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/render";

const admin = { id: 1, email: "admin@example.test", name: "Admin", role: "admin", bio: null, avatar_upload_id: null, created_at: "2026-01-01T00:00:00Z", locale: "en", email_verified: true };
const page = <T,>(items: T[]) => ({ items, page: 1, per_page: 100, total: items.length });
const classTypes = [
  { id: 3, name: "Yoga", description: "", level: "all", duration_minutes: 60, credit_cost: 1 },
  { id: 4, name: "Spin", description: "", level: "all", duration_minutes: 45, credit_cost: 1 },
];
const trainers = [{ id: 7, name: "Ana" }, { id: 8, name: "Ben" }];

function setup() {
  return fakeApi(
    {
      "GET /api/me": () => admin,
      "GET /api/class-types": () => page(classTypes),
      "GET /api/trainers": () => page(trainers),
      "GET /api/sessions": () => page([]),
      "POST /api/sessions": (req) => ({ status: 201, body: { id: 1, ...(req.body as object) } }),
      "GET /api/series": () => page([]),
      "POST /api/series": (req) => ({ status: 201, body: { id: 1, ...(req.body as object) } }),
    },
    { accessToken: "a", refreshToken: "r" },
  );
}

describe("admin create forms", () => {
  it("a new session takes the first class type and trainer until others are picked, and lasts as long as its class", async () => {
    const { api, calls } = setup();
    const created = () => calls.filter((c) => c.method === "POST" && c.path === "/api/sessions");
    renderPage(<SessionsAdmin />, { api });
    expect(await screen.findByRole("option", { name: "Spin" })).toBeInTheDocument();
    await screen.findByRole("option", { name: "Ben" });
    await userEvent.type(screen.getByLabelText("Room"), "Studio 1");
    await userEvent.type(screen.getByLabelText("Starts at"), "2026-03-03T08:00");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    const first = created()[0].body as Record<string, unknown>;
    expect(first).toMatchObject({ class_type_id: 3, trainer_id: 7, room: "Studio 1", capacity: 12, cancellation_cutoff_minutes: 120 });
    expect(Date.parse(String(first.ends_at)) - Date.parse(String(first.starts_at))).toBe(60 * 60_000);

    await userEvent.selectOptions(screen.getByLabelText("Class type"), "Spin");
    await userEvent.selectOptions(screen.getByLabelText("Trainer"), "Ben");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(created()).toHaveLength(2));
    const second = created()[1].body as Record<string, unknown>;
    expect(second).toMatchObject({ class_type_id: 4, trainer_id: 8 });
    expect(Date.parse(String(second.ends_at)) - Date.parse(String(second.starts_at))).toBe(45 * 60_000);
  });

  it("a new series sends the picked trainer and its own success text", async () => {
    const { api, calls } = setup();
    renderPage(<SeriesAdmin />, { api });
    await screen.findByRole("option", { name: "Ben" });
    await userEvent.selectOptions(screen.getByLabelText("Trainer"), "Ben");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("Series created; its sessions are in the week view.")).toBeInTheDocument();
    const body = calls.find((c) => c.method === "POST" && c.path === "/api/series")?.body;
    expect(body).toMatchObject({ class_type_id: 3, trainer_id: 8, room: "Studio 1", weekday: 1, start_time: "18:00", valid_until: null });
  });
});

