import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { formatMs } from '../../components/format';
import type { ProviderTestResult } from './types';
import { useTestProvider } from './use-providers';

/**
 * The Test panel of one provider: sends one small request (POST /admin/providers/{id}/test) as
 * soon as it opens, and again on demand, and shows the answer or the error with the latency.
 */
export function ProviderTest({ id, defaultModel }: { id: string; defaultModel: string }) {
  const [model, setModel] = useState(defaultModel);
  const test = useTestProvider();
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    test.mutate({ id, model: defaultModel });
  }, [id, defaultModel, test]);

  function submit(event: FormEvent) {
    event.preventDefault();
    test.mutate({ id, model });
  }

  return (
    <div className="provider-test">
      <form onSubmit={submit} className="field-row">
        <label className="field">
          <span>Test model</span>
          <input
            value={model}
            onChange={(e) => setModel(e.target.value)}
            placeholder="default: a target's upstream model"
            spellCheck={false}
          />
        </label>
        <button type="submit" className="field-button" disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test again'}
        </button>
      </form>
      {test.isPending && <p role="status">Sending a test request to {id}…</p>}
      <ErrorMessage error={test.error} />
      {test.data && !test.isPending && <TestResult result={test.data} />}
    </div>
  );
}

function TestResult({ result }: { result: ProviderTestResult }) {
  const answer = result.answer;
  const status = result.status === null ? 'no HTTP answer' : `HTTP ${result.status}`;
  if (result.ok) {
    return (
      <div role="status" className="provider-test-result">
        <span className="badge ok">OK</span> {status} · {formatMs(result.latency_ms)} ·{' '}
        <code>{result.model}</code> answered: <q>{answer ?? ''}</q>
      </div>
    );
  }
  return (
    <div role="alert" className="provider-test-result">
      <span className="badge bad">Failed</span> {status} · {formatMs(result.latency_ms)} ·{' '}
      <code>{result.model}</code>
      {result.error && (
        <>
          {' '}
          · {result.error.type}: <span className="error">{result.error.message}</span>
        </>
      )}
    </div>
  );
}
