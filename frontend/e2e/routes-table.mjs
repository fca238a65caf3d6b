// Reads the client's route table (src/api/routes.ts) without a TypeScript toolchain, so the
// OpenAPI contract check can run under plain `node --test`. src/api/routes.test.ts checks that
// this parser returns exactly ROUTES, so the two cannot drift apart.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROUTES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "api", "routes.ts");

/** @returns {{name: string, method: string, path: string}[]} */
export function parseRoutes(source = fs.readFileSync(ROUTES_FILE, "utf8")) {
  const re = /(\w+):\s*\{\s*method:\s*"(GET|POST|PUT|PATCH|DELETE)",\s*path:\s*"([^"]+)"\s*\}/g;
  return [...source.matchAll(re)].map((m) => ({ name: m[1], method: m[2], path: m[3] }));
}

/** "/api/sessions/{id}" and "/api/sessions/{session_id}" and "/api/sessions/:id" all match. */
export function normalizePath(p) {
  return p.replace(/\{[^}]+\}/g, "{}").replace(/:[A-Za-z_]\w*/g, "{}").replace(/\/+$/, "") || "/";
}
