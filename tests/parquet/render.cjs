// tests/parquet/render.cjs: the canonical `schemagate cat` row rendering (docs/parquet.md), written
// independently of the C reader so the oracle scripts (duckdb_cat.cjs, expect_csv.cjs) share one
// definition of it. It owns: finding DuckDB, reading a file's Parquet schema through DuckDB's
// parquet_schema(), deciding each leaf's rendering kind from the Parquet types (never from
// DuckDB's widened types), and formatting values (numbers, dates, times, strings, base64).
'use strict';
const fs = require('fs');
const path = require('path');

// ---------------------------------------------------------------------------------------------
// Finding @duckdb/node-api: $SG_DUCKDB_DIR (a folder holding node_modules/@duckdb/node-api, or
// node_modules itself), then the folders tools/dev installs into, relative to this script.
function findDuckDB() {
  const here = __dirname;
  const candidates = [
    process.env.SG_DUCKDB_DIR,
    path.join(here, '..', 'duckdb'),
    path.join(here, '..', 'csv'),
  ].filter(Boolean);
  for (const dir of candidates) {
    for (const m of [path.join(dir, 'node_modules'), dir]) {
      const pkg = path.join(m, '@duckdb', 'node-api');
      if (fs.existsSync(path.join(pkg, 'package.json'))) {
        return require(pkg);
      }
    }
  }
  try {
    return require('@duckdb/node-api');
  } catch (e) {
    return null;
  }
}

function sqlString(s) {
  return `'${String(s).replace(/'/g, "''")}'`;
}

// ---------------------------------------------------------------------------------------------
// Parquet schema (from DuckDB's parquet_schema table function) as a tree.

// DuckDB prints the thrift LogicalType union; IntType's bitWidth is an i8 printed as a raw
// character ("bitWidth=@" is 64), so it is read back by character code.
function parseLogical(s) {
  if (s === null || s === undefined || s === '') return null;
  const m = /^(\w+)\((.*)\)$/s.exec(s);
  if (!m) return { name: 'Unknown', raw: s };
  const name = m[1];
  const body = m[2];
  const lt = { name, raw: s };
  if (name === 'DecimalType') {
    lt.scale = Number(/scale=(-?\d+)/.exec(body)[1]);
    lt.precision = Number(/precision=(-?\d+)/.exec(body)[1]);
  } else if (name === 'TimeType' || name === 'TimestampType') {
    lt.utc = /isAdjustedToUTC=1/.test(body);
    if (/MILLIS=MilliSeconds/.test(body)) lt.unit = 'MILLIS';
    else if (/MICROS=MicroSeconds/.test(body)) lt.unit = 'MICROS';
    else if (/NANOS=NanoSeconds/.test(body)) lt.unit = 'NANOS';
    else throw new Error(`unknown time unit in ${s}`);
  } else if (name === 'IntType') {
    const i = body.indexOf('bitWidth=');
    lt.bitWidth = body.charCodeAt(i + 'bitWidth='.length);
    lt.signed = /isSigned=1/.test(body);
  }
  return lt;
}

// Rows of parquet_schema(file) in file order -> root node {name, children, ...}.
function buildTree(rows) {
  let i = 0;
  function node() {
    if (i >= rows.length) throw new Error('parquet_schema ended early');
    const r = rows[i++];
    const n = {
      name: r.name,
      type: r.type, // physical type, null for groups
      typeLength: r.type_length === null ? null : Number(r.type_length),
      repetition: r.repetition_type,
      converted: r.converted_type,
      scale: r.scale === null ? null : Number(r.scale),
      precision: r.precision === null ? null : Number(r.precision),
      logical: parseLogical(r.logical_type),
      children: [],
    };
    const nc = r.num_children === null ? 0 : Number(r.num_children);
    if (n.type === null || nc > 0) {
      for (let k = 0; k < nc; k++) n.children.push(node());
      n.group = true;
    } else {
      n.group = false;
    }
    return n;
  }
  const root = node();
  if (i !== rows.length) throw new Error('parquet_schema has rows after the root');
  return root;
}

async function readSchema(con, file) {
  const r = await con.runAndReadAll(
    `SELECT name, type, type_length, repetition_type, num_children, converted_type, scale,
            precision, logical_type FROM parquet_schema(${sqlString(file)})`);
  const names = r.columnNames();
  const rows = r.getRows().map((row) => {
    const o = {};
    names.forEach((n, k) => { o[n] = row[k] === null ? null : String(row[k]); });
    return o;
  });
  return buildTree(rows);
}

