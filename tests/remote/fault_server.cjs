#!/usr/bin/env node
// tests/remote/fault_server.cjs: a loopback fault-injection server that imitates just enough of
// path-style S3 (HEAD/GET object, HeadBucket, ListObjectsV2) and of the Glue JSON 1.1 API
// (GetTable, GetPartitions, GetSchemaVersion) to test schemagate's retries, timeouts and error
// handling without AWS. Node 20 built-ins only.
//
// usage: node fault_server.cjs --root DIR [--port N] [--verbose]
//   Listens on 127.0.0.1 (port 0 = any free port) and prints exactly one stdout line,
//   "fault server listening on 127.0.0.1:PORT", when ready; nothing else ever goes to stdout.
//   SIGTERM/SIGINT exit at once (open and hanging connections included).
//   DIR/KEY is object KEY in every bucket; DIR/glue/<Op>/<Database|Registry>/<Name>.json are the
//   canned Glue responses (they are also visible as S3 objects under the key prefix "glue/").
//
// The bucket name (S3) or DatabaseName / SchemaId.RegistryName (Glue) chooses the scenario;
// see fault_server_selftest.sh for every scenario exercised with curl. Counters are kept per
// "<scenario> <METHOD> <key-or-op>" so "fail N times, then succeed" is scriptable; GET /__stats
// shows them and POST /__reset clears them. Requests refused before a scenario is chosen
// (missing signature, malformed request) are not counted.
'use strict';

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const GLUE_CONTENT_TYPE = 'application/x-amz-json-1.1';
const SIGV4_PREFIX = 'AWS4-HMAC-SHA256 Credential=';
const MAX_GLUE_BODY = 1 << 20;
const MAX_KEY_BYTES = 1024;
const MAX_WALK_DEPTH = 64;
const BAD_SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your key and signing method.';

// ---------------------------------------------------------------------------------------------
// Command line

