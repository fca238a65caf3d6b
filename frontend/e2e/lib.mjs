// Shared E2E helpers: settings from the environment, a small API client for fixtures (as admin
// or as a member), the browser, and screenshots.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "playwright-core";

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const reportsDir = path.resolve(repoRoot, process.env.REPORTS_DIR ?? "reports");

export const env = {
  baseUrl: (process.env.E2E_BASE_URL ?? "http://127.0.0.1:4173").replace(/\/+$/, ""),
  apiUrl: (process.env.E2E_API_URL ?? "http://127.0.0.1:5000").replace(/\/+$/, ""),
  adminEmail: process.env.E2E_ADMIN_EMAIL ?? "",
  adminPassword: process.env.E2E_ADMIN_PASSWORD ?? "",
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  screenshots: path.join(reportsDir, "e2e", "screenshots"),
};
env.openapiUrl = process.env.OPENAPI_URL ?? `${env.apiUrl}/api/openapi.json`;

// E2E_IGNORE_HTTPS_ERRORS=1 (test stacks behind a proxy with a self-signed certificate): the
// browser ignores certificate errors, and so does node's fetch in this test process (node reads
// NODE_TLS_REJECT_UNAUTHORIZED at each TLS connection and warns once). Off by default.
const ignoreHttps = process.env.E2E_IGNORE_HTTPS_ERRORS ?? "";
if (!["", "0", "1"].includes(ignoreHttps)) {
  throw new Error(`E2E_IGNORE_HTTPS_ERRORS must be 1, 0 or unset (got "${ignoreHttps}")`);
}
env.ignoreHttpsErrors = ignoreHttps === "1";
if (env.ignoreHttpsErrors) process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

/** A unique suffix so runs against a shared database never collide. */
export const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

export class ApiFailure extends Error {}

/** Calls the backend directly; throws with the error body on any non-2xx answer. */
export async function call(method, route, { token, body } = {}) {
  const res = await fetch(`${env.apiUrl}${route}`, {
    method,
    headers: {
      Accept: "application/json",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiFailure(`${method} ${route} -> ${res.status} ${text}`);
  return data;
}

export const items = (d) => (Array.isArray(d) ? d : (d?.items ?? []));

export async function login(email, password) {
  const res = await call("POST", "/api/auth/login", { body: { email, password } });
  return { token: res.access_token, user: res.user };
}

export async function registerMember(label) {
  const email = `e2e-${label}-${runId}@example.test`;
  const password = `pw-${runId}-Secret1`;
  const res = await call("POST", "/api/auth/register", { body: { email, password, name: `E2E ${label} ${runId}` } });
  return { email, password, token: res.access_token, user: res.user };
}

/** Starts Debian's Chromium with a fresh profile; the flags keep it off the (closed) network. */
export async function launchBrowser() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: env.chromium,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    ignoreHTTPSErrors: env.ignoreHttpsErrors,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  context.setDefaultTimeout(15_000);
  const close = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

let shot = 0;
export async function screenshot(page, name) {
  fs.mkdirSync(env.screenshots, { recursive: true });
  const file = path.join(env.screenshots, `${String(++shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Returns a journey's step(name, fn): it runs fn and, when fn fails, saves a screenshot
 * FAILED-<prefix><name> of the page currentPage() returns (if any) before rethrowing.
 */
export function stepper(prefix, currentPage) {
  return async function step(name, fn) {
    try {
      await fn();
    } catch (err) {
      const page = currentPage();
      if (page) await screenshot(page, `FAILED-${prefix}${name}`).catch(() => undefined);
      throw err;
    }
  };
}

/** Monday-based ISO day (YYYY-MM-DD, local time) the schedule's ?week= parameter takes. */
export function isoDay(d) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A valid size x size PNG of one RGB colour, made here (no fixture files, no image library). */
export function tinyPng(size = 8, [r, g, b] = [11, 110, 79]) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
