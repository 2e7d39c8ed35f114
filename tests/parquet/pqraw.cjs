// tests/parquet/pqraw.cjs: raw Parquet structure for the oracle scripts, independent of DuckDB and
// of the C reader. It owns a generic Thrift compact-protocol codec (structs kept as ordered field
// lists so they re-encode unchanged), page-header walking, and a transcoder that rewrites a file
// with every page UNCOMPRESSED and BYTE_STREAM_SPLIT pages as PLAIN. The transcoder lets DuckDB
// serve as the oracle for files it cannot read itself (LZ4 with Hadoop framing; BYTE_STREAM_SPLIT
// on INT32/INT64/FIXED_LEN_BYTE_ARRAY), since the values are left as they are.
//
//   node pqraw.cjs pages FILE          one line per page: column, page type, encoding, sizes, values
//   node pqraw.cjs transcode [--v2] [--gzip] IN OUT
//                                      write OUT with the pages rewritten as above; --v2 also turns
//                                      v1 data pages into DATA_PAGE_V2, --gzip recompresses with GZIP
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

// ---------------------------------------------------------------------------------------------
// Thrift compact protocol. A struct is an array of {id, type, value}; lists/sets are
// {elem, items}; maps {ktype, vtype, entries:[[k, v]]}; i64 values are BigInt, binary a Buffer.
const T = { TRUE: 1, FALSE: 2, I8: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 };

class Reader {
  constructor(buf, pos) {
    this.buf = buf;
    this.pos = pos || 0;
    this.depth = 0;
  }

  byte() {
    if (this.pos >= this.buf.length) throw new Error('thrift: read past the end');
    return this.buf[this.pos++];
  }

  varint() {
    let v = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
    throw new Error('thrift: varint longer than 10 bytes');
  }

  zigzag() {
    const v = this.varint();
    return (v >> 1n) ^ -(v & 1n);
  }

  value(type) {
    switch (type) {
      case T.TRUE: return true;
      case T.FALSE: return false;
      case T.I8: { const b = this.byte(); return b > 127 ? b - 256 : b; }
      case T.I16: case T.I32: return Number(this.zigzag());
      case T.I64: return this.zigzag();
      case T.DOUBLE: {
        if (this.pos + 8 > this.buf.length) throw new Error('thrift: double past the end');
        const d = this.buf.readDoubleLE(this.pos);
        this.pos += 8;
        return d;
      }
      case T.BINARY: {
        const n = Number(this.varint());
        if (n > this.buf.length - this.pos) throw new Error('thrift: binary past the end');
        const b = this.buf.subarray(this.pos, this.pos + n);
        this.pos += n;
        return b;
      }
      case T.LIST: case T.SET: {
        const h = this.byte();
        let n = h >> 4;
        const elem = h & 0x0f;
        if (n === 15) n = Number(this.varint());
        if (n > this.buf.length - this.pos) throw new Error('thrift: list longer than the data');
        const items = [];
        for (let i = 0; i < n; i++) {
          items.push(elem === T.TRUE || elem === T.FALSE ? this.byte() === 1 : this.value(elem));
        }
        return { elem, items };
      }
      case T.MAP: {
        const n = Number(this.varint());
        if (n === 0) return { ktype: 0, vtype: 0, entries: [] };
        const kv = this.byte();
        const ktype = kv >> 4;
        const vtype = kv & 0x0f;
        const entries = [];
        for (let i = 0; i < n; i++) entries.push([this.value(ktype), this.value(vtype)]);
        return { ktype, vtype, entries };
      }
      case T.STRUCT: return this.struct();
      default: throw new Error(`thrift: unknown type ${type}`);
    }
  }

  struct() {
    if (++this.depth > 64) throw new Error('thrift: nesting deeper than 64');
    const fields = [];
    let last = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) break;
      const type = h & 0x0f;
      const delta = h >> 4;
      const id = delta === 0 ? Number(this.zigzag()) : last + delta;
      last = id;
      const value = type === T.TRUE ? true : type === T.FALSE ? false : this.value(type);
      fields.push({ id, type, value });
    }
    this.depth--;
    return fields;
  }
}

class Writer {
  constructor() {
    this.parts = [];
  }

  bytes(b) {
    this.parts.push(Buffer.from(b));
  }