// The rendering kind of a primitive leaf, from its Parquet types: the logical type first, then
// the legacy converted type, then the physical type.
function leafKind(n) {
  const lt = n.logical;
  const phys = n.type;
  if (lt) {
    switch (lt.name) {
      case 'StringType': case 'EnumType': case 'JsonType':
        return { kind: 'string' };
      case 'DecimalType':
        return { kind: 'decimal', scale: lt.scale };
      case 'DateType':
        return { kind: 'date' };
      case 'TimeType':
        return { kind: 'time', unit: lt.unit };
      case 'TimestampType':
        return { kind: 'timestamp', unit: lt.unit, utc: lt.utc };
      case 'IntType':
        return { kind: 'int', signed: lt.signed, bits: lt.bitWidth };
      case 'UUIDType':
        if (phys === 'FIXED_LEN_BYTE_ARRAY' && n.typeLength === 16) return { kind: 'uuid' };
        break;
      case 'Float16Type':
        if (phys === 'FIXED_LEN_BYTE_ARRAY' && n.typeLength === 2) return { kind: 'float32' };
        break;
      default:
        break; // BSON, GEOMETRY, GEOGRAPHY, NullType, VARIANT, unknown: by physical type
    }
  } else {
    switch (n.converted) {
      case 'UTF8': case 'ENUM': case 'JSON':
        return { kind: 'string' };
      case 'DECIMAL':
        return { kind: 'decimal', scale: n.scale || 0 };
      case 'DATE':
        return { kind: 'date' };
      case 'TIME_MILLIS':
        return { kind: 'time', unit: 'MILLIS' };
      case 'TIME_MICROS':
        return { kind: 'time', unit: 'MICROS' };
      case 'TIMESTAMP_MILLIS':
        return { kind: 'timestamp', unit: 'MILLIS', utc: true };
      case 'TIMESTAMP_MICROS':
        return { kind: 'timestamp', unit: 'MICROS', utc: true };
      case 'INTERVAL':
        if (phys === 'FIXED_LEN_BYTE_ARRAY' && n.typeLength === 12) return { kind: 'interval' };
        break;
      default:
        if (/^U?INT_(8|16|32|64)$/.test(n.converted || '')) {
          return { kind: 'int', signed: !n.converted.startsWith('U') };
        }
        break;
    }
  }
  switch (phys) {
    case 'BOOLEAN': return { kind: 'bool' };
    case 'INT32': case 'INT64': return { kind: 'int', signed: true };
    case 'INT96': return { kind: 'timestamp', unit: 'NANOS', utc: true, int96: true };
    case 'FLOAT': return { kind: 'float32' };
    case 'DOUBLE': return { kind: 'float64' };
    default: return { kind: 'binary' };
  }
}

// ---------------------------------------------------------------------------------------------
// Value formatting.

// JSON string escaping of a JS string (already decoded from UTF-8).
function jsonString(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\u00' + c.toString(16).padStart(2, '0');
    else out += s[i];
  }
  return out + '"';
}

// UTF-8 bytes -> JSON string: valid sequences escaped as jsonString does, each byte that is not
// part of a valid sequence written as the escape \ufffd (one per byte, unlike TextDecoder's
// maximal-subpart rule), so a replacement stays distinguishable from a U+FFFD in the data.
function jsonStringBytes(bytes) {
  let out = '"';
  let run = '';
  const flush = () => { out += jsonString(run).slice(1, -1); run = ''; };
  utf8PerByte(bytes, (s) => { run += s; }, () => { flush(); out += '\\ufffd'; });
  flush();
  return out + '"';
}

// Walks UTF-8 bytes: text(s) for each valid sequence, invalid() for each byte outside one.
function utf8PerByte(bytes, text, invalid) {
  let out = '';
  text = text || ((s) => { out += s; });
  invalid = invalid || (() => { out += '\ufffd'; });
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let len = 0;
    let cp = 0;
    let min = 0;
    if (b < 0x80) { text(String.fromCharCode(b)); i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) { len = 2; cp = b & 0x1f; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { len = 3; cp = b & 0x0f; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { len = 4; cp = b & 0x07; min = 0x10000; }
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) { invalid(); i++; continue; }
    text(String.fromCodePoint(cp));
    i += len;
  }
  return out;
}

// ECMAScript Number::toString layout for decimal digits `digits` (no leading/trailing zeros)
// and exponent n where the value is 0.digits x 10^n.
function layoutNumber(neg, digits, n) {
  const k = digits.length;
  let s;
  if (k <= n && n <= 21) s = digits + '0'.repeat(n - k);
  else if (0 < n && n <= 21) s = digits.slice(0, n) + '.' + digits.slice(n);
  else if (-6 < n && n <= 0) s = '0.' + '0'.repeat(-n) + digits;
  else {
    const e = n - 1;
    const es = e < 0 ? '-' + String(-e) : '+' + String(e);
    s = digits[0] + (k > 1 ? '.' + digits.slice(1) : '') + 'e' + es;
  }
  return (neg ? '-' : '') + s;
}

