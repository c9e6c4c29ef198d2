import type { NewKey, Role } from './types';

/** What the "Add key" form holds: every field as typed. */
export interface KeyFormValues {
  name: string;
  role: Role;
  /** Comma- or space-separated model names or globs; empty means every model (`*`). */
  models: string;
  rpm: string;
  tpm: string;
  budgetUsd: string;
  budgetPeriod: string;
  /** A JSON object (rules read it as `Key.metadata`), or empty. */
  metadata: string;
}

export const EMPTY_KEY_FORM: KeyFormValues = {
  name: '',
  role: 'user',
  models: '*',
  rpm: '',
  tpm: '',
  budgetUsd: '',
  budgetPeriod: '0 0 1 * *',
  metadata: '',
};

export type KeyFormErrors = Partial<Record<keyof KeyFormValues, string>>;

/** The gateway's rule for key names (see `id` in src/config/gateway-config.schema.ts). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

function positiveInt(text: string): number | null | undefined {
  if (!text.trim()) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * The POST /admin/keys body for these values, or the message per field that is wrong. Mirrors
 * the gateway's checks so the user hears about them before sending; the gateway still decides.
 */
export function keyBody(
  values: KeyFormValues,
): { body: NewKey; errors?: undefined } | { body?: undefined; errors: KeyFormErrors } {
  const errors: KeyFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Enter a name.';
  else if (name.length > 100) errors.name = 'At most 100 characters.';
  else if (!NAME.test(name)) {
    errors.name = 'Letters, digits, ".", "_", ":" and "-" only, starting with a letter or digit.';
  }

  const models = values.models
    .split(/[\s,]+/)
    .map((m) => m.trim())
    .filter(Boolean);

  const rpm = positiveInt(values.rpm);
  if (rpm === null) errors.rpm = 'A whole number above 0, or empty for no limit.';
  const tpm = positiveInt(values.tpm);
  if (tpm === null) errors.tpm = 'A whole number above 0, or empty for no limit.';

  let budget: NewKey['budget'];
  if (values.budgetUsd.trim()) {
    const usd = Number(values.budgetUsd);
    if (!Number.isFinite(usd) || usd <= 0) errors.budgetUsd = 'An amount above 0, in USD.';
    const period = values.budgetPeriod.trim() || EMPTY_KEY_FORM.budgetPeriod;
    if (period.split(/\s+/).length !== 5) {
      errors.budgetPeriod = 'A cron expression with 5 fields, e.g. "0 0 1 * *" (monthly).';
    }
    budget = { usd, period_cron: period };
  }

  let metadata: Record<string, unknown> = {};
  if (values.metadata.trim()) {
    try {
      const parsed: unknown = JSON.parse(values.metadata);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.metadata = 'A JSON object, e.g. {"team": "b"}.';
      } else metadata = parsed as Record<string, unknown>;
    } catch (err) {
      errors.metadata = `Not valid JSON: ${(err as Error).message}`;
    }
  }

  if (Object.keys(errors).length > 0) return { errors };
  const limits = rpm || tpm ? { ...(rpm ? { rpm } : {}), ...(tpm ? { tpm } : {}) } : undefined;
  return {
    body: {
      name,
      role: values.role,
      models: models.length > 0 ? models : ['*'],
      enabled: true,
      metadata,
      ...(limits ? { limits } : {}),
      ...(budget ? { budget } : {}),
    },
  };
}
