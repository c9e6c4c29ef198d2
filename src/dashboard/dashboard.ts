import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env } from '../config/env';

/** Where `npm run build` writes the console: web/dist at the repository (or image) root. */
const DEFAULT_DIR = resolve(__dirname, '..', '..', 'web', 'dist');
export const DASHBOARD_PATH = '/dashboard';

/**
 * The console holds an admin key: no framing, no third-party scripts, no referrer. Recharts
 * sets inline `style` attributes, hence 'unsafe-inline' for styles only.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Whether a request comes from a browser navigating (it accepts HTML), not an API client. */
export function wantsHtml(accept: string | undefined): boolean {
  return /\btext\/html\b/i.test(accept ?? '');
}

/**
 * Serve the web console (a single-page app built by Vite into web/dist) at /dashboard on the
 * gateway's own port: hashed assets cached for a year, every other /dashboard path answered with
 * index.html (the app routes in the browser). `/` redirects a browser there; API clients get
 * the usual 404. Without a build the console paths answer 503 saying how to build it.
 */
export function mountDashboard(fastify: FastifyInstance, env: Pick<Env, 'DASHBOARD_DIR'>): void {
  const dir = env.DASHBOARD_DIR ? resolve(env.DASHBOARD_DIR) : DEFAULT_DIR;
  const indexPath = join(dir, 'index.html');
  const built = existsSync(indexPath);
  const index = built ? readFileSync(indexPath) : null;

  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) => {
    if (!index) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The web console is not built (no ${indexPath}): run \`npm run build\`.\n`);
    }
    return reply
      .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' })
      .type('text/html; charset=utf-8')
      .send(index);
  };

  fastify.get('/', (request, reply) => {
    if (!wantsHtml(request.headers.accept)) return reply.callNotFound();
    return reply.redirect(`${DASHBOARD_PATH}/`, 302);
  });
  fastify.get(DASHBOARD_PATH, sendIndex);
  fastify.get(`${DASHBOARD_PATH}/*`, (request, reply) => {
    // A missing asset is a 404, not the app's page (a stale tab would run HTML as a script).
    if (request.url.startsWith(`${DASHBOARD_PATH}/assets/`)) return reply.callNotFound();
    return sendIndex(request, reply);
  });
  if (!built) return;
  // Files that exist get their own routes (wildcard: false), ahead of the fallback above.
  void fastify.register(fastifyStatic, {
    root: dir,
    prefix: `${DASHBOARD_PATH}/`,
    wildcard: false,
    index: false,
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      const assets = path.startsWith(join(dir, 'assets'));
      void reply.headers({
        ...SECURITY_HEADERS,
        'cache-control': assets ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    },
  });
}
