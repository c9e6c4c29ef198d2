import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { ruleModel } from './types';
import type { NewRule, Rule, RuleTarget } from './types';
import { useConditionCheck, useModelNames, useProviderIds, useSaveRule } from './use-rules';
import type { ConditionCheck } from './use-rules';

const GLOBAL = '';

/** Create a rule (scope, condition, targets) or edit one (condition and targets). */
export function RuleForm({ rule, onDone }: { rule: Rule | null; onDone: () => void }) {
  const [scope, setScope] = useState(rule ? (ruleModel(rule) ?? GLOBAL) : GLOBAL);
  const [when, setWhen] = useState(rule?.when ?? '');
  const [targets, setTargets] = useState<RuleTarget[]>(
    rule?.targets.map((t) => ({ ...t })) ?? [{ provider: '' }],
  );
  const [targetsError, setTargetsError] = useState<string | null>(null);
  const check = useConditionCheck(when);
  const models = useModelNames();
  const providers = useProviderIds();
  const save = useSaveRule();
  const titleId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = targets
      .map((t) => ({ provider: t.provider.trim(), model: t.model?.trim() }))
      .filter((t) => t.provider !== '')
      .map((t) => (t.model ? t : { provider: t.provider }));
    if (chosen.length === 0) {
      setTargetsError('Name at least one provider.');
      return;
    }
    setTargetsError(null);
    const body: NewRule = {
      when: when.trim(),
      targets: chosen,
      ...(scope ? { model: scope } : {}),
    };
    save.mutate({ id: rule?.id ?? null, rule: body }, { onSuccess: onDone });
  }

  const setTarget = (i: number, patch: Partial<RuleTarget>) =>
    setTargets((list) => list.map((t, j) => (j === i ? { ...t, ...patch } : t)));

  return (
    <form className="card rule-form" onSubmit={submit} aria-labelledby={titleId}>
      <h2 id={titleId}>{rule ? 'Edit rule' : 'Add rule'}</h2>
      <label className="field">
        <span>Applies to</span>
        <select value={scope} onChange={(e) => setScope(e.target.value)} disabled={rule !== null}>
          <option value={GLOBAL}>Every model (global rule, after the model’s own)</option>
          {models.data?.map((name) => (
            <option key={name} value={name}>
              Model {name}
            </option>
          ))}
        </select>
      </label>
      <ConditionField when={when} onChange={setWhen} check={check} />
      <fieldset className="rule-targets">
        <legend>Targets, in order</legend>
        <datalist id="rule-providers">
          {providers.data?.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        {targets.map((target, i) => (
          <div className="field-row" key={i}>
            <label className="field">
              <span>Provider {i + 1}</span>
              <input
                list="rule-providers"
                value={target.provider}
                onChange={(e) => setTarget(i, { provider: e.target.value })}
                autoComplete="off"
              />
            </label>
            <label className="field">
              <span>Upstream model {i + 1}</span>
              <input
                value={target.model ?? ''}
                placeholder="the model’s own target"
                onChange={(e) => setTarget(i, { model: e.target.value })}
                autoComplete="off"
              />
            </label>
            {targets.length > 1 && (
              <button
                type="button"
                className="ghost rule-target-remove"
                aria-label={`Remove target ${i + 1}`}
                onClick={() => setTargets((list) => list.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            )}
          </div>
        ))}
        <button type="button" onClick={() => setTargets((list) => [...list, { provider: '' }])}>
          Add target
        </button>
        {targetsError && (
          <p className="error" role="alert">
            {targetsError}
          </p>
        )}
      </fieldset>
      <ErrorMessage error={save.error} />
      <div className="dialog-actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button
          type="submit"
          className="primary"
          disabled={check.state !== 'valid' || save.isPending}
        >
          Save rule
        </button>
      </div>
    </form>
  );
}

/** The `when` condition, checked by the gateway's parser as the user types. */
function ConditionField({
  when,
  onChange,
  check,
}: {
  when: string;
  onChange: (when: string) => void;
  check: ConditionCheck;
}) {
  const id = useId();
  return (
    <div className="keys-field">
      <label className="field">
        <span>Condition (CEL)</span>
        <textarea
          className="rule-when"
          value={when}
          rows={2}
          spellCheck={false}
          placeholder='e.g. TokenCount > 100000 || Key.metadata.team == "b"'
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={check.state === 'invalid' ? true : undefined}
          aria-describedby={`${id}-hint ${id}-check`}
        />
      </label>
      <small id={`${id}-hint`} className="muted">
        Variables: TokenCount, Model, Path, MaxTokens, Stream, HasTools, HasImages, Headers, Key,
        User, Hour.
      </small>
      <div id={`${id}-check`}>
        {check.state === 'invalid' && (
          <pre className="error rule-check" role="alert">
            {check.message}
          </pre>
        )}
        {check.state === 'error' && <ErrorMessage error={check.error} />}
        {check.state === 'checking' && <small className="muted">Checking…</small>}
        {check.state === 'valid' && (
          <small className="ok" role="status">
            The condition compiles.
          </small>
        )}
      </div>
    </div>
  );
}
