import type { Model, ModelBody, ModelTarget, Strategy, TargetBody } from './types';

/** One row of the targets table, as the inputs hold it. */
export interface TargetValues {
  /** React key only. */
  key: string;
  provider: string;
  model: string;
  priority: string;
  weight: string;
  context_window: string;
  price_input: string;
  price_output: string;
  quota_requests: string;
  quota_tokens: string;
  quota_cron: string;
  enabled: boolean;
  /** What GET returned for this target (minus id): fields the form does not show survive. */
  original: Partial<TargetBody>;
}

export interface ModelValues {
  name: string;
  strategy: Strategy;
  sticky: boolean;
  unsupported_tools: ModelBody['unsupported_tools'];
  targets: TargetValues[];
}

export type TargetErrors = Partial<Record<keyof TargetValues, string>>;
export interface ModelErrors {
  name?: string;
  targets: TargetErrors[];
}

let nextKey = 0;
const newKey = () => `t${++nextKey}`;
const str = (n: number | undefined) => (n === undefined ? '' : String(n));

export function emptyTarget(provider = ''): TargetValues {
  return {
    key: newKey(),
    provider,
    model: '',
    priority: '1',
    weight: '1',
    context_window: '',
    price_input: '',
    price_output: '',
    quota_requests: '',
    quota_tokens: '',
    quota_cron: '0 0 * * *',
    enabled: true,
    original: {},
  };
}

export function emptyModel(): ModelValues {
  return { name: '', strategy: 'priority', sticky: false, unsupported_tools: 'drop', targets: [] };
}

function targetValues(target: ModelTarget): TargetValues {
  const { id: _id, ...original } = target;
  void _id;
  return {
    key: newKey(),
    provider: target.provider,
    model: target.model,
    priority: String(target.priority),
    weight: String(target.weight),
    context_window: str(target.context_window),
    price_input: str(target.price?.input),
    price_output: str(target.price?.output),
    quota_requests: str(target.quota?.requests_per_period),
    quota_tokens: str(target.quota?.tokens_per_period),
    quota_cron: target.quota?.period_cron ?? '0 0 * * *',
    enabled: target.enabled,
    original,
  };
}

export function modelValues(model: Model): ModelValues {
  return {
    name: model.name,
    strategy: model.strategy,
    sticky: model.sticky,
    unsupported_tools: model.unsupported_tools,
    targets: model.targets.map(targetValues),
  };
}

const MODEL_NAME = /^[A-Za-z0-9*][A-Za-z0-9._:/@+*-]*$/;

const isInt = (s: string, min: number) => /^-?\d+$/.test(s.trim()) && Number(s) >= min;
const isAmount = (s: string) => s.trim() !== '' && Number.isFinite(Number(s)) && Number(s) >= 0;

function targetErrors(t: TargetValues): TargetErrors {
  const e: TargetErrors = {};
  if (!t.provider) e.provider = 'Pick a provider.';
  if (!t.model.trim()) e.model = 'Required.';
  if (!isInt(t.priority, Number.MIN_SAFE_INTEGER)) e.priority = 'A whole number.';
  if (!isInt(t.weight, 0)) e.weight = 'A whole number, 0 or more.';
  if (t.context_window.trim() && !isInt(t.context_window, 1))
    e.context_window = 'A whole number of tokens.';
  const priced = t.price_input.trim() || t.price_output.trim();
  if (priced && !isAmount(t.price_input)) e.price_input = 'USD per 1M tokens, 0 or more.';
  if (priced && !isAmount(t.price_output)) e.price_output = 'USD per 1M tokens, 0 or more.';
  if (t.quota_requests.trim() && !isInt(t.quota_requests, 1))
    e.quota_requests = 'A whole number, 1 or more.';
  if (t.quota_tokens.trim() && !isInt(t.quota_tokens, 1))
    e.quota_tokens = 'A whole number, 1 or more.';
  if ((t.quota_requests.trim() || t.quota_tokens.trim()) && !t.quota_cron.trim())
    e.quota_cron = 'A cron expression, e.g. 0 0 * * *.';
  return e;
}

export function validateModel(values: ModelValues): ModelErrors {
  let name: string | undefined;
  if (!values.name.trim()) name = 'Required.';
  else if (!MODEL_NAME.test(values.name.trim()))
    name = 'Letters, digits, * (a glob) and . _ : / @ + - only.';
  return { name, targets: values.targets.map(targetErrors) };
}

export function hasErrors(errors: ModelErrors): boolean {
  return !!errors.name || errors.targets.some((t) => Object.keys(t).length > 0);
}

function targetBody(t: TargetValues): TargetBody {
  const { price: oldPrice, quota: _quota, context_window: _cw, ...kept } = t.original;
  void _quota;
  void _cw;
  const priced = t.price_input.trim() || t.price_output.trim();
  const limited = t.quota_requests.trim() || t.quota_tokens.trim();
  return {
    ...kept,
    provider: t.provider,
    model: t.model.trim(),
    priority: Number(t.priority),
    weight: Number(t.weight),
    enabled: t.enabled,
    ...(t.context_window.trim() && { context_window: Number(t.context_window) }),
    ...(priced && {
      price: { ...oldPrice, input: Number(t.price_input), output: Number(t.price_output) },
    }),
    ...(limited && {
      quota: {
        period_cron: t.quota_cron.trim(),
        ...(t.quota_requests.trim() && { requests_per_period: Number(t.quota_requests) }),
        ...(t.quota_tokens.trim() && { tokens_per_period: Number(t.quota_tokens) }),
      },
    }),
  };
}

/**
 * The whole model for POST /admin/models or PUT /admin/models/{name}. PUT replaces targets and
 * rules, so the rules GET returned go back as they were (without their ids), and each target
 * keeps the fields the form does not show (capabilities, reasoning, cached prices).
 */
export function modelBody(values: ModelValues, original?: Model): ModelBody {
  return {
    name: values.name.trim(),
    strategy: values.strategy,
    sticky: values.sticky,
    unsupported_tools: values.unsupported_tools,
    targets: values.targets.map(targetBody),
    rules: (original?.rules ?? []).map(({ when, targets }) => ({ when, targets })),
  };
}
