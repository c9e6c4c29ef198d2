/**
 * What global setup hands to the test workers. Workers are started after global setup and
 * inherit its process.env, so the values travel as environment variables.
 */
export interface E2eServer {
  /** URL of a maintenance database on the test Postgres server (for CREATE/DROP DATABASE). */
  adminUrl: string;
  /** The migrated database every test database is cloned from. */
  template: string;
  /** Prefix of every database this run creates (the teardown drops what is left of them). */
  prefix: string;
}

const VARS = {
  adminUrl: 'SWITCHBOARD_E2E_ADMIN_URL',
  template: 'SWITCHBOARD_E2E_TEMPLATE',
  prefix: 'SWITCHBOARD_E2E_PREFIX',
} as const;

export function exportE2eServer(server: E2eServer): void {
  process.env[VARS.adminUrl] = server.adminUrl;
  process.env[VARS.template] = server.template;
  process.env[VARS.prefix] = server.prefix;
}

export function e2eServer(): E2eServer {
  const adminUrl = process.env[VARS.adminUrl];
  const template = process.env[VARS.template];
  const prefix = process.env[VARS.prefix];
  if (!adminUrl || !template || !prefix) {
    throw new Error(
      'e2e database not prepared: run e2e tests through the jest "e2e" project ' +
        '(npx jest --selectProjects e2e), whose global setup creates it',
    );
  }
  return { adminUrl, template, prefix };
}

/** `postgresql://…/db?x` → the same server's URL for another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A database name as an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
