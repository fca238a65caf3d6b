// Contract check against the running backend: the OpenAPI document it serves must be the one the
// frontend was built against (src/api/openapi.json, from which src/api/schema.gen.ts and so
// every typed request and response of the client are generated).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { env } from "./lib.mjs";

const committed = new URL("../src/api/openapi.json", import.meta.url);

test("the backend serves the OpenAPI document the client was generated from", async () => {
  const res = await fetch(env.openapiUrl);
  assert.equal(res.status, 200, `GET ${env.openapiUrl} answered ${res.status}`);
  const served = await res.json();
  const expected = JSON.parse(fs.readFileSync(committed, "utf8"));
  assert.ok(Object.keys(expected.paths ?? {}).length > 20, "src/api/openapi.json has suspiciously few paths");
  const key = (doc) => Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`)).sort();
  // The routes first, for a readable message; then the whole document (shapes included).
  assert.deepEqual(key(served), key(expected), `routes of ${env.openapiUrl} differ from src/api/openapi.json (npm run gen:api)`);
  assert.deepEqual(served, expected, `${env.openapiUrl} differs from src/api/openapi.json: run npm run gen:api and rebuild`);
});
