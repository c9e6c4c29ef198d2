import type { components, paths } from '../../api/schema';

/** A rule as GET /admin/rules lists it. */
export type Rule =
  paths['/admin/rules']['get']['responses'][200]['content']['application/json'][number];

export type RuleTarget = Rule['targets'][number];

/** POST /admin/rules body (PUT /admin/rules/{id} takes the same without `model`). */
export type NewRule = paths['/admin/rules']['post']['requestBody']['content']['application/json'];

export type RuleValidation =
  paths['/admin/rules/validate']['post']['responses'][200]['content']['application/json'];

/** POST /admin/route/explain body and answer. */
export type ExplainRequest =
  paths['/admin/route/explain']['post']['requestBody']['content']['application/json'];
export type Explanation =
  paths['/admin/route/explain']['post']['responses'][200]['content']['application/json'];
export type Candidate = Explanation['candidates'][number];
export type TargetHealth = components['schemas']['TargetHealth_Output'];

/**
 * The model a rule belongs to, null for a global rule. (The generated type says `string[]`:
 * openapi-typescript misreads the nullable string of the schema; the gateway sends a string or
 * null, so read it as that.)
 */
export function ruleModel(rule: Rule): string | null {
  return nullableString(rule.model);
}

/**
 * A field the gateway sends as a string or null that the generated types misread as `string[]`
 * (rule `model`, explain `session` and `sticky_target`): read it as what is sent.
 */
export function nullableString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}
