import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { PageHeader } from '../../components/page-header';
import { useProviderStatus } from '../providers/use-providers';
import { DeleteModel } from './delete-model';
import { ModelEditor } from './model-editor';
import { findStatus, QuotaUseView, TargetHealth } from './target-status';
import type { Model, TargetStatus } from './types';
import { useModels } from './use-models';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'delete'; model: Model } | null;

export function ModelsPage() {
  const models = useModels();
  // Every target's health and quota use in one polled call, grouped by logical model.
  const status = useProviderStatus();
  const [dialog, setDialog] = useState<Dialog>(null);
  const byModel = new Map<string, TargetStatus[]>();
  for (const t of (status.data ?? []).flatMap((p) => p.targets)) {
    byModel.set(t.model, [...(byModel.get(t.model) ?? []), t]);
  }

  return (
    <>
      <PageHeader title="Models">
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
          Add model
        </button>
      </PageHeader>
      <ErrorMessage error={models.error} />
      {models.isPending && <p role="status">Loading models…</p>}
      {models.data?.length === 0 && (
        <p className="muted">No models yet. Add one and give it a target on a provider.</p>
      )}
      {models.data && models.data.length > 0 && (
        <div className="table-wrap">
          <table className="models-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Strategy</th>
                <th>Sticky</th>
                <th>Targets</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {models.data.map((m) => (
                <tr key={m.name}>
                  <th scope="row" className="mono">
                    {m.name}
                  </th>
                  <td data-label="Strategy">{m.strategy}</td>
                  <td data-label="Sticky">{m.sticky ? 'yes' : 'no'}</td>
                  <td data-label="Targets">
                    <TargetList model={m} statuses={byModel.get(m.name)} />
                  </td>
                  <td data-label="Actions">
                    <div className="row-actions">
                      <button
                        type="button"
                        aria-label={`Edit ${m.name}`}
                        onClick={() => setDialog({ kind: 'edit', model: m })}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Delete ${m.name}`}
                        onClick={() => setDialog({ kind: 'delete', model: m })}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'create' && <ModelEditor onDone={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && (
        <ModelEditor model={dialog.model} onDone={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteModel name={dialog.model.name} onDone={() => setDialog(null)} />
      )}
    </>
  );
}

function TargetList({ model, statuses }: { model: Model; statuses: TargetStatus[] | undefined }) {
  if (model.targets.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="model-targets">
      {model.targets.map((t) => {
        const status = findStatus(statuses, t);
        return (
          <li key={t.id} className={t.enabled ? undefined : 'muted'}>
            <span className="mono">
              {t.provider}/{t.model}
            </span>{' '}
            <span className="muted">
              p{t.priority} · w{t.weight}
              {t.enabled ? '' : ' · disabled'}
            </span>{' '}
            <TargetHealth status={status} /> · <QuotaUseView status={status} quota={t.quota} />
          </li>
        );
      })}
    </ul>
  );
}
