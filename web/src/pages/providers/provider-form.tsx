import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Modal } from '../../components/modal';
import {
  createBody,
  EMPTY_PROVIDER,
  patchBody,
  validateProvider,
  valuesOf,
} from './provider-form-values';
import type { ProviderFormErrors, ProviderFormValues } from './provider-form-values';
import { PROVIDER_FORMATS } from './types';
import type { Provider } from './types';
import { useCreateProvider, usePatchProvider } from './use-providers';

const BASE_URL_HINT: Record<ProviderFormValues['format'], string> = {
  openai: 'e.g. https://api.openai.com/v1',
  azure: 'e.g. https://my-resource.openai.azure.com',
  anthropic: 'e.g. https://api.anthropic.com',
  gemini: 'e.g. https://generativelanguage.googleapis.com',
};

/** Create (no `provider`) or edit a provider, in a dialog. */
export function ProviderForm({ provider, onDone }: { provider?: Provider; onDone: () => void }) {
  const editing = provider !== undefined;
  const [initial] = useState(() => (provider ? valuesOf(provider) : EMPTY_PROVIDER));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<ProviderFormErrors>({});
  const create = useCreateProvider();
  const patch = usePatchProvider();
  const saving = create.isPending || patch.isPending;
  const storedKey = provider ? provider.api_key : null;

  function set<K extends keyof ProviderFormValues>(field: K, value: ProviderFormValues[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateProvider(values);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    if (editing) {
      patch.mutate({ id: provider.id, body: patchBody(values, initial) }, { onSuccess: onDone });
    } else {
      create.mutate(createBody(values), { onSuccess: onDone });
    }
  }

  const text = (field: keyof ProviderFormValues) => ({
    value: values[field] as string,
    onChange: (e: { target: { value: string } }) => set(field, e.target.value as never),
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `provider-${field}-error` : undefined,
  });

  return (
    <Modal title={editing ? `Edit provider ${provider.id}` : 'Add provider'} onClose={onDone}>
      <form onSubmit={submit} noValidate className="provider-form">
        <div className="field-row">
          <Field label="ID" error={errors.id} field="id">
            <input {...text('id')} readOnly={editing} autoComplete="off" spellCheck={false} />
          </Field>
          <Field label="Format" field="format">
            <select
              value={values.format}
              onChange={(e) => set('format', e.target.value as ProviderFormValues['format'])}
            >
              {PROVIDER_FORMATS.map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          </Field>
        </div>
        <Field label="Base URL" error={errors.base_url} field="base_url" wide>
          <input {...text('base_url')} type="url" placeholder={BASE_URL_HINT[values.format]} />
        </Field>
        <Field
          label="API key"
          error={errors.api_key}
          field="api_key"
          wide
          hint={
            editing
              ? `Stored: ${storedKey ?? 'none'}. Leave empty to keep it.`
              : 'Stored encrypted; never shown again.'
          }
        >
          <input {...text('api_key')} type="password" autoComplete="new-password" />
        </Field>
        <div className="field-row">
          <Field label="Timeout (ms)" error={errors.timeout_ms} field="timeout_ms">
            <input {...text('timeout_ms')} inputMode="numeric" />
          </Field>
          <Field label="Retries" error={errors.retries} field="retries">
            <input {...text('retries')} inputMode="numeric" />
          </Field>
          <Field label="API version" error={errors.api_version} field="api_version">
            <input
              {...text('api_version')}
              placeholder={values.format === 'azure' ? '2024-10-21' : 'Azure only'}
            />
          </Field>
        </div>
        <div className="field-row">
          <Field label="Token limit field" field="max_tokens_field">
            <select
              value={values.max_tokens_field}
              onChange={(e) =>
                set('max_tokens_field', e.target.value as ProviderFormValues['max_tokens_field'])
              }
            >
              {(!editing || initial.max_tokens_field === '') && <option value="">default</option>}
              <option value="max_tokens">max_tokens</option>
              <option value="max_completion_tokens">max_completion_tokens</option>
            </select>
          </Field>
          <Field label="Reasoning parameters" field="reasoning">
            <select
              value={values.reasoning}
              onChange={(e) => set('reasoning', e.target.value as ProviderFormValues['reasoning'])}
            >
              {(!editing || initial.reasoning === '') && <option value="">default (kept)</option>}
              <option value="true">kept</option>
              <option value="false">removed</option>
            </select>
          </Field>
        </div>
        <div className="field-row provider-flags">
          <Check label="Enabled" checked={values.enabled} onChange={(v) => set('enabled', v)} />
          <Check
            label="Streaming"
            checked={values.stream_support}
            onChange={(v) => set('stream_support', v)}
          />
          <Check
            label="Non-streaming"
            checked={values.non_stream_support}
            onChange={(v) => set('non_stream_support', v)}
          />
        </div>
        <Field
          label="Extra headers"
          error={errors.headers}
          field="headers"
          wide
          hint={
            'One "Name: value" per line. Credential-like values show masked: leave them as shown ' +
            'to keep them.'
          }
        >
          <textarea {...text('headers')} rows={3} spellCheck={false} />
        </Field>
        <ErrorMessage error={create.error ?? patch.error} />
        <div className="dialog-actions">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save' : 'Add provider'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Field({
  label,
  field,
  error,
  hint,
  wide,
  children,
}: {
  label: string;
  field: string;
  error?: string;
  hint?: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'field provider-field-wide' : 'field'}>
      <label className="field-label">
        <span>{label}</span>
        {children}
      </label>
      {hint && <small className="muted">{hint}</small>}
      {error && (
        <small id={`provider-${field}-error`} className="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
