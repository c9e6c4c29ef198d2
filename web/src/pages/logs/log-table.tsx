import { useState } from 'react';
import { Link } from 'react-router';
import { formatInt, formatMs, formatTime, formatUsd } from '../../components/format';
import type { UsageRow } from './types';

export function StatusBadge({ status }: { status: number }) {
  return <span className={`badge ${status < 400 ? 'ok' : 'bad'}`}>{status}</span>;
}

function newestId(rows: UsageRow[]): bigint {
  return rows.reduce((max, r) => (BigInt(r.id) > max ? BigInt(r.id) : max), 0n);
}

interface Props {
  rows: UsageRow[];
  /** The link that opens a row's detail. */
  detailHref(row: UsageRow): string;
  onOpen(row: UsageRow): void;
}

/**
 * Usage rows, newest first; a row (or its time link, for the keyboard) opens its detail. Render
 * it with `key` = the filters, so "new" is measured from the first rows of each list.
 */
export function LogTable({ rows, detailHref, onOpen }: Props) {
  // Rows newer than those of the first render came by the live tail: they flash once.
  const [newestAtStart] = useState(() => newestId(rows));
  return (
    <div className="table-wrap">
      <table aria-label="Requests" className="logs-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Key</th>
            <th scope="col">Model</th>
            <th scope="col">Provider / upstream model</th>
            <th scope="col">Status</th>
            <th scope="col">Stream</th>
            <th scope="col" className="num">
              Tokens in
            </th>
            <th scope="col" className="num">
              Tokens out
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col" className="num">
              TTFT
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const time = formatTime(row.created_at);
            return (
              <tr
                key={row.id}
                className={BigInt(row.id) > newestAtStart ? 'clickable fresh' : 'clickable'}
                onClick={() => onOpen(row)}
              >
                <td>
                  <Link
                    to={detailHref(row)}
                    aria-label={`${time}, request ${row.request_id}`}
                    onClick={(e) => e.stopPropagation()}
                  >
                    {time}
                  </Link>
                </td>
                <td>{row.key_name ?? <span className="muted">–</span>}</td>
                <td>{row.model}</td>
                <td>
                  {row.provider ?? <span className="muted">none</span>}
                  {row.upstream_model && <span className="muted"> / {row.upstream_model}</span>}
                </td>
                <td>
                  <StatusBadge status={row.status} />
                  {row.error_code && <span className="muted"> {row.error_code}</span>}
                </td>
                <td>
                  {row.stream ? 'yes' : 'no'}
                  {row.stream_cut && <span className="badge warn">cut</span>}
                </td>
                <td className="num">{formatInt(row.prompt_tokens)}</td>
                <td className="num">{formatInt(row.completion_tokens)}</td>
                <td className="num">{formatUsd(row.cost_usd)}</td>
                <td className="num">{formatMs(row.latency_ms)}</td>
                <td className="num">{formatMs(row.ttft_ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