function usage(message) {
  process.stderr.write(`fault_server: ${message}\n` +
    'usage: node fault_server.cjs --root DIR [--port N] [--verbose]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { root: null, port: 0, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--root' || arg === '--port') {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      const value = argv[++i];
      if (arg === '--root') opts.root = value;
      else opts.port = parsePort(value);
    } else if (arg.startsWith('--root=')) {
      opts.root = arg.slice('--root='.length);
    } else if (arg.startsWith('--port=')) {
      opts.port = parsePort(arg.slice('--port='.length));
    } else if (arg === '--verbose') {
      opts.verbose = true;
    } else {
      usage(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (!opts.root) usage('--root DIR is required');
  let st;
  try {
    st = fs.statSync(opts.root);
  } catch (err) {
    usage(`cannot use --root ${opts.root}: ${err.code || err.message}`);
  }
  if (!st.isDirectory()) usage(`--root ${opts.root} is not a directory`);
  opts.root = fs.realpathSync(opts.root);
  return opts;
}

function parsePort(text) {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) usage(`bad port ${JSON.stringify(text)}`);
  return Number(text);
}

const opts = parseArgs(process.argv.slice(2));

function log(line) {
  if (opts.verbose) process.stderr.write(`fault_server: ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Counters

const counters = new Map();

function bump(scenario, method, key) {
  const name = `${scenario} ${method} ${key}`;
  const count = (counters.get(name) || 0) + 1;
  counters.set(name, count);
  return count;
}

function statsJson() {
  const out = {};
  for (const name of [...counters.keys()].sort()) out[name] = counters.get(name);
  return JSON.stringify(out);
}

// ---------------------------------------------------------------------------------------------
// Scenarios. A counted fault hits while the per-key count is <= n; "name" alone means "name-1",
// except "truncated", which without -N never lets a GET succeed.

const COUNTED_S3 = /^(fail500|fail502|fail503|fail504|slowdown|throttle429|reset|close|truncated)(?:-(\d{1,9}))?$/;
const PLAIN_S3 = new Set(['slowbody', 'hang', 'always500', 'etag-change', 'short206', 'shifted206', 'ignore-range',
  'denied', 'badsig', 'expired', 'endless500']);

function s3Scenario(bucket) {
  const m = COUNTED_S3.exec(bucket);
  if (m) {
    const always = m[1] === 'truncated' && m[2] === undefined;
    return { kind: m[1], n: always ? Infinity : m[2] === undefined ? 1 : Number(m[2]) };
  }
  if (PLAIN_S3.has(bucket)) return { kind: bucket, n: Infinity };
  return { kind: 'ok', n: 0 };
}

const COUNTED_GLUE = /^(throttled|reset|close)(?:-(\d{1,9}))?$/;
const PLAIN_GLUE = new Set(['denied', 'missing', 'err500', 'hang']);

function glueScenario(name) {
  const m = COUNTED_GLUE.exec(name);
  if (m) return { kind: m[1], n: m[2] === undefined ? 1 : Number(m[2]) };
  if (PLAIN_GLUE.has(name)) return { kind: name, n: Infinity };
  return { kind: 'ok', n: 0 };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function requestId() {
  return crypto.randomBytes(8).toString('hex').toUpperCase();
}

function md5Hex(data) {
  return crypto.createHash('md5').update(data).digest('hex');
}

function xmlEscape(value) {
  return String(value)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c])
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

// encoding-type=url: S3 form-encodes names (space as '+') but keeps '/'.
function s3UrlEncode(value) {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+');
}

function byteCompare(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// Query strings are decoded like S3 does: '+' is a space, so an unencoded '+' in a
// continuation token breaks it (as it would against AWS). Throws URIError on bad escapes.
function parseQuery(raw) {
  const params = new Map();
  if (!raw) return params;
  const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

function sendRaw(req, res, status, headers, body) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body || '', 'utf8');
  res.writeHead(status, { ...headers, 'Content-Length': String(buf.length) });
  if (req.method === 'HEAD') res.end();
  else res.end(buf);
}

function s3Error(ctx, status, code, message, extra = {}, headers = {}) {
  let fields = `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>`;
  for (const [name, value] of Object.entries(extra)) fields += `<${name}>${xmlEscape(value)}</${name}>`;
  fields += `<RequestId>${ctx.rid}</RequestId><HostId>${ctx.hostId}</HostId>`;
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}</Error>`;
  sendRaw(ctx.req, ctx.res, status, {
    'Content-Type': 'application/xml',
    'x-amz-request-id': ctx.rid,
    'x-amz-id-2': ctx.hostId,
    ...headers,
  }, body);
}

function glueReply(ctx, status, payload) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload), 'utf8');
  sendRaw(ctx.req, ctx.res, status, { 'Content-Type': GLUE_CONTENT_TYPE, 'x-amzn-RequestId': ctx.rid }, body);
}

function resetSocket(socket) {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

// ---------------------------------------------------------------------------------------------
// Objects on disk

const etagCache = new Map();

// Maps a key to a file under the root, or null when the key cannot name one (empty segments,
// '.', '..', NUL): such keys are simply absent objects, never a way out of the root.
function keyPath(key) {
  if (key.length === 0 || key.includes('\0') || Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return null;
  const parts = key.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  return path.join(opts.root, ...parts);
}

function statObject(file) {
  if (file === null) return null;
  let st;
  try {
    st = fs.lstatSync(file);
  } catch (err) {
    if (['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'EINVAL', 'ELOOP'].includes(err.code)) return null;
    throw err;
  }
  if (!st.isFile()) return null;
  const cached = etagCache.get(file);
  let etag;
  if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size && cached.ino === st.ino) {
    etag = cached.etag;
  } else {
    etag = `"${md5Hex(fs.readFileSync(file))}"`;
    etagCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, etag });
  }
  // S3 times have whole seconds; keep the header and the listing consistent.
  return { file, size: st.size, mtime: new Date(Math.floor(st.mtimeMs / 1000) * 1000), etag };
}

function listKeys() {
  const keys = [];
  const walk = (dir, rel, depth) => {
    if (depth > MAX_WALK_DEPTH) return;
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const key = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(dir, e.name), key, depth + 1);
      else if (e.isFile()) keys.push(key);
    }
  };
  walk(opts.root, '', 0);
  return keys.sort(byteCompare);
}

