// A tiny static server for the built app (frontend/dist) with /api proxied to the backend,
// so the E2E run needs neither nginx nor the proxy image.
//   node e2e/serve.mjs [--port 4173] [--api http://127.0.0.1:5000] [--dist dist]
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.E2E_PORT ?? "4173" },
    api: { type: "string", default: process.env.E2E_API_URL ?? "http://127.0.0.1:5000" },
    dist: { type: "string", default: path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "..", "dist") },
  },
});
const root = path.resolve(values.dist);
const api = new URL(values.api);
if (!fs.existsSync(path.join(root, "index.html"))) {
  console.error(`serve: ${root}/index.html missing: build the app first`);
  process.exit(1);
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

function proxy(req, res) {
  const upstream = http.request(
    { host: api.hostname, port: api.port || 80, method: req.method, path: req.url, headers: { ...req.headers, host: api.host } },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", (err) => {
    res.writeHead(502, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { code: "bad_gateway", message: `backend unreachable: ${err.message}` } }));
  });
  req.pipe(upstream);
}

function serveFile(res, file, cache) {
  res.writeHead(200, { "Content-Type": types[path.extname(file)] ?? "application/octet-stream", "Cache-Control": cache });
  fs.createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname.startsWith("/api/")) return proxy(req, res);
  const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ""));
  if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
    return serveFile(res, file, url.pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  }
  if (url.pathname.startsWith("/assets/")) {
    res.writeHead(404).end();
    return;
  }
  serveFile(res, path.join(root, "index.html"), "no-cache"); // SPA fallback
});

server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`serve: ${root} on http://127.0.0.1:${values.port}, /api -> ${api.origin}`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
