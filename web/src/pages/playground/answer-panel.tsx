import { ErrorMessage } from '../../components/error-message';
import type { ChatRun } from './use-chat-run';

function statusText(run: ChatRun): string {
  switch (run.status) {
    case 'idle':
      return 'Send a message to see the answer here.';
    case 'waiting':
      return 'Waiting for the gateway…';
    case 'streaming':
      return 'Streaming…';
    case 'stopped':
      return 'Stopped: the request was aborted.';
    case 'failed':
      return 'The request failed.';
    case 'done':
      if (run.outcome && !run.outcome.complete) {
        return 'The stream ended before [DONE]: the answer may be cut short.';
      }
      return run.outcome?.finishReason
        ? `Done (finish reason: ${run.outcome.finishReason}).`
        : 'Done.';
  }
}

/** The answer's text (growing while it streams), the run's state and the gateway's error. */
export function AnswerPanel({ run }: { run: ChatRun }) {
  const streaming = run.status === 'waiting' || run.status === 'streaming';
  return (
    <section className="card" aria-labelledby="playground-answer-title">
      <h2 id="playground-answer-title">Answer</h2>
      <p role="status" className="muted">
        {statusText(run)}
      </p>
      {run.text && (
        <div className="playground-answer-text" aria-busy={streaming}>
          {run.text}
        </div>
      )}
      <ErrorMessage error={run.error} />
    </section>
  );
}
