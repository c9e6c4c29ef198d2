/**
 * Helpers for converter golden tests (used by *.spec.ts only): read fixture files and split a
 * recorded SSE transcript into messages with the same parser the gateway uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import type { SseIn, SseOut } from '../canonical/types';

/** Read `__fixtures__/<name>` next to the calling spec (pass `__dirname`). */
export function fixtureText(dir: string, name: string): string {
  return readFileSync(join(dir, '__fixtures__', name), 'utf8');
}

export function fixtureJson<T = unknown>(dir: string, name: string): T {
  return JSON.parse(fixtureText(dir, name)) as T;
}

/** A recorded `text/event-stream` body → its messages (event name kept when present). */
export function parseSseTranscript(text: string): SseIn[] {
  const messages: SseIn[] = [];
  const parser = createParser({
    onEvent: (m) => messages.push(m.event ? { event: m.event, data: m.data } : { data: m.data }),
  });
  parser.feed(text);
  return messages;
}

/** SSE events as the edge would write them, for comparing with a transcript. */
export function renderSse(events: SseOut[]): string {
  return events.map((e) => `${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`).join('');
}
