import type { ChatTurn } from './types';

interface Props {
  system: string;
  turns: ChatTurn[];
  problem?: string;
  onSystem(system: string): void;
  onTurns(turns: ChatTurn[]): void;
}

/** The system prompt and the conversation's turns, each editable and removable. */
export function MessageEditor({ system, turns, problem, onSystem, onTurns }: Props) {
  const change = (i: number, patch: Partial<ChatTurn>) =>
    onTurns(turns.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const nextRole = turns.at(-1)?.role === 'user' ? 'assistant' : 'user';

  return (
    <fieldset className="playground-messages">
      <legend>Messages</legend>
      <label className="field">
        <span>System prompt</span>
        <textarea
          value={system}
          rows={2}
          placeholder="Optional: how the assistant should behave"
          onChange={(e) => onSystem(e.target.value)}
        />
      </label>
      <ol className="playground-turns">
        {turns.map((turn, i) => (
          <li key={i} className="playground-turn">
            <label className="field">
              <span>Message {i + 1}</span>
              <textarea
                value={turn.content}
                rows={3}
                placeholder={turn.role === 'user' ? 'Ask something…' : 'What the assistant said'}
                aria-invalid={problem && turn.role === 'user' ? true : undefined}
                onChange={(e) => change(i, { content: e.target.value })}
              />
            </label>
            <div className="playground-turn-tools">
              <select
                aria-label={`Role of message ${i + 1}`}
                value={turn.role}
                onChange={(e) => change(i, { role: e.target.value as ChatTurn['role'] })}
              >
                <option value="user">User</option>
                <option value="assistant">Assistant</option>
              </select>
              <button
                type="button"
                className="ghost"
                aria-label={`Remove message ${i + 1}`}
                disabled={turns.length === 1}
                onClick={() => onTurns(turns.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" onClick={() => onTurns([...turns, { role: nextRole, content: '' }])}>
        Add message
      </button>
    </fieldset>
  );
}
