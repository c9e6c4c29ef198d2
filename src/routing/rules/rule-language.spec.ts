import {
  compileRule,
  firstMatch,
  neverMatchingRule,
  RuleCompileError,
  ruleCompileError,
  RuleVariables,
} from './rule-language';

function vars(overrides: Partial<RuleVariables> = {}): RuleVariables {
  return {
    tokenCount: 1200,
    model: 'smart',
    path: '/v1/chat/completions',
    maxTokens: 0,
    stream: false,
    hasTools: false,
    hasImages: false,
    headers: { 'x-team': 'search' },
    key: { name: 'ci', metadata: { tier: 'gold', level: 3, ratio: 0.5 } },
    user: '',
    hour: 14,
    ...overrides,
  };
}

const matches = (when: string, v: RuleVariables = vars()) => compileRule(when).matches(v);

describe('compileRule', () => {
  it('compiles a bool expression', () => {
    const rule = compileRule('TokenCount > 1000 && Stream == false');
    expect(rule.when).toBe('TokenCount > 1000 && Stream == false');
    expect(rule.usesTokenCount).toBe(true);
    expect(compileRule('Model == "smart"').usesTokenCount).toBe(false);
  });

  it('does not count the name TokenCount inside a string', () => {
    expect(compileRule('Model == "TokenCount"').usesTokenCount).toBe(false);
  });

  it('rejects a syntax error with the parser message and a caret excerpt', () => {
    expect(() => compileRule('TokenCount >')).toThrow(RuleCompileError);
    expect(ruleCompileError('TokenCount >')).toMatch(/Unexpected token: EOF[\s\S]*\^/);
  });

  it('rejects an unknown variable', () => {
    expect(ruleCompileError('Tokens > 5')).toMatch(/Unknown variable: Tokens/);
  });

  it('rejects a type error', () => {
    expect(ruleCompileError('Model > 3')).toMatch(/no such overload: string > int/);
    expect(ruleCompileError('Stream + 1')).toMatch(/no such overload/);
  });

  it('rejects an expression that is not bool', () => {
    expect(ruleCompileError('TokenCount + 1')).toBe(
      'A rule must be a bool expression; this one is int.',
    );
    expect(ruleCompileError('Model')).toMatch(/this one is string/);
  });

  it('accepts a valid rule', () => {
    expect(ruleCompileError('Hour >= 22 || Hour < 6')).toBeNull();
  });
});

describe('evaluation', () => {
  const cases: [string, RuleVariables, boolean][] = [
    ['TokenCount > 1000', vars(), true],
    ['TokenCount > 1000', vars({ tokenCount: 999 }), false],
    ['Model == "smart"', vars(), true],
    ['Model == "smart"', vars({ model: 'fast' }), false],
    ['Path.endsWith("/chat/completions")', vars(), true],
    ['Path == "/v1/messages"', vars(), false],
    ['MaxTokens == 0', vars(), true],
    ['MaxTokens > 4000', vars({ maxTokens: 8000 }), true],
    ['Stream', vars({ stream: true }), true],
    ['Stream', vars(), false],
    ['HasTools', vars({ hasTools: true }), true],
    ['!HasTools', vars(), true],
    ['HasImages', vars({ hasImages: true }), true],
    ['HasImages', vars(), false],
    ['Headers["x-team"] == "search"', vars(), true],
    ['"x-priority" in Headers', vars(), false],
    ['Key.name == "ci"', vars(), true],
    ['Key.metadata.tier == "gold"', vars(), true],
    ['Key.metadata.level == 3', vars(), true],
    ['Key.metadata.ratio < 1.0', vars(), true],
    ['has(Key.metadata.team)', vars(), false],
    ['User == ""', vars(), true],
    ['User.startsWith("alice")', vars({ user: 'alice@example.com' }), true],
    ['Hour == 14', vars(), true],
    ['Hour >= 22 || Hour < 6', vars(), false],
  ];
  it.each(cases.map(([when, v, expected]) => [when, expected, v] as const))(
    '%s → %s',
    (when, expected, v) => {
      expect(matches(when, v)).toBe(expected);
    },
  );

  it('reads TokenCount only when the expression uses it', () => {
    let reads = 0;
    const v = vars();
    Object.defineProperty(v, 'tokenCount', {
      get: () => {
        reads++;
        return 50_000;
      },
    });
    expect(matches('Model == "smart"', v)).toBe(true);
    expect(reads).toBe(0);
    expect(matches('TokenCount > 32000', v)).toBe(true);
    expect(reads).toBe(1);
  });

  it('throws on an evaluation error such as a missing map key', () => {
    expect(() => matches('Headers["x-missing"] == "a"')).toThrow(/No such key: x-missing/);
  });
});

describe('firstMatch', () => {
  const rule = (id: string, when: string) => ({ id, compiled: compileRule(when), targets: [] });

  it('returns the first matching rule in order', () => {
    const rules = [
      rule('a', 'Model == "other"'),
      rule('b', 'TokenCount > 1000'),
      rule('c', 'Model == "smart"'),
    ];
    const result = firstMatch(rules, vars());
    expect(result.match).toEqual({ index: 1, rule: rules[1] });
    expect(result.errors).toEqual([]);
  });

  it('returns null when nothing matches', () => {
    expect(firstMatch([rule('a', 'Stream')], vars()).match).toBeNull();
    expect(firstMatch([], vars()).match).toBeNull();
  });

  it('treats an evaluation error as no match and reports it', () => {
    const rules = [rule('a', 'Headers["x-missing"] == "1"'), rule('b', 'Hour == 14')];
    const result = firstMatch(rules, vars());
    expect(result.match?.rule.id).toBe('b');
    expect(result.errors).toEqual([
      {
        ruleId: 'a',
        when: 'Headers["x-missing"] == "1"',
        message: expect.stringMatching(/No such key: x-missing/),
      },
    ]);
  });

  it('never matches a rule that no longer compiles', () => {
    const rules = [{ id: 'x', compiled: neverMatchingRule('Tokens >') }];
    expect(firstMatch(rules, vars())).toEqual({ match: null, errors: [] });
  });
});
