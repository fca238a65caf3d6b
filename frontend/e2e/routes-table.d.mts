export declare const ROUTES_FILE: string;
export declare function parseRoutes(source?: string): { name: string; method: string; path: string }[];
export declare function normalizePath(p: string): string;
