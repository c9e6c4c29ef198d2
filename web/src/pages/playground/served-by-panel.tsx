import { ErrorMessage } from '../../components/error-message';
import { formatInt, formatMs, formatUsd } from '../../components/format';
import type { ChatRun } from './use-chat-run';
import type { UsageRow } from './types';

interface Props {
  run: ChatRun;
  row: UsageRow | null;
  /** The usage row is still being polled for. */
  waiting: boolean;
  gaveUp: boolean;
  rowError: unknown;
}

/**
 * Where the request went and what it cost: the routing headers of the answer, its token counts,
 * and cost and latency from the gateway's usage row.
 */
export function ServedByPanel({ run, row, waiting, gaveUp, rowError }: Props) {
  const served = run.servedBy;
  if (!served) return null;
  const usage = run.outcome?.usage;
  const fromRow = (value: string) => (row ? value : waiting ? 'waiting…' : '–');
  const items: [string, string][] = [
    ['Provider', served.provider ?? row?.provider ?? '–'],
    ['Upstream model', served.upstreamModel ?? row?.upstream_model ?? '–'],
    ['Attempts', formatInt(served.attempts ?? row?.attempts)],
    ['Input tokens', formatInt(usage?.prompt_tokens ?? row?.prompt_tokens)],
    ['Output tokens', formatInt(usage?.completion_tokens ?? row?.completion_tokens)],
    ['Cost', fromRow(formatUsd(row?.cost_usd))],
    ['Latency', fromRow(formatMs(row?.latency_ms))],
    ['Time to first token', fromRow(formatMs(row?.ttft_ms))],
  ];
  return (
    <section className="card" aria-labelledby="playground-served-title">
      <h2 id="playground-served-title">Served by</h2>
      <dl className="tiles playground-served">
        {items.map(([label, value]) => (
          <div className="tile" key={label}>
            <dt className="tile-label">{label}</dt>
            <dd className="tile-value">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        Request id <code>{served.requestId ?? '–'}</code>
        {run.totalMs !== null && (
          <>
            {' · in this browser: '}
            {run.firstTextMs !== null && `first text after ${formatMs(run.firstTextMs)}, `}
            {`complete after ${formatMs(run.totalMs)}`}
          </>
        )}
      </p>
      {gaveUp && (
        <p className="warn" role="status">
          The usage row of this request has not appeared yet; see Logs later.
        </p>
      )}
      <ErrorMessage error={rowError} />
    </section>
  );
}
