import { formatTime } from '../../components/format';
import { describePeriod, keyUses } from './key-use';
import type { Key } from './types';
import { UseMeter } from './use-meter';

/** Every key with its role, models, limits and current use; actions per row. */
export function KeysTable({
  keys,
  busyName,
  onToggle,
  onDelete,
}: {
  keys: Key[];
  busyName: string | null;
  onToggle: (key: Key) => void;
  onDelete: (key: Key) => void;
}) {
  if (keys.length === 0) {
    return <p className="card muted">No keys yet: add one to let a client in.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="keys-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Role</th>
            <th scope="col">Models</th>
            <th scope="col">Requests / min</th>
            <th scope="col">Tokens / min</th>
            <th scope="col">Budget</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const uses = keyUses(key);
            return (
              <tr key={key.id} className={key.enabled ? undefined : 'key-disabled'}>
                <th scope="row">
                  <span className="key-name">{key.name}</span>
                  <br />
                  <code className="muted">{key.key_prefix}…</code>
                </th>
                <td>
                  <span className={`badge ${key.enabled ? 'ok' : 'bad'}`}>
                    {key.enabled ? 'enabled' : 'disabled'}
                  </span>
                </td>
                <td>
                  <span className={`badge ${key.role === 'admin' ? 'warn' : ''}`}>{key.role}</span>
                </td>
                <td className="key-models">{key.models.join(', ')}</td>
                <td>
                  <UseMeter use={uses.rpm} keyName={key.name} />
                </td>
                <td>
                  <UseMeter use={uses.tpm} keyName={key.name} />
                </td>
                <td>
                  <UseMeter use={uses.budget} keyName={key.name} />
                  {key.budget && (
                    <div className="muted small">{describePeriod(key.budget.period_cron)}</div>
                  )}
                </td>
                <td>{formatTime(key.created_at)}</td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      onClick={() => onToggle(key)}
                      disabled={busyName === key.name}
                      aria-label={`${key.enabled ? 'Disable' : 'Enable'} ${key.name}`}
                    >
                      {key.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => onDelete(key)}
                      aria-label={`Delete ${key.name}`}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
