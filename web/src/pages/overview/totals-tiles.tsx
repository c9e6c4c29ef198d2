import { formatInt, formatMs, formatPercent, formatUsd } from '../../components/format';
import type { TimeseriesTotals } from './types';

interface Tile {
  label: string;
  value: number | null;
  text: string;
}

export function totalsTiles(t: TimeseriesTotals): Tile[] {
  return [
    { label: 'Requests', value: t.requests, text: formatInt(t.requests) },
    { label: 'Input tokens', value: t.prompt_tokens, text: formatInt(t.prompt_tokens) },
    { label: 'Output tokens', value: t.completion_tokens, text: formatInt(t.completion_tokens) },
    { label: 'Cost', value: t.cost_usd, text: formatUsd(t.cost_usd) },
    { label: 'Error rate', value: t.error_rate, text: formatPercent(t.error_rate) },
    { label: 'p50 latency', value: t.latency_ms_p50, text: formatMs(t.latency_ms_p50) },
    { label: 'p95 latency', value: t.latency_ms_p95, text: formatMs(t.latency_ms_p95) },
    { label: 'p50 TTFT', value: t.ttft_ms_p50, text: formatMs(t.ttft_ms_p50) },
    { label: 'p95 TTFT', value: t.ttft_ms_p95, text: formatMs(t.ttft_ms_p95) },
  ];
}

/** The range's totals; each tile is a labelled group whose `<data value>` holds the raw number. */
export function TotalsTiles({ totals }: { totals: TimeseriesTotals }) {
  return (
    <section className="tiles overview-tiles" aria-label="Totals">
      {totalsTiles(totals).map((tile) => {
        const id = `tile-${tile.label.replace(/\W+/g, '-').toLowerCase()}`;
        return (
          <div key={tile.label} className="tile" role="group" aria-labelledby={id}>
            <div id={id} className="tile-label">
              {tile.label}
            </div>
            <data className="tile-value" value={tile.value ?? ''}>
              {tile.text}
            </data>
          </div>
        );
      })}
    </section>
  );
}
