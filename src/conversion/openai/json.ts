/** Small JSON helpers: reading untrusted upstream JSON, and writing bodies without empty keys. */

export type Json = Record<string, unknown>;

/** A plain object, or null for anything else (arrays, strings, null). */
export function object(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : null;
}

/** A string, or '' for anything else. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Client fields may be sent as null; canonical and upstream bodies leave them out. */
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** `value` without its undefined and null keys. */
export function compact<T extends object>(value: Nullable<T>): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v != null)) as T;
}
