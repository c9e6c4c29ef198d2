import { createHash } from 'node:crypto';
import { countTokens, TextCounter } from '../conversion/canonical/token-count';

/**
 * A bounded cache in front of the tokenizer, keyed by a SHA-1 of the text (the texts are not
 * kept). Agent clients (Claude Code, IDE assistants) send the whole conversation on every turn:
 * with counts cached per message, only the new turn is tokenized. Short texts are counted
 * directly — hashing them would cost about as much.
 */
export class TokenCounter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly maxEntries = 20_000,
    private readonly minChars = 512,
    private readonly tokenize: TextCounter = countTokens,
  ) {}

  readonly count: TextCounter = (text) => {
    if (text.length < this.minChars) return this.tokenize(text);
    const key = createHash('sha1').update(text).digest('base64');
    const cached = this.counts.get(key);
    if (cached !== undefined) {
      // Most recently used last: Map order is the eviction order.
      this.counts.delete(key);
      this.counts.set(key, cached);
      return cached;
    }
    const counted = this.tokenize(text);
    this.counts.set(key, counted);
    if (this.counts.size > this.maxEntries) {
      this.counts.delete(this.counts.keys().next().value!);
    }
    return counted;
  };

  get size(): number {
    return this.counts.size;
  }
}

/** The process's counter: routing facts share it across requests. */
export const sharedTokenCounter = new TokenCounter();
