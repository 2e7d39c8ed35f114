// tests/parquet/expect_csv.cjs: turns a corpus *_expect.csv (the expected contents the
// parquet-testing corpus ships for its delta-encoding files) into the canonical `schemagate cat`
// JSON lines of the matching Parquet file, so cat can be checked against an expectation that
// does not come from any reader.
//
//   node expect_csv.cjs EXPECT_CSV PARQUET_FILE > EXPECTED.jsonl
//
// How the CSVs map to rows: one CSV record per row, in file order, after a header record. Columns
// map to the Parquet file's top-level columns by position (the headers are not reliable: the
// optional/required files write " c_customer_id" with a leading space, and the Parquet names of
// delta_encoding_required_column end in ":"). An unquoted empty field is null; a quoted one ("")
// is the empty string. Values are rendered by the Parquet type of their column (read with
// DuckDB's parquet_schema), so INT32/INT64 become JSON integers and STRING columns JSON strings.
// Exit status: 0 written, 1 the CSV does not fit the schema, 2 usage, 77 DuckDB not installed.
'use strict';
const fs = require('fs');
const R = require('./render.cjs');

// RFC 4180 records; each field is {text, quoted}.
function parseCsv(text) {
  const records = [];
  let rec = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;
  for (;;) {
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { value += '"'; i += 2; continue; }
          i++;
          break;
        }
        value += text[i++];
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
    }
    rec.push({ text: value, quoted });
    if (i < n && text[i] === ',') { i++; continue; }
    if (i < n && text[i] === '\r') i++;
    if (i < n && text[i] === '\n') i++;
    else if (i < n) throw new Error(`unexpected character after field at offset ${i}`);
    records.push(rec);
    rec = [];
    if (i >= n) break;
  }
  return records;
}

function renderCell(cell, node, where) {
  if (!cell.quoted && cell.text === '') return 'null';
  const k = R.leafKind(node);
  const t = cell.text;
  switch (k.kind) {
    case 'int':
      if (!/^-?\d+$/.test(t)) throw new Error(`${where}: ${JSON.stringify(t)} is not an integer`);
      return BigInt(t).toString();
    case 'bool':
      if (t !== 'true' && t !== 'false') throw new Error(`${where}: ${JSON.stringify(t)} is not a boolean`);
      return t;
    case 'float32':
      return R.fmtFloat32(Math.fround(Number(t)));
    case 'float64':
      return R.fmtDouble(Number(t));
    case 'string':
      return R.jsonString(t);
    default:
      throw new Error(`${where}: no CSV rule for ${k.kind} columns`);
  }
}

async function main() {
  const [csvPath, pqPath] = process.argv.slice(2);
  if (!csvPath || !pqPath) {
    process.stderr.write('usage: node expect_csv.cjs EXPECT_CSV PARQUET_FILE\n');
    process.exit(2);
  }
  const duckdb = R.findDuckDB();
  if (!duckdb) {
    process.stderr.write('expect_csv: @duckdb/node-api not found (set SG_DUCKDB_DIR)\n');
    process.exit(77);
  }
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const schema = await R.readSchema(con, pqPath);
  const cols = schema.children;
  for (const c of cols) {
    if (c.group || c.repetition === 'REPEATED') throw new Error(`${c.name}: only flat columns are supported`);
  }
  const records = parseCsv(fs.readFileSync(csvPath, 'utf8'));
  const header = records.shift();
  if (!header || header.length !== cols.length) {
    throw new Error(`header has ${header ? header.length : 0} fields, the file has ${cols.length} columns`);
  }
  header.forEach((h, k) => {
    const want = cols[k].name.replace(/:$/, '');
    if (h.text.trim() !== want) process.stderr.write(`expect_csv: note: CSV column ${k + 1} is ${JSON.stringify(h.text)}, Parquet ${JSON.stringify(cols[k].name)}\n`);
  });
  const out = [];
  records.forEach((rec, r) => {
    if (rec.length !== cols.length) throw new Error(`record ${r + 2} has ${rec.length} fields`);
    out.push('{' + cols.map((c, k) => `${R.jsonString(c.name)}:${renderCell(rec[k], c, `record ${r + 2} column ${c.name}`)}`).join(',') + '}\n');
  });
  process.stdout.write(out.join(''));
}

main().catch((e) => {
  process.stderr.write(`expect_csv: ${e.message}\n`);
  process.exit(1);
});
