export interface RuntimeConfig {
  /** "" = same origin (behind the proxy at /api). */
  apiUrl: string;
  stripePublicKey: string;
}

declare global {
  interface Window {
    __CONFIG__?: Partial<RuntimeConfig>;
  }
}

/** Read at call time: /config.js is written by the container at start, not at build. */
export function runtimeConfig(): RuntimeConfig {
  const c = (typeof window !== "undefined" && window.__CONFIG__) || {};
  return {
    apiUrl: typeof c.apiUrl === "string" ? c.apiUrl : "",
    stripePublicKey: typeof c.stripePublicKey === "string" ? c.stripePublicKey : "",
  };
}
