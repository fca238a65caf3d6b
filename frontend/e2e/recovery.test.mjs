// Password recovery through the real mail path: a member asks for a reset on the login page,
// the test reads the mail the backend delivered to Mailpit (E2E_MAILPIT_API), opens its link,
// sets a new password and logs in with it. The old password must no longer work.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ApiFailure, launchBrowser, login, registerMember, screenshot, stepper } from "./lib.mjs";
import { env } from "./lib.mjs";

const mailpit = (process.env.E2E_MAILPIT_API ?? "").replace(/\/+$/, "");
let browser;
let page;

const step = stepper("recovery-", () => page);

/** Waits (up to 20 s) for a mail to `to` whose subject is `subject`, and returns it whole. */
async function waitForMail(to, subject) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${mailpit}/api/v1/search?query=${encodeURIComponent(`to:"${to}" subject:"${subject}"`)}`);
    assert.ok(res.ok, `mailpit search: ${res.status}`);
    const { messages } = await res.json();
    if (messages?.length) {
      const msg = await fetch(`${mailpit}/api/v1/message/${messages[0].ID}`);
      return msg.json();
    }
    assert.ok(Date.now() < deadline, `no "${subject}" mail to ${to} in Mailpit after 20 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("password recovery by mail", () => {
  before(async () => {
    assert.ok(mailpit, "set E2E_MAILPIT_API (the Mailpit the backend's SMTP_URL points at; scripts/mailpit.sh starts one)");
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on("pageerror", (err) => console.error(`page error: ${err.message}`));
  });
  after(async () => browser?.close());

  it("resets the password from the mailed link and logs in with the new one", async () => {
    const m = await registerMember("reset");
    const newPassword = `new-${m.password}`;
    await step("ask", async () => {
      await page.goto(`${env.baseUrl}/login`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByRole("heading", { level: 1, name: "Forgot your password" }).waitFor();
      await page.getByLabel("Email").fill(m.email);
      await page.getByRole("button", { name: "Send the link" }).click();
      await page.getByText("If an account uses this address, a link is on its way.").waitFor();
      await screenshot(page, "recovery-1-asked");
    });
    let link;
    await step("mail", async () => {
      const mail = await waitForMail(m.email, "Reset your password");
      const match = mail.Text.match(/https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/);
      assert.ok(match, `no reset link in the mail:\n${mail.Text}`);
      // The link names PUBLIC_URL; the test opens the same path and token on the served app.
      const u = new URL(match[0]);
      link = `${env.baseUrl}${u.pathname}${u.search}`;
    });
    await step("reset", async () => {
      await page.goto(link);
      await page.getByRole("heading", { level: 1, name: "Set a new password" }).waitFor();
      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await page.getByLabel("Repeat the new password").fill(newPassword);
      await screenshot(page, "recovery-2-new-password");
      await page.getByRole("button", { name: "Set password" }).click();
      await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
      await page.getByText("Your password is set").waitFor();
    });
    await step("login", async () => {
      await page.getByLabel("Email").fill(m.email);
      await page.getByLabel("Password").fill(newPassword);
      await page.getByRole("button", { name: "Log in" }).last().click();
      await page.getByRole("button", { name: "Log out" }).waitFor();
      await screenshot(page, "recovery-3-signed-in");
    });
    await assert.rejects(login(m.email, m.password), ApiFailure, "the old password still works");
    const again = await login(m.email, newPassword);
    assert.equal(again.user.email, m.email);
  });
});
