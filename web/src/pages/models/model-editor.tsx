import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Modal } from '../../components/modal';
import { useProviders } from '../providers/use-providers';
import {
  emptyModel,
  emptyTarget,
  hasErrors,
  modelBody,
  modelValues,
  validateModel,
} from './model-form-values';
import type { ModelErrors, ModelValues, TargetValues } from './model-form-values';
import { TargetErrorList, TargetsTable } from './targets-table';
import { STRATEGIES } from './types';
import type { Model, Strategy } from './types';
import { useModelStatus, useSaveModel } from './use-models';

const NO_ERRORS: ModelErrors = { targets: [] };

/** Create (no `model`) or edit a model: strategy, stickiness and its targets. */
export function ModelEditor({ model, onDone }: { model?: Model; onDone: () => void }) {
  const editing = model !== undefined;
  const [values, setValues] = useState<ModelValues>(() =>
    model ? modelValues(model) : emptyModel(),
  );
  const [errors, setErrors] = useState<ModelErrors>(NO_ERRORS);
  const providers = useProviders();
  const status = useModelStatus(model?.name ?? null);
  const save = useSaveModel();
  const providerIds = (providers.data ?? []).map((p) => p.id);

  function set<K extends keyof ModelValues>(field: K, value: ModelValues[K]) {
    setValues((v) => ({ ...v, [field]: value }));
  }

  function changeTarget(index: number, patch: Partial<TargetValues>) {
    setValues((v) => ({
      ...v,
      targets: v.targets.map((t, i) => (i === index ? { ...t, ...patch } : t)),
    }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateModel(values);
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({ body: modelBody(values, model), creating: !editing }, { onSuccess: onDone });
  }

  return (
    <Modal
      title={editing ? `Edit model ${model.name}` : 'Add model'}
      onClose={onDone}
      className="model-editor"
    >
      <form onSubmit={submit} noValidate>
        <div className="field-row">
          <div className="field">
            <label className="field-label">
              <span>Name</span>
              <input
                value={values.name}
                readOnly={editing}
                onChange={(e) => set('name', e.target.value)}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={errors.name ? 'model-name-error' : undefined}
                placeholder="gpt-4o, claude-*, org/model"
                spellCheck={false}
              />
            </label>
            {errors.name && (
              <small id="model-name-error" className="error" role="alert">
                {errors.name}
              </small>
            )}
          </div>
          <label className="field">
            <span>Strategy</span>
            <select
              value={values.strategy}
              onChange={(e) => set('strategy', e.target.value as Strategy)}
            >
              {STRATEGIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Unsupported tools</span>
            <select
              value={values.unsupported_tools}
              onChange={(e) =>
                set('unsupported_tools', e.target.value as ModelValues['unsupported_tools'])
              }
            >
              <option value="drop">drop</option>
              <option value="reject">reject (400)</option>
            </select>
          </label>
          <label className="checkbox field">
            <input
              type="checkbox"
              checked={values.sticky}
              onChange={(e) => set('sticky', e.target.checked)}
            />
            Sticky sessions
          </label>
        </div>
        <h3>Targets</h3>
        <ErrorMessage error={providers.error ?? status.error} />
        <TargetsTable
          targets={values.targets}
          errors={errors.targets}
          providers={providerIds}
          statuses={status.data?.targets}
          onChange={changeTarget}
          onRemove={(index) => {
            set(
              'targets',
              values.targets.filter((_, i) => i !== index),
            );
            setErrors((e) => ({ ...e, targets: e.targets.filter((_, i) => i !== index) }));
          }}
        />
        <TargetErrorList errors={errors.targets} />
        <button
          type="button"
          onClick={() =>
            set('targets', [
              ...values.targets,
              emptyTarget(providerIds.length === 1 ? providerIds[0] : ''),
            ])
          }
        >
          Add target
        </button>
        {model && model.rules.length > 0 && (
          <p className="muted">
            {model.rules.length} rule(s) of this model are kept as they are (edit them on the Rules
            page).
          </p>
        )}
        <ErrorMessage error={save.error} />
        <div className="dialog-actions">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : editing ? 'Save model' : 'Add model'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
