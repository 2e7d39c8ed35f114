// examples/orders/data/make_data.cjs: writes the orders example's sample data, deterministically.
//
//   bronze/dt=2026-01-01/orders.csv   the shop's export for a day, clean
//   bronze/dt=2026-01-02/orders.csv   the same with planted problems (see BRONZE_DAY2)
//   bronze/dt=2026-13-01/orders.csv   a clean file in a folder no date can name
//   silver/dt=2026-01-01/part-*.parquet  what the job writes from the clean day (DuckDB stands in
//                                        for Spark: tests/test_job.py compares the two)
//   silver/dt=2026-01-02/part-*.parquet  what a job without its checks would have let through
//
// The CSV is written byte by byte, so each planted problem is exactly where the comments say;
// the Parquet is written by DuckDB (@duckdb/node-api, found like the test suite finds it:
// $SG_DUCKDB_DIR, else tests/csv/node_modules; `tools/dev test` installs it).
//
//   node examples/orders/data/make_data.cjs [OUT_DIR]    (default: beside this script)
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const R = require('../../../tests/parquet/render.cjs');

// Where bronze/ and silver/ go; the test suite writes a copy elsewhere and compares.
const HERE = process.argv[2] ? path.resolve(process.argv[2]) : __dirname;
// The test key the unit tests use too (tests/conftest.py). A real run reads its key from
// AWS Secrets Manager; a key in a repository protects nothing.
const PEPPER = 'example-pepper-not-a-secret';
// Spark names its files part-NNNNN-<job UUID>-c000.snappy.parquet; one fixed UUID here.
const PART = 'part-00000-6b1f3c1e-5d2a-4f0e-9a37-0c8e2f4b7d15-c000.snappy.parquet';

