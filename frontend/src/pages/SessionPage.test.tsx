import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SessionPage } from "./SessionPage";
import { fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/render";
import type { Booking } from "../api";
import { aBooking, aSession } from "../test/fixtures";

const future = new Date(Date.now() + 86_400_000).toISOString();
const later = new Date(Date.now() + 90_000_000).toISOString();

/** A tiny in-memory backend for one session, so the page's reloads see real state changes. */
function backend(capacity: number, booked = 0) {
  const session = aSession({
    class_type: { id: 1, name: "Yoga", description: "Slow flow", level: "all", duration_minutes: 60, credit_cost: 1 },
    starts_at: future, ends_at: later, capacity, booked_count: booked,
  });
  const bookings: Booking[] = [];
  return fakeApi(
    {
      "GET /api/me": () => ({ id: 1, email: "m@example.test", name: "Mia", role: "member" }),
      "GET /api/sessions/5": () => session,
      "GET /api/me/bookings": () => ({ items: bookings, page: 1, per_page: 100, total: bookings.length }),
      "POST /api/sessions/5/bookings": () => {
        const full = session.booked_count >= session.capacity;
        const b = aBooking({ id: 100 + bookings.length, status: full ? "waitlisted" : "booked", waitlist_position: full ? 1 : null });
        if (full) session.waitlist_count++;
        else session.booked_count++;
        bookings.push(b);
        return { status: 201, body: b };
      },
      "POST /api/bookings/*": (req) => {
        const b = bookings.find((x) => req.path === `/api/bookings/${x.id}/cancel`)!;
        if (b.status === "booked") session.booked_count--;
        b.status = "cancelled";
        return b;
      },
    },
    { accessToken: "a", refreshToken: "r" },
  );
}

describe("SessionPage", () => {
  it("books, shows the booked state and cancels", async () => {
    const { api, calls } = backend(10);
    renderPage(<SessionPage />, { api, path: "/sessions/5", route: "/sessions/:id" });
    const title = await screen.findByRole("heading", { level: 1, name: "Yoga" });
    // PageTitle focuses the h1 in an effect, which can run just after the heading appears.
    await waitFor(() => expect(title).toHaveFocus());
    await userEvent.click(await screen.findByRole("button", { name: "Book" }));
    expect(await screen.findByText("You are booked for this class.")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Booked.");
    expect(screen.getByTestId("spots")).toHaveTextContent("1 / 10");

    await userEvent.click(screen.getByRole("button", { name: "Cancel booking" }));
    expect(await screen.findByRole("button", { name: "Book" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your booking was cancelled.");
    expect(calls.some((c) => c.method === "POST" && c.path === "/api/bookings/100/cancel")).toBe(true);
  });

  it("puts the member on the waitlist of a full class", async () => {
    const { api } = backend(1, 1);
    renderPage(<SessionPage />, { api, path: "/sessions/5", route: "/sessions/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Join waitlist" }));
    expect(await screen.findByText("You are on the waitlist (position 1).")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Leave waitlist" })).toBeInTheDocument();
  });

  it("shows the API's reason when booking is refused", async () => {
    const { api } = fakeApi(
      {
        "GET /api/me": () => ({ id: 1, email: "m@example.test", name: "Mia", role: "member" }),
        "GET /api/sessions/5": () => ({ id: 5, class_type_id: 1, class_type: "Yoga", trainer_id: 2, room: "", starts_at: future, ends_at: later, capacity: 5, booked_count: 0, waitlist_count: 0, cancellation_cutoff_minutes: 60, status: "scheduled" }),
        "GET /api/me/bookings": () => ({ items: [], page: 1, per_page: 100, total: 0 }),
        "POST /api/sessions/5/bookings": () => ({ status: 409, body: { error: { code: "no_entitlement", message: "You need a membership or credits to book." } } }),
      },
      { accessToken: "a", refreshToken: "r" },
    );
    renderPage(<SessionPage />, { api, path: "/sessions/5", route: "/sessions/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Book" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("You need a membership or credits to book.");
  });
});
