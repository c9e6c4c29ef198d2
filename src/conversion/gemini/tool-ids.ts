/**
 * Tool call ids for Gemini, which often sends none, and the thought signature Gemini 3 puts on
 * a functionCall part and requires back in the next request (else 400 "Function call is missing
 * a thought_signature").
 *
 * The canonical ToolCallPart has no signature field, and clients of other formats (OpenAI chat)
 * drop thinking parts but always echo tool call ids. So the signature travels inside the id:
 * `<id>__thought__<signature as base64url>`. base64url keeps the id within the characters every
 * API accepts for ids ([A-Za-z0-9_-]); Google decodes url-safe and standard base64 alike, so the
 * signature's bytes come back unchanged.
 */

const MARK = '__thought__';

/**
 * The signature Google documents for function calls it did not produce (history from another
 * model): it turns the check off instead of failing the request.
 */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(base64url: string): string {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  return base64 + '='.repeat((4 - (base64.length % 4)) % 4);
}

/** The canonical id of a call: its own id (or `call_<n>`), carrying its signature if any. */
export function encodeToolCallId(id: string, signature?: string): string {
  return signature ? `${id}${MARK}${toBase64Url(signature)}` : id;
}

/** A canonical id → the Gemini id and the signature it carries. */
export function decodeToolCallId(canonicalId: string): { id: string; signature?: string } {
  const at = canonicalId.indexOf(MARK);
  if (at < 0) return { id: canonicalId };
  return {
    id: canonicalId.slice(0, at),
    signature: fromBase64Url(canonicalId.slice(at + MARK.length)),
  };
}

/** Numbers calls without an id, `call_0`, `call_1`… across one conversation or response. */
export class CallCounter {
  private next = 0;

  id(given: unknown): string {
    const n = this.next++;
    return typeof given === 'string' && given.length > 0 ? given : `call_${n}`;
  }
}
