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
  const message =
    issue.code === 'invalid_type' && issue.input === undefined
      ? `'${param}' is required.`
      : `Invalid '${param ?? 'body'}': ${issue.message}.`;
  throw new InvalidRequestError(message, param, 'invalid_request');
}
