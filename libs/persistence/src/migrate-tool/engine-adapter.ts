// A @prisma/adapter-pg connection patched for Prisma's wasm schema engine (migrate create/diff/status).
// Dev-time only: the runtime migrator (applyMigrations) uses plain `pg`.
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, type SqlDriverAdapter, type SqlQuery, type SqlQueryable } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const CHAR_OID = 18;
const TEXT_OID = 25;
const CHAR_COLUMNS = Symbol('charColumns');

type RowsWithCharColumns = unknown[] & { [CHAR_COLUMNS]?: number[] };

/** adapter-pg's internal query primitive (not in its typings), which queryRaw calls for every query. */
interface PerformsIO {
  performIO(query: SqlQuery): Promise<pg.QueryResult>;
}

/**
 * adapter-pg 7.10 rejects result columns of Postgres' internal "char" type (OID 18) with
 * UnsupportedNativeDataType, and the engine's schema describer reads such catalog columns (relkind, contype).
 * The describer wants them typed Character (reading them as Text panics), which adapter-pg cannot express
 * from an OID. So: report OID 18 as text to adapter-pg, remember which columns they were, and re-type those
 * columns as Character in the result.
 */
function retypeCharColumns<T extends SqlQueryable>(queryable: T): T {
  const io = queryable as unknown as PerformsIO;
  const performIO = io.performIO.bind(queryable);
  io.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        charColumns.push(index);
      }
    });
    if (charColumns.length > 0) (result.rows as RowsWithCharColumns)[CHAR_COLUMNS] = charColumns;
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of (resultSet.rows as RowsWithCharColumns)[CHAR_COLUMNS] ?? []) {
      resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return resultSet;
  };
  return queryable;
}

/** Opens an engine-ready adapter on `url`. */
export async function connectEngineAdapter(url: string, poolMax = 2): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  // Cast: this package pins an older @types/pg than adapter-pg's; the runtime Pool is the same class.
  const external = pool as unknown as ConstructorParameters<typeof PrismaPg>[0];
  const adapter = retypeCharColumns(await new PrismaPg(external, { disposeExternalPool: true }).connect());
  // adapter-pg's executeScript splits a migration on every ";" (breaking ';' in string literals, $$ bodies)
  // and runs the pieces one by one, leaving a failed migration half-applied. Send the script as ONE simple
  // query instead: Postgres runs it as one implicit transaction, as the native engine does.
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      (adapter as unknown as { onError(error: unknown): never }).onError(error); // → DriverAdapterError
    }
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => retypeCharColumns(await startTransaction(...args));
  return adapter;
}
