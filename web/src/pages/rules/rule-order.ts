import { ruleModel } from './types';
import type { Rule, RuleTarget } from './types';

/**
 * Rules in the order a request meets them: its model's rules by position, then the global
 * rules by position. (The list answers global first; per request, global rules come last.)
 */
export function evaluationOrder(
  rules: Rule[],
): { rule: Rule; model: string | null; rank: number }[] {
  const scopeRank = (r: Rule) => (ruleModel(r) === null ? 1 : 0);
  const sorted = [...rules].sort(
    (a, b) =>
      scopeRank(a) - scopeRank(b) ||
      (ruleModel(a) ?? '').localeCompare(ruleModel(b) ?? '') ||
      a.position - b.position,
  );
  // Positions may have gaps after a delete: number the rules 1, 2, … within their scope, as
  // explain's `rule.index` (0-based) counts them.
  const seen = new Map<string | null, number>();
  return sorted.map((rule) => {
    const model = ruleModel(rule);
    const rank = (seen.get(model) ?? 0) + 1;
    seen.set(model, rank);
    return { rule, model, rank };
  });
}

/** "anthropic → claude-sonnet-4-5", or just the provider for the model's own target there. */
export function describeTarget(target: RuleTarget): string {
  return target.model ? `${target.provider} → ${target.model}` : target.provider;
}
