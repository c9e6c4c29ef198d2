import { useState } from 'react';
import type { FormEvent } from 'react';
import { toLocalInput } from '../overview/range';
import { RangeFields } from '../overview/range-fields';
import type { LogFilters } from './filters';
import { DEFAULT_FILTERS } from './filters';
import { useFilterNames } from './use-names';

interface Props {
  filters: LogFilters;
  onApply(filters: LogFilters): void;
}

const STATUSES = [
  { value: '', label: 'Any' },
  { value: '2xx', label: '2xx (success)' },
  { value: 'error', label: 'Errors (≥ 400)' },
  { value: '4xx', label: '4xx' },
  { value: '5xx', label: '5xx' },
];

const hourAgo = () => toLocalInput(new Date(Date.now() - 3_600_000));

/**
 * The Logs filters. Selects apply at once; the text fields on Enter or "Apply filters". The
 * form edits a draft so a half-typed name sends no query. `filters` must keep its identity while
 * the applied filters stay the same.
 */
export function FilterBar({ filters, onApply }: Props) {
  const [draft, setDraft] = useState(filters);
  // When the applied filters change (URL, Clear), the draft starts over from them.
  const [applied, setApplied] = useState(filters);
  if (applied !== filters) {
    setApplied(filters);
    setDraft(filters);
  }
  const names = useFilterNames();

  const change = (patch: Partial<LogFilters>, apply = false) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (apply) onApply(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  const text = (field: 'key' | 'model' | 'provider', label: string, options: string[]) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="search"
        list={`logs-${field}-names`}
        value={draft[field]}
        placeholder="Any"
        onChange={(e) => change({ [field]: e.target.value })}
      />
      <datalist id={`logs-${field}-names`}>
        {options.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </label>
  );

  return (
    <form className="card field-row logs-filters" onSubmit={submit} aria-label="Filters">
      {text('key', 'Key', names.keys)}
      {text('model', 'Model', names.models)}
      {text('provider', 'Provider', names.providers)}
      <label className="field">
        <span>Status</span>
        <select value={draft.status} onChange={(e) => change({ status: e.target.value }, true)}>
          {STATUSES.some((s) => s.value === draft.status) || (
            // A status from the URL (?status=429) that the list does not offer.
            <option value={draft.status}>{draft.status}</option>
          )}
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Stream</span>
        <select
          value={draft.stream}
          onChange={(e) => change({ stream: e.target.value as LogFilters['stream'] }, true)}
        >
          <option value="">Any</option>
          <option value="true">Streamed</option>
          <option value="false">Not streamed</option>
        </select>
      </label>
      <RangeFields
        preset={draft.range}
        custom={draft}
        onPreset={(range) =>
          range === 'custom'
            ? change({
                range,
                from: draft.from || hourAgo(),
                to: draft.to || toLocalInput(new Date()),
              })
            : change({ range }, true)
        }
        onCustom={(custom) => change(custom)}
      />
      <div className="field logs-filter-actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={() => change(DEFAULT_FILTERS, true)}>
          Clear
        </button>
      </div>
    </form>
  );
}
