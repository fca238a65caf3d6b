// Runtime configuration. The container entrypoint overwrites this file from
// REACT_APP_API_URL and REACT_APP_STRIPE_PUBLIC_KEY. apiUrl "" means same origin (/api).
window.__CONFIG__ = { apiUrl: "", stripePublicKey: "" };
