import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { paths } from '../../api/schema';
import { chatRequestBody, servedByFrom } from './chat-request';
import { completionOutcome, readChatStream } from './chat-stream';
import type { ChatOutcome } from './chat-stream';
import type { PlaygroundDraft, ServedBy } from './types';

export type RunStatus = 'idle' | 'waiting' | 'streaming' | 'done' | 'stopped' | 'failed';

export interface ChatRun {
  status: RunStatus;
  /** The answer's text so far. */
  text: string;
  servedBy: ServedBy | null;
  outcome: ChatOutcome | null;
  error: Error | null;
  /** Measured in the browser: from Send to the first text, and to the end of the answer. */
  firstTextMs: number | null;
  totalMs: number | null;
}

const IDLE: ChatRun = {
  status: 'idle',
  text: '',
  servedBy: null,
  outcome: null,
  error: null,
  firstTextMs: null,
  totalMs: null,
};

type ChatBody = paths['/v1/chat/completions']['post']['requestBody']['content']['application/json'];

/**
 * Send a draft to POST /v1/chat/completions with the console's admin key, streaming the answer
 * into `run.text` as it arrives; `stop()` aborts the request.
 */
export function useChatRun(): { run: ChatRun; send(draft: PlaygroundDraft): void; stop(): void } {
  const [run, setRun] = useState<ChatRun>(IDLE);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const stop = useCallback(() => controller.current?.abort(), []);

  const send = useCallback(async (draft: PlaygroundDraft) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const update = (patch: Partial<ChatRun> | ((r: ChatRun) => Partial<ChatRun>)) =>
      setRun((r) =>
        controller.current === abort
          ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) }
          : r,
      );
    setRun({ ...IDLE, status: 'waiting' });
    try {
      const { data, error, response } = await api.POST('/v1/chat/completions', {
        // The OpenAPI document types messages only as objects: the body is built to the API's
        // documented shape in chatRequestBody.
        body: chatRequestBody(draft) as unknown as ChatBody,
        parseAs: draft.stream ? 'stream' : 'json',
        signal: abort.signal,
      });
      const servedBy = servedByFrom(response.headers);
      if (!response.ok || error !== undefined) {
        update({
          status: 'failed',
          servedBy,
          error: ApiError.from(response.status, error),
          totalMs: elapsed(),
        });
        return;
      }
      update({ servedBy, status: draft.stream ? 'streaming' : 'waiting' });
      const outcome = draft.stream
        ? await readChatStream(data as ReadableStream<Uint8Array>, (piece) =>
            update((r) => ({ text: r.text + piece, firstTextMs: r.firstTextMs ?? elapsed() })),
          )
        : completionOutcome(data);
      update({ status: 'done', outcome, text: outcome.text, totalMs: elapsed() });
    } catch (err) {
      if (abort.signal.aborted) {
        update({ status: 'stopped', totalMs: elapsed() });
      } else {
        const error =
          err instanceof ApiError
            ? err
            : new ApiError(`The gateway could not be reached: ${(err as Error).message}`, 0);
        update({ status: 'failed', error, totalMs: elapsed() });
      }
    }
  }, []);

  return { run, send: (draft) => void send(draft), stop };
}
