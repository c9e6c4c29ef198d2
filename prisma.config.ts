/**
 * Prisma CLI configuration (migrate, generate). Loaded by the Prisma CLI only, never by the app.
 *
 * Prisma 6.19 runs migrations with its JS/WASM schema engine through a driver adapter, so
 * installing from npm alone is enough (no native engine download; air-gapped installs work).
 */
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const PG_CHAR_OID = 18;
const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

type PerformIO = (this: unknown, query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;

/**
 * Workaround for https://github.com/prisma/orm/issues/27403: the WASM schema engine reads
 * pg_catalog columns of type "char" (oid 18) and name (oid 19), which @prisma/adapter-pg
 * rejects as unsupported. Both arrive from pg as plain strings, so we report them as text.
 * This patches the adapter inside the CLI process only.
 */
function reportCatalogTypesAsText(adapter: object): void {
  let proto: object | null = Object.getPrototypeOf(adapter) as object | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'performIO')) {
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  if (!proto) return;
  const holder = proto as { performIO: PerformIO; __switchboardShim?: boolean };
  if (holder.__switchboardShim) return;
  const original = holder.performIO;
  holder.performIO = async function (this: unknown, query: unknown) {
    const result = await original.call(this, query);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_CHAR_OID || field.dataTypeID === PG_NAME_OID) {
        field.dataTypeID = PG_TEXT_OID;
      }
    }
    return result;
  };
  holder.__switchboardShim = true;
}

/**
 * The WASM schema engine arms a 10 s timer (setTimeout from inside the engine) that is never
 * cleared, so every `prisma migrate deploy` lingers 10 s after its work is done. Timers do not
 * need to keep this short-lived CLI process alive: unref the long ones so it exits when done.
 */
function unrefLongTimers(): void {
  const original = globalThis.setTimeout;
  const patched = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = original(handler, ms, ...args);
    if ((ms ?? 0) >= 5000) timer.unref();
    return timer;
  };
  globalThis.setTimeout = Object.assign(patched, original) as typeof setTimeout;
}

function adapterFactory(connectionString: string) {
  const factory = new PrismaPg({ connectionString, idleTimeoutMillis: 50, allowExitOnIdle: true });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    reportCatalogTypesAsText(adapter);
    return adapter;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL must be set for Prisma CLI commands');
    unrefLongTimers();
    return adapterFactory(url);
  },
});