  varint(v) {
    let x = BigInt(v);
    const out = [];
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x !== 0n) b |= 0x80;
      out.push(b);
    } while (x !== 0n);
    this.bytes(out);
  }

  zigzag(v, bits) {
    const x = BigInt(v);
    this.varint(BigInt.asUintN(bits, (x << 1n) ^ (x >> BigInt(bits - 1))));
  }

  value(type, v) {
    switch (type) {
      case T.TRUE: case T.FALSE: this.bytes([v ? 1 : 2]); break;
      case T.I8: this.bytes([v & 0xff]); break;
      case T.I16: this.zigzag(v, 16); break;
      case T.I32: this.zigzag(v, 32); break;
      case T.I64: this.zigzag(v, 64); break;
      case T.DOUBLE: { const b = Buffer.alloc(8); b.writeDoubleLE(v); this.bytes(b); break; }
      case T.BINARY: this.varint(v.length); this.bytes(v); break;
      case T.LIST: case T.SET: {
        const n = v.items.length;
        if (n < 15) this.bytes([(n << 4) | v.elem]);
        else { this.bytes([0xf0 | v.elem]); this.varint(n); }
        for (const it of v.items) this.value(v.elem === T.FALSE ? T.TRUE : v.elem, it);
        break;
      }
      case T.MAP:
        this.varint(v.entries.length);
        if (v.entries.length) {
          this.bytes([(v.ktype << 4) | v.vtype]);
          for (const [k, x] of v.entries) { this.value(v.ktype, k); this.value(v.vtype, x); }
        }
        break;
      case T.STRUCT: this.struct(v); break;
      default: throw new Error(`thrift: cannot write type ${type}`);
    }
  }

  struct(fields) {
    let last = 0;
    for (const f of fields) {
      let type = f.type;
      if (type === T.TRUE || type === T.FALSE) type = f.value ? T.TRUE : T.FALSE;
      const delta = f.id - last;
      if (delta > 0 && delta <= 15) this.bytes([(delta << 4) | type]);
      else { this.bytes([type]); this.zigzag(f.id, 16); }
      last = f.id;
      if (type !== T.TRUE && type !== T.FALSE) this.value(type, f.value);
    }
    this.bytes([0]);
  }

  buffer() {
    return Buffer.concat(this.parts);
  }
}

function field(s, id) {
  const f = s.find((x) => x.id === id);
  return f === undefined ? undefined : f.value;
}

function setField(s, id, type, value) {
  const i = s.findIndex((x) => x.id === id);
  if (i >= 0) { s[i] = { id, type, value }; return; }
  let k = 0;
  while (k < s.length && s[k].id < id) k++;
  s.splice(k, 0, { id, type, value });
}

function dropField(s, id) {
  const i = s.findIndex((x) => x.id === id);
  if (i >= 0) s.splice(i, 1);
}

// ---------------------------------------------------------------------------------------------
// File layout.
const PAGE_TYPES = ['DATA_PAGE', 'INDEX_PAGE', 'DICTIONARY_PAGE', 'DATA_PAGE_V2'];
const ENCODINGS = { 0: 'PLAIN', 2: 'PLAIN_DICTIONARY', 3: 'RLE', 4: 'BIT_PACKED', 5: 'DELTA_BINARY_PACKED', 6: 'DELTA_LENGTH_BYTE_ARRAY', 7: 'DELTA_BYTE_ARRAY', 8: 'RLE_DICTIONARY', 9: 'BYTE_STREAM_SPLIT' };
const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];
const PHYS = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY', 'FIXED_LEN_BYTE_ARRAY'];

function readFooter(buf) {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'PAR1') throw new Error('not a Parquet file');
  const tail = buf.toString('latin1', buf.length - 4);
  if (tail !== 'PAR1') throw new Error(tail === 'PARE' ? 'encrypted footer' : 'no PAR1 at the end');
  const len = buf.readUInt32LE(buf.length - 8);
  if (len > buf.length - 12) throw new Error('footer length beyond the file');
  const start = buf.length - 8 - len;
  const r = new Reader(buf.subarray(start, buf.length - 8));
  return r.struct();
}

