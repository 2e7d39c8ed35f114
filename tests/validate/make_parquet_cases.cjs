// tests/validate/make_parquet_cases.cjs: writes the Parquet data of the validate cases
// (tests/cases/validate/parquet-*/data*.parquet) with DuckDB, each with planted violations that
// the case's expected report lists. Deterministic (one thread, fixed data).
//
//   node tests/validate/make_parquet_cases.cjs
'use strict';
const path = require('path');
const R = require('../parquet/render.cjs');

const CASES = path.join(__dirname, '..', 'cases', 'validate');

// [case folder, file name, query, COPY options]
const FILES = [
  // Every column present and within the schema: the clean dataset.
  ['parquet-clean', 'data.parquet', `
    SELECT i::BIGINT AS id, ('c' || i)::VARCHAR AS customer, (i * 1.25)::DECIMAL(10,2) AS amount,
           (DATE '2026-01-01' + i::INTEGER) AS order_date,
           [i::INTEGER, (i + 1)::INTEGER] AS quantities,
           {'city': 'Berlin', 'zip': '10115'} AS address
    FROM range(50) t(i)`, ''],
  // Nulls where the schema says not nullable: a top-level column, a struct field, a list
  // element, a map value.
  ['parquet-nulls', 'data.parquet', `
    SELECT i::BIGINT AS id,
           CASE WHEN i % 10 = 3 THEN NULL ELSE 'c' || i END AS customer,
           {'city': CASE WHEN i = 7 THEN NULL ELSE 'Berlin' END, 'zip': '10115'} AS address,
           CASE WHEN i = 5 THEN [1, NULL, 3] ELSE [1, 2] END AS quantities,
           MAP {'a': CASE WHEN i = 11 THEN NULL ELSE 1 END} AS attributes
    FROM range(20) t(i)`, ''],
  // Values outside the schema: an INT32 column read as tinyint, decimals beyond the schema's
  // precision, strings longer than varchar(5), enum values outside the symbols.
  ['parquet-values', 'data.parquet', `
    SELECT i::BIGINT AS id,
           (CASE WHEN i IN (4, 9) THEN 200 + i ELSE i END)::INTEGER AS small,
           CASE WHEN i % 8 = 1 THEN 'abcdefgh' ELSE 'ab' END AS code,
           CASE WHEN i = 2 THEN 'LOST' ELSE 'NEW' END AS status
    FROM range(12) t(i)`, ''],
  // File-level findings: a missing required column, a missing nullable one, an extra column,
  // a type the schema cannot read, a name differing only by case.
  ['parquet-columns', 'data.parquet', `
    SELECT i::BIGINT AS ID, (i * 2)::BIGINT AS count, 'x' AS extra,
           (i * 1.5)::DECIMAL(12,2) AS price
    FROM range(3) t(i)`, ''],
  // Nanosecond timestamps read as microseconds: sub-microsecond digits would be lost.
  ['parquet-timestamps', 'data.parquet', `
    SELECT i::BIGINT AS id,
           CASE WHEN i = 2 THEN TIMESTAMP_NS '2026-01-01 00:00:00.000000123'
                ELSE TIMESTAMP_NS '2026-01-01 00:00:01' END AS at
    FROM range(4) t(i)`, ''],
  // Statistics: an INT32 column read as tinyint whose min/max prove it fits (no decode), and a
  // nullable-in-file column the schema says is required whose null_count 0 proves it.
  ['parquet-statistics', 'data.parquet', `
    SELECT i::INTEGER AS small, i::BIGINT AS id FROM range(100) t(i)`, ''],
  // The same checks where the footer's statistics lie: values up to 199 while the footer says
  // the maximum is 99 (patched below). Statistics are trusted by default, so only --no-stats
  // finds the values that do not fit a tinyint.
  ['parquet-lying-statistics', 'data.parquet', `
    SELECT i::INTEGER AS small, i::BIGINT AS id FROM range(200) t(i)`, ''],
  // Strings against varchar(5): multi-byte characters within and over the limit (5 characters
  // in more than 5 bytes are fine), and invalid UTF-8 planted below by patching bytes ('XXbadXX'
  // gets a 0xff byte, 'XXcutX' a lead byte without its continuation). dict_name repeats ten
  // values (a dictionary-encoded column), plain_name does not (PLAIN).
  ['parquet-strings', 'data.parquet', `
    SELECT i::BIGINT AS id,
           ['abc', 'ééééé', 'éééééé', 'aéb', 'XXbadXX', 'abcdef', '日本語です', '日本語ですね',
            'ok', 'XXcutX'][i % 10 + 1] AS dict_name,
           ['abc', 'éééé', 'ééééé', 'aéb', 'XXbadXX', 'abcd', '日本語で', '日本語です', 'ok',
            'XXcutX'][i % 10 + 1] || (i % 10) AS plain_name
    FROM range(100) t(i)`, ', COMPRESSION uncompressed'],
];

// Replaces every occurrence of the bytes `from` in the file by `to` (of the same length).
function patchBytes(file, from, to) {
  const fs = require('fs');
  const data = fs.readFileSync(file);
  let count = 0;
  for (let i = data.indexOf(from); i >= 0; i = data.indexOf(from, i + from.length)) {
    to.copy(data, i);
    count++;
  }
  if (count === 0) {
    throw new Error(`${file}: ${from} not found`);
  }
  fs.writeFileSync(file, data);
}

// Rewrites the footer's 4-byte little-endian INT32 statistics value `from` into `to`.
function patchFooterInt32(file, from, to) {
  const fs = require('fs');
  const data = fs.readFileSync(file);
  const length = data.readUInt32LE(data.length - 8);
  const start = data.length - 8 - length;
  const a = Buffer.alloc(4), b = Buffer.alloc(4);
  a.writeInt32LE(from);
  b.writeInt32LE(to);
  let count = 0;
  for (let i = start; i + 4 <= data.length - 8; i++) {
    if (data.compare(a, 0, 4, i, i + 4) === 0) {
      b.copy(data, i);
      count++;
    }
  }
  if (count === 0) {
    throw new Error(`${file}: statistics value ${from} not found in the footer`);
  }
  fs.writeFileSync(file, data);
}

async function main() {
  const duckdb = R.findDuckDB();
  if (!duckdb) {
    process.stderr.write('make_parquet_cases: @duckdb/node-api not found (set SG_DUCKDB_DIR)\n');
    process.exit(77);
  }
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run('SET threads = 1');
  await con.run('SET preserve_insertion_order = true');
  for (const [dir, name, query, options] of FILES) {
    const file = path.join(CASES, dir, name);
    require('fs').mkdirSync(path.dirname(file), { recursive: true });
    await con.run(`COPY (${query}) TO ${R.sqlString(file)} (FORMAT parquet${options})`);
    if (dir === 'parquet-lying-statistics') {
      patchFooterInt32(file, 199, 99);
    }
    if (dir === 'parquet-strings') {
      patchBytes(file, Buffer.from('XXbadXX'), Buffer.from([0x58, 0x58, 0xff, 0x61, 0x64, 0x58, 0x58]));
      patchBytes(file, Buffer.from('XXcutX'), Buffer.from([0x58, 0x58, 0x63, 0x75, 0x74, 0xc3]));
    }
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
  // The enum case reads the values case's file with an Avro schema.
  require('fs').copyFileSync(path.join(CASES, 'parquet-values', 'data.parquet'),
                             path.join(CASES, 'parquet-enum', 'data.parquet'));
}

main().catch((e) => {
  process.stderr.write(`make_parquet_cases: ${e.message}\n`);
  process.exit(1);
});
