import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './app';
import { fakeGateway, reply } from './test/render';

describe('sign-in', () => {
  beforeEach(() => window.history.replaceState(null, '', '/dashboard/'));

  it('signs in with an admin key, keeps it in sessionStorage only, and signs out', async () => {
    const { calls } = fakeGateway({ 'GET /admin/stats': () => ({}) });
    render(<App />);
    await userEvent.type(screen.getByLabelText('Admin key'), 'sk-admin-0123456789');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: 'Overview' })).toBeInTheDocument();
    expect(calls[0].headers.get('authorization')).toBe('Bearer sk-admin-0123456789');
    expect(sessionStorage.getItem('switchboard.adminKey')).toBe('sk-admin-0123456789');
    expect(localStorage.getItem('switchboard.adminKey')).toBeNull();
    for (const name of ['Logs', 'Providers', 'Models', 'Keys', 'Rules', 'Playground']) {
      expect(screen.getByRole('link', { name })).toBeInTheDocument();
    }
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByLabelText('Admin key')).toBeInTheDocument();
    expect(sessionStorage.getItem('switchboard.adminKey')).toBeNull();
  });

  it('refuses a user key with a clear message', async () => {
    fakeGateway({
      'GET /admin/stats': () =>
        reply(403, { error: { message: 'This endpoint requires an admin key.' } }),
    });
    render(<App />);
    await userEvent.type(screen.getByLabelText('Admin key'), 'sk-user-0123456789');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('not an admin key');
    expect(screen.queryByRole('link', { name: 'Overview' })).toBeNull();
    expect(sessionStorage.getItem('switchboard.adminKey')).toBeNull();
  });

  it('refuses a wrong key', async () => {
    fakeGateway({ 'GET /admin/stats': () => reply(401, { error: { message: 'Invalid key' } }) });
    render(<App />);
    await userEvent.type(screen.getByLabelText('Admin key'), 'nope-nope-nope-nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('not valid');
  });
});