const HEADER = 'order_id,customer_id,customer_email,order_ts,status,amount,currency,country';
const uuid = (n) => `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;

// Day 1: clean. Lower-case codes and a mixed-case e-mail show the job's normalisation; 1004 is
// the customer of 1001 again (the same pseudonym); 1005 has no e-mail (a null hash).
const BRONZE_DAY1 = [
  ['1001', uuid(1), 'ana.silva@example.com', '2026-01-01 08:05:12', 'PLACED', '19.90', 'EUR', 'PT'],
  ['1002', uuid(2), ' Ben.Mueller@Example.org', '2026-01-01 09:17:45', 'paid', '120.00', 'eur', 'de'],
  ['1003', uuid(3), 'chloe@example.net', '2026-01-01 10:02:00', 'SHIPPED', '5.49', 'GBP', 'GB'],
  ['1004', uuid(1), 'ana.silva@example.com', '2026-01-01 11:45:30', 'PAID', '42.00', 'EUR', 'PT'],
  ['1005', uuid(4), '', '2026-01-01 12:00:01', 'CANCELLED', '0.00', 'EUR', 'FR'],
  ['1006', uuid(5), 'dmitri@example.com', '2026-01-01 15:30:00', 'PLACED', '1999.99', 'USD', 'US'],
  ['1007', uuid(6), 'eva@example.org', '2026-01-01 18:12:09', 'PAID', '75.25', 'EUR', 'NL'],
  ['1008', uuid(7), 'farid@example.com', '2026-01-01 23:59:59', 'SHIPPED', '310.40', 'EUR', 'BE'],
];

// Day 2, record by record (record 0 is the line after the header, line 2):
const BRONZE_DAY2 = [
  '2001,' + uuid(8) + ',gus@example.com,2026-01-02 07:00:00,PLACED,12.00,EUR,DE',
  '2002,' + uuid(9) + ',hana@example.com,2026-01-02 08:30:00,PAID,64.10,EUR,AT',
  // record 2: a free-text field with a comma in it: one field too many (ragged-row)
  '2003,' + uuid(10) + ',ivo@example.com,2026-01-02 09:00:00,PAID,15.00,EUR,DE,gift wrap',
  // record 3: hour 25 (invalid-timestamp)
  '2004,' + uuid(11) + ',jo@example.com,2026-01-02 25:10:00,PLACED,8.00,EUR,IE',
  // record 4: three decimal places in a decimal(12,2): Spark would round it (decimal-overflow)
  '2005,' + uuid(12) + ',kai@example.com,2026-01-02 10:15:00,PAID,19.999,EUR,DK',
  // record 5: a letter in the id (invalid-integer)
  'A2006,' + uuid(13) + ',lea@example.com,2026-01-02 11:00:00,PAID,30.00,EUR,FR',
  // records 6 to 9 are valid against the Glue table, which cannot say more; the job's rules
  // refuse them: no id, a status that does not exist, a four-letter currency, no UUID.
  ',' + uuid(14) + ',mo@example.com,2026-01-02 12:00:00,PAID,11.00,EUR,ES',
  '2008,' + uuid(15) + ',nia@example.com,2026-01-02 13:00:00,REFUNDED,22.00,EUR,IT',
  '2009,' + uuid(16) + ',oli@example.com,2026-01-02 14:00:00,PAID,33.00,EURO,BE',
  '2010,n/a,pat@example.com,2026-01-02 15:00:00,PLACED,44.00,EUR,NL',
];

// A folder an upstream bug named with month 13 (partition-value); its rows are fine.
const BRONZE_MONTH13 = [
  ['3001', uuid(17), 'quinn@example.com', '2026-01-13 09:00:00', 'PLACED', '5.00', 'EUR', 'LU'],
  ['3002', uuid(18), 'rui@example.com', '2026-01-13 10:00:00', 'PAID', '6.00', 'EUR', 'PT'],
];

// The job's pseudonym: HMAC-SHA256 of the trimmed, lower-cased address (orders_job/pii.py).
function emailHmac(email) {
  const normal = email.trim().toLowerCase();
  return normal === '' ? null : crypto.createHmac('sha256', PEPPER).update(normal, 'utf8').digest('hex');
}

// The silver row the job makes of a clean bronze row (orders_job/transforms.py).
function silverRow(r) {
  return {
    order_id: Number(r[0]), customer_id: r[1], email_hmac: emailHmac(r[2]), order_ts: r[3],
    status: r[4].trim().toUpperCase(), amount: r[5], currency: r[6].trim().toUpperCase(),
    country: r[7].trim().toUpperCase(),
  };
}

// Day 2 as a job without its checks would have written it: the rows the rules refuse, typed.
const SILVER_DAY2 = [
  silverRow(['2001', uuid(8), 'gus@example.com', '2026-01-02 07:00:00', 'PLACED', '12.00', 'EUR', 'DE']),
  silverRow(['2002', uuid(9), 'hana@example.com', '2026-01-02 08:30:00', 'PAID', '64.10', 'EUR', 'AT']),
  { ...silverRow(['0', uuid(14), 'mo@example.com', '2026-01-02 12:00:00', 'PAID', '11.00', 'EUR', 'ES']), order_id: null },
  silverRow(['2008', uuid(15), 'nia@example.com', '2026-01-02 13:00:00', 'REFUNDED', '22.00', 'EUR', 'IT']),
  silverRow(['2009', uuid(16), 'oli@example.com', '2026-01-02 14:00:00', 'PAID', '33.00', 'EURO', 'BE']),
  silverRow(['2010', 'n/a', 'pat@example.com', '2026-01-02 15:00:00', 'PLACED', '44.00', 'EUR', 'NL']),
  silverRow(['2011', uuid(19), 'sam@example.com', '2026-01-02 16:00:00', 'PAYMENT_PENDING_REVIEW', '55.00', 'EUR', 'FI']),
];

function writeCsv(dt, lines) {
  const file = path.join(HERE, 'bronze', `dt=${dt}`, 'orders.csv');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
  return file;
}

const sqlValue = (v) => (v === null ? 'NULL' : R.sqlString(v));

async function writeParquet(con, dt, rows) {
  const dir = path.join(HERE, 'silver', `dt=${dt}`);
  fs.mkdirSync(dir, { recursive: true });
  const values = rows.map((r) => `(${r.order_id === null ? 'NULL' : r.order_id}, ` +
    `${sqlValue(r.customer_id)}, ${sqlValue(r.email_hmac)}, ${sqlValue(r.order_ts + '+00')}, ` +
    `${sqlValue(r.status)}, ${r.amount}, ${sqlValue(r.currency)}, ${sqlValue(r.country)})`);
  // The types Spark writes for the silver table: BIGINT, strings, TIMESTAMP_MICROS adjusted to
  // UTC, DECIMAL(12,2); snappy, as Glue's default.
  const query = `SELECT order_id::BIGINT AS order_id, customer_id, email_hmac,
      order_ts::TIMESTAMPTZ AS order_ts, status, amount::DECIMAL(12,2) AS amount, currency, country
    FROM (VALUES ${values.join(',\n')})
      t(order_id, customer_id, email_hmac, order_ts, status, amount, currency, country)`;
  const file = path.join(dir, PART);
  await con.run(`COPY (${query}) TO ${R.sqlString(file)} (FORMAT parquet, COMPRESSION snappy)`);
  fs.writeFileSync(path.join(dir, '_SUCCESS'), '');
  return file;
}

async function main() {
  const duckdb = R.findDuckDB();
  if (!duckdb) {
    process.stderr.write('make_data: @duckdb/node-api not found (set SG_DUCKDB_DIR)\n');
    process.exit(77);
  }
  const written = [
    writeCsv('2026-01-01', BRONZE_DAY1.map((r) => r.join(','))),
    writeCsv('2026-01-02', BRONZE_DAY2),
    writeCsv('2026-13-01', BRONZE_MONTH13.map((r) => r.join(','))),
  ];
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run('SET threads = 1');
  await con.run("SET TimeZone = 'UTC'");
  written.push(await writeParquet(con, '2026-01-01', BRONZE_DAY1.map(silverRow)));
  written.push(await writeParquet(con, '2026-01-02', SILVER_DAY2));
  for (const file of written) {
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`make_data: ${e.message}\n`);
  process.exit(1);
});
