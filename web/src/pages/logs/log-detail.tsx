import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { formatInt, formatMs, formatTime, formatUsd } from '../../components/format';
import { StatusBadge } from './log-table';
import type { UsageAttempt, UsageRecord } from './types';

export function useUsageRecord(id: string) {
  return useQuery({
    queryKey: ['usage', 'row', id],
    queryFn: (): Promise<UsageRecord> =>
      unwrap(api.GET('/usage/{id}', { params: { path: { id } } })),
  });
}

/** One request in full, in a modal dialog: every stored field, the attempts, the error. */
export function LogDetail({ id, onClose }: { id: string; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const record = useUsageRecord(id);

  useEffect(() => {
    const el = dialog.current;
    if (!el || el.open) return;
    if (typeof el.showModal === 'function') el.showModal();
    else el.setAttribute('open', '');
  }, []);

  return (
    <dialog
      ref={dialog}
      className="log-detail"
      aria-labelledby="log-detail-title"
      onClose={onClose}
    >
      <div className="log-detail-head">
        <h2 id="log-detail-title">Request details</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {record.isPending && <p className="muted">Loading…</p>}
      <ErrorMessage error={record.error} />
      {record.data && <RecordView record={record.data} />}
    </dialog>
  );
}

function RecordView({ record: r }: { record: UsageRecord }) {
  const failed = r.status >= 400;
  const fields: [string, ReactNode][] = [
    ['Request id', <code key="rid">{r.request_id}</code>],
    ['Row id', r.id],
    ['Time', formatTime(r.created_at)],
    ['Key', r.key_name ? `${r.key_name}${r.key_id ? ` (${r.key_id})` : ''}` : '–'],
    ['Model', r.model],
    ['Provider', r.provider ?? 'none answered'],
    ['Upstream model', r.upstream_model ?? '–'],
    ['Endpoint', r.endpoint],
    ['Status', <StatusBadge key="status" status={r.status} />],
    ['Error', r.error_code ?? '–'],
    ['Stream', r.stream ? (r.stream_cut ? 'yes (cut short)' : 'yes') : 'no'],
    ['Input tokens', formatInt(r.prompt_tokens)],
    ['Cached input tokens', formatInt(r.cached_tokens)],
    ['Output tokens', formatInt(r.completion_tokens)],
    ['Cost', formatUsd(r.cost_usd)],
    ['Latency', formatMs(r.latency_ms)],
    ['Time to first token', formatMs(r.ttft_ms)],
    ['Attempts', r.attempts],
  ];
  return (
    <>
      {failed && r.error_code && (
        <p className="error">
          The client got {r.status}: {r.error_code}
        </p>
      )}
      <dl className="log-detail-fields">
        {fields.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>Attempts</h3>
      {r.attempt_log && r.attempt_log.length > 0 ? (
        <AttemptTable attempts={r.attempt_log} />
      ) : (
        <p className="muted">No upstream attempt was made.</p>
      )}
    </>
  );
}

function AttemptTable({ attempts }: { attempts: UsageAttempt[] }) {
  return (
    <div className="table-wrap">
      <table aria-label="Attempts">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Provider</th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a, i) => (
            <tr key={i}>
              <td className="num">{i + 1}</td>
              <td>{a.provider}</td>
              <td>{a.model}</td>
              <td>
                {a.status === 0 ? (
                  <span className="badge bad">no answer</span>
                ) : (
                  <StatusBadge status={a.status} />
                )}
              </td>
              <td className="num">{formatMs(a.latency_ms)}</td>
              <td className="logs-attempt-error">{a.error ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
