import type { Provider, ProviderBody, ProviderFormat, ProviderPatch } from './types';

/** What the provider form edits, as strings and booleans (the inputs' own values). */
export interface ProviderFormValues {
  id: string;
  format: ProviderFormat;
  base_url: string;
  /** Empty on edit: keep the stored key. Never prefilled. */
  api_key: string;
  timeout_ms: string;
  retries: string;
  enabled: boolean;
  stream_support: boolean;
  non_stream_support: boolean;
  api_version: string;
  /** '' = the gateway's default. */
  max_tokens_field: '' | 'max_tokens' | 'max_completion_tokens';
  /** '' = the gateway's default. */
  reasoning: '' | 'true' | 'false';
  /** `Name: value` per line. */
  headers: string;
}

export type ProviderFormErrors = Partial<Record<keyof ProviderFormValues, string>>;

export const EMPTY_PROVIDER: ProviderFormValues = {
  id: '',
  format: 'openai',
  base_url: '',
  api_key: '',
  timeout_ms: '60000',
  retries: '2',
  enabled: true,
  stream_support: true,
  non_stream_support: true,
  api_version: '',
  max_tokens_field: '',
  reasoning: '',
  headers: '',
};

/** The form's values for an existing provider: the secret is never prefilled. */
export function valuesOf(provider: Provider): ProviderFormValues {
  return {
    id: provider.id,
    format: provider.format,
    base_url: provider.base_url,
    api_key: '',
    timeout_ms: String(provider.timeout_ms),
    retries: String(provider.retries),
    enabled: provider.enabled,
    stream_support: provider.stream_support,
    non_stream_support: provider.non_stream_support,
    api_version: provider.api_version ?? '',
    max_tokens_field: provider.max_tokens_field ?? '',
    reasoning: provider.reasoning === undefined ? '' : provider.reasoning ? 'true' : 'false',
    headers: Object.entries(provider.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
  };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `Name: value` lines to a map; throws with the line that is not a header. */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) throw new Error(`"${line}" is not "Name: value".`);
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function intError(text: string, min: number, max = Number.MAX_SAFE_INTEGER): string | undefined {
  if (!text.trim()) return 'Required.';
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    return max === Number.MAX_SAFE_INTEGER
      ? `A whole number of at least ${min}.`
      : `A whole number from ${min} to ${max}.`;
  }
  return undefined;
}

/** Client-side checks, named per field (the gateway checks again and its 400 is shown too). */
export function validateProvider(values: ProviderFormValues): ProviderFormErrors {
  const errors: ProviderFormErrors = {};
  if (!values.id.trim()) errors.id = 'Required.';
  else if (!ID.test(values.id)) errors.id = 'Letters, digits, ".", "_", ":" and "-" only.';
  if (!values.base_url.trim()) errors.base_url = 'Required.';
  else if (!isHttpUrl(values.base_url.trim()))
    errors.base_url = 'Must be an http(s) URL, e.g. https://api.openai.com/v1.';
  const timeout = intError(values.timeout_ms, 1);
  if (timeout) errors.timeout_ms = timeout;
  const retries = intError(values.retries, 0, 10);
  if (retries) errors.retries = retries;
  if (values.format === 'azure' && !values.api_version.trim())
    errors.api_version = 'Azure needs an api-version, e.g. 2024-10-21.';
  try {
    parseHeaders(values.headers);
  } catch (err) {
    errors.headers = (err as Error).message;
  }
  return errors;
}

function optionalFields(values: ProviderFormValues) {
  return {
    ...(values.api_version.trim() && { api_version: values.api_version.trim() }),
    ...(values.max_tokens_field && { max_tokens_field: values.max_tokens_field }),
    ...(values.reasoning && { reasoning: values.reasoning === 'true' }),
  };
}

/** POST /admin/providers: the whole provider (api_key only when one was typed). */
export function createBody(values: ProviderFormValues): ProviderBody {
  return {
    id: values.id.trim(),
    format: values.format,
    base_url: values.base_url.trim(),
    ...(values.api_key && { api_key: values.api_key }),
    timeout_ms: Number(values.timeout_ms),
    retries: Number(values.retries),
    enabled: values.enabled,
    stream_support: values.stream_support,
    non_stream_support: values.non_stream_support,
    headers: parseHeaders(values.headers),
    ...optionalFields(values),
  };
}

/**
 * PATCH /admin/providers/{id}: the fields the form shows. `api_key` only when a new one was
 * typed (empty keeps the stored secret); `headers` only when edited, since credential-like
 * header values come back masked and must not overwrite the stored ones.
 */
export function patchBody(values: ProviderFormValues, initial: ProviderFormValues): ProviderPatch {
  const body: ProviderPatch & { id?: string } = createBody(values);
  delete body.id;
  if (values.headers === initial.headers) delete body.headers;
  return body;
}
