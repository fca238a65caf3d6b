import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { ErrorMessage, Loading } from "./Status";

interface Props<T> {
  query: UseQueryResult<T>;
  /** Shown instead of `children` when the answer is an empty list. */
  empty?: ReactNode;
  children(data: T): ReactNode;
}

/** A query's three states: its error (with "try again"), loading, or what `children` makes of the data. */
export function QueryView<T>({ query, empty, children }: Props<T>) {
  if (query.error) return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <Loading />;
  if (empty !== undefined && Array.isArray(query.data) && query.data.length === 0) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
