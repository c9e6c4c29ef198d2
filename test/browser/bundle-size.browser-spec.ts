import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The console's budget: every JS and CSS file the browser may load, gzipped, in all. */
const BUDGET_BYTES = 500 * 1024;
const DIST = join(__dirname, '..', '..', 'web', 'dist');

/**
 * A size check, not a timing: web/dist is the build `npm run test:browser` makes before jest
 * runs. Every .js and .css file under assets/ counts (lazy chunks too, so the figure is what a
 * user who opens every page downloads), compressed as a server would (gzip, level 9).
 */
describe('console bundle size', () => {
  it('the JS and CSS are under 500 KB gzipped in all', () => {
    const assets = readdirSync(join(DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    const files = assets.map((name) => {
      const bytes = readFileSync(join(DIST, 'assets', name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const total = files.reduce((sum, f) => sum + f.gzip, 0);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        `console bundle: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`,
        ...files.map((f) => `  ${f.name}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzipped`),
      ].join('\n'),
    );

    // What index.html loads is among the files counted (and there is something to count).
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const loaded = [...html.matchAll(/(?:src|href)="\/dashboard\/assets\/([^"]+\.(?:js|css))"/g)];
    expect(loaded.map((m) => m[1]).filter((name) => name.endsWith('.js'))).not.toHaveLength(0);
    expect(assets).toEqual(expect.arrayContaining(loaded.map((m) => m[1])));
    expect(total).toBeLessThan(BUDGET_BYTES);
  });
});
