/**
 * The PostgreSQL schema, derived from src/db/schema.ts: the tables, columns, enums, defaults,
 * indexes and foreign keys are declared once (there), and this file translates each column to its
 * Postgres type. drizzle-kit generates drizzle-pg/ from it (drizzle-pg.config.ts); `npm run
 * db:check` checks both dialects.
 *
 * SQLite → Postgres: integer primary key AUTOINCREMENT → serial; integer timestamp_ms →
 * timestamptz (JS Dates either way); integer boolean → boolean; text json → jsonb; text → text
 * (enums stay checked in TypeScript, as in SQLite). Rows read through either schema have the same
 * shape, which is what lets one set of repositories serve both.
 */
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import * as sqlite from './schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPgTable = PgTableWithColumns<any>;

const built = new Map<SQLiteTable, AnyPgTable>();

/**
 * jsonb, written without U+0000 in its strings: Postgres refuses NUL in jsonb (and text) and would
 * refuse the whole row — a Slack message ending in one would never be stored. SQLite keeps it; the
 * bot drops NUL with the other control characters whenever it reads text, so nothing is lost.
 */
const jsonb = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '') : v)),
  fromDriver: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
});

function columnFor(column: SQLiteColumn): PgColumnBuilderBase {
  const c = column as SQLiteColumn & { mode?: string; autoIncrement?: boolean };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let b: any;
  switch (c.columnType) {
    case 'SQLiteInteger':
      b = c.primary && c.autoIncrement ? serial(c.name) : integer(c.name);
      break;
    case 'SQLiteTimestamp':
      if (c.mode !== 'timestamp_ms') throw new Error(`schema-pg: ${c.name}: timestamp mode ${c.mode} is not mapped`);
      b = timestamp(c.name, { withTimezone: true, mode: 'date', precision: 3 });
      break;
    case 'SQLiteBoolean':
      b = boolean(c.name);
      break;
    case 'SQLiteTextJson':
      b = jsonb(c.name);
      break;
    case 'SQLiteText':
      b = c.enumValues?.length ? text(c.name, { enum: c.enumValues as [string, ...string[]] }) : text(c.name);
      break;
    default:
      throw new Error(`schema-pg: ${c.name}: column type ${c.columnType} is not mapped`);
  }
  if (c.primary) b = b.primaryKey();
  else if (c.notNull) b = b.notNull();
  if (c.hasDefault && c.default !== undefined) b = b.default(c.default);
  return b as PgColumnBuilderBase;
}

/** The Postgres twin of one SQLite table (tables it references must be translated first). */
function pgTwin(table: SQLiteTable): AnyPgTable {
  const config = getTableConfig(table);
  const keys = new Map<SQLiteColumn, string>();
  for (const [key, column] of Object.entries(table as unknown as Record<string, SQLiteColumn>)) {
    if (config.columns.includes(column)) keys.set(column, key);
  }
  const columns: Record<string, PgColumnBuilderBase> = {};
  for (const column of config.columns) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let b: any = columnFor(column);
    const fk = config.foreignKeys.find((f) => f.reference().columns.length === 1 && f.reference().columns[0] === column);
    if (fk) {
      const ref = fk.reference();
      const target = built.get(ref.foreignTable);
      if (!target) throw new Error(`schema-pg: ${config.name} references a table not translated yet`);
      const targetKey = Object.entries(ref.foreignTable as unknown as Record<string, unknown>).find(([, v]) => v === ref.foreignColumns[0])![0];
      b = b.references(() => target[targetKey]);
    }
    columns[keys.get(column)!] = b;
  }
  const twin = pgTable(config.name, columns, (t) =>
    config.indexes.map((i) => {
      const on = i.config.columns.map((col) => t[keys.get(col as SQLiteColumn)!]!);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const made: any = (i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name)).on(...(on as [never]));
      return i.config.where ? made.where(i.config.where) : made;
    }),
  ) as AnyPgTable;
  built.set(table, twin);
  return twin;
}

// In declaration order (a table after the tables it references).
export const incidents = pgTwin(sqlite.incidents);
export const roleAssignments = pgTwin(sqlite.roleAssignments);
export const timelineEntries = pgTwin(sqlite.timelineEntries);
export const timelineMarks = pgTwin(sqlite.timelineMarks);
export const timelineRevisions = pgTwin(sqlite.timelineRevisions);
export const rawMessages = pgTwin(sqlite.rawMessages);
export const inboundEvents = pgTwin(sqlite.inboundEvents);
export const jobs = pgTwin(sqlite.jobs);
export const requestLog = pgTwin(sqlite.requestLog);
export const resolutions = pgTwin(sqlite.resolutions);
export const correctiveActions = pgTwin(sqlite.correctiveActions);
export const postmortemReviews = pgTwin(sqlite.postmortemReviews);
export const postmortemDrafts = pgTwin(sqlite.postmortemDrafts);
export const incidentComms = pgTwin(sqlite.incidentComms);
export const statusUpdates = pgTwin(sqlite.statusUpdates);
export const updateMutes = pgTwin(sqlite.updateMutes);
export const commanderAcks = pgTwin(sqlite.commanderAcks);
export const homeTabs = pgTwin(sqlite.homeTabs);
export const timelineChainHeads = pgTwin(sqlite.timelineChainHeads);
export const evidenceRecords = pgTwin(sqlite.evidenceRecords);
export const incidentRegulatory = pgTwin(sqlite.incidentRegulatory);
export const legalTimeChanges = pgTwin(sqlite.legalTimeChanges);
export const regimeDecisions = pgTwin(sqlite.regimeDecisions);
export const regulatoryReports = pgTwin(sqlite.regulatoryReports);

/** Every table by its schema.ts name, a table after those it references (the order db:copy writes in). */
export const TABLES_IN_ORDER = {
  incidents,
  roleAssignments,
  timelineEntries,
  timelineMarks,
  timelineRevisions,
  rawMessages,
  inboundEvents,
  jobs,
  requestLog,
  resolutions,
  correctiveActions,
  postmortemReviews,
  postmortemDrafts,
  incidentComms,
  statusUpdates,
  updateMutes,
  commanderAcks,
  homeTabs,
  timelineChainHeads,
  evidenceRecords,
  incidentRegulatory,
  legalTimeChanges,
  regimeDecisions,
  regulatoryReports,
};

/** Every SQLite table has its twin here (a table added to schema.ts and forgotten here fails at start-up). */
const missing = Object.entries(sqlite).filter(([, v]) => is(v, SQLiteTable) && !built.has(v));
if (missing.length) throw new Error(`schema-pg: no Postgres twin for ${missing.map(([k]) => k).join(', ')}`);
