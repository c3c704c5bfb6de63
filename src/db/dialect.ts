import type * as schema from './schema';

/** The tables repositories are written against: the SQLite schema's, or their Postgres twins (schema-pg.ts) typed alike. */
export type Schema = typeof schema;

/** Which backend a database runs on. Only src/db knows; services and listeners never ask. */
export type Dialect = 'sqlite' | 'postgres';
