import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { EMPTY_KEY_FORM, keyBody } from './key-form';
import type { KeyFormErrors, KeyFormValues } from './key-form';
import type { CreatedKey } from './types';
import { useCreateKey } from './use-keys';

/** The "Add key" form: on success the parent shows the plaintext key once. */
export function AddKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: CreatedKey) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<KeyFormValues>(EMPTY_KEY_FORM);
  const [errors, setErrors] = useState<KeyFormErrors>({});
  const create = useCreateKey();

  const set = (field: keyof KeyFormValues) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = keyBody(values);
    if (result.errors) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    create.mutate(result.body, { onSuccess: onCreated });
  }

  return (
    <form className="card key-form" onSubmit={submit} aria-labelledby="add-key-title" noValidate>
      <h2 id="add-key-title">Add key</h2>
      <div className="field-row">
        <TextField
          label="Name"
          id="key-name"
          value={values.name}
          onChange={set('name')}
          error={errors.name}
        />
        <label className="field">
          <span>Role</span>
          <select value={values.role} onChange={(e) => set('role')(e.target.value)}>
            <option value="user">user (client API)</option>
            <option value="admin">admin (client and admin API)</option>
          </select>
        </label>
        <TextField
          label="Models"
          id="key-models"
          value={values.models}
          onChange={set('models')}
          error={errors.models}
          hint="Names or globs, comma-separated; * for every model."
        />
      </div>
      <div className="field-row">
        <TextField
          label="Requests per minute"
          id="key-rpm"
          value={values.rpm}
          onChange={set('rpm')}
          error={errors.rpm}
          inputMode="numeric"
          hint="Empty: no limit."
        />
        <TextField
          label="Tokens per minute"
          id="key-tpm"
          value={values.tpm}
          onChange={set('tpm')}
          error={errors.tpm}
          inputMode="numeric"
          hint="Empty: no limit."
        />
        <TextField
          label="Budget (USD)"
          id="key-budget"
          value={values.budgetUsd}
          onChange={set('budgetUsd')}
          error={errors.budgetUsd}
          inputMode="decimal"
          hint="Empty: no budget."
        />
        <TextField
          label="Budget period (cron)"
          id="key-period"
          value={values.budgetPeriod}
          onChange={set('budgetPeriod')}
          error={errors.budgetPeriod}
          hint="When the budget starts over; default monthly."
        />
      </div>
      <TextField
        label="Metadata (JSON)"
        id="key-metadata"
        value={values.metadata}
        onChange={set('metadata')}
        error={errors.metadata}
        hint='Optional; rules read it as Key.metadata, e.g. {"team": "b"}.'
        multiline
      />
      <ErrorMessage error={create.error} />
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create key
        </button>
      </div>
    </form>
  );
}

function TextField({
  label,
  id,
  value,
  onChange,
  error,
  hint,
  inputMode,
  multiline,
}: {
  label: string;
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  inputMode?: 'numeric' | 'decimal';
  multiline?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
  return (
    <div className="keys-field">
      <label className="field">
        <span>{label}</span>
        {multiline ? (
          <textarea {...common} rows={2} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input
            {...common}
            inputMode={inputMode}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </label>
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
