import { Fragment, useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { formatMs, formatPercent, formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { DeleteProvider } from './delete-provider';
import { circuitBadge, summarizeHealth } from './provider-health';
import { ProviderForm } from './provider-form';
import { ProviderTest } from './provider-test';
import type { Provider, ProviderStatus } from './types';
import { usePatchProvider, useProviders, useProviderStatus } from './use-providers';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'delete'; provider: Provider } | null;

export function ProvidersPage() {
  const providers = useProviders();
  const status = useProviderStatus();
  const toggle = usePatchProvider();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [testing, setTesting] = useState<Set<string>>(new Set());
  const statusById = new Map((status.data ?? []).map((s) => [s.id, s]));

  function toggleTest(id: string) {
    setTesting((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  return (
    <>
      <PageHeader title="Providers">
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
          Add provider
        </button>
      </PageHeader>
      <ErrorMessage error={providers.error} />
      <ErrorMessage error={toggle.error} />
      {status.error && (
        <p className="warn" role="status">
          Live health unavailable: {status.error.message}
        </p>
      )}
      {providers.isPending && <p role="status">Loading providers…</p>}
      {providers.data?.length === 0 && (
        <p className="muted">No providers yet. Add one to send requests upstream.</p>
      )}
      {providers.data && providers.data.length > 0 && (
        <div className="table-wrap">
          <table className="providers-table">
            <thead>
              <tr>
                <th>ID</th>
                <th>Format</th>
                <th>Base URL</th>
                <th>Enabled</th>
                <th>Circuit</th>
                <th className="num">Latency</th>
                <th className="num">Error rate</th>
                <th>Last error</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {providers.data.map((p) => (
                <Fragment key={p.id}>
                  <ProviderRow
                    provider={p}
                    status={statusById.get(p.id)}
                    testOpen={testing.has(p.id)}
                    onTest={() => toggleTest(p.id)}
                    onEdit={() => setDialog({ kind: 'edit', provider: p })}
                    onDelete={() => setDialog({ kind: 'delete', provider: p })}
                    onToggle={() => toggle.mutate({ id: p.id, body: { enabled: !p.enabled } })}
                  />
                  {testing.has(p.id) && (
                    <tr className="provider-test-row">
                      <td colSpan={9}>
                        <ProviderTest id={p.id} defaultModel={testModel(statusById.get(p.id))} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'create' && <ProviderForm onDone={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && (
        <ProviderForm provider={dialog.provider} onDone={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteProvider id={dialog.provider.id} onDone={() => setDialog(null)} />
      )}
    </>
  );
}

/** A target's upstream model to test with (not the '*' pass-through), else none. */
function testModel(status: ProviderStatus | undefined): string {
  return status?.targets.find((t) => t.upstream_model !== '*')?.upstream_model ?? '';
}

function ProviderRow({
  provider: p,
  status,
  testOpen,
  onTest,
  onEdit,
  onDelete,
  onToggle,
}: {
  provider: Provider;
  status: ProviderStatus | undefined;
  testOpen: boolean;
  onTest: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onToggle: () => void;
}) {
  const health = summarizeHealth(status);
  const badge = circuitBadge(health.circuit);
  return (
    <tr>
      <th scope="row" className="mono">
        {p.id}
      </th>
      <td data-label="Format">{p.format}</td>
      <td data-label="Base URL" className="mono provider-url">
        {p.base_url}
      </td>
      <td data-label="Enabled">
        <span className={`badge ${p.enabled ? 'ok' : 'bad'}`}>
          {p.enabled ? 'enabled' : 'disabled'}
        </span>
      </td>
      <td data-label="Circuit">
        <span className={`badge ${badge.tone}`}>{badge.label}</span>
        {health.check_ok === false && <span className="badge bad">check failed</span>}
      </td>
      <td data-label="Latency" className="num">
        {formatMs(health.latency_ms)}
      </td>
      <td data-label="Error rate" className="num">
        {formatPercent(health.error_rate)}
      </td>
      <td data-label="Last error" className="provider-last-error">
        {health.last_error ? (
          <span title={formatTime(health.last_error.at)}>{health.last_error.message}</span>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <td data-label="Actions">
        <div className="row-actions">
          <button
            type="button"
            aria-label={`Test ${p.id}`}
            aria-expanded={testOpen}
            onClick={onTest}
          >
            Test
          </button>
          <button type="button" aria-label={`Edit ${p.id}`} onClick={onEdit}>
            Edit
          </button>
          <button
            type="button"
            aria-label={`${p.enabled ? 'Disable' : 'Enable'} ${p.id}`}
            onClick={onToggle}
          >
            {p.enabled ? 'Disable' : 'Enable'}
          </button>
          <button type="button" className="danger" aria-label={`Delete ${p.id}`} onClick={onDelete}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
