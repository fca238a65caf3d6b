// The member's path through the app against the real backend: register, log in, see the week
// schedule, book, see it in my bookings, cancel; a full class offers the waitlist; rename on the
// profile page and upload a picture. Every UI step
// is also checked on the server, so the run fails when booking breaks.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { call, env, isoDay, items, launchBrowser, login, registerMember, runId, screenshot, stepper, tinyPng } from "./lib.mjs";

const fixtures = {};
let browser;
let page;

const step = stepper("", () => page);

/** The member's booking that match picks, as the server has it (GET /api/me/bookings). */
async function myBooking(match) {
  return items(await call("GET", "/api/me/bookings", { token: fixtures.memberToken })).find(match);
}

function sessionTimes(hoursFromNow) {
  const start = new Date(Date.now() + hoursFromNow * 3600_000);
  start.setMinutes(0, 0, 0);
  return { starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 3600_000).toISOString(), start };
}

describe("member booking journey", () => {
  before(async () => {
    assert.ok(env.adminEmail && env.adminPassword, "set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (an admin account)");
    const admin = await login(env.adminEmail, env.adminPassword);
    assert.equal(admin.user.role, "admin", `${env.adminEmail} is not an admin`);
    fixtures.admin = admin;
    const A = { token: admin.token };

    // A trainer, a class type, a credit pack, and two sessions tomorrow: one open, one full.
    const trainer = await registerMember("trainer");
    await call("PATCH", `/api/users/${trainer.user.id}`, { ...A, body: { role: "trainer" } });
    fixtures.trainer = trainer;
    fixtures.classType = await call("POST", "/api/class-types", {
      ...A,
      body: { name: `E2E Yoga ${runId}`, description: "Created by the browser tests", level: "all", duration_minutes: 60, credit_cost: 1 },
    });
    fixtures.fullType = await call("POST", "/api/class-types", {
      ...A,
      body: { name: `E2E Spin ${runId}`, description: "Always full", level: "all", duration_minutes: 60, credit_cost: 1 },
    });
    fixtures.plan = await call("POST", "/api/plans", {
      ...A,
      body: { name: `E2E 10 credits ${runId}`, kind: "credit_pack", months: null, credits: 10, validity_days: 90, price_rappen: 20000, currency: "CHF", active: true },
    });
    const open = sessionTimes(26);
    fixtures.start = open.start;
    fixtures.session = await call("POST", "/api/sessions", {
      ...A,
      body: { class_type_id: fixtures.classType.id, trainer_id: trainer.user.id, room: "Studio E2E", starts_at: open.starts_at, ends_at: open.ends_at, capacity: 10, cancellation_cutoff_minutes: 60 },
    });
    const full = sessionTimes(28);
    fixtures.fullSession = await call("POST", "/api/sessions", {
      ...A,
      body: { class_type_id: fixtures.fullType.id, trainer_id: trainer.user.id, room: "Studio E2E", starts_at: full.starts_at, ends_at: full.ends_at, capacity: 1, cancellation_cutoff_minutes: 60 },
    });
    // Fill the one place with another member.
    const filler = await registerMember("filler");
    await call("POST", `/api/users/${filler.user.id}/entitlements`, { ...A, body: { plan_id: fixtures.plan.id } });
    const fillerBooking = await call("POST", `/api/sessions/${fixtures.fullSession.id}/bookings`, { token: filler.token, body: {} });
    assert.equal(fillerBooking.status, "booked", "setup: the filler member could not book the capacity-1 session");
    // A class starting in 30 minutes, inside the check-in window, for the trainer's roster.
    const soonStart = new Date(Date.now() + 30 * 60_000);
    fixtures.soonSession = await call("POST", "/api/sessions", {
      ...A,
      body: { class_type_id: fixtures.classType.id, trainer_id: trainer.user.id, room: "Studio E2E", starts_at: soonStart.toISOString(), ends_at: new Date(soonStart.getTime() + 3600_000).toISOString(), capacity: 5, cancellation_cutoff_minutes: 0 },
    });
    await call("POST", `/api/sessions/${fixtures.soonSession.id}/bookings`, { token: filler.token, body: {} });

    fixtures.member = {
      name: `E2E Member ${runId}`,
      email: `e2e-member-${runId}@example.test`,
      password: `pw-${runId}-Secret1`,
    };
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on("pageerror", (err) => console.error(`page error: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  it("registers a new member", () =>
    step("register", async () => {
      const m = fixtures.member;
      await page.goto(`${env.baseUrl}/register`);
      await page.getByRole("heading", { level: 1, name: "Create your account" }).waitFor();
      await page.getByLabel("Name").fill(m.name);
      await page.getByLabel("Email").fill(m.email);
      await page.getByLabel("Password").fill(m.password);
      await screenshot(page, "register");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByText(`Signed in as ${m.name}`).waitFor();
      const me = await login(m.email, m.password);
      fixtures.memberId = me.user.id;
      assert.equal(me.user.role, "member");
      // The member buys nothing in the browser (no Stripe here); the admin grants credits.
      await call("POST", `/api/users/${me.user.id}/entitlements`, { token: fixtures.admin.token, body: { plan_id: fixtures.plan.id } });
    }));

  it("logs out and logs in again", () =>
    step("login", async () => {
      await page.getByRole("button", { name: "Log out" }).click();
      await page.getByRole("link", { name: "Log in" }).first().click();
      await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
      await page.getByLabel("Email").fill(fixtures.member.email);
      await page.getByLabel("Password").fill(fixtures.member.password);
      await screenshot(page, "login");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByText(`Signed in as ${fixtures.member.name}`).waitFor();
    }));

  it("sees the week schedule and filters it by class type", () =>
    step("schedule", async () => {
      await page.goto(`${env.baseUrl}/?week=${isoDay(fixtures.start)}`);
      await page.getByRole("heading", { level: 1, name: "Week schedule" }).waitFor();
      const link = page.locator(`a[href="/sessions/${fixtures.session.id}"]`, { hasText: fixtures.classType.name });
      await link.waitFor();
      await screenshot(page, "schedule");
      await page.getByLabel("Class type").selectOption(String(fixtures.classType.id));
      await page.locator(`a[href="/sessions/${fixtures.fullSession.id}"]`).waitFor({ state: "detached" });
      await link.waitFor();
      await screenshot(page, "schedule-filtered");
    }));

  it("books a session", () =>
    step("book", async () => {
      await page.locator(`a[href="/sessions/${fixtures.session.id}"]`).click();
      await page.getByRole("heading", { level: 1, name: fixtures.classType.name }).waitFor();
      await screenshot(page, "session-detail");
      await page.getByRole("button", { name: "Book", exact: true }).click();
      await page.getByText("You are booked for this class.").waitFor();
      await page.getByTestId("spots").getByText("1 / 10").waitFor();
      await screenshot(page, "session-booked");

      const member = await login(fixtures.member.email, fixtures.member.password);
      fixtures.memberToken = member.token;
      const booking = await myBooking((b) => b.session_id === fixtures.session.id);
      assert.ok(booking, "the booking made in the browser is not in GET /api/me/bookings");
      assert.equal(booking.status, "booked");
      fixtures.booking = booking;
    }));

  it("sees the booking in my bookings and cancels it", () =>
    step("my-bookings", async () => {
      await page.getByRole("link", { name: "My bookings" }).click();
      await page.getByRole("heading", { level: 1, name: "My bookings" }).waitFor();
      const row = page.getByTestId("upcoming-bookings").locator(`[data-booking-id="${fixtures.booking.id}"]`);
      await row.getByRole("link", { name: fixtures.classType.name }).waitFor();
      await row.getByText("Booked", { exact: true }).waitFor();
      await screenshot(page, "my-bookings");
      await row.getByRole("button", { name: "Cancel booking" }).click();
      await page.getByRole("status").getByText("Your booking was cancelled.").waitFor();
      await page.getByTestId("past-bookings").locator(`[data-booking-id="${fixtures.booking.id}"]`).getByText("Cancelled", { exact: true }).waitFor();
      await screenshot(page, "my-bookings-cancelled");

      const booking = await myBooking((b) => b.id === fixtures.booking.id);
      assert.equal(booking?.status, "cancelled", "the cancel in the browser did not cancel the booking on the server");
    }));

  it("is offered the waitlist for a full class and joins it", () =>
    step("waitlist", async () => {
      await page.goto(`${env.baseUrl}/sessions/${fixtures.fullSession.id}`);
      await page.getByRole("heading", { level: 1, name: fixtures.fullType.name }).waitFor();
      await page.getByText("This class is full.").waitFor();
      assert.equal(await page.getByRole("button", { name: "Book", exact: true }).count(), 0, "a full class still offers Book");
      await screenshot(page, "session-full");
      await page.getByRole("button", { name: "Join waitlist" }).click();
      await page.getByText(/You are on the waitlist \(position 1\)/).waitFor();
      await screenshot(page, "session-waitlisted");

      const w = await myBooking((b) => b.session_id === fixtures.fullSession.id);
      assert.equal(w?.status, "waitlisted", "joining the waitlist in the browser did not waitlist on the server");
    }));

  it("fits a phone-sized screen and switches to German", () =>
    step("mobile-german", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${env.baseUrl}/?week=${isoDay(fixtures.start)}`);
      await page.getByRole("heading", { level: 1, name: "Week schedule" }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the schedule scrolls sideways on a phone (${overflow}px)`);
      await page.getByLabel("Language").selectOption("de");
      await page.getByRole("heading", { level: 1, name: "Wochenplan" }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
      await screenshot(page, "schedule-mobile-de");
      await page.getByLabel("Sprache").selectOption("en");
      await page.getByRole("heading", { level: 1, name: "Week schedule" }).waitFor();
      await page.setViewportSize({ width: 1280, height: 900 });
    }));

  it("shows membership credits and no payment form without a Stripe key", () =>
    step("membership", async () => {
      await page.getByRole("link", { name: "Membership" }).click();
      await page.getByRole("heading", { level: 1, name: "Membership and credits" }).waitFor();
      await page.getByText(/credits left/).first().waitFor();
      await screenshot(page, "membership");
      // Without a Stripe key (serve.mjs and the default config.js) checkout must say so, not crash.
      await page.getByRole("link", { name: `Buy ${fixtures.plan.name}` }).click();
      await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
      const key = await page.evaluate(() => window.__CONFIG__?.stripePublicKey ?? "");
      if (!key) await page.getByText(/Payments are unavailable right now/).waitFor();
      await screenshot(page, key ? "checkout" : "checkout-unavailable");
    }));

  it("renames the member on the profile page and uploads a picture", () =>
    step("profile", async () => {
      const newName = `E2E Renamed ${runId}`;
      await page.getByRole("link", { name: "My profile" }).click();
      await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
      await page.getByLabel("Name", { exact: true }).fill(newName);
      await page.getByRole("button", { name: "Save profile" }).click();
      await page.getByRole("status").getByText("Profile saved.").waitFor();
      await page.getByText(`Signed in as ${newName}`).waitFor();

      await page.getByLabel("Choose a picture").setInputFiles({ name: "avatar.png", mimeType: "image/png", buffer: tinyPng() });
      await page.getByRole("button", { name: "Upload picture" }).click();
      await page.getByRole("status").getByText("Profile picture updated.").waitFor();
      const img = page.getByRole("img", { name: `Profile picture of ${newName}` });
      await img.waitFor();
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
      await screenshot(page, "profile");

      const me = await call("GET", "/api/me", { token: fixtures.memberToken });
      assert.equal(me.name, newName, "the name saved in the browser is not the server's");
      assert.ok(me.avatar_upload_id, "the picture uploaded in the browser is not the member's avatar");
      assert.ok((await img.getAttribute("src"))?.endsWith(`/api/uploads/${me.avatar_upload_id}`), "the page does not show the stored avatar");
      fixtures.member.name = newName;
    }));

  it("lets staff see the roster and admin pages", () =>
    step("staff", async () => {
      await page.getByRole("button", { name: "Log out" }).click();
      await page.goto(`${env.baseUrl}/login`);
      await page.getByLabel("Email").fill(env.adminEmail);
      await page.getByLabel("Password").fill(env.adminPassword);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("link", { name: "Admin" }).waitFor();
      await page.goto(`${env.baseUrl}/trainer/sessions/${fixtures.soonSession.id}`);
      await page.getByRole("heading", { level: 1, name: `Roster: ${fixtures.classType.name}` }).waitFor();
      await page.getByRole("table").waitFor();
      await screenshot(page, "roster");
      await page.getByRole("button", { name: /^Check in E2E filler/ }).click();
      await page.getByRole("cell", { name: "Checked in", exact: true }).first().waitFor();
      await screenshot(page, "roster-checked-in");
      await page.goto(`${env.baseUrl}/admin/class-types`);
      await page.getByRole("cell", { name: fixtures.classType.name, exact: true }).waitFor();
      await screenshot(page, "admin-class-types");
    }));
});
