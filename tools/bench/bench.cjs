#!/usr/bin/env node
// tools/bench/bench.cjs: `schemagate validate` against DuckDB on the same files, in the same run
// (tools/bench/README.md). It owns: generating the "orders" datasets with DuckDB (Parquet SNAPPY
// and ZSTD, CSV with a header) with a known share of planted violations; running schemagate as
// a process and DuckDB's equivalent per-rule counts in a Node process, both single-threaded,
// warm cache, best of N; measuring wall time, CPU time and peak RSS; printing the table; and
// cross-checking every rule's count between schemagate's JSON report and DuckDB.
//
// usage: node tools/bench/bench.cjs [--rows N[,N...]] [--quick] [--runs N] [--dir DIR]
//                                   [--schemagate PATH] [--seed N] [--formats LIST]
//                                   [--schemas LIST] [--stats-only] [--json FILE]
// Exit: 0 counts agree everywhere, 1 a count differs, 2 usage, setup or run error, 77 DuckDB
// (@duckdb/node-api), or both /usr/bin/time and python3, not found (a skip for test harnesses).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
// Bump when the generated data changes, so that old datasets are not reused.
const GENERATOR_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// DuckDB, found as tests/parquet/render.cjs finds it: $SG_DUCKDB_DIR (a folder holding
// node_modules/@duckdb/node-api, or node_modules itself), tests/duckdb, tests/csv, then Node's
// own resolution.
function findDuckDB() {
  const candidates = [
    process.env.SG_DUCKDB_DIR,
    path.join(ROOT, 'tests', 'duckdb'),
    path.join(ROOT, 'tests', 'csv'),
  ].filter(Boolean);
  for (const dir of candidates) {
    for (const m of [path.join(dir, 'node_modules'), dir]) {
      const pkg = path.join(m, '@duckdb', 'node-api');
      if (fs.existsSync(path.join(pkg, 'package.json'))) {
        return pkg;
      }
    }
  }
  try {
    return path.dirname(require.resolve('@duckdb/node-api/package.json'));
  } catch (e) {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The table. Every row is decided by hashes of its id, so a (rows, seed) pair always gives the
// same data. r = hash % 200 picks the planted violation, each in its own rows (so that DuckDB's
// CSV rejects, which drop whole lines, cannot hide another rule's violation):
//   r = 0      quantity outside smallint (40000..59999)          0.5 %
//   r = 1      status 'LOST', not one of the enum's symbols       0.5 %
//   r = 2, 3   amount NULL though the schema says required        1 %
//   r = 4      customer longer than varchar(32)                   0.5 %
const STATUSES = ['NEW', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'];
const VARCHAR_MAX = 32;

function orderSelect(rows, seed) {
  const created = `TIMESTAMP '2020-01-01' + to_microseconds(((h >> 8) % 157766400000000)::BIGINT)`;
  return `
    WITH base AS (SELECT i, hash(i, ${seed}) AS h, hash(i, ${seed} + 1000) AS g
                  FROM range(${rows}) t(i)),
    r AS (SELECT i, h, g, (h % 200)::INT AS r FROM base)
    SELECT i::BIGINT AS order_id,
      (CASE WHEN r = 0 THEN 40000 + (g % 20000) ELSE 1 + (g % 500) END)::INTEGER AS quantity,
      CASE WHEN r = 1 THEN 'LOST'
           ELSE [${STATUSES.map((s) => `'${s}'`).join(', ')}][1 + (g % 5)::INT] END AS status,
      CASE WHEN r IN (2, 3) THEN NULL
           ELSE ((g % 10000000)::BIGINT / 100.0)::DECIMAL(12, 2) END AS amount,
      CASE WHEN r = 4 THEN 'customer ' || i || ' with a name that is far too long'
           ELSE ['Zoë ', 'Ana ', 'Doe, ', 'Li '][1 + ((g >> 20) % 4)::INT] || (g % 1000000) END
        AS customer,
      ${created} AS created_at,
      (${created})::DATE AS order_date,
      list_slice(['gift', 'express', 'fragile', 'bulk', 'promo'], 1 + ((g >> 30) % 3)::INT,
                 2 + ((g >> 30) % 3)::INT + ((g >> 34) % 2)::INT) AS tags,
      (g >> 40) % 3 <> 0 AS paid
    FROM r ORDER BY i`;
}

const FILES = {
  snappy: { name: 'orders.snappy.parquet', kind: 'parquet', label: 'Parquet SNAPPY' },
  zstd: { name: 'orders.zstd.parquet', kind: 'parquet', label: 'Parquet ZSTD' },
  csv: { name: 'orders.csv', kind: 'csv', label: 'CSV' },
};

// The checks each schema asks for, as DuckDB computes them. Avro has no varchar(n) and no
// 8/16-bit integers, Spark JSON no enum: no one schema format says all four, so there are two.
const SCHEMAS = {
  spark: {
    parquet: 'orders.spark.json',
    csv: 'orders-csv.spark.json',
    csvTypes: { quantity: 'SMALLINT' },
    rules: [
      {
        rule: 'integer-out-of-range',
        column: 'quantity',
        parquet: 'quantity NOT BETWEEN -32768 AND 32767',
        csvReject: true, // SMALLINT in read_csv: DuckDB rejects the line
      },
      { rule: 'decimal-overflow', column: 'amount', where: 'abs(amount) > 9999999999.99',
        csvReject: true },
      { rule: 'string-too-long', column: 'customer', where: `length(customer) > ${VARCHAR_MAX}` },
    ],
  },
  avro: {
    parquet: 'orders.avsc',
    csv: 'orders-csv.avsc',
    csvTypes: {},
    rules: [
      { rule: 'decimal-overflow', column: 'amount', where: 'abs(amount) > 9999999999.99',
        csvReject: true },
      {
        rule: 'enum-value',
        column: 'status',
        where: `status NOT IN (${STATUSES.map((s) => `'${s}'`).join(', ')})`,
      },
    ],
  },
};

const COLUMNS = [
  ['order_id', 'BIGINT'],
  ['quantity', 'INTEGER'],
  ['status', 'VARCHAR'],
  ['amount', 'DECIMAL(12,2)'],
  ['customer', 'VARCHAR'],
  ['created_at', 'TIMESTAMP'],
  ['order_date', 'DATE'],
  ['tags', 'VARCHAR'], // in the CSV: the list joined with '|'
  ['paid', 'BOOLEAN'],
];

function sqlString(s) {
  return `'${String(s).replace(/'/g, "''")}'`;
}

// One query computing every rule's count; every column is touched by its null check (all are
// required in both schemas), so DuckDB decodes (and checks the UTF-8 of) every column.
function duckQuery(kind, schemaKey, file) {
  const schema = SCHEMAS[schemaKey];
  const items = ['count(*) AS "rows"'];
  for (const [name] of COLUMNS) {
    items.push(`count(*) FILTER (WHERE ${name} IS NULL) AS "null-in-required ${name}"`);
  }
  if (kind === 'parquet') {
    items.push(`coalesce(sum(len(tags) - list_count(tags)), 0)::BIGINT AS "null-in-required tags[]"`);
  }
  for (const r of schema.rules) {
    if (kind === 'csv' && r.csvReject) {
      continue; // counted from the rejects table
    }
    items.push(`count(*) FILTER (WHERE ${r.parquet || r.where}) AS "${r.rule} ${r.column}"`);
  }
  if (kind === 'parquet') {
    return { sql: `SELECT ${items.join(',\n  ')}\nFROM read_parquet(${sqlString(file)})` };
  }
  const types = COLUMNS.map(([name, type]) => `${sqlString(name)}: ${sqlString(schema.csvTypes[name] || type)}`);
  const source =
    `read_csv(${sqlString(file)}, header = true, auto_detect = false, delim = ',', quote = '"', ` +
    `escape = '"', columns = {${types.join(', ')}}, store_rejects = true, ` +
    `rejects_table = 'bench_rejects', rejects_scan = 'bench_scans')`;
  const rejectRules = {};
  for (const r of schema.rules) {
    if (r.csvReject) {
      rejectRules[r.column] = r.rule;
    }
  }
  return {
    sql: `SELECT ${items.join(',\n  ')}\nFROM ${source}`,
    rejects: 'SELECT column_name, error_type, count(*) FROM bench_rejects GROUP BY ALL',
    rejectRules,
  };
}

// ---------------------------------------------------------------------------------------------
// The DuckDB worker: a Node process of its own (so that its peak RSS is measurable), which
// reads jobs from stdin, one JSON line each, and answers each with one JSON line. Every job
// runs on a fresh in-memory instance with one thread; the query alone is timed, inside the
// process. The bench keeps one worker per file and schema and interleaves its runs with
// schemagate's, so that both meet the same load on a shared machine.
async function duckWorker() {
  const { DuckDBInstance } = require(process.argv[3]);
  const readline = require('readline');
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const job = JSON.parse(line);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run('SET threads = 1');
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const reader = await con.runAndReadAll(job.sql);
    const rejects = job.rejects ? (await con.runAndReadAll(job.rejects)).getRows() : null;
    const t1 = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpu0);
    const counts = {};
    const row = reader.getRows()[0];
    reader.columnNames().forEach((n, i) => {
      counts[n] = Number(row[i]);
    });
    con.closeSync();
    db.closeSync();
    process.stdout.write(JSON.stringify({
      wall: Number(t1 - t0) / 1e9,
      cpu: (cpu.user + cpu.system) / 1e6,
      counts,
      rejects: rejects ? rejects.map((r) => [r[0], String(r[1]), Number(r[2])]) : null,
    }) + '\n');
  }
}

// The bench's side of a worker: started under GNU time (when present) for its peak RSS.
class DuckWorker {
  constructor(duckdbPath, work) {
    const { spawn } = require('child_process');
    this.usage = path.join(work, 'duck-usage');
    fs.rmSync(this.usage, { force: true });
    const args = [__filename, '--duckdb-worker', duckdbPath];
    this.child = fs.existsSync(GNU_TIME)
      ? spawn(GNU_TIME, ['-o', this.usage, '-f', '%x %U %S %M', process.execPath, ...args],
              { stdio: ['pipe', 'pipe', 'inherit'] })
      : spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.waiting = [];
    this.buffer = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk) => {
      this.buffer += chunk;
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift().resolve(JSON.parse(line));
      }
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`the DuckDB worker exited (${code})`));
      resolve(code);
    }));
  }

  run(query) {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(JSON.stringify({ sql: query.sql, rejects: query.rejects || null }) + '\n');
    });
  }

  // Ends the worker; its peak RSS in MB (null without GNU time).
  async close() {
    this.child.stdin.end();
    const code = await this.exited;
    if (code !== 0) {
      throw new Error(`the DuckDB worker exited with ${code}`);
    }
    if (!fs.existsSync(this.usage)) {
      return null;
    }
    const fields = fs.readFileSync(this.usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    return fields[3] / 1024;
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring a process: wall time, CPU time and the peak RSS of the process alone, which Node
// cannot give (it has no rusage of a child). GNU time (/usr/bin/time) when present: it forks
// from a small process, so the peak is the measured program's own. Else python3 and
// getrusage(RUSAGE_CHILDREN), whose peak may include python's pages between fork and exec
// (about 10 MB).
const GNU_TIME = '/usr/bin/time';
const MEASURE_PY = `
import json, resource, subprocess, sys, time
out, err = sys.argv[1], sys.argv[2]
before = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, 'wb') as o, open(err, 'wb') as e:
    t = time.perf_counter()
    rc = subprocess.call(sys.argv[3:], stdout=o, stderr=e)
    wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime - before.ru_utime - before.ru_stime
print(json.dumps({"rc": rc, "wall": wall, "cpu": cpu, "rss_kb": ru.ru_maxrss}))
`;

function measure(cmd, args, work) {
  const out = path.join(work, 'stdout'), err = path.join(work, 'stderr'), usage = path.join(work, 'usage');
  let m;
  if (fs.existsSync(GNU_TIME)) {
    const outFd = fs.openSync(out, 'w'), errFd = fs.openSync(err, 'w');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(GNU_TIME, ['-o', usage, '-f', '%x %U %S %M', cmd, ...args],
                        { stdio: ['ignore', outFd, errFd] });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    fs.closeSync(outFd);
    fs.closeSync(errFd);
    // The last line: GNU time adds "Command exited with non-zero status N" before it.
    const fields = fs.readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    if (r.error || fields.length !== 4 || fields.some(Number.isNaN)) {
      throw new Error(`measuring ${cmd} failed: ${r.error || fs.readFileSync(usage, 'utf8')}`);
    }
    m = { rc: fields[0], wall, cpu: fields[1] + fields[2], rss_kb: fields[3] };
  } else {
    const r = spawnSync('python3', ['-c', MEASURE_PY, out, err, cmd, ...args], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`measuring ${cmd} failed: ${r.stderr}`);
    }
    m = JSON.parse(r.stdout);
  }
  m.stdout = fs.readFileSync(out, 'utf8');
  m.stderr = fs.readFileSync(err, 'utf8');
  return m;
}

// ---------------------------------------------------------------------------------------------
// Datasets: DIR/rows-N-seed-S/, reused when its manifest says the same rows, seed, generator
// and DuckDB version and the files have the sizes it lists.
async function dataset(duckdbPath, dir, rows, seed, duckVersion) {
  const folder = path.join(dir, `rows-${rows}-seed-${seed}`);
  const manifestPath = path.join(folder, 'manifest.json');
  const want = { rows, seed, generator: GENERATOR_VERSION, duckdb: duckVersion };
  try {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (['rows', 'seed', 'generator', 'duckdb'].every((k) => m[k] === want[k]) &&
        Object.values(FILES).every((f) => {
          const st = fs.statSync(path.join(folder, f.name), { throwIfNoEntry: false });
          return st && st.size === m.sizes[f.name];
        })) {
      return folder;
    }
  } catch (e) {
    // no usable manifest: generate
  }
  fs.mkdirSync(folder, { recursive: true });
  fs.rmSync(manifestPath, { force: true });
  log(`generating ${rows.toLocaleString('en-US')} rows into ${path.relative(process.cwd(), folder) || folder}`);
  const { DuckDBInstance } = require(duckdbPath);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  // One thread: row groups of exactly 1M rows and the rows in order.
  await con.run('SET threads = 1');
  await con.run('SET preserve_insertion_order = true');
  const select = orderSelect(rows, seed);
  for (const codec of ['snappy', 'zstd']) {
    await con.run(`COPY (${select}) TO ${sqlString(path.join(folder, FILES[codec].name))}
                   (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1000000)`);
  }
  await con.run(`COPY (SELECT * REPLACE (array_to_string(tags, '|') AS tags) FROM (${select}))
                 TO ${sqlString(path.join(folder, FILES.csv.name))} (FORMAT csv, HEADER true)`);
  con.closeSync();
  db.closeSync();
  want.sizes = {};
  for (const f of Object.values(FILES)) {
    want.sizes[f.name] = fs.statSync(path.join(folder, f.name)).size;
  }
  fs.writeFileSync(manifestPath, JSON.stringify(want, null, 2) + '\n');
  return folder;
}

// ---------------------------------------------------------------------------------------------
function log(msg) {
  process.stderr.write(`bench: ${msg}\n`);
}

function usage(msg) {
  process.stderr.write(`bench: ${msg}\nusage: node tools/bench/bench.cjs [--rows N[,N...]] [--quick] ` +
    '[--runs N] [--dir DIR] [--schemagate PATH] [--seed N] [--formats snappy,zstd,csv] ' +
    '[--schemas spark,avro] [--stats-only] [--json FILE]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    rows: [1000000, 10000000],
    runs: 3,
    dir: path.join(ROOT, 'build', 'bench'),
    schemagate: path.join(ROOT, 'build', 'tools', 'schemagate', 'schemagate'),
    seed: 1,
    formats: Object.keys(FILES),
    schemas: Object.keys(SCHEMAS),
    noStats: true,
    json: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    const count = (v, min) => {
      if (!/^\d+$/.test(v) || Number(v) < min) usage(`${a}: not a whole number >= ${min}: ${v}`);
      return Number(v);
    };
    const list = (v, known) => {
      const items = v.split(',').filter(Boolean);
      for (const x of items) if (!known.includes(x)) usage(`${a}: unknown ${x} (known: ${known.join(', ')})`);
      return items;
    };
    if (a === '--rows') o.rows = value().split(',').map((v) => count(v.replace(/e(\d+)$/, (m, e) => '0'.repeat(Number(e))), 1));
    else if (a === '--quick') { o.rows = [100000]; o.runs = 1; }
    else if (a === '--runs') o.runs = count(value(), 1);
    else if (a === '--dir') o.dir = path.resolve(value());
    else if (a === '--schemagate') o.schemagate = path.resolve(value());
    else if (a === '--seed') o.seed = count(value(), 0);
    else if (a === '--formats') o.formats = list(value(), Object.keys(FILES));
    else if (a === '--schemas') o.schemas = list(value(), Object.keys(SCHEMAS));
    else if (a === '--stats-only') o.noStats = false;
    else if (a === '--json') o.json = path.resolve(value());
    else usage(`unknown argument ${a}`);
  }
  return o;
}

function best(xs) {
  return Math.min(...xs);
}

// schemagate's violation counts by "rule column" from its JSON report.
function schemagateCounts(report) {
  const counts = {};
  for (const f of report.findings) {
    const key = `${f.rule} ${f.column === null ? '-' : f.column}`;
    counts[key] = (counts[key] || 0) + f.count;
  }
  return counts;
}

// DuckDB's counts by "rule column", CSV rejects mapped to the rules they stand for.
function duckCounts(result, query) {
  const counts = {};
  for (const [k, v] of Object.entries(result.counts)) {
    if (k !== 'rows') counts[k] = v;
  }
  let rows = result.counts.rows;
  for (const [column, type, n] of result.rejects || []) {
    const rule = query.rejectRules[column];
    const key = rule && type === 'CAST' ? `${rule} ${column}` : `duckdb-reject ${column} ${type}`;
    counts[key] = (counts[key] || 0) + n;
    rows += n; // rejected lines are not in the query's rows
  }
  return { counts, rows };
}

function compare(sg, duck) {
  const problems = [];
  for (const key of new Set([...Object.keys(sg), ...Object.keys(duck)])) {
    const a = sg[key] || 0, b = duck[key] || 0;
    if (a !== b) problems.push(`${key}: schemagate ${a}, DuckDB ${b}`);
  }
  return problems;
}

function runSchemagateOnce(o, args, work) {
  const m = measure(o.schemagate, args, work);
  if (m.rc !== 0 && m.rc !== 1) {
    throw new Error(`schemagate ${args.join(' ')} exited ${m.rc}: ${m.stderr}${m.stdout.slice(0, 2000)}`);
  }
  return m;
}

// One file against one schema: a warm-up run of each contender, then `runs` rounds of
// schemagate (with statistics, and with --no-stats when asked), then DuckDB; best of the rounds.
async function compareOne(o, duckdbPath, file, schemaPath, query, noStats, work) {
  const base = ['validate', '--jobs', '1', '--format', 'json', '--schema', schemaPath];
  const variants = { sg: [...base, file] };
  if (noStats) variants.noStats = [...base, '--no-stats', file];
  const worker = new DuckWorker(duckdbPath, work);
  const runs = { sg: [], noStats: [], duck: [] };
  const reports = {};
  let duckResult = null;
  let duckRss = null;
  try {
    for (let round = 0; round <= o.runs; round++) {
      for (const [key, args] of Object.entries(variants)) {
        const m = runSchemagateOnce(o, args, work);
        if (round > 0) runs[key].push(m);
        reports[key] = m.stdout;
      }
      const d = await worker.run(query);
      if (round > 0) runs.duck.push(d);
      duckResult = d;
    }
  } finally {
    duckRss = await worker.close();
  }
  const summary = (key) => runs[key].length === 0 ? null : {
    wall: best(runs[key].map((m) => m.wall)),
    cpu: best(runs[key].map((m) => m.cpu)),
    rss: Math.max(...runs[key].map((m) => m.rss_kb)) / 1024,
    report: JSON.parse(reports[key]),
  };
  return {
    sg: summary('sg'),
    noStats: summary('noStats'),
    duck: { wall: best(runs.duck.map((d) => d.wall)), cpu: best(runs.duck.map((d) => d.cpu)), rss: duckRss,
            result: duckResult },
  };
}

// Node with DuckDB loaded and no data: the part of DuckDB's RSS that is not the query's.
async function duckBaseline(duckdbPath, work) {
  const worker = new DuckWorker(duckdbPath, work);
  const t0 = process.hrtime.bigint();
  await worker.run({ sql: 'SELECT 42 AS answer' });
  const rss = await worker.close();
  return { rss, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function fmt(n, digits) {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function printTable(rows) {
  const head = ['rows', 'file', 'schema', 'MB', 'sg MB/s', 'sg no-stats', 'DuckDB MB/s', 'ratio',
                'no-stats ratio', 'cpu ratio', 'sg RSS MB', 'DuckDB RSS MB', 'counts'];
  const body = rows.map((r) => [
    r.rows.toExponential(0).replace('+', ''), r.label, r.schema, fmt(r.bytes / 1e6, 1),
    fmt(r.sgMBs, 1), r.sgNoStatsMBs === null ? '-' : fmt(r.sgNoStatsMBs, 1), fmt(r.duckMBs, 1),
    fmt(r.ratio, 2), r.noStatsRatio === null ? '-' : fmt(r.noStatsRatio, 2),
    r.cpuRatio === null ? '-' : fmt(r.cpuRatio, 2),
    fmt(r.sgRss, 0), r.duckRss === null ? '?' : fmt(r.duckRss, 0), r.agree ? 'agree' : 'DIFFER',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i < 3 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w, i) => (i < 3 || i === widths.length - 1 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const b of body) console.log(line(b));
}

async function main() {
  if (process.argv[2] === '--duckdb-worker') {
    await duckWorker();
    return;
  }
  const o = parseArgs(process.argv.slice(2));
  const duckdbPath = findDuckDB();
  if (duckdbPath === null) {
    log('SKIP: @duckdb/node-api not found (set SG_DUCKDB_DIR, or npm install --prefix tests/csv @duckdb/node-api)');
    process.exit(77);
  }
  if (!fs.existsSync(GNU_TIME) &&
      spawnSync('python3', ['-c', 'import resource'], { stdio: 'ignore' }).status !== 0) {
    log('SKIP: /usr/bin/time or python3 is needed to measure peak RSS');
    process.exit(77);
  }
  if (!fs.existsSync(o.schemagate)) {
    usage(`no schemagate at ${o.schemagate} (build it, or give --schemagate PATH)`);
  }
  const duckVersion = JSON.parse(fs.readFileSync(path.join(duckdbPath, 'package.json'), 'utf8')).version;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bench-'));
  const results = [];
  let failures = 0;
  try {
    const baseline = await duckBaseline(duckdbPath, work);
    log(`DuckDB ${duckVersion}; its Node process alone (DuckDB loaded, one trivial query): ` +
        `${baseline.rss === null ? '?' : fmt(baseline.rss, 0)} MB RSS, ${fmt(baseline.seconds, 2)} s to start, ` +
        'query and stop');
    for (const rows of o.rows) {
      const folder = await dataset(duckdbPath, o.dir, rows, o.seed, duckVersion);
      for (const key of o.formats) {
        const f = FILES[key];
        const file = path.join(folder, f.name);
        const bytes = fs.statSync(file).size;
        for (const schemaKey of o.schemas) {
          const schemaPath = path.join(__dirname, SCHEMAS[schemaKey][f.kind]);
          log(`${rows.toLocaleString('en-US')} rows, ${f.label}, ${schemaKey} schema`);
          const query = duckQuery(f.kind, schemaKey, file);
          const both = await compareOne(o, duckdbPath, file, schemaPath, query, f.kind === 'parquet' && o.noStats, work);
          const sg = both.sg, sgNoStats = both.noStats, duck = both.duck;
          const dc = duckCounts(duck.result, query);
          const sc = schemagateCounts(sg.report);
          const problems = compare(sc, dc.counts);
          if (sgNoStats) {
            for (const p of compare(schemagateCounts(sgNoStats.report), dc.counts)) problems.push(`--no-stats: ${p}`);
          }
          if (sg.report.summary.rows !== dc.rows) {
            problems.push(`rows: schemagate ${sg.report.summary.rows}, DuckDB ${dc.rows}`);
          }
          if (sg.report.files.some((x) => x.error)) {
            problems.push(`schemagate: ${sg.report.files.map((x) => x.error).filter(Boolean).join('; ')}`);
          }
          for (const p of problems) log(`DIFFER ${rows} ${f.label} ${schemaKey}: ${p}`);
          failures += problems.length > 0;
          const r = {
            rows, label: f.label, file: path.relative(ROOT, file), schema: schemaKey, bytes,
            sgSeconds: sg.wall, sgCpu: sg.cpu, sgMBs: bytes / 1e6 / sg.wall, sgRss: sg.rss,
            sgNoStatsSeconds: sgNoStats ? sgNoStats.wall : null,
            sgNoStatsMBs: sgNoStats ? bytes / 1e6 / sgNoStats.wall : null,
            sgNoStatsRss: sgNoStats ? sgNoStats.rss : null,
            duckSeconds: duck.wall, duckCpu: duck.cpu, duckMBs: bytes / 1e6 / duck.wall, duckRss: duck.rss,
            counts: sc, duckCounts: dc.counts, agree: problems.length === 0, problems,
            work: sg.report.summary,
          };
          r.ratio = duck.wall / sg.wall; // schemagate's speed over DuckDB's
          r.noStatsRatio = sgNoStats ? duck.wall / sgNoStats.wall : null;
          r.cpuRatio = sg.cpu > 0 ? duck.cpu / sg.cpu : null; // GNU time counts in 10 ms steps
          results.push(r);
        }
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nschemagate validate --jobs 1 vs DuckDB ${duckVersion} (SET threads=1), warm cache, best of ${o.runs}; ` +
              'MB = 10^6 bytes of the file.');
  console.log('sg: schemagate process wall time (statistics used); no-stats: with --no-stats (every checked ' +
              'column decoded); DuckDB: the query\'s wall time inside its Node process.');
  console.log('ratio = schemagate MB/s / DuckDB MB/s (> 1: schemagate faster); cpu ratio the same with CPU ' +
              'seconds; RSS = peak resident set (DuckDB\'s includes Node).\n');
  printTable(results);
  if (o.json) {
    fs.writeFileSync(o.json, JSON.stringify({ duckdb: duckVersion, runs: o.runs, results }, null, 2) + '\n');
  }
  if (failures) {
    log(`${failures} comparison(s) DIFFER: schemagate and DuckDB do not count the same violations`);
    process.exit(1);
  }
  log(`violation counts agree in all ${results.length} comparisons`);
}

main().catch((e) => {
  log(`error: ${e.stack || e}`);
  process.exit(2);
});
