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

/** The model a rule belongs to, null for a global rule. */
export function ruleModel(rule: Rule): string | null {
  return rule.model;
}
