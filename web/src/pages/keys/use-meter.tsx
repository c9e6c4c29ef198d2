import { shareUsed } from './key-use';
import type { Use } from './key-use';

/** "12 / 60" and a small bar; the bar turns amber past 80 % and red at the limit. */
export function UseMeter({ use, keyName }: { use: Use; keyName: string }) {
  if (use.limit === null) return <span className="muted">–</span>;
  const ratio = shareUsed(use);
  const level = ratio >= 1 ? 'bad' : ratio >= 0.8 ? 'warn' : 'ok';
  return (
    <span className="use-meter">
      <span className="use-text">{use.text}</span>
      <span
        className={`use-bar ${level}`}
        role="meter"
        aria-label={`${use.label} of ${keyName}`}
        aria-valuemin={0}
        aria-valuemax={use.limit}
        aria-valuenow={use.used ?? 0}
        aria-valuetext={use.text}
      >
        <span style={{ width: `${Math.round(ratio * 100)}%` }} />
      </span>
    </span>
  );
}
