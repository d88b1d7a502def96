// Row objects for the statements node:sqlite answers as arrays (sqlite-adapter.ts, prepareRows).

/**
 * Makes a row object from a row's values with one object literal naming the columns (made once per
 * statement): V8 builds such a literal from a template, where setting the names one by one costs a
 * keyed store each (a task list page from SQLite, 50 rows of 35 columns: 70–115 µs more than the arrays
 * alone, with the literal about 5). The names are written as JSON strings, which are JavaScript string
 * literals. "__proto__" in a literal would set the prototype, so such a statement sets names one by one.
 */
export function rowMaker(names: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  if (names.includes('__proto__')) {
    return (values) => {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < names.length; c++) Object.defineProperty(row, names[c]!, { value: values[c], writable: true, enumerable: true, configurable: true });
      return row;
    };
  }
  return new Function('v', `return { ${names.map((name, c) => `${JSON.stringify(name)}: v[${c}]`).join(', ')} };`) as (values: readonly unknown[]) => Record<string, unknown>;
}
