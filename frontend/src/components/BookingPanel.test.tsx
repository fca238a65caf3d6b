import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { BookingPanel, bookingState } from "./BookingPanel";
import { I18nProvider } from "../i18n";
import type { Booking, Session } from "../api";
import { aBooking, aSession } from "../test/fixtures";

const now = new Date("2026-03-02T08:00:00Z");
const session = (over: Partial<Session> = {}): Session => aSession({ booked_count: 3, ...over });
const booking = (status: Booking["status"], over: Partial<Booking> = {}): Booking => aBooking({ status, ...over });

function renderPanel(props: Partial<Parameters<typeof BookingPanel>[0]> = {}) {
  const onBook = vi.fn();
  const onCancel = vi.fn();
  render(
    <I18nProvider lang="en">
      <MemoryRouter>
        <BookingPanel session={session()} booking={null} loggedIn busy={false} onBook={onBook} onCancel={onCancel} now={now} {...props} />
      </MemoryRouter>
    </I18nProvider>,
  );
  return { onBook, onCancel };
}

describe("bookingState", () => {
  it.each([
    ["open", session(), null, true],
    ["full", session({ booked_count: 10 }), null, true],
    ["login", session(), null, false],
    ["booked", session(), booking("booked"), true],
    ["booked", session({ booked_count: 10 }), booking("checked_in"), true],
    ["waitlisted", session({ booked_count: 10 }), booking("waitlisted"), true],
    ["cancelled", session({ status: "cancelled" }), booking("booked"), true],
    ["past", session({ starts_at: "2026-03-01T08:00:00Z" }), null, true],
    ["not_open", session({ booking_opens_at: "2026-03-02T12:00:00Z" }), null, true],
  ] as const)("is %s", (want, s, b, loggedIn) => {
    expect(bookingState(s, b, loggedIn, now)).toBe(want);
  });
});

describe("BookingPanel", () => {
  it("books an open session", async () => {
    const { onBook } = renderPanel();
    await userEvent.click(screen.getByRole("button", { name: "Book" }));
    expect(onBook).toHaveBeenCalledOnce();
  });

  it("offers the waitlist when the class is full", async () => {
    const { onBook } = renderPanel({ session: session({ booked_count: 10 }) });
    expect(screen.getByText("This class is full.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Book" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Join waitlist" }));
    expect(onBook).toHaveBeenCalledOnce();
  });

  it("lets a booked member cancel", async () => {
    const b = booking("booked");
    const { onCancel } = renderPanel({ booking: b });
    expect(screen.getByText("You are booked for this class.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Cancel booking" }));
    expect(onCancel).toHaveBeenCalledWith(b);
  });

  it("shows the waitlist position and lets the member leave", async () => {
    const { onCancel } = renderPanel({ session: session({ booked_count: 10 }), booking: booking("waitlisted", { waitlist_position: 2 }) });
    expect(screen.getByText("You are on the waitlist (position 2).")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Leave waitlist" }));
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it("asks visitors to log in", () => {
    renderPanel({ loggedIn: false });
    expect(screen.getByRole("link", { name: "Log in to book" })).toHaveAttribute("href", "/login");
  });

  it("disables the action while busy", () => {
    renderPanel({ busy: true });
    expect(screen.getByRole("button", { name: "Book" })).toBeDisabled();
  });

  it("offers nothing for a cancelled class", () => {
    renderPanel({ session: session({ status: "cancelled" }) });
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByText("This class has been cancelled.")).toBeInTheDocument();
  });
});
