/**
 * Reading Gemini JSON, which the API accepts in both spellings of every proto field
 * (`inlineData` and `inline_data`). Only known field names go through `field`: user data
 * (function arguments, schemas) is never renamed.
 */
import type { Json } from './types';

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `object[name]`, or its snake_case spelling. */
export function field(object: Json, name: string): unknown {
  if (object[name] !== undefined) return object[name];
  return object[snakeCase(name)];
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `object[name]`, or undefined when absent or not an object. */
export function objectField(object: Json, name: string): Json | undefined {
  const value = field(object, name);
  return isObject(value) ? value : undefined;
}

/** The array at `object[name]`, or [] when absent or not an array. */
export function arrayField(object: Json, name: string): unknown[] {
  const value = field(object, name);
  return Array.isArray(value) ? (value as unknown[]) : [];
}

export function stringField(object: Json, name: string): string | undefined {
  const value = field(object, name);
  return typeof value === 'string' ? value : undefined;
}

export function numberField(object: Json, name: string): number | undefined {
  const value = field(object, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