// Leaves of the schema in column order with their max definition/repetition levels.
function schemaLeaves(meta) {
  const elems = field(meta, 2).items;
  let i = 0;
  const leaves = [];
  function walk(def, rep, top) {
    const e = elems[i++];
    const nc = field(e, 5) || 0;
    const repetition = field(e, 3); // 0 REQUIRED, 1 OPTIONAL, 2 REPEATED
    const d = def + (!top && repetition !== 0 && repetition !== undefined ? 1 : 0);
    const r = rep + (!top && repetition === 2 ? 1 : 0);
    if (nc === 0 && !top) {
      leaves.push({ type: field(e, 1), typeLength: field(e, 2), maxDef: d, maxRep: r, name: field(e, 4).toString() });
    }
    for (let k = 0; k < nc; k++) walk(d, r, false);
  }
  walk(0, 0, true);
  return leaves;
}

// Page headers of one column chunk: [{offset, header, headerLen, bodyOffset, bodyLen}].
function chunkPages(buf, cmeta) {
  const dataOff = Number(field(cmeta, 9));
  const dictOff = field(cmeta, 11) === undefined ? 0 : Number(field(cmeta, 11));
  let pos = dictOff > 0 && dictOff < dataOff ? dictOff : dataOff;
  const total = field(cmeta, 5); // num_values, BigInt
  let seen = 0n;
  const pages = [];
  while (seen < total) {
    const r = new Reader(buf, pos);
    const header = r.struct();
    const bodyLen = field(header, 3);
    const bodyOffset = r.pos;
    if (bodyLen < 0 || bodyOffset + bodyLen > buf.length) throw new Error('page body beyond the file');
    const type = field(header, 1);
    if (type === 0) seen += BigInt(field(field(header, 5), 1));
    else if (type === 3) seen += BigInt(field(field(header, 8), 1));
    pages.push({ offset: pos, header, headerLen: bodyOffset - pos, bodyOffset, bodyLen });
    pos = bodyOffset + bodyLen;
    if (pages.length > 10000000) throw new Error('too many pages');
  }
  return pages;
}

function* columnChunks(meta) {
  const rgs = field(meta, 4) ? field(meta, 4).items : [];
  for (let g = 0; g < rgs.length; g++) {
    const cols = field(rgs[g], 1).items;
    for (let c = 0; c < cols.length; c++) yield { g, c, rg: rgs[g], chunk: cols[c], cmeta: field(cols[c], 3) };
  }
}

// ---------------------------------------------------------------------------------------------
// Decompression.

// One raw LZ4 block into exactly `size` bytes.
function lz4Block(src, size) {
  const out = Buffer.alloc(size);
  let i = 0;
  let o = 0;
  while (i < src.length) {
    const token = src[i++];
    let lit = token >> 4;
    if (lit === 15) { let b; do { if (i >= src.length) throw new Error('lz4: truncated'); b = src[i++]; lit += b; } while (b === 255); }
    if (i + lit > src.length || o + lit > size) throw new Error('lz4: literal overflow');
    src.copy(out, o, i, i + lit);
    i += lit;
    o += lit;
    if (i >= src.length) break; // the last sequence has literals only
    if (i + 2 > src.length) throw new Error('lz4: truncated offset');
    const off = src[i] | (src[i + 1] << 8);
    i += 2;
    if (off === 0 || off > o) throw new Error('lz4: bad offset');
    let len = token & 15;
    if (len === 15) { let b; do { if (i >= src.length) throw new Error('lz4: truncated'); b = src[i++]; len += b; } while (b === 255); }
    len += 4;
    if (o + len > size) throw new Error('lz4: match overflow');
    for (let k = 0; k < len; k++, o++) out[o] = out[o - off];
  }
  if (o !== size) throw new Error(`lz4: ${o} bytes, expected ${size}`);
  return out;
}

// Hadoop framing: repeated [BE u32 raw length][BE u32 compressed length][raw block].
function lz4Hadoop(src, size) {
  const parts = [];
  let i = 0;
  let total = 0;
  while (i < src.length) {
    if (i + 8 > src.length) throw new Error('lz4 hadoop: truncated frame header');
    const raw = src.readUInt32BE(i);
    const comp = src.readUInt32BE(i + 4);
    i += 8;
    if (comp > src.length - i || total + raw > size) throw new Error('lz4 hadoop: frame beyond the page');
    parts.push(lz4Block(src.subarray(i, i + comp), raw));
    i += comp;
    total += raw;
  }
  if (total !== size) throw new Error('lz4 hadoop: size mismatch');
  return Buffer.concat(parts);
}

