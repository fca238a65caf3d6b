import { useEffect, useState } from "react";
import { useApi } from "../auth/AuthContext";
import type { Order } from "../api";
import { getOrder } from "../features/membership/api";

export type Followed = "pending" | "paid" | "failed" | "timeout" | "error";
const FINAL_FAILED = new Set(["failed", "cancelled", "canceled"]);

/**
 * Polls GET /api/orders/:id until the backend says paid or failed. The page never
 * fulfils anything itself: only the backend (webhook) changes the order.
 */
export function useOrderStatus(orderId: string | null, { intervalMs = 2000, maxAttempts = 30 } = {}) {
  const api = useApi();
  const [order, setOrder] = useState<Order | null>(null);
  const [state, setState] = useState<Followed>("pending");

  useEffect(() => {
    if (!orderId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let seen = false;
    const poll = async () => {
      attempts++;
      try {
        const o = await getOrder(api, orderId);
        if (stopped) return;
        seen = true;
        setOrder(o);
        if (o.status === "paid") return setState("paid");
        if (o.status && FINAL_FAILED.has(o.status)) return setState("failed");
      } catch {
        if (stopped) return;
        if (attempts >= 3 && !seen) return setState("error");
      }
      if (attempts >= maxAttempts) return setState("timeout");
      timer = setTimeout(poll, intervalMs);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, orderId, intervalMs, maxAttempts]);

  return { order, state };
}