function nonFinite(x) {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  return null;
}

function fmtDouble(x) {
  const nf = nonFinite(x);
  if (nf) return nf;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return String(x); // V8 implements Number::toString's shortest round trip
}

// Shortest decimal that Math.fround maps back to x (a float32 value held in a double); among
// equally short ones the closest to x, then the one with an even last digit.
function fmtFloat32(x) {
  const nf = nonFinite(x);
  if (nf) return nf;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (Math.fround(x) !== x) throw new Error(`${x} is not a float32 value`);
  const neg = x < 0;
  const a = Math.abs(x);
  for (let p = 1; p <= 9; p++) {
    const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(a.toExponential(p - 1));
    const mant = BigInt(m[1] + (m[2] || ''));
    const e10 = Number(m[3]) - (p - 1); // value = mant x 10^e10
    let best = null;
    for (const d of [-1n, 0n, 1n]) {
      const c = mant + d;
      if (c <= 0n) continue;
      const v = Number(`${c}e${e10}`);
      if (Math.fround(v) !== a) continue;
      const dist = Math.abs(v - a);
      if (best === null || dist < best.dist || (dist === best.dist && c % 2n === 0n)) {
        best = { c, dist };
      }
    }
    if (best !== null) {
      let digits = best.c.toString();
      const n = digits.length + e10;
      digits = digits.replace(/0+$/, '');
      return layoutNumber(neg, digits, n);
    }
  }
  throw new Error(`no float32 representation for ${x}`);
}

// Scaled integer -> decimal with exactly `scale` digits after the point.
function fmtDecimal(unscaled, scale) {
  const v = BigInt(unscaled);
  const neg = v < 0n;
  let d = (neg ? -v : v).toString();
  if (scale > 0) {
    d = d.padStart(scale + 1, '0');
    d = d.slice(0, d.length - scale) + '.' + d.slice(d.length - scale);
  }
  return (neg ? '-' : '') + d;
}

function floorDiv(a, b) {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

// Days since 1970-01-01 -> proleptic Gregorian "YYYY-MM-DD" (civil-from-days, era based).
function fmtDate(days) {
  let z = BigInt(days) + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  let y = yoe + era * 400n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = doy - (153n * mp + 2n) / 5n + 1n;
  const m = mp < 10n ? mp + 3n : mp - 9n;
  if (m <= 2n) y += 1n;
  let ys;
  if (y >= 0n && y <= 9999n) ys = y.toString().padStart(4, '0');
  else if (y < 0n) ys = '-' + (-y).toString().padStart(4, '0');
  else ys = '+' + y.toString().padStart(4, '0');
  return `${ys}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const UNIT_DIGITS = { MILLIS: 3, MICROS: 6, NANOS: 9 };
const NANOS_PER = { MILLIS: 1000000n, MICROS: 1000n, NANOS: 1n };

// Nanoseconds within a day -> "HH:MM:SS.fff" with the unit's digits.
function fmtTimeOfDay(nanos, unit) {
  const ns = BigInt(nanos);
  const secs = ns / 1000000000n;
  const frac = (ns % 1000000000n) / NANOS_PER[unit];
  const hh = secs / 3600n;
  const mm = (secs / 60n) % 60n;
  const ss = secs % 60n;
  const p2 = (v) => v.toString().padStart(2, '0');
  return `${p2(hh)}:${p2(mm)}:${p2(ss)}.${frac.toString().padStart(UNIT_DIGITS[unit], '0')}`;
}

// Nanoseconds since the epoch -> "YYYY-MM-DDTHH:MM:SS.fff[Z]".
function fmtTimestamp(nanos, unit, utc) {
  const ns = BigInt(nanos);
  const day = 86400n * 1000000000n;
  const days = floorDiv(ns, day);
  const rest = ns - days * day;
  return `${fmtDate(days)}T${fmtTimeOfDay(rest, unit)}${utc ? 'Z' : ''}`;
}

function fmtUUIDHex(hex32) {
  const h = hex32.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function base64(bytes) {
  return '"' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') + '"';
}

module.exports = {
  findDuckDB, sqlString, parseLogical, buildTree, readSchema, leafKind,
  jsonString, jsonStringBytes, utf8PerByte, layoutNumber, fmtDouble, fmtFloat32, fmtDecimal, fmtDate,
  fmtTimeOfDay, fmtTimestamp, fmtUUIDHex, base64, floorDiv, NANOS_PER, UNIT_DIGITS,
};
