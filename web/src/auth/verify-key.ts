import { api, ApiError } from '../api/client';

/**
 * Check that a key is an admin key by calling an admin endpoint with it. Resolves when it is;
 * rejects with the message to show otherwise.
 */
export async function verifyAdminKey(key: string): Promise<void> {
  const trimmed = key.trim();
  if (!trimmed) throw new Error('Enter an admin key.');
  let response: Response;
  try {
    ({ response } = await api.GET('/admin/stats', {
      headers: { authorization: `Bearer ${trimmed}` },
    }));
  } catch (err) {
    throw new ApiError(`The gateway could not be reached: ${(err as Error).message}`, 0);
  }
  if (response.ok) return;
  if (response.status === 401) {
    throw new ApiError('This key is not valid: check it and try again.', 401);
  }
  if (response.status === 403) {
    throw new ApiError(
      'This is not an admin key. The console needs a key with the admin role.',
      403,
    );
  }
  throw new ApiError(`The gateway answered ${response.status}; try again.`, response.status);
}
