// Writes the Parquet fixtures of the `schemagate inspect` CLI cases with DuckDB.
// usage: node tests/cases/cli/inspect-text/make_fixtures.cjs NODE_MODULES_DIR tests/cases/cli
// (NODE_MODULES_DIR holds @duckdb/node-api; see tests/csv/crosscheck_duckdb.sh to install it.)
// The committed files were made with @duckdb/node-api 1.5.6-r.1 (DuckDB v1.5.6); another
// version writes other bytes, so the cases' expected output would change with them.
const path = require('path');
const { DuckDBInstance } = require(require.resolve('@duckdb/node-api', { paths: [process.argv[2]] }));
const cases = process.argv[3];
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  // inspect-text/types.parquet: one column of most types, nulls, nesting, key/value metadata
  // with control characters and a value longer than the report shows.
  await con.run(`CREATE TABLE t (id INTEGER, name VARCHAR, price DECIMAL(10,2), ts TIMESTAMP,
    tz TIMESTAMPTZ, d DATE, ok BOOLEAN, small TINYINT, ratio FLOAT, score DOUBLE, tags INTEGER[],
    addr STRUCT(city VARCHAR, zip INTEGER), big UBIGINT, uid UUID, raw BLOB, span INTERVAL)`);
  await con.run(`INSERT INTO t VALUES
    (1, 'alpha', 12.50, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05+00', '2024-01-02',
     true, -128, 0.5, 1.25, [1, 2], {'city': 'Oslo', 'zip': 150}, 18446744073709551615,
     'd3b07384-d113-4ec6-a7c5-1c6e2b0f5f8a', '\\x00\\xFF'::BLOB, INTERVAL 1 DAY),
    (2, NULL, -3.75, '1999-12-31 23:59:59', NULL, '1999-12-31', false, 127, -1.5, NULL, [], NULL,
     0, NULL, NULL, NULL),
    (3, 'gamma', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2.5, NULL, {'city': NULL, 'zip': 7},
     42, NULL, 'abc'::BLOB, INTERVAL 2 MONTHS),
    (4, 'délta', 0.01, '2030-06-30 12:00:00', '2030-06-30 12:00:00+00', '2030-06-30', true, 0,
     3.25, -0.0, [3], {'city': 'Lima', 'zip': NULL}, 7, NULL, NULL, NULL),
    (5, 'epsilon', 99999999.99, NULL, NULL, '1970-01-01', false, 1, 1e30, 1e-300, [4, 5, 6],
     {'city': 'Rome', 'zip': 1}, 1, NULL, NULL, NULL)`);
  await con.run(`COPY t TO '${path.join(cases, 'inspect-text', 'types.parquet')}'
    (FORMAT parquet, COMPRESSION zstd, KV_METADATA {origin: 'schemagate tests',
     control: 'bell' || chr(7) || ' escape' || chr(27) || '[31m red',
     long: repeat('0123456789', 30)})`);
  // inspect-json/rows.parquet: three row groups, dictionary-encoded and plain columns, field ids.
  await con.run(`COPY (SELECT (i // 10)::INTEGER AS n, 'v' || (i % 4) AS s,
      CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 7) * 0.25 END AS x FROM range(5000) r(i))
    TO '${path.join(cases, 'inspect-json', 'rows.parquet')}'
    (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048, FIELD_IDS 'auto')`);
})().catch((e) => { console.error(e); process.exit(1); });
