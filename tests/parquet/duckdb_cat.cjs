// tests/parquet/duckdb_cat.cjs: the independent oracle for `schemagate cat`. Reads Parquet files
// with DuckDB (@duckdb/node-api, one process for all files) and writes each one's rows in the
// canonical JSON-lines rendering (docs/parquet.md), following the Parquet types that DuckDB's
// parquet_schema() reports rather than DuckDB's own widened types.
//
//   node duckdb_cat.cjs [--relative-to DIR] [--no-transcode] OUTDIR FILE...
//
// For FILE x.parquet it writes OUTDIR/x.jsonl, or OUTDIR/x.error holding DuckDB's one-line error
// when DuckDB cannot read it (other names keep their full name: y.parquet.encrypted.error).
// With --relative-to, the output keeps FILE's folders below DIR (OUTDIR/geospatial/crs-srid.jsonl)
// so files of equal name in different folders do not collide. Where DuckDB's reading cannot
// give the value the rendering asks for (INT96 and NANOS read as microseconds), a note goes to
// stderr and the value is rendered from what DuckDB gives. When DuckDB refuses a file only for
// its pages (the LZ4 codec, BYTE_STREAM_SPLIT on integers) or for invalid UTF-8 in a string, the
// oracle reads a copy rewritten by pqraw.cjs instead (pages decompressed or un-split; string
// annotations dropped so the raw bytes come through) and says so on stderr; --no-transcode
// turns this off. Exit status: 0, or 1 when the oracle itself failed on a file (it cannot pair
// DuckDB's result with the schema), 2 usage, 77 DuckDB not installed.
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');
const R = require('./render.cjs');
const pqraw = require('./pqraw.cjs');

// DuckDB errors that only concern page compression or encoding: for those the file is rewritten
// by pqraw.cjs (values untouched, pages UNCOMPRESSED, BYTE_STREAM_SPLIT made PLAIN) and DuckDB
// reads the rewritten copy.
const TRANSCODABLE = [
  /Unsupported compression codec "LZ4"/,
  /BYTE_STREAM_SPLIT encoding is only supported for FLOAT or DOUBLE/,
];
// DuckDB refuses string columns holding invalid UTF-8, which cat renders with U+FFFD: the oracle
// then reads a copy whose schema has the string annotations removed (BLOB bytes) and renders
// the bytes as the original Parquet types say.
const INVALID_UTF8 = /Invalid string encoding found in Parquet file/;

const TYPE = {
  LIST: 24, STRUCT: 25, MAP: 26, ARRAY: 33,
};

function isListGroup(n) {
  return n.group && ((n.logical && n.logical.name === 'ListType') || n.converted === 'LIST');
}

// The element node of a LIST-annotated group by the backward-compatibility rules of
// LogicalTypes.md: {node, repeatedIsElement}.
function listElement(pnode) {
  if (pnode.children.length !== 1 || pnode.children[0].repetition !== 'REPEATED') {
    throw new Error(`${pnode.name}: LIST group without a single repeated field`);
  }
  const r = pnode.children[0];
  if (!r.group || r.children.length > 1 || r.name === 'array' || r.name === `${pnode.name}_tuple`) {
    return { node: r, repeatedIsElement: true };
  }
  return { node: r.children[0], repeatedIsElement: false };
}

