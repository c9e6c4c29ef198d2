import { headerValue } from './header-value';

describe('headerValue', () => {
  it('keeps printable ASCII as it is', () => {
    expect(headerValue('gpt-4o-2024-08-06')).toBe('gpt-4o-2024-08-06');
    expect(headerValue('web_search,code_interpreter')).toBe('web_search,code_interpreter');
  });

  it('percent-encodes control characters and non-Latin text as UTF-8', () => {
    expect(headerValue('gpt-a\nb')).toBe('gpt-a%0Ab');
    expect(headerValue('模型')).toBe('%E6%A8%A1%E5%9E%8B');
    expect(headerValue('50% 模')).toBe('50%25 %E6%A8%A1');
  });

  it('makes a lone surrogate a replacement character instead of throwing', () => {
    expect(headerValue('a\ud800b')).toBe('a%EF%BF%BDb');
  });

  it('gives values Node accepts as a header', () => {
    const { validateHeaderValue } = jest.requireActual<typeof import('node:http')>('node:http');
    for (const raw of ['模型', 'a\r\nSet-Cookie: x=1', '\u0000', 'ümlaut']) {
      expect(() => validateHeaderValue('x-test', headerValue(raw))).not.toThrow();
    }
  });
});
