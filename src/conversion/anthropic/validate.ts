import { InvalidRequestError } from '../../common/errors/gateway-error';

/**
 * Checks for client request bodies, worded like Anthropic's own 400s ("max_tokens: Field
 * required") so that a client sees the errors it would see from Anthropic. Optional fields
 * accept null as absent; unknown fields are never an error (the API adds fields every month).
 */

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A 400 naming the parameter (`messages.0.content.1.type`). */
export function invalid(path: string, message: string): never {
  throw new InvalidRequestError(`${path}: ${message}`, path);
}

export function at(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function present(obj: JsonObject, key: string, path: string, required: boolean): boolean {
  const value = obj[key];
  if (value !== undefined && value !== null) return true;
  if (required && value === undefined) invalid(at(path, key), 'Field required');
  return required;
}

export function readString(obj: JsonObject, key: string, path: string, required: true): string;
export function readString(obj: JsonObject, key: string, path: string): string | undefined;
export function readString(obj: JsonObject, key: string, path: string, required = false) {
  if (!present(obj, key, path, required)) return undefined;
  const value = obj[key];
  return typeof value === 'string'
    ? value
    : invalid(at(path, key), 'Input should be a valid string');
}

export function readBoolean(obj: JsonObject, key: string, path: string): boolean | undefined {
  if (!present(obj, key, path, false)) return undefined;
  const value = obj[key];
  return typeof value === 'boolean'
    ? value
    : invalid(at(path, key), 'Input should be a valid boolean');
}

export function readRecord(obj: JsonObject, key: string, path: string, required: true): JsonObject;
export function readRecord(obj: JsonObject, key: string, path: string): JsonObject | undefined;
export function readRecord(obj: JsonObject, key: string, path: string, required = false) {
  if (!present(obj, key, path, required)) return undefined;
  const value = obj[key];
  return isRecord(value) ? value : invalid(at(path, key), 'Input should be a valid dictionary');
}

export function readArray(obj: JsonObject, key: string, path: string, required: true): unknown[];
export function readArray(obj: JsonObject, key: string, path: string): unknown[] | undefined;
export function readArray(obj: JsonObject, key: string, path: string, required = false) {
  if (!present(obj, key, path, required)) return undefined;
  const value = obj[key];
  return Array.isArray(value) ? value : invalid(at(path, key), 'Input should be a valid list');
}

export interface NumberRule {
  integer?: boolean;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  required?: boolean;
}

export function readNumber(
  obj: JsonObject,
  key: string,
  path: string,
  rule: NumberRule = {},
): number | undefined {
  if (!present(obj, key, path, rule.required ?? false)) return undefined;
  const value = obj[key];
  const where = at(path, key);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalid(where, `Input should be a valid ${rule.integer ? 'integer' : 'number'}`);
  }
  if (rule.integer && !Number.isInteger(value)) invalid(where, 'Input should be a valid integer');
  if (rule.min !== undefined && value < rule.min) {
    invalid(where, `Input should be greater than or equal to ${rule.min}`);
  }
  if (rule.max !== undefined && value > rule.max) {
    invalid(where, `Input should be less than or equal to ${rule.max}`);
  }
  return value;
}

/** Drop the keys whose value is undefined (so that a parsed request shows only what was sent). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
