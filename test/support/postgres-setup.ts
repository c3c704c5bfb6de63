import { afterAll } from 'vitest';
import { dropFileDatabase } from './db';

// Each test file of the postgres project creates its own database on first use; it goes afterwards.
afterAll(async () => {
  await dropFileDatabase();
});
