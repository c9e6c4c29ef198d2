import { isModelGlob } from '../auth/model-glob';
import { CLIENT_MODEL } from '../providers/model-lookup';
import type {
  ModelRuntime,
  ProviderRuntime,
  RuleRuntime,
  TargetRuntime,
} from '../providers/snapshot.types';

/**
 * The targets a matched rule sends a request to, in the rule's order. Each override
 * `{ provider, model? }` takes the model's own targets on that provider (those with that
 * upstream model, when it names one), so their price, context window and capabilities apply.
 * An override the model has no target for — a global rule, or a rule that changes the upstream
 * model — becomes a target of its own: that provider, the named upstream model (or the logical
 * model's name; for a glob entry, the name the client asked for). Overrides naming an unknown provider are skipped (the admin API rejects them;
 * a provider deleted later just drops out).
 */
export function ruleTargets(
  rule: RuleRuntime,
  model: ModelRuntime,
  providers: ReadonlyMap<string, ProviderRuntime>,
): TargetRuntime[] {
  const out: TargetRuntime[] = [];
  rule.targets.forEach((override, index) => {
    const own = model.targets.filter(
      (t) =>
        t.provider.id === override.provider &&
        (override.model === undefined || t.upstreamModel === override.model),
    );
    if (own.length > 0) {
      out.push(...own);
      return;
    }
    const provider = providers.get(override.provider);
    if (!provider) return;
    out.push({
      id: `rule:${rule.id}:${index}`,
      provider,
      // A glob entry (`claude-*`) has no one name: the override sends the client's own.
      upstreamModel: override.model ?? (isModelGlob(model.name) ? CLIENT_MODEL : model.name),
      priority: index + 1,
      weight: 1,
      contextWindow: undefined,
      price: undefined,
      quota: undefined,
      capabilities: { tools: true, images: true },
      reasoning: provider.reasoning,
      enabled: true,
    });
  });
  return out;
}
