import type { z } from 'zod';
import { InvalidRequestError } from '../common/errors/gateway-error';

/**
 * Validate a client body against a schema; the first problem becomes a 400 that names the
 * field (`param`) and what is wrong with it.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError('Request body must be a JSON object.', null, 'invalid_body');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue.path.map(String).join('.') || null;
  const missing = issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined;
  const message = missing
    ? `'${param}' is required.`
    : `Invalid '${param ?? 'body'}': ${issue.message}.`;
  throw new InvalidRequestError(message, param, 'invalid_request');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
