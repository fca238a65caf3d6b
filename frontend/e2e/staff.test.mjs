// The staff's path through the admin pages against the real backend: create a weekly series and
// see it in the week view, change a session's time, correct a member's credits, filter the orders
// and download them as CSV, open the reports with their charts. Every UI step is checked on the
// server too.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { call, env, isoDay, items, launchBrowser, login, registerMember, runId, screenshot, stepper } from "./lib.mjs";

const fx = {};
let browser;
let page;
const dialogAnswers = [];

const step = stepper("staff-", () => page);

const pad = (n) => String(n).padStart(2, "0");
/** The value a datetime-local input shows for d in the browser's (= this process's) zone. */
const localInput = (d) => `${isoDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

describe("staff journey", () => {
  before(async () => {
    assert.ok(env.adminEmail && env.adminPassword, "set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (an admin account)");
    fx.admin = await login(env.adminEmail, env.adminPassword);
    const A = { token: fx.admin.token };
    const trainer = await registerMember("staff-trainer");
    await call("PATCH", `/api/users/${trainer.user.id}`, { ...A, body: { role: "trainer" } });
    fx.trainer = trainer;
    fx.classType = await call("POST", "/api/class-types", {
      ...A, body: { name: `E2E Pilates ${runId}`, description: "series", level: "all", duration_minutes: 50, credit_cost: 1 },
    });
    fx.plan = await call("POST", "/api/plans", { ...A, body: { name: `E2E pack ${runId}`, kind: "credit_pack", credits: 10, validity_days: 90, price_rappen: 15000 } });
    fx.member = await registerMember("staff-member");
    fx.entitlement = await call("POST", `/api/users/${fx.member.user.id}/entitlements`, { ...A, body: { plan_id: fx.plan.id } });
    const start = new Date(Date.now() + 26 * 3600_000);
    start.setMinutes(0, 0, 0);
    fx.session = await call("POST", "/api/sessions", {
      ...A, body: { class_type_id: fx.classType.id, trainer_id: trainer.user.id, room: "E2E room", starts_at: start.toISOString(), capacity: 8, cancellation_cutoff_minutes: 60 },
    });
    await call("POST", `/api/sessions/${fx.session.id}/bookings`, { token: fx.member.token, body: {} });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on("pageerror", (err) => console.error(`page error: ${err.message}`));
    // prompt() and confirm() are answered from a queue each step fills.
    page.on("dialog", (d) => (dialogAnswers.length ? d.accept(dialogAnswers.shift()) : d.dismiss()));
    await page.goto(`${env.baseUrl}/login`);
    await page.getByLabel("Email").fill(env.adminEmail);
    await page.getByLabel("Password").fill(env.adminPassword);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Signed in as").waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  it("creates a weekly series and sees its sessions in the week view", () =>
    step("series", async () => {
      const day = new Date(Date.now() + 24 * 3600_000);
      const weekday = ((day.getDay() + 6) % 7) + 1;
      await page.goto(`${env.baseUrl}/admin/series`);
      await page.getByRole("heading", { level: 1, name: "Timetable" }).waitFor();
      await page.getByLabel("Class type").selectOption(String(fx.classType.id));
      await page.getByLabel("Trainer").selectOption(String(fx.trainer.user.id));
      await page.getByLabel("Weekday").selectOption(String(weekday));
      await page.getByLabel("Start time (Zurich)").fill("19:15");
      await page.getByLabel("Room").fill(`Series room ${runId}`);
      await page.getByLabel("From").fill(isoDay(day));
      await screenshot(page, "staff-series-form");
      await page.getByRole("button", { name: "Create" }).click();
      await page.getByText("Series created; its sessions are in the week view.").waitFor();
      await page.getByText(`Series room ${runId}`).first().waitFor();
      await screenshot(page, "staff-series-list");
      const week = items(await call("GET", `/api/sessions?from=${isoDay(day)}&to=${isoDay(new Date(day.getTime() + 86400_000))}&trainer=${fx.trainer.user.id}`));
      const generated = week.find((s) => s.series_id && s.room === `Series room ${runId}`);
      assert.ok(generated, "no generated session on the series' first day");
      await page.goto(`${env.baseUrl}/?week=${isoDay(day)}`);
      await page.locator(`a[href="/sessions/${generated.id}"]`).waitFor();
      await screenshot(page, "staff-series-week-view");
    }));

  it("changes a session's time, confirming for its booked member", () =>
    step("session-time", async () => {
      await page.goto(`${env.baseUrl}/admin/sessions`);
      await page.getByRole("heading", { level: 1, name: "Sessions" }).waitFor();
      const moved = new Date(new Date(fx.session.starts_at).getTime() + 90 * 60_000);
      dialogAnswers.push(localInput(moved), undefined);
      // The fixture session: this class type, one of eight seats booked.
      const row = page.locator("li", { hasText: fx.classType.name }).filter({ hasText: "· 1/8" });
      await row.getByRole("button", { name: /Change time/ }).click();
      await page.getByText("Session moved.").waitFor();
      await screenshot(page, "staff-session-moved");
      const s = await call("GET", `/api/sessions/${fx.session.id}`);
      assert.equal(new Date(s.starts_at).getTime(), moved.getTime(), "the session did not move on the server");
    }));

  it("adjusts a member's credits with a reason", () =>
    step("credits", async () => {
      await page.goto(`${env.baseUrl}/admin/members`);
      await page.getByLabel("Search by name or e-mail").fill(fx.member.email);
      await page.getByRole("link", { name: new RegExp(`Open ${fx.member.user.name}`) }).click();
      const row = page.getByTestId(`entitlement-${fx.entitlement.id}`);
      await row.getByText("Remaining: 9/10").waitFor();
      await row.getByRole("button", { name: "Adjust credits" }).click();
      await row.getByLabel("Credits (+/−)").fill("3");
      await row.getByLabel("Reason").fill("E2E goodwill");
      await row.getByRole("button", { name: "Save" }).click();
      await page.getByText("Credits adjusted.").waitFor();
      await row.getByText("Remaining: 12/12").waitFor();
      await row.getByText("E2E goodwill").waitFor();
      await screenshot(page, "staff-credits-adjusted");
      const ledger = items(await call("GET", `/api/entitlements/${fx.entitlement.id}/ledger`, { token: fx.admin.token }));
      assert.equal(ledger[0]?.credits_after, 12);
      assert.equal(ledger[0]?.reason, "E2E goodwill");
    }));

  it("extends a member's entitlement with a reason", () =>
    step("extend", async () => {
      const row = page.getByTestId(`entitlement-${fx.entitlement.id}`);
      const until = new Date(Date.now() + 400 * 24 * 3600 * 1000);
      until.setSeconds(0, 0);
      const local = new Date(until.getTime() - until.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await row.getByRole("button", { name: "Extend expiry" }).click();
      await row.getByLabel("New expiry").fill(local);
      await row.getByLabel("Reason").fill("E2E injury pause");
      await row.getByRole("button", { name: "Save" }).click();
      await page.getByText("Expiry extended.").waitFor();
      await screenshot(page, "staff-expiry-extended");
      const ents = items(await call("GET", `/api/users/${fx.member.user.id}/entitlements`, { token: fx.admin.token }));
      const ent = ents.find((e) => e.id === fx.entitlement.id);
      assert.equal(new Date(ent?.ends_at).getTime(), until.getTime(), "the expiry did not move on the server");
    }));

  it("filters the orders and downloads them as CSV", () =>
    step("orders", async () => {
      await page.goto(`${env.baseUrl}/admin/orders`);
      await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
      await page.getByLabel("Status").selectOption("paid");
      await page.getByLabel("Member id").fill(String(fx.member.user.id));
      await page.getByRole("button", { name: "Apply" }).click();
      await screenshot(page, "staff-orders-filtered");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
      const text = fs.readFileSync(await download.path(), "utf8");
      assert.ok(text.startsWith("\ufeffid;created_at;member;email;plan;amount_chf;currency;status;paid_at;refunded_at\r\n"), `CSV starts ${JSON.stringify(text.slice(0, 80))}`);
      assert.equal(download.suggestedFilename(), "orders.csv");
    }));

  it("opens the reports page with its charts", () =>
    step("reports", async () => {
      await page.goto(`${env.baseUrl}/admin/reports`);
      await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
      // This run's sessions are all ahead: take the next two weeks into the period.
      await page.getByLabel("To").fill(isoDay(new Date(Date.now() + 14 * 86400_000)));
      const from = await page.getByLabel("From").inputValue();
      const a = await call("GET", `/api/reports/attendance?from=${from}&to=${isoDay(new Date(Date.now() + 14 * 86400_000))}`, { token: fx.admin.token });
      assert.ok(a.total.sessions > 0 && a.total.bookings > 0, "the period holds no booked session");
      await page.getByText(`Sessions: ${a.total.sessions} · Bookings: ${a.total.bookings}`).waitFor();
      for (const id of ["chart-attendance-week", "chart-attendance-type", "chart-attendance-trainer", "chart-revenue-month"]) {
        await page.getByTestId(id).locator("canvas").waitFor();
      }
      await page.waitForTimeout(500); // chart.js animates in
      await screenshot(page, "staff-reports");
    }));
});
