/**
 * Every column of a table's row, named as `table.column`, for queries that list them instead of
 * `table.*`: SQLite answers named columns as arrays, which are read faster (sqlite-adapter.ts,
 * prepareRows), and a PostgreSQL prepared plan keeps its result type when another process adds a
 * column. `fields` is a record over the row's keys, so a column added to the row type and not here
 * fails to compile.
 */
export function namedColumns<Row, Table extends string>(table: Table, fields: Record<keyof Row & string, true>): `${Table}.${keyof Row & string}`[] {
  return (Object.keys(fields) as (keyof Row & string)[]).map((field) => `${table}.${field}` as const);
}
