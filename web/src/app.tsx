import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { AuthProvider, useAuth } from './auth/auth-context';
import { SignIn } from './auth/sign-in';
import { Shell } from './layout/shell';
import { KeysPage } from './pages/keys/keys-page';
import { LogsPage } from './pages/logs/logs-page';
import { ModelsPage } from './pages/models/models-page';
import { OverviewPage } from './pages/overview/overview-page';
import { PlaygroundPage } from './pages/playground/playground-page';
import { ProvidersPage } from './pages/providers/providers-page';
import { RulesPage } from './pages/rules/rules-page';

export const ROUTES = [
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <OverviewPage /> },
      { path: 'logs', element: <LogsPage /> },
      { path: 'providers', element: <ProvidersPage /> },
      { path: 'models', element: <ModelsPage /> },
      { path: 'keys', element: <KeysPage /> },
      { path: 'rules', element: <RulesPage /> },
      { path: 'playground', element: <PlaygroundPage /> },
      { path: '*', element: <p>No such page.</p> },
    ],
  },
];

export const BASENAME = '/dashboard';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change on retry; a network blip or 5xx may.
        retry: (count, error) =>
          count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        staleTime: 5_000,
      },
    },
  });
}

function Gate() {
  const { adminKey } = useAuth();
  const [router] = useState(() => createBrowserRouter(ROUTES, { basename: BASENAME }));
  return adminKey ? <RouterProvider router={router} /> : <SignIn />;
}

export function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </QueryClientProvider>
  );
}
