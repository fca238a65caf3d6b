/** A form field as trimmed text ("" when absent). */
export const str = (f: FormData, k: string) => String(f.get(k) ?? "").trim();
/** A form field as a number (0 when absent). */
export const num = (f: FormData, k: string) => Number(f.get(k) ?? 0);
