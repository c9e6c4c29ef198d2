import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InvalidRequestError } from '../common/errors/gateway-error';
import { GatewayConfig, gatewayConfigSchema } from './gateway-config.schema';

/** A configuration file that cannot be read, parsed or validated (a 400 on /admin/reload). */
export class ConfigFileError extends InvalidRequestError {
  constructor(message: string) {
    super(message, null, 'config_invalid');
  }
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replace `${VAR}` (or `${VAR:-default}`) in every string value. Interpolation happens on values
 * after parsing, so a secret containing YAML syntax cannot change the document's structure.
 */
export function interpolateEnv(
  value: unknown,
  vars: Record<string, string | undefined>,
  missing: Set<string>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_m, name: string, fallback?: string) => {
      const v = vars[name];
      if (v !== undefined) return v;
      if (fallback !== undefined) return fallback;
      missing.add(name);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolateEnv(v, vars, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, vars, missing)]),
    );
  }
  return value;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
}

/** Parse and validate YAML text (already read) into the gateway configuration. */
export function parseGatewayConfig(
  text: string,
  vars: Record<string, string | undefined>,
  source = 'config',
): GatewayConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(`${source}: invalid YAML: ${doc.errors[0].message}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  const missing = new Set<string>();
  const interpolated = interpolateEnv(raw, vars, missing);
  if (missing.size > 0) {
    throw new ConfigFileError(
      `${source}: environment variables referenced but not set: ${[...missing].join(', ')}`,
    );
  }
  const result = gatewayConfigSchema.safeParse(interpolated);
  if (!result.success) {
    throw new ConfigFileError(`${source}: invalid configuration:\n${formatIssues(result.error)}`);
  }
  return result.data;
}

/** Read, interpolate and validate the YAML configuration file. */
export async function loadGatewayConfigFile(
  path: string,
  vars: Record<string, string | undefined> = process.env,
): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigFileError(`${path}: cannot read: ${(err as Error).message}`);
  }
  return parseGatewayConfig(text, vars, path);
}
