import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SchedulePage } from "./SchedulePage";
import { fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/render";
import type { Session } from "../api";
import { aSession } from "../test/fixtures";

const yoga = { id: 1, name: "Yoga", description: "", level: "all" as const, duration_minutes: 60, credit_cost: 1 };
const spin = { id: 2, name: "Spinning", description: "", level: "all" as const, duration_minutes: 45, credit_cost: 1 };
const sessions: Session[] = [
  aSession({ id: 10, class_type_id: 1, class_type: yoga, trainer_id: 7, trainer_name: "Ana", room: "A", starts_at: "2026-03-03T08:00:00Z", ends_at: "2026-03-03T09:00:00Z", capacity: 10, booked_count: 2, cancellation_cutoff_minutes: 60 }),
  aSession({ id: 11, class_type_id: 2, class_type: spin, trainer_id: 8, trainer_name: "Ben", room: "B", starts_at: "2026-03-04T17:00:00Z", ends_at: "2026-03-04T17:45:00Z", capacity: 1, booked_count: 1, waitlist_count: 2, cancellation_cutoff_minutes: 60 }),
];

function setup() {
  return fakeApi({
    "GET /api/class-types": () => ({ items: [yoga, spin], page: 1, per_page: 100, total: 2 }),
    "GET /api/trainers": () => ({ items: [{ id: 7, name: "Ana" }, { id: 8, name: "Ben" }], page: 1, per_page: 100, total: 2 }),
    // Filters are applied by the server; the fake applies them too so the list reflects them.
    // The week view's compact shape: class types by id, listed once per page.
    "GET /api/sessions": (req) => ({
      items: sessions
        .filter(
          (s) =>
            (!req.query.get("type") || String(s.class_type_id) === req.query.get("type")) &&
            (!req.query.get("trainer") || String(s.trainer_id) === req.query.get("trainer")),
        )
        .map((s) => ({ ...s, class_type: undefined })),
      class_types: [yoga, spin],
      page: 1,
      per_page: 100,
      total: 2,
    }),
  });
}

describe("SchedulePage", () => {
  it("lists the week's sessions with free spots and full classes", async () => {
    const { api } = setup();
    renderPage(<SchedulePage />, { api, path: "/?week=2026-03-02" });
    expect(await screen.findByRole("link", { name: "Yoga" })).toHaveAttribute("href", "/sessions/10");
    expect(screen.getByText("8 of 10 spots free")).toBeInTheDocument();
    const spinCard = screen.getByRole("link", { name: "Spinning" }).closest("article")!;
    expect(within(spinCard).getByText(/Full · 2 on waitlist/)).toBeInTheDocument();
  });

  it("asks the server for the chosen week (Monday to Monday)", async () => {
    const { api, calls } = setup();
    renderPage(<SchedulePage />, { api, path: "/?week=2026-03-04" });
    await screen.findByRole("link", { name: "Yoga" });
    const call = calls.find((c) => c.path === "/api/sessions")!;
    expect(new Date(call.query.get("from")!).getTime()).toBe(new Date(2026, 2, 2).getTime());
    expect(new Date(call.query.get("to")!).getTime()).toBe(new Date(2026, 2, 9).getTime());
  });

  it("filters by class type and trainer", async () => {
    const { api, calls } = setup();
    renderPage(<SchedulePage />, { api, path: "/?week=2026-03-02" });
    await screen.findByRole("link", { name: "Spinning" });
    await waitFor(() => expect(screen.getByRole("option", { name: "Yoga" })).toBeInTheDocument());

    await userEvent.selectOptions(screen.getByLabelText("Class type"), "1");
    await waitFor(() => expect(screen.queryByRole("link", { name: "Spinning" })).not.toBeInTheDocument());
    expect(screen.getByRole("link", { name: "Yoga" })).toBeInTheDocument();
    expect(calls.at(-1)!.query.get("type")).toBe("1");

    await userEvent.selectOptions(screen.getByLabelText("Class type"), "");
    await userEvent.selectOptions(screen.getByLabelText("Trainer"), "8");
    await waitFor(() => expect(screen.queryByRole("link", { name: "Yoga" })).not.toBeInTheDocument());
    expect(screen.getByRole("link", { name: "Spinning" })).toBeInTheDocument();
    const last = calls.filter((c) => c.path === "/api/sessions").at(-1)!;
    expect(last.query.get("trainer")).toBe("8");
    expect(last.query.has("type")).toBe(false);
  });

  it("moves between weeks", async () => {
    const { api, calls } = setup();
    renderPage(<SchedulePage />, { api, path: "/?week=2026-03-02" });
    await screen.findByRole("link", { name: "Yoga" });
    await userEvent.click(screen.getByRole("button", { name: /Next week/ }));
    await waitFor(() => {
      const last = calls.filter((c) => c.path === "/api/sessions").at(-1)!;
      expect(new Date(last.query.get("from")!).getTime()).toBe(new Date(2026, 2, 9).getTime());
    });
    expect(screen.getByText(/Week of 9 March 2026/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Previous week/ }));
    await userEvent.click(screen.getByRole("button", { name: /Previous week/ }));
    await waitFor(() => expect(screen.getByText(/Week of 23 February 2026/)).toBeInTheDocument());
  });

  it("shows an error with a retry when the schedule cannot load", async () => {
    const { api } = fakeApi({
      "GET /api/sessions": () => ({ status: 503, body: { error: { code: "unavailable", message: "database down" } } }),
    });
    renderPage(<SchedulePage />, { api });
    expect(await screen.findByRole("alert")).toHaveTextContent("database down");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
