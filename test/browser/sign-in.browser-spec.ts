import type { Browser } from 'playwright-core';
import { addKey } from '../support/config';
import { Gateway, startGateway } from '../support/gateway';
import { launchBrowser, navigate, openConsole, PHONE, screenshot, signIn } from './support/browser';
import { horizontalOverflow } from './support/console-steps';

describe('console sign-in', () => {
  let gateway: Gateway;
  let browser: Browser;

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startGateway(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('a browser opening / lands on the sign-in form; the admin key signs in and Sign out forgets it', async () => {
    const { page, context, errors } = await openConsole(browser, gateway);
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
    await page.getByLabel('Admin key').waitFor();
    await screenshot(page, 'sign-in');

    await signIn(page, gateway.adminKey);
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
    for (const name of ['Overview', 'Logs', 'Providers', 'Models', 'Keys', 'Rules', 'Playground']) {
      await navigate(page, name);
    }
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.adminKey'))).toBe(
      gateway.adminKey,
    );
    expect(await page.evaluate(() => localStorage.getItem('switchboard.adminKey'))).toBeNull();

    // A reload keeps the session (sessionStorage), on a deep link too.
    await page.goto('/dashboard/keys');
    await page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin key').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.adminKey'))).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a user key and a wrong key with a clear message', async () => {
    const user = await addKey(gateway, 'console-user');
    const { page, context } = await openConsole(browser, gateway);
    await signIn(page, user);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not an admin key');
    expect(await page.getByRole('navigation', { name: 'Console' }).count()).toBe(0);

    await signIn(page, 'sb-not-a-real-key-0123456789');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not valid');
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.adminKey'))).toBeNull();
    await context.close();
  });

  it('works on a phone screen, in the dark theme', async () => {
    const { page, context } = await openConsole(browser, gateway, {
      viewport: PHONE,
      colorScheme: 'dark',
    });
    await signIn(page, gateway.adminKey);
    await navigate(page, 'Playground');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('button', { name: 'Use light theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    // Nothing wider than the screen: the page does not scroll sideways.
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone');
    await context.close();
  });
});