// Pairs the Parquet schema node with the DuckDB result type: returns a renderer tree
// {kind:'struct'|'list'|'map'|'wrap'|'leaf', ...} or throws when they do not line up. The
// structure follows the Parquet schema; where DuckDB reads a list element that the rules make a
// one-field group as that field alone (its own fixed-size ARRAY files, whose repeated group is
// named "array"), a 'wrap' node puts the field's name back.
function align(pnode, dtype, repeatedAsElement) {
  const id = dtype.typeId;
  const isList = id === TYPE.LIST || id === TYPE.ARRAY;
  if (pnode.repetition === 'REPEATED' && !repeatedAsElement) {
    // A bare repeated field (primitive or group) is a list of itself.
    if (!isList) throw new Error(`${pnode.name}: repeated in the schema, not a list in DuckDB`);
    return { kind: 'list', element: align(pnode, dtype.valueType, true) };
  }
  if (isListGroup(pnode)) {
    if (!isList) throw new Error(`${pnode.name}: LIST in the schema, ${dtype} in DuckDB`);
    const el = listElement(pnode);
    const vt = dtype.valueType;
    if (el.repeatedIsElement && el.node.group && el.node.children.length === 1 && vt.typeId !== TYPE.STRUCT && !isListGroup(el.node)) {
      return { kind: 'list', element: { kind: 'wrap', name: el.node.children[0].name, inner: align(el.node.children[0], vt, false) } };
    }
    return { kind: 'list', element: align(el.node, vt, el.repeatedIsElement) };
  }
  if (isList) throw new Error(`${pnode.name}: DuckDB reads a list, the schema has no list here`);
  if (id === TYPE.MAP) {
    if (!pnode.group || pnode.children.length !== 1 || !pnode.children[0].group) {
      throw new Error(`${pnode.name}: DuckDB reads a map, the schema is not a map`);
    }
    const kv = pnode.children[0];
    if (kv.children.length !== 2) throw new Error(`${pnode.name}: map entries without two fields`);
    return {
      kind: 'map',
      key: align(kv.children[0], dtype.keyType, false),
      value: align(kv.children[1], dtype.valueType, false),
    };
  }
  if (id === TYPE.STRUCT) {
    if (!pnode.group || pnode.children.length !== dtype.entryNames.length) {
      throw new Error(`${pnode.name}: DuckDB struct and schema group differ`);
    }
    return {
      kind: 'struct',
      names: pnode.children.map((c) => c.name),
      duckNames: dtype.entryNames,
      fields: pnode.children.map((c, k) => align(c, dtype.entryTypes[k], false)),
    };
  }
  if (pnode.group) throw new Error(`${pnode.name}: group in the schema, ${dtype} in DuckDB`);
  return { kind: 'leaf', name: pnode.name, leaf: R.leafKind(pnode), duckType: dtype.toString() };
}

class Renderer {
  constructor(file) {
    this.file = file;
    this.notes = new Set();
  }

  note(msg) {
    this.notes.add(msg);
  }

  value(node, v) {
    if (node.kind === 'wrap') {
      this.note(`list element ${node.name}: DuckDB drops the one-field group the LIST rules make the element; rendered as {"${node.name}":...}`);
      return `{${R.jsonString(node.name)}:${this.value(node.inner, v)}}`;
    }
    if (v === null || v === undefined) return 'null';
    switch (node.kind) {
      case 'list':
        return '[' + v.items.map((x) => this.value(node.element, x)).join(',') + ']';
      case 'map':
        return '[' + v.entries.map((e) => `{"key":${this.value(node.key, e.key)},"value":${this.value(node.value, e.value)}}`).join(',') + ']';
      case 'struct':
        return '{' + node.fields.map((f, k) => `${R.jsonString(node.names[k])}:${this.value(f, v.entries[node.duckNames[k]])}`).join(',') + '}';
      default:
        return this.leaf(node, v);
    }
  }

  // Nanoseconds from any DuckDB time-point value.
  tsNanos(v, node) {
    const c = v.constructor.name;
    if (c === 'DuckDBTimestampNanosecondsValue') return v.nanos;
    if (c === 'DuckDBTimestampValue' || c === 'DuckDBTimestampTZValue') {
      if (node.leaf.unit === 'NANOS') {
        this.note(`${node.name}: ${node.leaf.int96 ? 'INT96' : 'TIMESTAMP(NANOS)'} read by DuckDB as ${node.duckType} (microseconds); the last 3 digits are rendered as 000`);
      }
      return v.micros * 1000n;
    }
    if (c === 'DuckDBTimestampMillisecondsValue') return v.millis * 1000000n;
    if (c === 'DuckDBTimestampSecondsValue') return v.seconds * 1000000000n;
    throw new Error(`${node.name}: unexpected timestamp value ${c}`);
  }