function snappy(src, size) {
  let i = 0;
  let n = 0;
  let shift = 0;
  for (;;) { const b = src[i++]; n += (b & 0x7f) * 2 ** shift; shift += 7; if (!(b & 0x80)) break; }
  if (n !== size) throw new Error('snappy: size mismatch');
  const out = Buffer.alloc(n);
  let o = 0;
  while (i < src.length) {
    const tag = src[i++];
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >> 2;
      if (len >= 60) { const nb = len - 59; len = 0; for (let k = 0; k < nb; k++) len |= src[i++] << (8 * k); }
      len += 1;
      src.copy(out, o, i, i + len);
      i += len;
      o += len;
      continue;
    }
    let len;
    let off;
    if (kind === 1) { len = ((tag >> 2) & 7) + 4; off = ((tag >> 5) << 8) | src[i++]; }
    else if (kind === 2) { len = (tag >> 2) + 1; off = src.readUInt16LE(i); i += 2; }
    else { len = (tag >> 2) + 1; off = src.readUInt32LE(i); i += 4; }
    if (off === 0 || off > o || o + len > n) throw new Error('snappy: bad copy');
    for (let k = 0; k < len; k++, o++) out[o] = out[o - off];
  }
  if (o !== n) throw new Error('snappy: short output');
  return out;
}

