// Contract check: every (method, path) the client calls (src/api/routes.ts) must exist in the
// backend's OpenAPI document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { env } from "./lib.mjs";
import { normalizePath, parseRoutes } from "./routes-table.mjs";

test("every route the client uses is in the backend's OpenAPI document", async () => {
  const res = await fetch(env.openapiUrl);
  assert.equal(res.status, 200, `GET ${env.openapiUrl} answered ${res.status}`);
  const doc = await res.json();
  assert.ok(doc.paths && typeof doc.paths === "object", "OpenAPI document has no paths");

  const documented = new Set();
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${normalizePath(p)}`);
  }
  const routes = parseRoutes();
  assert.ok(routes.length > 20, `parsed only ${routes.length} routes from src/api/routes.ts`);
  const missing = routes.filter((r) => !documented.has(`${r.method} ${normalizePath(r.path)}`));
  assert.deepEqual(
    missing.map((r) => `${r.method} ${r.path} (${r.name})`),
    [],
    `routes used by the client but missing from ${env.openapiUrl}`,
  );
});