  leaf(node, v) {
    const k = node.leaf;
    const c = v === null ? 'null' : (typeof v === 'object' ? v.constructor.name : typeof v);
    const bad = () => new Error(`${node.name}: cannot render DuckDB ${c} (${node.duckType}) as ${k.kind}`);
    switch (k.kind) {
      case 'bool':
        if (typeof v !== 'boolean') throw bad();
        return v ? 'true' : 'false';
      case 'int':
        if (typeof v === 'number') {
          if (!Number.isSafeInteger(v)) throw bad();
          return String(v);
        }
        if (typeof v === 'bigint') return v.toString();
        throw bad();
      case 'float32':
        if (typeof v !== 'number') throw bad();
        return R.fmtFloat32(v);
      case 'float64':
        if (typeof v !== 'number') throw bad();
        return R.fmtDouble(v);
      case 'decimal':
        if (c === 'DuckDBDecimalValue') {
          let u = v.value;
          if (v.scale !== k.scale) {
            if (v.scale > k.scale) throw bad();
            u *= 10n ** BigInt(k.scale - v.scale);
          }
          return R.fmtDecimal(u, k.scale);
        }
        if (typeof v === 'number' || typeof v === 'bigint') {
          if (typeof v === 'number') this.note(`${node.name}: DECIMAL read by DuckDB as ${node.duckType}; rendered from a double`);
          if (typeof v === 'bigint' || Number.isInteger(v)) return R.fmtDecimal(BigInt(v) * 10n ** BigInt(k.scale), k.scale);
          return v.toFixed(k.scale);
        }
        throw bad();
      case 'date':
        if (c !== 'DuckDBDateValue') throw bad();
        return '"' + R.fmtDate(v.days) + '"';
      case 'time': {
        let ns;
        if (c === 'DuckDBTimeValue' || c === 'DuckDBTimeTZValue') {
          if (k.unit === 'NANOS') this.note(`${node.name}: TIME(NANOS) read by DuckDB as ${node.duckType} (microseconds)`);
          ns = v.micros * 1000n;
        } else if (c === 'DuckDBTimeNSValue') {
          ns = v.nanos;
        } else {
          throw bad();
        }
        return '"' + R.fmtTimeOfDay(ns, k.unit) + '"';
      }
      case 'timestamp': {
        if (!/Timestamp/.test(c)) throw bad();
        const ns = this.tsNanos(v, node);
        if (ns % R.NANOS_PER[k.unit] !== 0n) throw new Error(`${node.name}: ${ns} ns is not whole ${k.unit}`);
        return '"' + R.fmtTimestamp(ns, k.unit, k.utc) + '"';
      }
      case 'string':
        if (typeof v === 'string') return R.jsonString(v);
        if (c === 'DuckDBBlobValue') return R.jsonStringBytes(v.bytes);
        throw bad();
      case 'uuid':
        if (c === 'DuckDBUUIDValue') return '"' + R.fmtUUIDHex(v.toUint128().toString(16).padStart(32, '0')) + '"';
        if (c === 'DuckDBBlobValue' && v.bytes.length === 16) return '"' + R.fmtUUIDHex(Buffer.from(v.bytes).toString('hex')) + '"';
        throw bad();
      case 'interval':
        if (c !== 'DuckDBIntervalValue') throw bad();
        if (v.micros % 1000n !== 0n) throw new Error(`${node.name}: interval micros ${v.micros} not whole millis`);
        return `{"months":${v.months},"days":${v.days},"millis":${v.micros / 1000n}}`;
      case 'binary':
        if (c === 'DuckDBBlobValue' || c === 'DuckDBGeometryValue') return R.base64(v.bytes);
        if (typeof v === 'string') {
          this.note(`${node.name}: binary column read by DuckDB as ${node.duckType}; base64 of its UTF-8`);
          return R.base64(Buffer.from(v, 'utf8'));
        }
        throw bad();
      default:
        throw bad();
    }
  }
}

function outName(file, relativeTo) {
  let rel = relativeTo ? path.relative(relativeTo, file) : path.basename(file);
  if (rel.startsWith('..')) rel = path.basename(file);
  return rel.endsWith('.parquet') ? rel.slice(0, -'.parquet'.length) : rel;
}

