/**
 * A string made safe as an HTTP header value. Names a client chose (a model it asked for, its
 * tools' names) travel back in `x-switchboard-*` headers, and Node refuses a header value with
 * control characters or characters above U+00FF (ERR_INVALID_CHAR), which would turn the answer
 * into a 500. Printable ASCII but `%` is kept as is; every other character is percent-encoded as UTF-8.
 */
export function headerValue(value: string): string {
  if (/^[\x20-\x24\x26-\x7e]*$/.test(value)) return value;
  let out = '';
  for (const ch of value) {
    if (/[\x20-\x7e]/.test(ch) && ch !== '%') out += ch;
    else
      out += [...Buffer.from(ch, 'utf8')]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
  }
  return out;
}