// Range: bytes=a-b | a- | -n. Returns null when there is no usable range (absent, malformed or
// multi-range: S3 then serves the whole object), {unsatisfiable: true}, or {start, end}.
function parseRange(header, size) {
  if (typeof header !== 'string') return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { unsatisfiable: true };
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  let end = m[2] === '' ? size - 1 : Number(m[2]);
  if (end < start) return null;
  if (start >= size) return { unsatisfiable: true };
  if (end >= size) end = size - 1;
  return { start, end };
}

function etagMatches(header, etag) {
  const bare = etag.replace(/^"|"$/g, '');
  return header.split(',').some((token) => {
    const t = token.trim();
    return t === '*' || t === etag || t === bare;
  });
}

// ---------------------------------------------------------------------------------------------
// S3

// Faults that replace the whole reply. Returns true when the request has been dealt with.
function s3RequestFault(ctx) {
  const { kind, n } = ctx.scenario;
  const hit = ctx.count <= n;
  switch (kind) {
    case 'hang':
      return true;
    case 'reset':
      if (!hit) return false;
      resetSocket(ctx.req.socket);
      return true;
    case 'close':
      if (!hit) return false;
      ctx.req.socket.destroy();
      return true;
    case 'fail500':
    case 'always500':
      if (kind === 'fail500' && !hit) return false;
      s3Error(ctx, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      return true;
    case 'fail502':
      if (!hit) return false;
      s3Error(ctx, 502, 'BadGateway', 'Bad Gateway');
      return true;
    case 'fail503':
      if (!hit) return false;
      s3Error(ctx, 503, 'ServiceUnavailable', 'Service is unable to handle request.');
      return true;
    case 'fail504':
      if (!hit) return false;
      s3Error(ctx, 504, 'GatewayTimeout', 'Gateway Timeout');
      return true;
    case 'slowdown':
      if (!hit) return false;
      s3Error(ctx, 503, 'SlowDown', 'Please reduce your request rate.', {}, { 'Retry-After': '1' });
      return true;
    case 'throttle429':
      if (!hit) return false;
      s3Error(ctx, 429, 'TooManyRequests', 'Please reduce your request rate.', {}, { 'Retry-After': '1' });
      return true;
    case 'denied':
      s3Error(ctx, 403, 'AccessDenied', 'Access Denied');
      return true;
    case 'badsig':
      s3Error(ctx, 403, 'SignatureDoesNotMatch', BAD_SIGNATURE_MESSAGE);
      return true;
    case 'expired':
      // S3 answers an expired session token with 400, not 403.
      s3Error(ctx, 400, 'ExpiredToken', 'The provided token has expired.');
      return true;
    case 'endless500': {
      // A 500 to GETs whose body never ends, sent fast enough to defeat a low-speed limit.
      if (ctx.req.method !== 'GET') return false;
      const { res } = ctx;
      res.writeHead(500, { 'Content-Type': 'text/html', 'x-amz-request-id': ctx.rid });
      const chunk = Buffer.alloc(4096, 'x');
      const timer = setInterval(() => res.write(chunk), 5);
      res.on('close', () => clearInterval(timer));
      return true;
    }
    default:
      return false;
  }
}

function handleObject(ctx) {
  const { req, res, scenario, count } = ctx;
  const obj = statObject(keyPath(ctx.key));
  if (obj === null) {
    s3Error(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: ctx.key });
    return;
  }
  let etag = obj.etag;
  if (scenario.kind === 'etag-change' && req.method === 'GET' && count > 1) {
    etag = `"changed${obj.etag.slice(1, -1)}"`;
  }
  const ifMatch = req.headers['if-match'];
  if (typeof ifMatch === 'string' && !etagMatches(ifMatch, etag)) {
    s3Error(ctx, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold',
      { Condition: 'If-Match' });
    return;
  }
  const headers = {
    'Content-Type': 'application/octet-stream',
    ETag: etag,
    'Last-Modified': obj.mtime.toUTCString(),
    'Accept-Ranges': 'bytes',
    'x-amz-request-id': ctx.rid,
    'x-amz-id-2': ctx.hostId,
  };
  if (req.method === 'HEAD') {
    res.writeHead(200, { ...headers, 'Content-Length': String(obj.size) });
    res.end();
    return;
  }

  let range = parseRange(req.headers.range, obj.size);
  if (range !== null && scenario.kind === 'ignore-range') range = null;
  if (range !== null && range.unsatisfiable) {
    s3Error(ctx, 416, 'InvalidRange', 'The requested range is not satisfiable',
      { RangeRequested: req.headers.range, ActualObjectSize: obj.size }, { 'Content-Range': `bytes */${obj.size}` });
    return;
  }
  // Read only what is sent (big objects stay cheap); a byte further for shifted206.
  const readFrom = range !== null ? range.start : 0;
  const readTo = range !== null ? Math.min(obj.size - 1, range.end + 1) : obj.size - 1;
  const slice = Buffer.alloc(Math.max(0, readTo - readFrom + 1));
  if (slice.length > 0) {
    const fd = fs.openSync(obj.file, 'r');
    try {
      fs.readSync(fd, slice, 0, slice.length, readFrom);
    } finally {
      fs.closeSync(fd);
    }
  }
  const data = { subarray: (a, b) => slice.subarray(a - readFrom, b - readFrom) };
  let status = 200;
  let body = range !== null ? null : slice;
  if (range !== null) {
    status = 206;
    body = data.subarray(range.start, range.end + 1);
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${obj.size}`;
    if (scenario.kind === 'short206') body = body.subarray(0, body.length - 1);
    // shifted206: the right length, but one byte further on (a proxy with an off-by-one).
    if (scenario.kind === 'shifted206' && range.end + 1 < obj.size) {
      body = data.subarray(range.start + 1, range.end + 2);
      headers['Content-Range'] = `bytes ${range.start + 1}-${range.end + 1}/${obj.size}`;
    }
  }
  headers['Content-Length'] = String(body.length);

  if (scenario.kind === 'truncated' && count <= scenario.n) {
    // Promise the whole body, deliver half, then drop the connection (curl: error 18).
    const socket = req.socket;
    res.writeHead(status, headers);
    res.flushHeaders();
    const half = body.subarray(0, Math.floor(body.length / 2));
    socket.write(half, () => socket.destroy());
    return;
  }
  if (scenario.kind === 'slowbody') {
    res.writeHead(status, headers);
    let sent = 0;
    const drip = () => {
      if (sent >= body.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(body.subarray(sent, sent + 1));
      sent += 1;
    };
    const timer = setInterval(drip, 1000);
    res.on('close', () => clearInterval(timer));
    drip();
    return;
  }
  res.writeHead(status, headers);
  res.end(body);
}

// ListObjectsV2 continuation tokens hold the last name returned. The marker bytes make every
// token start with "+/" so a client that does not percent-encode it fails here as on AWS.
const TOKEN_MARK = Buffer.from([0xfb, 0xff]);

function encodeToken(lastName) {
  return Buffer.concat([TOKEN_MARK, Buffer.from(lastName, 'utf8')]).toString('base64');
}

function decodeToken(token) {
  const raw = Buffer.from(token, 'base64');
  if (token === '' || raw.toString('base64') !== token || raw.length < 2 || raw[0] !== 0xfb || raw[1] !== 0xff) {
    return null;
  }
  return raw.subarray(2).toString('utf8');
}

function handleList(ctx) {
  const q = ctx.query;
  const prefix = q.get('prefix') || '';
  const delimiter = q.get('delimiter') || '';
  const startAfter = q.get('start-after');
  const token = q.get('continuation-token');
  const encodingType = q.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    s3Error(ctx, 400, 'InvalidArgument', 'Invalid Encoding Method specified in Request',
      { ArgumentName: 'encoding-type', ArgumentValue: encodingType });
    return;
  }
  let maxKeys = 1000;
  if (q.has('max-keys')) {
    const text = q.get('max-keys');
    if (!/^\d{1,10}$/.test(text) || Number(text) > 2147483647) {
      s3Error(ctx, 400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range',
        { ArgumentName: 'max-keys', ArgumentValue: text });
      return;
    }
    maxKeys = Math.min(1000, Number(text));
  }
  let after = startAfter;
  if (token !== undefined) {
    after = decodeToken(token);
    if (after === null) {
      s3Error(ctx, 400, 'InvalidArgument', 'The continuation token provided is incorrect',
        { ArgumentName: 'continuation-token' });
      return;
    }
  }

  // Keys and common prefixes form one byte-ordered sequence; both count toward max-keys.
  const entries = [];
  const seenPrefixes = new Set();
  for (const key of listKeys()) {
    if (!key.startsWith(prefix)) continue;
    if (delimiter !== '') {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = key.slice(0, at + delimiter.length);
        if (!seenPrefixes.has(common)) {
          seenPrefixes.add(common);
          entries.push({ prefix: common });
        }
        continue;
      }
    }
    entries.push({ key });
  }
  const remaining = after === undefined
    ? entries
    : entries.filter((e) => byteCompare(e.key !== undefined ? e.key : e.prefix, after) > 0);
  const page = remaining.slice(0, maxKeys);
  const truncated = remaining.length > page.length;

  const enc = encodingType === 'url' ? s3UrlEncode : (s) => s;
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${S3_NS}">`;
  xml += `<Name>${xmlEscape(ctx.bucket)}</Name><Prefix>${xmlEscape(enc(prefix))}</Prefix>`;
  if (delimiter !== '') xml += `<Delimiter>${xmlEscape(enc(delimiter))}</Delimiter>`;
  xml += `<MaxKeys>${maxKeys}</MaxKeys><KeyCount>${page.length}</KeyCount>`;
  xml += `<IsTruncated>${truncated}</IsTruncated>`;
  if (encodingType === 'url') xml += '<EncodingType>url</EncodingType>';
  if (token !== undefined) xml += `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>`;
  if (truncated) {
    const last = page[page.length - 1];
    xml += `<NextContinuationToken>${xmlEscape(encodeToken(last.key !== undefined ? last.key : last.prefix))}` +
      '</NextContinuationToken>';
  }
  if (startAfter !== undefined) xml += `<StartAfter>${xmlEscape(enc(startAfter))}</StartAfter>`;
  for (const e of page) {
    if (e.key === undefined) continue;
    const obj = statObject(keyPath(e.key));
    if (obj === null) continue;
    xml += `<Contents><Key>${xmlEscape(enc(e.key))}</Key><LastModified>${obj.mtime.toISOString()}</LastModified>` +
      `<ETag>${xmlEscape(obj.etag)}</ETag><Size>${obj.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
  }
  for (const e of page) {
    if (e.prefix !== undefined) xml += `<CommonPrefixes><Prefix>${xmlEscape(enc(e.prefix))}</Prefix></CommonPrefixes>`;
  }
  xml += '</ListBucketResult>';
  sendRaw(ctx.req, ctx.res, 200, {
    'Content-Type': 'application/xml',
    'x-amz-request-id': ctx.rid,
    'x-amz-id-2': ctx.hostId,
  }, xml);
}

function handleS3(ctx, rawPath, rawQuery) {
  const { req } = ctx;
  const slash = rawPath.indexOf('/', 1);
  const rawBucket = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
  const rawKey = slash < 0 ? '' : rawPath.slice(slash + 1);
  try {
    ctx.bucket = decodeURIComponent(rawBucket);
    ctx.key = decodeURIComponent(rawKey);
    ctx.query = parseQuery(rawQuery);
  } catch {
    s3Error(ctx, 400, 'InvalidURI', "Couldn't parse the specified URI.");
    return;
  }
  if (ctx.bucket === '' || ctx.bucket.startsWith('__') || ctx.bucket.includes('\0')) {
    s3Error(ctx, 400, 'InvalidRequest', `Unsupported request path ${rawPath}`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    s3Error(ctx, 400, 'InvalidRequest', `This server supports only GET and HEAD on S3 paths, not ${req.method}`);
    return;
  }
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !auth.startsWith(SIGV4_PREFIX)) {
    s3Error(ctx, 403, 'AccessDenied', 'Access Denied');
    return;
  }
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (typeof payloadHash !== 'string') {
    s3Error(ctx, 400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    return;
  }
  if (!/^(UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+|[0-9a-f]{64})$/.test(payloadHash)) {
    s3Error(ctx, 400, 'InvalidArgument',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-*, or a valid sha256 value.',
      { ArgumentName: 'x-amz-content-sha256', ArgumentValue: payloadHash });
    return;
  }

  let operation;
  let counterKey;
  if (ctx.key !== '') {
    operation = handleObject;
    counterKey = ctx.key;
  } else if (req.method === 'HEAD') {
    operation = (c) => sendRaw(c.req, c.res, 200, { 'x-amz-request-id': c.rid, 'x-amz-bucket-region': 'us-east-1' }, '');
    counterKey = '/';
  } else if (ctx.query.get('list-type') === '2') {
    operation = handleList;
    // Each page of a listing counts on its own, so every page can fail N times.
    counterKey = `?list-type=2&prefix=${ctx.query.get('prefix') || ''}`;
    if (ctx.query.has('continuation-token')) counterKey += `&continuation-token=${ctx.query.get('continuation-token')}`;
    if (ctx.query.has('start-after')) counterKey += `&start-after=${ctx.query.get('start-after')}`;
  } else if (ctx.query.has('list-type')) {
    s3Error(ctx, 400, 'InvalidArgument', 'Invalid List Type specified in Request',
      { ArgumentName: 'list-type', ArgumentValue: ctx.query.get('list-type') });
    return;
  } else {
    s3Error(ctx, 400, 'InvalidRequest', 'This server lists buckets only with ListObjectsV2 (list-type=2).');
    return;
  }

  ctx.scenario = s3Scenario(ctx.bucket);
  ctx.count = bump(ctx.bucket, req.method, counterKey);
  ctx.fault = ctx.scenario.kind;
  if (s3RequestFault(ctx)) return;
  // latency-MS: every answer waits MS milliseconds first (a far region, for measurements).
  const latency = /^latency-(\d{1,4})$/.exec(ctx.bucket);
  if (latency) {
    setTimeout(() => operation(ctx), Number(latency[1]));
    return;
  }
  operation(ctx);
}

// ---------------------------------------------------------------------------------------------
// Glue

function nonEmptyString(value) {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

// Which scenario and canned file a Glue request names, or an error message.
const GLUE_OPS = {
  GetTable: (body) => {
    const db = nonEmptyString(body.DatabaseName);
    const name = nonEmptyString(body.Name);
    if (!db || !name) return { error: 'DatabaseName and Name are required' };
    return { scenario: db, name, resource: `table/${db}/${name}`, notFound: `Table ${name} not found.` };
  },
  GetPartitions: (body) => {
    const db = nonEmptyString(body.DatabaseName);
    const name = nonEmptyString(body.TableName);
    if (!db || !name) return { error: 'DatabaseName and TableName are required' };
    return { scenario: db, name, resource: `table/${db}/${name}`, notFound: `Table ${name} not found.` };
  },
  GetSchemaVersion: (body) => {
    const id = body.SchemaId;
    let registry = null;
    let schema = null;
    if (id !== null && typeof id === 'object' && !Array.isArray(id)) {
      registry = nonEmptyString(id.RegistryName);
      schema = nonEmptyString(id.SchemaName);
      const arn = nonEmptyString(id.SchemaArn);
      const m = arn ? /^arn:[^:]+:glue:[^:]*:[^:]*:schema\/([^/]+)\/(.+)$/.exec(arn) : null;
      if (m) [, registry, schema] = m;
    } else if (id === undefined && nonEmptyString(body.SchemaVersionId)) {
      // Looked up as DIR/glue/GetSchemaVersion/by-id/<SchemaVersionId>.json.
      registry = 'by-id';
      schema = body.SchemaVersionId;
    }
    if (!registry || !schema) return { error: 'SchemaId (RegistryName and SchemaName, or SchemaArn) is required' };
    return { scenario: registry, name: schema, resource: `schema/${registry}/${schema}`, notFound: `Schema ${schema} not found.` };
  },
};

function safeSegment(s) {
  return s.length <= 255 && s !== '.' && s !== '..' && !/[/\\\0]/.test(s);
}

function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
    req.on('aborted', () => resolve(null));
  });
}

// GetPartitions: a canned {"Partitions":[...]} without its own NextToken is paged by
// MaxResults so clients' NextToken loops get exercised; the token is "page-<offset>".
function pagePartitions(canned, body) {
  let doc;
  try {
    doc = JSON.parse(canned.toString('utf8'));
  } catch {
    return { raw: canned };
  }
  if (doc === null || typeof doc !== 'object' || !Array.isArray(doc.Partitions) || 'NextToken' in doc) return { raw: canned };
  let offset = 0;
  if (body.NextToken !== undefined) {
    const m = typeof body.NextToken === 'string' ? /^page-(\d{1,9})$/.exec(body.NextToken) : null;
    if (!m) return { error: 'Invalid NextToken' };
    offset = Number(m[1]);
  }
  let limit = doc.Partitions.length;
  if (body.MaxResults !== undefined) {
    if (!Number.isInteger(body.MaxResults) || body.MaxResults < 1 || body.MaxResults > 1000) {
      return { error: 'MaxResults must be an integer from 1 to 1000' };
    }
    limit = body.MaxResults;
  }
  const out = { ...doc, Partitions: doc.Partitions.slice(offset, offset + limit) };
  if (offset + limit < doc.Partitions.length) out.NextToken = `page-${offset + limit}`;
  return { raw: Buffer.from(JSON.stringify(out), 'utf8') };
}

async function handleGlue(ctx, target) {
  const { req } = ctx;
  const body = await readBody(req, MAX_GLUE_BODY);
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !auth.startsWith(SIGV4_PREFIX)) {
    glueReply(ctx, 400, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    return;
  }
  const op = target.slice('AWSGlue.'.length);
  if (!target.startsWith('AWSGlue.') || !Object.prototype.hasOwnProperty.call(GLUE_OPS, op)) {
    glueReply(ctx, 400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: `Unknown operation ${target}` });
    return;
  }
  const contentType = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (contentType !== GLUE_CONTENT_TYPE) {
    glueReply(ctx, 400, { __type: 'SerializationException', message: `Content-Type must be ${GLUE_CONTENT_TYPE}` });
    return;
  }
  if (body === null) {
    glueReply(ctx, 400, { __type: 'SerializationException', message: 'Request body too large or aborted' });
    return;
  }
  let doc;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    doc = undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    glueReply(ctx, 400, { __type: 'SerializationException', message: 'Request body is not a JSON object' });
    return;
  }
  const target_ = GLUE_OPS[op](doc);
  if (target_.error) {
    glueReply(ctx, 400, { __type: 'InvalidInputException', message: target_.error });
    return;
  }

  const scenario = glueScenario(target_.scenario);
  const count = bump(target_.scenario, 'POST', op);
  ctx.fault = scenario.kind;
  const hit = count <= scenario.n;
  switch (scenario.kind) {
    case 'hang':
      return;
    case 'reset':
      if (hit) return resetSocket(req.socket);
      break;
    case 'close':
      if (hit) return req.socket.destroy();
      break;
    case 'throttled':
      if (hit) return glueReply(ctx, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
      break;
    case 'denied':
      return glueReply(ctx, 400, {
        __type: 'AccessDeniedException',
        Message: `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: glue:${op} ` +
          `on resource: arn:aws:glue:us-east-1:123456789012:${target_.resource}`,
      });
    case 'missing':
      return glueReply(ctx, 400, {
        __type: 'com.amazonaws.glue#EntityNotFoundException:http://internal',
        message: target_.notFound,
      });
    case 'err500':
      return glueReply(ctx, 500, { __type: 'InternalServiceException', message: 'Internal error' });
    default:
      break;
  }

  // Canned answer; the fault scenarios that recover read theirs from the folder named after the
  // fault without its count (throttled-2 -> throttled).
  const folder = scenario.kind === 'ok' ? target_.scenario : scenario.kind;
  let canned = null;
  if (safeSegment(folder) && safeSegment(target_.name)) {
    const file = path.join(opts.root, 'glue', op, folder, `${target_.name}.json`);
    try {
      if (fs.lstatSync(file).isFile()) canned = fs.readFileSync(file);
    } catch {
      canned = null;
    }
  }
  if (canned === null) {
    glueReply(ctx, 400, { __type: 'EntityNotFoundException', message: target_.notFound });
    return;
  }
  if (op === 'GetPartitions') {
    const paged = pagePartitions(canned, doc);
    if (paged.error) return glueReply(ctx, 400, { __type: 'InvalidInputException', message: paged.error });
    canned = paged.raw;
  }
  glueReply(ctx, 200, canned);
}

// ---------------------------------------------------------------------------------------------
// Routing

async function route(req, res) {
  const ctx = { req, res, rid: requestId(), hostId: crypto.randomBytes(12).toString('base64'), fault: null };
  const url = req.url || '';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const target = req.headers['x-amz-target'];
  if (opts.verbose) res.on('close', () => log(`${req.method} ${url} -> ${res.headersSent ? res.statusCode : 'no reply'}${ctx.fault && ctx.fault !== 'ok' ? ` [${ctx.fault}]` : ''}`));

  if (rawPath === '/__stats' && req.method === 'GET') {
    sendRaw(req, res, 200, { 'Content-Type': 'application/json' }, statsJson());
    return;
  }
  if (rawPath === '/__reset' && req.method === 'POST') {
    req.resume();
    counters.clear();
    sendRaw(req, res, 200, { 'Content-Type': 'application/json' }, '{}');
    return;
  }
  if (rawPath === '/' && req.method === 'POST' && typeof target === 'string') {
    await handleGlue(ctx, target);
    return;
  }
  req.resume();
  if (!rawPath.startsWith('/') || rawPath === '/' || rawPath.startsWith('/__')) {
    s3Error(ctx, 400, 'InvalidRequest', `Unsupported request ${req.method} ${rawPath.slice(0, 200)}`);
    return;
  }
  handleS3(ctx, rawPath, rawQuery);
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => {
    log(`internal error: ${err && err.stack ? err.stack : err}`);
    if (!res.headersSent && !res.destroyed) {
      const rid = requestId();
      sendRaw(req, res, 500, { 'Content-Type': 'application/xml', 'x-amz-request-id': rid },
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>fault server bug: ${xmlEscape(String(err && err.message))}</Message><RequestId>${rid}</RequestId></Error>`);
    } else {
      req.socket.destroy();
    }
  });
});

// A test server must outlive any odd input; report instead of dying.
process.on('uncaughtException', (err) => log(`uncaught: ${err && err.stack ? err.stack : err}`));
process.stdout.on('error', () => {});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

server.on('error', (err) => {
  process.stderr.write(`fault_server: cannot listen: ${err.message}\n`);
  process.exit(1);
});
server.listen(opts.port, '127.0.0.1', () => {
  process.stdout.write(`fault server listening on 127.0.0.1:${server.address().port}\n`);
});
