import type { DraftField } from './chat-request';
import type { PlaygroundDraft } from './types';

interface Props {
  draft: PlaygroundDraft;
  problems: Partial<Record<DraftField, string>>;
  onChange(patch: Partial<PlaygroundDraft>): void;
}

/** Stream, max tokens and temperature; an empty number means "the model's default". */
export function OptionsFields({ draft, problems, onChange }: Props) {
  return (
    <fieldset className="playground-options">
      <legend>Options</legend>
      <div className="field-row">
        <label className="checkbox playground-stream">
          <input
            type="checkbox"
            checked={draft.stream}
            onChange={(e) => onChange({ stream: e.target.checked })}
          />
          <span>Stream</span>
        </label>
        <label className="field">
          <span>Max tokens</span>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            placeholder="default"
            value={draft.maxTokens}
            aria-invalid={problems.maxTokens ? true : undefined}
            onChange={(e) => onChange({ maxTokens: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Temperature</span>
          <input
            type="number"
            inputMode="decimal"
            min={0}
            max={2}
            step={0.1}
            placeholder="default"
            value={draft.temperature}
            aria-invalid={problems.temperature ? true : undefined}
            onChange={(e) => onChange({ temperature: e.target.value })}
          />
        </label>
      </div>
      {[problems.maxTokens, problems.temperature].filter(Boolean).map((message) => (
        <p key={message} className="error" role="alert">
          {message}
        </p>
      ))}
    </fieldset>
  );
}
