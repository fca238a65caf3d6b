import { describe, expect, it, vi, afterEach } from "vitest";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { useOrderStatus } from "./useOrderStatus";
import { AuthProvider } from "../auth/AuthContext";
import { fakeApi } from "../test/fakeApi";
import type { Api } from "../api";

const wrap = (api: Api) =>
  function Wrapper({ children }: { children: ReactNode }) {
    return <AuthProvider api={api}>{children}</AuthProvider>;
  };

afterEach(() => vi.useRealTimers());

describe("useOrderStatus", () => {
  it("polls until the backend reports the order paid, then stops", async () => {
    vi.useFakeTimers();
    const answers = ["pending", "pending", "paid"];
    const { api, calls } = fakeApi({ "GET /api/orders/42": () => ({ id: 42, plan_id: 1, status: answers.shift() ?? "paid" }) });
    const { result } = renderHook(() => useOrderStatus("42", { intervalMs: 1000 }), { wrapper: wrap(api) });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.state).toBe("pending");
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(result.current.state).toBe("pending");
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(result.current.state).toBe("paid");
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(calls.filter((c) => c.path === "/api/orders/42")).toHaveLength(3);
    // Only reads: the page never changes the order itself.
    expect(calls.every((c) => c.method === "GET")).toBe(true);
  });

  it("reports a failed payment", async () => {
    vi.useFakeTimers();
    const { api } = fakeApi({ "GET /api/orders/7": () => ({ id: 7, plan_id: 1, status: "failed" }) });
    const { result } = renderHook(() => useOrderStatus("7"), { wrapper: wrap(api) });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.state).toBe("failed");
  });

  it("gives up after maxAttempts with a timeout state", async () => {
    vi.useFakeTimers();
    const { api } = fakeApi({ "GET /api/orders/8": () => ({ id: 8, plan_id: 1, status: "pending" }) });
    const { result } = renderHook(() => useOrderStatus("8", { intervalMs: 100, maxAttempts: 3 }), { wrapper: wrap(api) });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(result.current.state).toBe("timeout");
  });
});
