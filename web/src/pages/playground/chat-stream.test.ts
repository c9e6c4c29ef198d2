import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { readChatStream } from './chat-stream';
import { chunk, sseBody } from './fake-chat';

describe('readChatStream', () => {
  it('hands over each piece as it arrives, across frames split between reads', async () => {
    const stream = sseBody();
    const pieces: string[] = [];
    const done = readChatStream(stream.body, (p) => pieces.push(p));
    const frame = `data: ${JSON.stringify(chunk('Hel'))}\n\n`;
    stream.write(frame.slice(0, 10));
    stream.write(frame.slice(10));
    await expect.poll(() => pieces).toEqual(['Hel']);
    stream.event(chunk('lo'));
    stream.event({ ...chunk('', {}), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    stream.event(chunk(null, { usage: { prompt_tokens: 5, completion_tokens: 2 } }));
    stream.event('[DONE]');
    stream.end();
    await expect(done).resolves.toEqual({
      text: 'Hello',
      usage: { prompt_tokens: 5, completion_tokens: 2 },
      finishReason: 'stop',
      complete: true,
    });
    expect(pieces).toEqual(['Hel', 'lo']);
  });

  it('says when a stream ends without [DONE]', async () => {
    const stream = sseBody();
    const done = readChatStream(stream.body, () => {});
    stream.event(chunk('partial'));
    stream.end();
    await expect(done).resolves.toMatchObject({ text: 'partial', complete: false });
  });

  it('rejects with the message of an error event', async () => {
    const stream = sseBody();
    const done = readChatStream(stream.body, () => {});
    stream.event(chunk('Hi'));
    stream.event({ error: { message: 'upstream went away', code: 'upstream_error' } });
    await expect(done).rejects.toEqual(new ApiError('upstream went away', 0, 'upstream_error'));
  });
});
