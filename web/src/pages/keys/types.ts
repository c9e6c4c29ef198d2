import type { components, paths } from '../../api/schema';

/** A gateway key as GET /admin/keys lists it (prefix only, with its current use). */
export type Key =
  paths['/admin/keys']['get']['responses'][200]['content']['application/json'][number];

/** The body of POST /admin/keys (the YAML `api_keys` entry). */
export type NewKey = paths['/admin/keys']['post']['requestBody']['content']['application/json'];

/** The answer of POST /admin/keys: the key with its plaintext, shown this once. */
export type CreatedKey =
  paths['/admin/keys']['post']['responses'][201]['content']['application/json'];

export type KeyUsage = components['schemas']['KeyUsage_Output'];

export type Role = Key['role'];
