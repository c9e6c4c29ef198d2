import type { TargetErrors, TargetValues } from './model-form-values';
import { findStatus, QuotaUseView, TargetHealth } from './target-status';
import type { TargetStatus } from './types';

type TextField = Exclude<keyof TargetValues, 'key' | 'enabled' | 'original' | 'provider'>;

const COLUMNS: { field: TextField; label: string; wide?: boolean; numeric?: boolean }[] = [
  { field: 'model', label: 'Upstream model', wide: true },
  { field: 'priority', label: 'Priority', numeric: true },
  { field: 'weight', label: 'Weight', numeric: true },
  { field: 'context_window', label: 'Context window', numeric: true },
  { field: 'price_input', label: 'Input $/1M', numeric: true },
  { field: 'price_output', label: 'Output $/1M', numeric: true },
  { field: 'quota_requests', label: 'Quota requests', numeric: true },
  { field: 'quota_tokens', label: 'Quota tokens', numeric: true },
  { field: 'quota_cron', label: 'Quota period (cron)' },
];

/** The editable targets of a model, with each one's live health and quota use. */
export function TargetsTable({
  targets,
  errors,
  providers,
  statuses,
  onChange,
  onRemove,
}: {
  targets: TargetValues[];
  errors: TargetErrors[];
  providers: string[];
  statuses: TargetStatus[] | undefined;
  onChange: (index: number, patch: Partial<TargetValues>) => void;
  onRemove: (index: number) => void;
}) {
  if (targets.length === 0) {
    return <p className="muted">No targets: requests for this model cannot be routed.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="targets-table">
        <thead>
          <tr>
            <th>Provider</th>
            {COLUMNS.map((c) => (
              <th key={c.field}>{c.label}</th>
            ))}
            <th>Enabled</th>
            <th>Health</th>
            <th>Quota use</th>
            <th>Remove</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((t, i) => {
            const n = i + 1;
            const e = errors[i] ?? {};
            // Live status describes the saved target: a new row has none yet.
            const { provider, model } = t.original;
            const status =
              provider && model ? findStatus(statuses, { provider, model }) : undefined;
            return (
              <tr key={t.key}>
                <td>
                  <select
                    aria-label={`Provider, target ${n}`}
                    value={t.provider}
                    aria-invalid={e.provider ? true : undefined}
                    onChange={(ev) => onChange(i, { provider: ev.target.value })}
                  >
                    <option value="">choose…</option>
                    {!providers.includes(t.provider) && t.provider && (
                      <option value={t.provider}>{t.provider}</option>
                    )}
                    {providers.map((p) => (
                      <option key={p}>{p}</option>
                    ))}
                  </select>
                </td>
                {COLUMNS.map((c) => (
                  <td key={c.field}>
                    <input
                      aria-label={`${c.label}, target ${n}`}
                      className={c.wide ? 'target-input-wide' : 'target-input'}
                      inputMode={c.numeric ? 'decimal' : undefined}
                      value={t[c.field]}
                      aria-invalid={e[c.field] ? true : undefined}
                      title={e[c.field]}
                      aria-describedby={e[c.field] ? `target-${n}-errors` : undefined}
                      onChange={(ev) => onChange(i, { [c.field]: ev.target.value })}
                    />
                  </td>
                ))}
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Enabled, target ${n}`}
                    checked={t.enabled}
                    onChange={(ev) => onChange(i, { enabled: ev.target.checked })}
                  />
                </td>
                <td>
                  <TargetHealth status={status} />
                </td>
                <td>
                  <QuotaUseView status={status} quota={t.original.quota} />
                </td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Remove target ${n}`}
                    onClick={() => onRemove(i)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const LABELS: Record<string, string> = {
  provider: 'Provider',
  ...Object.fromEntries(COLUMNS.map((c) => [c.field, c.label])),
};

/** The targets' validation messages, by row and column. */
export function TargetErrorList({ errors }: { errors: TargetErrors[] }) {
  const rows = errors
    .map((e, i) => ({ n: i + 1, entries: Object.entries(e).filter(([, m]) => m) }))
    .filter((r) => r.entries.length > 0);
  if (rows.length === 0) return null;
  return (
    <ul className="error target-errors" role="alert">
      {rows.map(({ n, entries }) => (
        <li key={n} id={`target-${n}-errors`}>
          Target {n}: {entries.map(([field, m]) => `${LABELS[field]}: ${m}`).join(' ')}
        </li>
      ))}
    </ul>
  );
}
