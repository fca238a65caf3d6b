import { defineConfig } from "vitest/config";

// No React plugin: Vite 8 (oxc) compiles TSX with the automatic JSX runtime from tsconfig.
// The dev server proxies /api to a local backend so the app can use same-origin URLs.
export default defineConfig({
  server: {
    proxy: { "/api": process.env.VITE_API_PROXY ?? "http://127.0.0.1:5000" },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-router ships "use client" directives; they mean nothing in a client-only bundle.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
