import { cleanUp, setupState } from './global-setup';

/** Drop the run's databases and stop the embedded Postgres, if global setup started one. */
export default async function globalTeardown(): Promise<void> {
  await cleanUp(setupState());
}