function decompress(codec, src, size) {
  if (src.length === 0 && size === 0) return Buffer.alloc(0);
  let out;
  switch (CODECS[codec]) {
    case 'UNCOMPRESSED': out = Buffer.from(src); break;
    case 'SNAPPY': out = snappy(src, size); break;
    case 'GZIP': out = zlib.gunzipSync(src); break;
    case 'BROTLI': out = zlib.brotliDecompressSync(src); break;
    case 'LZ4':
      try { out = lz4Hadoop(src, size); } catch (e) { out = lz4Block(src, size); }
      break;
    case 'LZ4_RAW': out = lz4Block(src, size); break;
    case 'ZSTD': {
      const p = spawnSync('zstd', ['-d', '-c', '-q'], { input: src, maxBuffer: 1 << 30 });
      if (p.status !== 0) throw new Error(`zstd: ${p.error || p.stderr}`);
      out = p.stdout;
      break;
    }
    default: throw new Error(`codec ${CODECS[codec] || codec} not supported`);
  }
  if (out.length !== size) throw new Error(`${CODECS[codec]}: ${out.length} bytes, expected ${size}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Transcoding.

function valueWidth(leaf) {
  switch (PHYS[leaf.type]) {
    case 'INT32': case 'FLOAT': return 4;
    case 'INT64': case 'DOUBLE': return 8;
    case 'FIXED_LEN_BYTE_ARRAY': return leaf.typeLength;
    default: throw new Error(`BYTE_STREAM_SPLIT on ${PHYS[leaf.type]}`);
  }
}

function unsplit(values, width) {
  if (values.length % width !== 0) throw new Error('BYTE_STREAM_SPLIT size is not a multiple of the width');
  const n = values.length / width;
  const out = Buffer.alloc(values.length);
  for (let i = 0; i < n; i++) for (let b = 0; b < width; b++) out[i * width + b] = values[b * n + i];
  return out;
}

function bitWidth(max) {
  let w = 0;
  while ((1 << w) <= max) w++;
  return w;
}

// Length of v1 levels (rep or def) at the start of `body`.
function v1LevelsLength(body, pos, encoding, maxLevel, numValues) {
  if (maxLevel === 0) return 0;
  if (encoding === 3) return 4 + body.readUInt32LE(pos);
  if (encoding === 4) return Math.ceil((numValues * bitWidth(maxLevel)) / 8);
  throw new Error(`level encoding ${encoding}`);
}

// `count` levels of the RLE/bit-packed hybrid encoding (no length prefix) with `width` bits.
function decodeLevels(data, width, count) {
  const out = [];
  let i = 0;
  const bytesPerValue = Math.ceil(width / 8);
  while (out.length < count) {
    if (i >= data.length) throw new Error('levels: data ended early');
    let h = 0;
    let shift = 0;
    for (;;) { const b = data[i++]; h += (b & 0x7f) * 2 ** shift; shift += 7; if (!(b & 0x80)) break; }
    if (h % 2 === 1) {
      const groups = Math.floor(h / 2);
      let bitPos = i * 8;
      for (let k = 0; k < groups * 8; k++) {
        let v = 0;
        for (let bit = 0; bit < width; bit++, bitPos++) v |= ((data[bitPos >> 3] >> (bitPos & 7)) & 1) << bit;
        if (out.length < count) out.push(v);
      }
      i += groups * width;
    } else {
      let v = 0;
      for (let k = 0; k < bytesPerValue; k++) v |= data[i++] << (8 * k);
      for (let k = 0; k < Math.floor(h / 2) && out.length < count; k++) out.push(v);
    }
  }
  return out;
}

function compressBody(outCodec, data) {
  if (outCodec === 'GZIP') return zlib.gzipSync(data, { level: 9 });
  return data;
}

// A v1 DATA_PAGE (body decompressed) as a DATA_PAGE_V2: levels moved out of the compressed
// section without their length prefixes, null and row counts taken from the levels.
function pageV1toV2(header, body, leaf, outCodec) {
  const dp = field(header, 5);
  const n = field(dp, 1);
  let pos = 0;
  const levels = (maxLevel, encoding) => {
    if (maxLevel === 0) return { bytes: Buffer.alloc(0), values: new Array(n).fill(0) };
    if (encoding !== 3) throw new Error('only RLE levels can move to a v2 page');
    const len = body.readUInt32LE(pos);
    const bytes = body.subarray(pos + 4, pos + 4 + len);
    pos += 4 + len;
    return { bytes, values: decodeLevels(bytes, bitWidth(maxLevel), n) };
  };
  const rep = levels(leaf.maxRep, field(dp, 4));
  const def = levels(leaf.maxDef, field(dp, 3));
  const values = body.subarray(pos);
  const compressed = compressBody(outCodec, values);
  const v2 = [
    { id: 1, type: T.I32, value: n },
    { id: 2, type: T.I32, value: def.values.filter((d) => d < leaf.maxDef).length },
    { id: 3, type: T.I32, value: leaf.maxRep === 0 ? n : rep.values.filter((r) => r === 0).length },
    { id: 4, type: T.I32, value: field(dp, 2) },
    { id: 5, type: T.I32, value: def.bytes.length },
    { id: 6, type: T.I32, value: rep.bytes.length },
    { id: 7, type: outCodec === 'UNCOMPRESSED' ? T.FALSE : T.TRUE, value: outCodec !== 'UNCOMPRESSED' },
  ];
  if (field(dp, 5) !== undefined) v2.push({ id: 8, type: T.STRUCT, value: field(dp, 5) });
  const out = [{ id: 1, type: T.I32, value: 3 },
    { id: 2, type: T.I32, value: rep.bytes.length + def.bytes.length + values.length },
    { id: 3, type: T.I32, value: rep.bytes.length + def.bytes.length + compressed.length },
    { id: 8, type: T.STRUCT, value: v2 }];
  const w = new Writer();
  w.struct(out);
  return Buffer.concat([w.buffer(), rep.bytes, def.bytes, compressed]);
}

function transcodePage(buf, page, codec, leaf, stats, opts) {
  if (opts.pageV2 && field(page.header, 1) === 0) {
    const raw = buf.subarray(page.bodyOffset, page.bodyOffset + page.bodyLen);
    stats.v2++;
    return pageV1toV2(page.header, decompress(codec, raw, field(page.header, 2)), leaf, opts.outCodec);
  }
  const header = page.header.map((f) => ({ ...f }));
  const type = field(header, 1);
  const raw = buf.subarray(page.bodyOffset, page.bodyOffset + page.bodyLen);
  let body;
  if (type === 3) {
    const v2 = field(header, 8).map((f) => ({ ...f }));
    const defLen = field(v2, 5);
    const repLen = field(v2, 6);
    const levels = raw.subarray(0, repLen + defLen);
    const compressed = field(v2, 7) !== false;
    const valuesSize = field(header, 2) - repLen - defLen;
    let values = compressed ? decompress(codec, raw.subarray(repLen + defLen), valuesSize) : Buffer.from(raw.subarray(repLen + defLen));
    if (field(v2, 4) === 9) {
      values = unsplit(values, valueWidth(leaf));
      setField(v2, 4, T.I32, 0);
      stats.bss++;
    }
    setField(v2, 7, T.FALSE, false);
    setField(header, 8, T.STRUCT, v2);
    body = Buffer.concat([levels, values]);
  } else {
    body = decompress(codec, raw, field(header, 2));
    if (type === 0 && field(field(header, 5), 2) === 9) {
      const dp = field(header, 5).map((f) => ({ ...f }));
      const n = field(dp, 1);
      let pos = v1LevelsLength(body, 0, field(dp, 4), leaf.maxRep, n);
      pos += v1LevelsLength(body, pos, field(dp, 3), leaf.maxDef, n);
      body = Buffer.concat([body.subarray(0, pos), unsplit(body.subarray(pos), valueWidth(leaf))]);
      setField(dp, 2, T.I32, 0);
      setField(header, 5, T.STRUCT, dp);
      stats.bss++;
    }
  }
  if (opts.outCodec === 'GZIP') {
    if (type === 3) throw new Error('recompressing v2 pages is not supported');
    const comp = compressBody('GZIP', body);
    setField(header, 2, T.I32, body.length);
    setField(header, 3, T.I32, comp.length);
    body = comp;
  } else {
    setField(header, 2, T.I32, body.length);
    setField(header, 3, T.I32, body.length);
  }
  dropField(header, 4); // the CRC no longer matches
  const w = new Writer();
  w.struct(header);
  return Buffer.concat([w.buffer(), body]);
}

// opts.outCodec: 'UNCOMPRESSED' (default) or 'GZIP'; opts.pageV2: rewrite v1 data pages as v2.
function transcode(buf, opts) {
  opts = { outCodec: 'UNCOMPRESSED', pageV2: false, ...opts };
  const meta = readFooter(buf);
  const leaves = schemaLeaves(meta);
  const out = [Buffer.from('PAR1')];
  let pos = 4;
  const stats = { pages: 0, bss: 0, v2: 0, codecs: new Set() };
  const rgs = field(meta, 4) ? field(meta, 4).items : [];
  for (const rg of rgs) {
    const cols = field(rg, 1).items;
    const rgStart = pos;
    let rgSize = 0;
    cols.forEach((chunk, c) => {
      if (field(chunk, 8) !== undefined || field(chunk, 9) !== undefined) throw new Error('encrypted column');
      const cmeta = field(chunk, 3);
      const codec = field(cmeta, 4);
      stats.codecs.add(CODECS[codec]);
      const chunkStart = pos;
      let dictOffset = null;
      let dataOffset = null;
      const bssBefore = stats.bss;
      let uncompressedSize = 0;
      for (const page of chunkPages(buf, cmeta)) {
        const bytes = transcodePage(buf, page, codec, leaves[c], stats, opts);
        if (field(page.header, 1) === 2 && dictOffset === null) dictOffset = pos;
        if ((field(page.header, 1) === 0 || field(page.header, 1) === 3) && dataOffset === null) dataOffset = pos;
        out.push(bytes);
        pos += bytes.length;
        const h = new Reader(bytes).struct();
        uncompressedSize += bytes.length - field(h, 3) + field(h, 2);
        stats.pages++;
      }
      const size = pos - chunkStart;
      setField(cmeta, 4, T.I32, CODECS.indexOf(opts.outCodec));
      setField(cmeta, 6, T.I64, BigInt(uncompressedSize));
      setField(cmeta, 7, T.I64, BigInt(size));
      setField(cmeta, 9, T.I64, BigInt(dataOffset === null ? chunkStart : dataOffset));
      if (dictOffset !== null) setField(cmeta, 11, T.I64, BigInt(dictOffset));
      else dropField(cmeta, 11);
      dropField(cmeta, 10);
      dropField(cmeta, 13); // encoding_stats may name BYTE_STREAM_SPLIT
      dropField(cmeta, 14);
      dropField(cmeta, 15);
      const encs = field(cmeta, 2);
      if (stats.bss > bssBefore && encs && encs.items.includes(9)) {
        encs.items = encs.items.filter((e) => e !== 9);
        if (!encs.items.includes(0)) encs.items.push(0);
      }
      if (opts.pageV2 && encs) {
        // v2 levels are always RLE; BIT_PACKED (4) never appears in a v2 page.
        encs.items = encs.items.filter((e) => e !== 4);
        if (!encs.items.includes(3)) encs.items.push(3);
      }
      setField(chunk, 2, T.I64, BigInt(chunkStart));
      for (const id of [4, 5, 6, 7]) dropField(chunk, id);
      rgSize += size;
    });
    setField(rg, 5, T.I64, BigInt(rgStart));
    setField(rg, 6, T.I64, BigInt(rgSize));
  }
  const w = new Writer();
  w.struct(meta);
  const footer = w.buffer();
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.length);
  out.push(footer, len, Buffer.from('PAR1'));
  return { data: Buffer.concat(out), stats };
}

// The file with STRING/UTF8, ENUM and JSON annotations removed from the schema (only the footer
// changes), so that a reader that validates UTF-8 hands over the raw bytes of string columns.
function stripStringAnnotations(buf) {
  const meta = readFooter(buf);
  for (const e of field(meta, 2).items) {
    const conv = field(e, 6);
    if (conv === 0 || conv === 4 || conv === 19) dropField(e, 6); // UTF8, ENUM, JSON
    const lt = field(e, 10);
    if (lt && lt.length === 1 && [1, 4, 12].includes(lt[0].id)) dropField(e, 10); // STRING, ENUM, JSON
  }
  const len = buf.readUInt32LE(buf.length - 8);
  const w = new Writer();
  w.struct(meta);
  const footer = w.buffer();
  const lenBuf = Buffer.alloc(4);
  lenBuf.writeUInt32LE(footer.length);
  return Buffer.concat([buf.subarray(0, buf.length - 8 - len), footer, lenBuf, Buffer.from('PAR1')]);
}

// One entry per page: {rowGroup, column, pageType, encoding, codec, values, compressed,
// uncompressed, crc}.
function pagesReport(buf) {
  const meta = readFooter(buf);
  const leaves = schemaLeaves(meta);
  const pages = [];
  for (const { g, c, cmeta } of columnChunks(meta)) {
    const codec = CODECS[field(cmeta, 4)];
    const column = field(cmeta, 3) ? field(cmeta, 3).items.map(String).join('.') : leaves[c].name;
    for (const p of chunkPages(buf, cmeta)) {
      const type = field(p.header, 1);
      const sub = { 0: 5, 2: 7, 3: 8 }[type];
      const h = sub === undefined ? undefined : field(p.header, sub);
      const encField = type === 3 ? 4 : 2;
      pages.push({
        rowGroup: g, column, pageType: PAGE_TYPES[type] || String(type),
        encoding: h ? ENCODINGS[field(h, encField)] : '', codec,
        values: h ? field(h, 1) : '', compressed: field(p.header, 3), uncompressed: field(p.header, 2),
        crc: field(p.header, 4) !== undefined,
      });
    }
  }
  return pages;
}

module.exports = { decodeLevels, Reader, Writer, T, field, readFooter, schemaLeaves, chunkPages, columnChunks, decompress, lz4Block, snappy, transcode, stripStringAnnotations, pagesReport, PAGE_TYPES, ENCODINGS, CODECS };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opts = {};
  for (let i = args.length - 1; i >= 0; i--) {
    if (args[i] === '--v2') { opts.pageV2 = true; args.splice(i, 1); }
    else if (args[i] === '--gzip') { opts.outCodec = 'GZIP'; args.splice(i, 1); }
  }
  const [cmd, a, b] = args;
  try {
    if (cmd === 'pages' && a) {
      process.stdout.on('error', () => process.exit(0)); // a closed pipe (| head) is not an error
      process.stdout.write(pagesReport(fs.readFileSync(a)).map((p) => `rg${p.rowGroup} ${JSON.stringify(p.column)} ${p.pageType} ${p.encoding} ${p.codec} values=${p.values} compressed=${p.compressed} uncompressed=${p.uncompressed} ${p.crc ? 'crc' : 'nocrc'}\n`).join(''));
    } else if (cmd === 'transcode' && a && b) {
      const { data, stats } = transcode(fs.readFileSync(a), opts);
      fs.writeFileSync(b, data);
      process.stderr.write(`pqraw: ${stats.pages} pages from ${[...stats.codecs].join(',')}, ${stats.bss} BYTE_STREAM_SPLIT pages made PLAIN, ${stats.v2} made DATA_PAGE_V2\n`);
    } else {
      process.stderr.write('usage: node pqraw.cjs pages FILE | transcode [--v2] [--gzip] IN OUT\n');
      process.exit(2);
    }
  } catch (e) {
    process.stderr.write(`pqraw: ${a}: ${e.message}\n`);
    process.exit(1);
  }
}
