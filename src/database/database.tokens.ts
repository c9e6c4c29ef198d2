/** DI token: the Postgres connection URL the process uses. */
export const DATABASE_URL = Symbol('DATABASE_URL');
