import { Environment } from '@marcbachmann/cel-js';

/**
 * The rule language: CEL (https://cel.dev) over a fixed set of typed request variables.
 * Expressions are parsed and type-checked once, when configuration changes; evaluating a
 * compiled rule is a closure call (well under a microsecond).
 */

/** What a rule can look at, as plain JS values (ints are converted to CEL ints here). */
export interface RuleVariables {
  /** Estimated prompt tokens. May be a getter: it is read only when an expression uses it. */
  tokenCount: number;
  model: string;
  path: string;
  /** 0 when the request sets none. */
  maxTokens: number;
  stream: boolean;
  hasTools: boolean;
  hasImages: boolean;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  key: { name: string; metadata: Record<string, unknown> };
  /** "" when absent. */
  user: string;
  /** UTC hour, 0–23. */
  hour: number;
}

export interface CompiledRule {
  readonly when: string;
  /** Whether evaluating needs `TokenCount` (counting tokens costs time; skip it when not). */
  readonly usesTokenCount: boolean;
  /** Throws on an evaluation error (e.g. a missing map key); callers treat that as no match. */
  matches(vars: RuleVariables): boolean;
}

/** A rule that does not parse or type-check; the message is the parser's, with its excerpt. */
export class RuleCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleCompileError';
  }
}

const env = new Environment()
  .registerVariable('TokenCount', 'int', { description: 'Estimated prompt tokens' })
  .registerVariable('Model', 'string', { description: 'The requested logical model' })
  .registerVariable('Path', 'string', { description: 'Request path, e.g. /v1/chat/completions' })
  .registerVariable('MaxTokens', 'int', { description: 'Requested max tokens; 0 when unset' })
  .registerVariable('Stream', 'bool')
  .registerVariable('HasTools', 'bool')
  .registerVariable('HasImages', 'bool')
  .registerVariable('Headers', 'map<string, string>', { description: 'Lower-cased names' })
  .registerVariable('Key', {
    schema: { name: 'string', metadata: 'map<string, dyn>' },
    description: 'The gateway key: its name and metadata',
  })
  .registerVariable('User', 'string', { description: 'The request user; "" when absent' })
  .registerVariable('Hour', 'int', { description: 'UTC hour, 0-23' });

/** JSON numbers in key metadata: integral ones become CEL ints so `== 3` works. */
function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCelValue(v);
    return out;
  }
  return value;
}

// A request's key metadata is one object for all the rules it is evaluated against.
const metadataCache = new WeakMap<object, unknown>();
function celMetadata(metadata: Record<string, unknown>): unknown {
  let converted = metadataCache.get(metadata);
  if (converted === undefined) {
    converted = toCelValue(metadata);
    metadataCache.set(metadata, converted);
  }
  return converted;
}

/**
 * The CEL context. `TokenCount` is a getter, so an unused count is never computed; it sits on
 * the prototype (a class) because an accessor in an object literal makes every evaluation
 * several times slower.
 */
class CelContext {
  readonly Model: string;
  readonly Path: string;
  readonly MaxTokens: bigint;
  readonly Stream: boolean;
  readonly HasTools: boolean;
  readonly HasImages: boolean;
  readonly Headers: Record<string, string>;
  readonly Key: { name: string; metadata: unknown };
  readonly User: string;
  readonly Hour: bigint;

  constructor(private readonly vars: RuleVariables) {
    this.Model = vars.model;
    this.Path = vars.path;
    this.MaxTokens = BigInt(Math.trunc(vars.maxTokens));
    this.Stream = vars.stream;
    this.HasTools = vars.hasTools;
    this.HasImages = vars.hasImages;
    this.Headers = vars.headers;
    this.Key = { name: vars.key.name, metadata: celMetadata(vars.key.metadata) };
    this.User = vars.user;
    this.Hour = BigInt(Math.trunc(vars.hour));
  }

  get TokenCount(): bigint {
    return BigInt(Math.trunc(this.vars.tokenCount));
  }
}

/** Whether an AST mentions the identifier `name` anywhere. */
function mentions(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => mentions(n, name));
  if (!node || typeof node !== 'object' || !('op' in node)) return false;
  const { op, args } = node as { op: string; args: unknown };
  if (op === 'id') return args === name;
  if (op === 'value') return false;
  return mentions(args, name);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parse and type-check `when`; throws RuleCompileError with the parser's message. */
export function compileRule(when: string): CompiledRule {
  let evaluate: ReturnType<Environment['parse']>;
  try {
    evaluate = env.parse(when);
  } catch (err) {
    throw new RuleCompileError(errorMessage(err));
  }
  const checked = evaluate.check();
  if (!checked.valid) throw new RuleCompileError(errorMessage(checked.error));
  if (checked.type !== 'bool') {
    throw new RuleCompileError(`A rule must be a bool expression; this one is ${checked.type}.`);
  }
  return {
    when,
    usesTokenCount: mentions(evaluate.ast, 'TokenCount'),
    matches(vars: RuleVariables): boolean {
      return evaluate(new CelContext(vars)) === true;
    },
  };
}

/** The compile error of `when`, or null when it compiles. */
export function ruleCompileError(when: string): string | null {
  try {
    compileRule(when);
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

/** A stand-in for a stored rule that no longer compiles: it never matches. */
export function neverMatchingRule(when: string): CompiledRule {
  return { when, usesTokenCount: false, matches: () => false };
}

export interface RuleEvaluationError {
  ruleId: string;
  when: string;
  message: string;
}

export interface FirstMatch<R> {
  /** The first matching rule and its index, or null when none matched. */
  match: { index: number; rule: R } | null;
  /** Rules that failed to evaluate (counted as no match), in evaluation order. */
  errors: RuleEvaluationError[];
}

/** Evaluate rules in order and return the first that matches. */
export function firstMatch<R extends { id: string; compiled: CompiledRule }>(
  rules: readonly R[],
  vars: RuleVariables,
): FirstMatch<R> {
  const errors: RuleEvaluationError[] = [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    try {
      if (rule.compiled.matches(vars)) return { match: { index, rule }, errors };
    } catch (err) {
      errors.push({ ruleId: rule.id, when: rule.compiled.when, message: errorMessage(err) });
    }
  }
  return { match: null, errors };
}
