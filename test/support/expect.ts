import { APIError } from 'openai';
import type { HttpResult } from './gateway';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Assert an HTTP result is an error in OpenAI's shape with this status; return its error. */
export function expectOpenAIError(
  result: HttpResult,
  status: number,
  expected: Partial<OpenAIErrorBody['error']> = {},
): OpenAIErrorBody['error'] {
  expect({ status: result.status, body: result.body }).toMatchObject({
    status,
    body: { error: { message: expect.any(String), type: expect.any(String), ...expected } },
  });
  expect(Object.keys(result.body as object)).toEqual(['error']);
  const { error } = result.body as OpenAIErrorBody;
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(error.param === null || typeof error.param === 'string').toBe(true);
  expect(error.code === null || typeof error.code === 'string').toBe(true);
  return error;
}

/** The error a promise (an SDK call) rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The APIError an SDK call rejects with. */
export async function apiErrorOf(promise: Promise<unknown>): Promise<APIError> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(APIError);
  return err as APIError;
}
