import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { PageHeader } from '../../components/page-header';
import { AnswerPanel } from './answer-panel';
import { draftProblems } from './chat-request';
import { MessageEditor } from './message-editor';
import { OptionsFields } from './options-fields';
import { ServedByPanel } from './served-by-panel';
import type { PlaygroundDraft } from './types';
import { useChatRun } from './use-chat-run';
import { useUsageRow } from './use-usage-row';

const NEW_DRAFT: PlaygroundDraft = {
  model: '',
  system: '',
  turns: [{ role: 'user', content: '' }],
  stream: true,
  maxTokens: '',
  temperature: '',
};

/** Send a chat request through the gateway and see how it was served. */
export function PlaygroundPage() {
  const models = useQuery({
    queryKey: ['admin', 'models'],
    queryFn: () => unwrap(api.GET('/admin/models')),
  });
  const modelFieldId = useId();
  const [draft, setDraft] = useState(NEW_DRAFT);
  const [tried, setTried] = useState(false);
  const { run, send, stop } = useChatRun();
  const finished = run.status === 'done' || run.status === 'failed' || run.status === 'stopped';
  const usageRow = useUsageRow(run.servedBy?.requestId ?? null, finished);

  // The first model is picked until the user picks another.
  const current = { ...draft, model: draft.model || models.data?.[0]?.name || '' };
  const problems = tried ? draftProblems(current) : {};
  const busy = run.status === 'waiting' || run.status === 'streaming';
  const edit = (patch: Partial<PlaygroundDraft>) => setDraft((d) => ({ ...d, ...patch }));

  function submit(event?: FormEvent) {
    event?.preventDefault();
    setTried(true);
    if (busy || Object.keys(draftProblems(current)).length > 0) return;
    send(current);
  }

  function sendOnCtrlEnter(event: KeyboardEvent) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  }

  function continueConversation() {
    setDraft((d) => ({
      ...d,
      turns: [...d.turns, { role: 'assistant', content: run.text }, { role: 'user', content: '' }],
    }));
    setTried(false);
  }

  return (
    <>
      <PageHeader title="Playground" />
      <div className="grid-2 playground">
        <form className="card" onSubmit={submit} onKeyDown={sendOnCtrlEnter} noValidate>
          {/* Not wrapped in its label: the accessible name stays "Model", not "Model <choice>". */}
          <div className="field">
            <label htmlFor={modelFieldId}>Model</label>
            <select
              id={modelFieldId}
              value={current.model}
              onChange={(e) => edit({ model: e.target.value })}
              aria-invalid={problems.model ? true : undefined}
            >
              {models.data?.length === 0 && <option value="">No models</option>}
              {models.data?.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          {models.data?.length === 0 && (
            <p className="muted">
              No models yet: add one on the <Link to="/models">Models</Link> page.
            </p>
          )}
          <ErrorMessage error={models.error ?? problems.model} />
          <MessageEditor
            system={draft.system}
            turns={draft.turns}
            problem={problems.turns}
            onSystem={(system) => edit({ system })}
            onTurns={(turns) => edit({ turns })}
          />
          <OptionsFields draft={draft} problems={problems} onChange={edit} />
          <div className="playground-actions">
            <button type="submit" className="primary" disabled={busy}>
              Send
            </button>
            <button type="button" className="danger" disabled={!busy} onClick={stop}>
              Stop
            </button>
            {run.status === 'done' && run.text && (
              <button type="button" onClick={continueConversation}>
                Continue the conversation
              </button>
            )}
            <span className="muted">Ctrl+Enter sends</span>
          </div>
        </form>
        <div>
          <AnswerPanel run={run} />
          <ServedByPanel
            run={run}
            row={usageRow.row}
            waiting={usageRow.waiting}
            gaveUp={usageRow.gaveUp}
            rowError={usageRow.error}
          />
        </div>
      </div>
    </>
  );
}
