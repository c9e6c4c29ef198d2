import type { CustomRange, RangePreset } from './range';
import { isRangePreset, RANGE_PRESETS } from './range';

interface Props {
  preset: RangePreset;
  custom: CustomRange;
  onPreset(preset: RangePreset): void;
  onCustom(custom: CustomRange): void;
}

/** The range select, and From/To inputs when the range is custom (Overview and Logs). */
export function RangeFields({ preset, custom, onPreset, onCustom }: Props) {
  return (
    <>
      <label className="field">
        <span>Range</span>
        <select
          value={preset}
          onChange={(e) => isRangePreset(e.target.value) && onPreset(e.target.value)}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {preset === 'custom' && (
        <>
          <label className="field">
            <span>From</span>
            <input
              type="datetime-local"
              value={custom.from}
              onChange={(e) => onCustom({ ...custom, from: e.target.value })}
            />
          </label>
          <label className="field">
            <span>To</span>
            <input
              type="datetime-local"
              value={custom.to}
              onChange={(e) => onCustom({ ...custom, to: e.target.value })}
            />
          </label>
        </>
      )}
    </>
  );
}
