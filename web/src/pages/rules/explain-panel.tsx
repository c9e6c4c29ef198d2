import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { buildExplainRequest, composeRequest, ENDPOINTS } from './explain-request';
import type { ComposeValues, EndpointId, ExplainForm } from './explain-request';
import { ExplainResult } from './explain-result';
import { useExplain, useKeyNames, useModelNames } from './use-rules';

const INITIAL: ExplainForm = {
  mode: 'compose',
  compose: { endpoint: 'chat', model: '', message: 'Hello!', stream: false, maxTokens: '' },
  path: '/v1/chat/completions',
  rawBody: '',
  headers: '',
  key: '',
};

/** Compose (or paste) a request and see where the gateway would route it, and why. */
export function ExplainPanel() {
  const [form, setForm] = useState<ExplainForm>(INITIAL);
  const [formError, setFormError] = useState<string | null>(null);
  const explain = useExplain();
  const models = useModelNames();
  const keys = useKeyNames();
  const titleId = useId();
  const modelsListId = useId();

  const setCompose = (patch: Partial<ComposeValues>) =>
    setForm((f) => ({ ...f, compose: { ...f.compose, ...patch } }));

  function switchMode(mode: ExplainForm['mode']) {
    if (mode === form.mode) return;
    // Start the raw body from what the composed request would be.
    if (mode === 'raw') {
      const { path, body } = composeRequest(form.compose);
      setForm((f) => ({ ...f, mode, path, rawBody: JSON.stringify(body, null, 2) }));
    } else setForm((f) => ({ ...f, mode }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const built = buildExplainRequest(form);
    if (built.error !== undefined) {
      setFormError(built.error);
      return;
    }
    setFormError(null);
    explain.mutate(built.request);
  }

  return (
    <section className="card explain" aria-labelledby={titleId}>
      <h2 id={titleId}>Explain</h2>
      <p className="muted">
        Where would a request go? Nothing is sent upstream: the gateway evaluates the rules and the
        model’s targets and says why each was kept or left out.
      </p>
      <form onSubmit={submit} className="explain-form">
        <fieldset className="explain-mode">
          <legend>Request</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="explain-mode"
              checked={form.mode === 'compose'}
              onChange={() => switchMode('compose')}
            />
            Compose
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="explain-mode"
              checked={form.mode === 'raw'}
              onChange={() => switchMode('raw')}
            />
            Raw JSON body
          </label>
        </fieldset>
        {form.mode === 'compose' ? (
          <>
            <div className="field-row">
              <label className="field">
                <span>Endpoint</span>
                <select
                  value={form.compose.endpoint}
                  onChange={(e) => setCompose({ endpoint: e.target.value as EndpointId })}
                >
                  {ENDPOINTS.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.label} ({e.path})
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Model</span>
                <input
                  list={modelsListId}
                  value={form.compose.model}
                  onChange={(e) => setCompose({ model: e.target.value })}
                  autoComplete="off"
                />
                <datalist id={modelsListId}>
                  {models.data?.map((m) => (
                    <option key={m} value={m} />
                  ))}
                </datalist>
              </label>
              <label className="field">
                <span>Max tokens</span>
                <input
                  inputMode="numeric"
                  value={form.compose.maxTokens}
                  onChange={(e) => setCompose({ maxTokens: e.target.value })}
                />
              </label>
              <label className="checkbox explain-stream">
                <input
                  type="checkbox"
                  checked={form.compose.stream}
                  onChange={(e) => setCompose({ stream: e.target.checked })}
                />
                Stream
              </label>
            </div>
            <label className="field">
              <span>User message</span>
              <textarea
                value={form.compose.message}
                rows={3}
                onChange={(e) => setCompose({ message: e.target.value })}
              />
            </label>
          </>
        ) : (
          <>
            <label className="field">
              <span>Path</span>
              <input
                className="mono"
                value={form.path}
                onChange={(e) => setForm((f) => ({ ...f, path: e.target.value }))}
              />
            </label>
            <label className="field">
              <span>Body (JSON)</span>
              <textarea
                value={form.rawBody}
                rows={8}
                onChange={(e) => setForm((f) => ({ ...f, rawBody: e.target.value }))}
              />
            </label>
          </>
        )}
        <div className="grid-2">
          <label className="field">
            <span>Headers (one “name: value” a line)</span>
            <textarea
              value={form.headers}
              rows={2}
              placeholder="x-team: b"
              onChange={(e) => setForm((f) => ({ ...f, headers: e.target.value }))}
            />
          </label>
          <label className="field">
            <span>Route as key</span>
            <select
              value={form.key}
              onChange={(e) => setForm((f) => ({ ...f, key: e.target.value }))}
            >
              <option value="">This admin key (you)</option>
              {keys.data?.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        </div>
        {formError && (
          <p className="error" role="alert">
            {formError}
          </p>
        )}
        <ErrorMessage error={explain.error} />
        <button type="submit" className="primary" disabled={explain.isPending}>
          Explain
        </button>
      </form>
      {explain.data && <ExplainResult explanation={explain.data} />}
    </section>
  );
}
