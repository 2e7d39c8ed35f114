// tests/csv/crosscheck_duckdb.cjs: compares `schemagate infer` with DuckDB's CSV reader on the
// files listed in crosscheck.txt and prints TAP. Run it through crosscheck_duckdb.sh, which finds
// DuckDB (the npm package @duckdb/node-api) or skips.
//
//   node crosscheck_duckdb.cjs SCHEMAGATE CSV_DIR MODULES_DIR
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [schemagate, csvDir, modulesDir] = process.argv.slice(2);
const { DuckDBInstance } = require(require.resolve('@duckdb/node-api', { paths: [modulesDir] }));
const here = __dirname;

function lines(file) {
  return fs.readFileSync(path.join(here, file), 'utf8').split('\n')
    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

const cases = lines('crosscheck.txt').map((l) => {
  const [file, ...args] = l.split(/\s+/);
  return { file, args };
});
const known = new Map();
for (const l of lines('crosscheck-differences.txt')) {
  const [file, column, ours, theirs, ...why] = l.split(/\s+/);
  known.set(`${file} ${column}`, { ours, theirs, why: why.join(' ') });
}

// The broad class of a schemagate kind and of a DuckDB type.
function ourClass(type) {
  switch (type.kind) {
    case 'int32': case 'int64': case 'decimal': return type.kind === 'decimal' && type.scale > 0 ? 'float' : 'integer';
    case 'float64': return 'float';
    default: return type.kind;
  }
}
function duckClass(type) {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(type)) return 'integer';
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(type)) return 'float';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type === 'VARCHAR') return 'string';
  return type.toLowerCase();
}
function sqlString(s) {
  return `'${s.replace(/'/g, "''")}'`;
}

async function main() {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  console.log(`1..${cases.length}`);
  let failed = false;
  let n = 0;
  for (const c of cases) {
    n++;
    const file = path.join(csvDir, c.file);
    const problems = [];
    const notes = [];
    try {
      const model = JSON.parse(execFileSync(schemagate, ['infer', file, ...c.args, '--to', 'model'],
        { encoding: 'utf8' }));
      const p = model.properties;
      const options = [
        `delim=${sqlString(p['csv.delimiter'])}`,
        `quote=${sqlString(p['csv.quote'])}`,
        `escape=${sqlString(p['csv.escape'] || p['csv.quote'])}`,
        `header=${p['csv.header']}`,
        `skip=${p['csv.skip_rows']}`,
      ];
      if (p['csv.null']) options.push(`nullstr=${sqlString(p['csv.null'])}`);
      const source = `read_csv(${sqlString(file)}, ${options.join(', ')})`;
      const described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjects();
      const fields = model.type.fields;
      if (described.length !== fields.length) {
        problems.push(`${fields.length} columns, DuckDB ${described.length}`);
      }
      const nulls = described.length ? (await con.runAndReadAll(`SELECT ${described.map((d) =>
        `count(*) - count("${d.column_name.replace(/"/g, '""')}")`).join(', ')} FROM ${source}`))
        .getRows()[0].map(Number) : [];
      fields.forEach((f, i) => {
        const d = described[i];
        if (!d) return;
        if (p['csv.header'] === 'true' && d.column_name !== f.name) {
          problems.push(`column ${i + 1} is "${f.name}", DuckDB "${d.column_name}"`);
        }
        const ours = ourClass(f.type);
        const theirs = duckClass(d.column_type);
        if (ours !== theirs) {
          const k = known.get(`${c.file} ${f.name}`);
          if (k && k.ours === ours && k.theirs === theirs) {
            notes.push(`known: ${f.name} ${ours} vs ${theirs}: ${k.why}`);
          } else {
            problems.push(`${f.name}: ${ours} (${f.type.kind}), DuckDB ${theirs} (${d.column_type})`);
          }
        }
        const nullable = !!f.type.nullable;
        if (nullable !== nulls[i] > 0) {
          problems.push(`${f.name}: nullable ${nullable}, DuckDB finds ${nulls[i]} NULLs`);
        }
      });
    } catch (e) {
      problems.push(String(e.message || e).split('\n')[0]);
    }
    for (const note of notes) console.log(`# ${c.file}: ${note}`);
    if (problems.length) {
      failed = true;
      console.log(`not ok ${n} - ${c.file} # ${problems.join('; ')}`);
    } else {
      console.log(`ok ${n} - ${c.file}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.log(`Bail out! ${e.message}`);
  process.exitCode = 1;
});