// DuckDB's reading of FILE: {schema, result}, or {error: DuckDB's one-line message} (with the
// schema when only the rows failed).
async function readWithDuckDB(con, file) {
  let schema;
  try {
    schema = await R.readSchema(con, file);
    const result = await con.runAndReadAll(
      `SELECT * FROM read_parquet(${R.sqlString(file)}, binary_as_string = false)`);
    return { schema, result };
  } catch (e) {
    return { schema, error: String(e && e.message ? e.message : e).split('\n')[0] };
  }
}

// Renders DuckDB's rows; throws when the oracle cannot line DuckDB up with the Parquet schema.
function render(schema, result, renderer) {
  const n = result.columnCount;
  if (n !== schema.children.length) {
    throw new Error(`DuckDB gives ${n} columns, the schema has ${schema.children.length}`);
  }
  const cols = schema.children.map((c, k) => ({
    key: R.jsonString(c.name) + ':',
    node: align(c, result.columnType(k), false),
  }));
  const lines = [];
  for (const row of result.getRows()) {
    lines.push('{' + cols.map((col, k) => col.key + renderer.value(col.node, row[k])).join(',') + '}\n');
  }
  return lines.join('');
}

async function main() {
  const args = process.argv.slice(2);
  let relativeTo = null;
  let transcodeFallback = true;
  for (;;) {
    if (args[0] === '--relative-to' && args.length > 1) {
      relativeTo = args[1];
      args.splice(0, 2);
    } else if (args[0] === '--no-transcode') {
      transcodeFallback = false;
      args.shift();
    } else {
      break;
    }
  }
  if (args.length < 1) {
    process.stderr.write('usage: node duckdb_cat.cjs [--relative-to DIR] [--no-transcode] OUTDIR FILE...\n');
    process.exit(2);
  }
  const duckdb = R.findDuckDB();
  if (!duckdb) {
    process.stderr.write('duckdb_cat: @duckdb/node-api not found (set SG_DUCKDB_DIR)\n');
    process.exit(77);
  }
  const [outdir, ...files] = args;
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run('SET preserve_insertion_order = true');
  const seen = new Set();
  let status = 0;
  for (const file of files) {
    const name = outName(file, relativeTo);
    if (seen.has(name)) {
      process.stderr.write(`duckdb_cat: ${file}: output name ${name} already used\n`);
      status = 1;
      continue;
    }
    seen.add(name);
    const base = path.join(outdir, name);
    fs.mkdirSync(path.dirname(base), { recursive: true });
    for (const ext of ['.jsonl', '.error']) fs.rmSync(base + ext, { force: true });
    let read = await readWithDuckDB(con, file);
    const renderer = new Renderer(file);
    const rewrite = !transcodeFallback || read.error === undefined ? null
      : TRANSCODABLE.some((re) => re.test(read.error)) ? (b) => pqraw.transcode(b).data
        : INVALID_UTF8.test(read.error) ? (b) => pqraw.stripStringAnnotations(b) : null;
    if (rewrite) {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb_cat-'));
      try {
        const copy = path.join(tmp, 'rewritten.parquet');
        fs.writeFileSync(copy, rewrite(fs.readFileSync(file)));
        const again = await readWithDuckDB(con, copy);
        if (again.error === undefined) {
          renderer.note(`DuckDB: ${read.error.replace(/ *"[^"]*"(?=[:;,.]|$)/g, '').replace(/ value ".*$/, '')}; rendered from a copy rewritten by pqraw.cjs`);
          // The schema (rendering kinds) stays the original file's.
          read = { schema: read.schema || again.schema, result: again.result };
        }
      } catch (e) {
        process.stderr.write(`duckdb_cat: ${file}: transcoding failed: ${e.message}\n`);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
    if (read.error !== undefined) {
      fs.writeFileSync(base + '.error', read.error + '\n');
      continue;
    }
    let text;
    try {
      text = render(read.schema, read.result, renderer);
    } catch (e) {
      process.stderr.write(`duckdb_cat: ${file}: oracle: ${e.message}\n`);
      status = 1;
      continue;
    }
    fs.writeFileSync(base + '.jsonl', text);
    for (const n of renderer.notes) process.stderr.write(`duckdb_cat: ${file}: note: ${n}\n`);
  }
  process.exit(status);
}

main().catch((e) => {
  process.stderr.write(`duckdb_cat: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
