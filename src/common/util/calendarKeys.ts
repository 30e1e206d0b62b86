const pad = (n: number): string => String(n).padStart(2, "0");

/** Local calendar day, `YYYY-MM-DD`: spend is reported by the user's own day. */
export const dayKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Local calendar month, `YYYY-MM`. */
export const monthKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
