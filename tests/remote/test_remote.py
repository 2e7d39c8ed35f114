#!/usr/bin/env python3
"""
tests/remote/test_remote.py: schemagate against AWS APIs on loopback, TAP output.

  fault  the fault-injection server (fault_server.cjs): retries, Retry-After, resets, short
         bodies, timeouts, changed objects, refused ranges, Glue errors; each case asserts the
         exit code, the message and how many requests the server saw.
  moto   moto_server (signature checking on) and s3rver, started and seeded by servers.py:
         ranged reads of every Parquet file of the corpus give what local reads give, listing
         with pagination, glue:// and glue-sr:// schemas, a Glue table validated where it lives,
         drift, missing things and wrong credentials.

Every command's output is kept; at the end none may contain the secret key or session token
(every command runs with --verbose). A server that cannot start fails the run with its reason.

usage: test_remote.py SCHEMAGATE SOURCE_ROOT {fault|moto}
Run with the python3 that has moto and boto3 (the machine's pyenv one).
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

SG, ROOT, WHICH = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
SHARED = os.path.join(ROOT, "..", "shared", "testdata")
CORPUS = os.path.join(SHARED, "parquet-testing", "data")
SECRET = "sgTESTsecret/Do+Not+Print+0123456789abcdefXYZ"
TOKEN = "sgTESTtoken/FwoGZXIvYXdzEBAaDNeverShowMe=="

outputs = []  # every stdout/stderr seen, checked for secrets at the end
results = []  # (ok, name, detail)


def tap(ok, name, detail=""):
    results.append((ok, name, detail))
    print(("ok" if ok else "not ok"), len(results), "-", name, flush=True)
    if not ok and detail:
        for line in str(detail).splitlines()[:40]:
            print("  #", line, flush=True)


def run(args, env, timeout=120):
    """Runs schemagate --verbose ARGS; returns (exit code, stdout, stderr, seconds)."""
    start = time.monotonic()
    proc = subprocess.run([SG, "--verbose"] + args, env=env, capture_output=True, text=True,
                          timeout=timeout, errors="replace")
    seconds = time.monotonic() - start
    outputs.append((" ".join(args), proc.stdout + proc.stderr))
    return proc.returncode, proc.stdout, proc.stderr, seconds


def base_env(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"HOME": tempfile.mkdtemp(prefix="sg-home-"), "AWS_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true"})
    env.update(extra)
    return env


def expect(name, got, code, stderr_has=(), stdout_has=(), detail_extra=""):
    rc, out, err, _ = got
    missing = [s for s in stderr_has if s not in err] + [s for s in stdout_has if s not in out]
    ok = rc == code and not missing
    tap(ok, name, "" if ok else f"exit {rc} (want {code}); missing {missing}\n"
        f"stderr: {err[-3000:]}\nstdout: {out[-1500:]}\n{detail_extra}")
    return ok


# --- fault-injection server -----------------------------------------------------------------

def start_process(argv, ready_prefix, timeout=30, **kw):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    deadline = time.monotonic() + timeout
    line = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(ready_prefix):
            return proc, line.strip()
        if proc.poll() is not None:
            break
    proc.kill()
    err = proc.stderr.read() if proc.stderr else ""
    raise RuntimeError(f"{argv[0]} did not start: {line!r} {err[-2000:]}")


def fault_tests():
    root = tempfile.mkdtemp(prefix="sg-fault-")
    os.makedirs(os.path.join(root, "data"))
    os.makedirs(os.path.join(root, "csv", "_temporary"))
    open(os.path.join(root, "csv", "_SUCCESS"), "w").close()
    with open(os.path.join(root, "csv", "_temporary", "part-0.csv"), "w") as f:
        f.write("not,data,at,all\n")
    parquet = os.path.join(CORPUS, "alltypes_plain.parquet")
    shutil.copy(parquet, os.path.join(root, "data", "t.parquet"))
    with open(os.path.join(root, "csv", "orders.csv"), "w") as f:
        f.write("id,name\n")
        for i in range(2000):
            f.write(f"{i},name-{i}\n")
    # Over two 8 MiB stream blocks: several ranged GETs, so a replaced object shows.
    with open(os.path.join(root, "csv", "big.csv"), "w") as f:
        f.write("id,name\n")
        line = "x" * 90
        for i in range(220000):
            f.write(f"{i},{line}\n")
    table = {"Table": {"Name": "t", "DatabaseName": "db", "PartitionKeys": [],
                       "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"},
                                                         {"Name": "name", "Type": "string"}],
                                             "Location": "s3://okay-data/data/",
                                             "SerdeInfo": {"SerializationLibrary":
                                                           "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                                                           "Parameters": {"field.delim": ","}}},
                       "Parameters": {"classification": "csv", "skip.header.line.count": "1"}}}
    for db in ("ok", "throttled"):
        d = os.path.join(root, "glue", "GetTable", db)
        os.makedirs(d)
        with open(os.path.join(d, "t.json"), "w") as f:
            json.dump(table, f)
    # A partitioned table whose 2,500 partitions come in three GetPartitions pages: most share
    # the table's folder, one is empty, one declares a column type the table cannot read.
    serde = table["Table"]["StorageDescriptor"]["SerdeInfo"]
    part_table = json.loads(json.dumps(table))
    part_table["Table"]["Name"] = "pt"
    part_table["Table"]["PartitionKeys"] = [{"Name": "dt", "Type": "string"}]
    part_table["Table"]["StorageDescriptor"]["Location"] = "s3://okay-data/csv/"
    columns = part_table["Table"]["StorageDescriptor"]["Columns"]
    partitions = []
    for i in range(2500):
        sd = {"Columns": columns, "Location": "s3://okay-data/csv/", "SerdeInfo": serde}
        if i == 7:
            sd = dict(sd, Columns=[{"Name": "id", "Type": "boolean"},
                                   {"Name": "name", "Type": "string"}])
        if i == 8:
            sd = dict(sd, Location="s3://okay-data/empty-partition/")
        partitions.append({"Values": [f"p{i:04d}"], "DatabaseName": "okdb", "TableName": "pt",
                           "StorageDescriptor": sd})
    for op, body in (("GetTable", part_table), ("GetPartitions", {"Partitions": partitions})):
        d = os.path.join(root, "glue", op, "okdb")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "pt.json"), "w") as f:
            json.dump(body, f)
    try:
        proc, line = start_process(["node", os.path.join(ROOT, "tests", "remote", "fault_server.cjs"),
                                    "--root", root], "fault server listening on")
    except Exception as e:  # noqa: BLE001
        tap(False, "fault server starts", str(e))
        return
    url = "http://" + line.rsplit(" ", 1)[1]
    env = base_env({"AWS_ACCESS_KEY_ID": "AKIDFAULTTEST", "AWS_SECRET_ACCESS_KEY": SECRET,
                    "AWS_SESSION_TOKEN": TOKEN, "AWS_ENDPOINT_URL": url,
                    "SCHEMAGATE_RETRY_BASE": "0.02"})

    def stats():
        with urllib.request.urlopen(url + "/__stats", timeout=5) as r:
            return json.load(r)

    def reset():
        urllib.request.urlopen(urllib.request.Request(url + "/__reset", method="POST"), timeout=5)

    def count(scenario, method, key):
        return stats().get(f"{scenario} {method} {key}", 0)

    schema = os.path.join(root, "s.ddl")
    with open(schema, "w") as f:
        f.write("id BIGINT NOT NULL, name STRING")
    try:
        local = subprocess.run([SG, "cat", parquet], capture_output=True, text=True)
        rc, out, err, _ = got = run(["cat", "s3://okay-data/data/t.parquet"], env)
        tap(rc == 0 and out == local.stdout, "cat s3:// equals cat of the local file",
            err[-2000:])

        reset()
        got = run(["cat", "s3://fail500-2/data/t.parquet"], env)
        expect("500 twice then success: cat works", got, 0)
        tap(count("fail500-2", "HEAD", "data/t.parquet") == 3, "500 twice: HEAD tried 3 times",
            json.dumps(stats()))
        tap(got[1] == local.stdout, "500 twice: same rows")
        tap("(attempt 2)" in got[2] and "retrying in" in got[2], "--verbose logs the retries",
            got[2][-1500:])

        for scenario in ("fail502-1", "fail503-1", "fail504-1", "reset-2", "close-2",
                         "truncated-1", "throttle429"):
            reset()
            got = run(["cat", "s3://%s/data/t.parquet" % scenario], env)
            expect(f"{scenario}: retried to success", got, 0)
            tap(got[1] == local.stdout, f"{scenario}: same rows")

        reset()
        got = run(["cat", "s3://always500/data/t.parquet"], env)
        expect("always 500: exit 3 after 3 attempts", got, 3, ["HTTP 500", "InternalError"])
        tap(count("always500", "HEAD", "data/t.parquet") == 3, "always 500: exactly 3 attempts",
            json.dumps(stats()))

        reset()
        got = run(["cat", "s3://always500/data/t.parquet"], dict(env, AWS_MAX_ATTEMPTS="5"))
        tap(got[0] == 3 and count("always500", "HEAD", "data/t.parquet") == 5,
            "AWS_MAX_ATTEMPTS=5: 5 attempts", json.dumps(stats()))

        reset()
        got = run(["cat", "s3://slowdown/data/t.parquet"], env)
        expect("503 SlowDown with Retry-After: success", got, 0)
        tap(got[3] >= 0.9, f"SlowDown: waited for Retry-After ({got[3]:.2f} s)")
        tap("SlowDown" in got[2], "SlowDown: the log names the code", got[2][-800:])

        reset()
        got = run(["cat", "s3://truncated/data/t.parquet"], env)
        expect("body always cut short: exit 3", got, 3, ["failed after 3 attempts",
                                                         "closed before the whole body"])
        tap(got[1] == "", "body cut short: no rows printed", got[1][:500])

        reset()
        got = run(["cat", "s3://slowbody/data/t.parquet"],
                  dict(env, SCHEMAGATE_READ_TIMEOUT="1", AWS_MAX_ATTEMPTS="2"))
        expect("slow body: read timeout, exit 3", got, 3, ["timed out", "failed after 2 attempts"])
        gets = sum(v for k, v in stats().items() if k.startswith("slowbody GET"))
        tap(gets == 2, f"slow body: 2 GET attempts (saw {gets})", json.dumps(stats()))
        tap(got[3] < 15, f"slow body: gave up in {got[3]:.1f} s")

        reset()
        got = run(["cat", "s3://hang/data/t.parquet"],
                  dict(env, SCHEMAGATE_READ_TIMEOUT="1", AWS_MAX_ATTEMPTS="2"))
        expect("no answer: timeout, exit 3", got, 3, ["timed out"])

        reset()
        got = run(["cat", "s3://slowbody/data/t.parquet"],
                  dict(env, SCHEMAGATE_REQUEST_TIMEOUT="1.5", AWS_MAX_ATTEMPTS="1",
                       SCHEMAGATE_READ_TIMEOUT="30"))
        expect("request timeout: exit 3", got, 3, ["timed out"])

        reset()
        got = run(["validate", "--schema", schema, "--header", "s3://etag-change/csv/big.csv"],
                  env)
        expect("object replaced mid-read: exit 3", got, 3, ["changed while it was being read"])

        reset()
        got = run(["cat", "s3://short206/data/t.parquet"], env)
        expect("206 with a short body: exit 3", got, 3, ["short read"])

        reset()
        got = run(["cat", "s3://shifted206/data/t.parquet"], dict(env, SCHEMAGATE_S3_BLOCK_SIZE="1024"))
        expect("206 for other bytes than asked: exit 3", got, 3, ["with Content-Range"])

        reset()
        got = run(["cat", "s3://ignore-range/data/t.parquet"], env)
        expect("200 to a ranged GET: exit 3", got, 3, ["ignored the Range header"])

        got = run(["cat", "s3://denied/data/t.parquet"], env)
        expect("403 AccessDenied: exit 2", got, 2, ["access denied", "AccessDenied"])
        got = run(["validate", "--schema", schema, "s3://denied/csv/orders.csv"], env)
        expect("403 on a listed/validated object: exit 2", got, 2, ["AccessDenied"])
        got = run(["cat", "s3://badsig/data/t.parquet"], env)
        expect("403 SignatureDoesNotMatch: exit 2", got, 2, ["secret access key is wrong"])
        got = run(["cat", "s3://expired/data/t.parquet"], env)
        expect("400 ExpiredToken: a credentials problem, exit 2", got, 2,
               ["session token has expired"])
        reset()
        got = run(["cat", "s3://endless500/data/t.parquet"], dict(env, AWS_MAX_ATTEMPTS="2"))
        expect("a 500 whose body never ends: cut, retried, exit 3", got, 3, ["HTTP 500"])
        tap(got[3] < 20, f"endless error body: gave up in {got[3]:.1f} s")
        got = run(["validate", "--schema", schema, "--format", "json",
                   "s3://okay-data/csv/_temporary/part-0.csv"], env)
        files = [f["path"] for f in json.loads(got[1] or "{}").get("files", [])]
        tap(got[0] == 1 and files == ["s3://okay-data/csv/_temporary/part-0.csv"],
            "an object named directly is checked even under _temporary/",
            f"exit {got[0]} {files} {got[2][-500:]}")
        got = run(["cat", "s3://okay-data/data/missing.parquet"], env)
        expect("missing object: exit 2", got, 2, ["no such object"])

        got = run(["cat", "s3://okay-data/data/t.parquet"],
                  dict(env, AWS_ENDPOINT_URL="http://127.0.0.1:9", SCHEMAGATE_CONNECT_TIMEOUT="2"))
        expect("nothing listening: exit 3 after 3 attempts", got, 3, ["failed after 3 attempts"])

        # CSV streamed from S3 through the fault paths.
        got = run(["validate", "--schema", schema, "--header", "s3://okay-data/csv/orders.csv"], env)
        expect("validate a CSV object: exit 0", got, 0, stdout_has=["2,000 rows"])
        reset()
        got = run(["validate", "--schema", schema, "--header", "s3://truncated/csv/orders.csv"],
                  env)
        expect("validate a CSV object whose body is cut: exit 3, not valid", got, 3,
               ["closed before the whole body"])
        got = run(["validate", "--schema", schema, "--header", "--format", "json",
                   "s3://okay-data/csv/"], env)
        files = [f["path"] for f in json.loads(got[1] or "{}").get("files", [])]
        tap(got[0] == 0 and files == ["s3://okay-data/csv/big.csv", "s3://okay-data/csv/orders.csv"],
            "validate a prefix: listed, _SUCCESS and _temporary/ skipped", f"{files} {got[2][-800:]}")

        # Glue errors, passed on.
        reset()
        got = run(["show", "glue://throttled-2/t"], env)
        expect("Glue ThrottlingException twice then success", got, 0, stdout_has=["id"])
        tap(count("throttled-2", "POST", "GetTable") == 3, "Glue throttled: 3 calls",
            json.dumps(stats()))
        got = run(["show", "glue://denied/t"], env)
        expect("Glue AccessDeniedException: exit 2 with its message", got, 2,
               ["AccessDeniedException", "is not authorized to perform: glue:GetTable"])
        got = run(["show", "glue://missing/t"], env)
        expect("Glue EntityNotFoundException: exit 2, namespace stripped", got, 2,
               ["EntityNotFoundException: Table t not found."])
        tap("com.amazonaws" not in got[2], "Glue error type without its namespace", got[2])
        got = run(["show", "glue://err500/t"], env)
        expect("Glue 500: exit 3 after retries", got, 3, ["InternalServiceException"])
        reset()
        got = run(["validate", "--schema", "glue://okdb/pt", "--format", "json"], env)
        try:
            report = json.loads(got[1])
            rules = {f["rule"]: f["count"] for f in report["findings"]}
            files = [f["path"] for f in report["files"]]
        except Exception as ex:  # noqa: BLE001
            rules, files = {"error": str(ex)}, []
        tap(got[0] == 1 and rules.get("partition-schema-mismatch") == 1 and
            files == ["s3://okay-data/csv/big.csv", "s3://okay-data/csv/orders.csv"],
            "Glue table where it lives: 2,500 partitions, one mismatched, shared folder read once",
            f"exit {got[0]} rules {rules} files {files}\n{got[2][-1500:]}")
        tap(count("okdb", "POST", "GetPartitions") == 3, "GetPartitions followed 3 pages",
            json.dumps({k: v for k, v in stats().items() if "okdb" in k}))
        got = run(["show", "glue://ok/t"], dict(env, AWS_REGION="", AWS_DEFAULT_REGION=""))
        expect("Glue without a region: exit 2", got, 2, ["no AWS region"])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


# --- moto_server and s3rver ------------------------------------------------------------------

def read_env(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("export "):
                key, _, value = line[7:].partition("=")
                values[key] = shlex.split(value)[0] if value else ""
    return values


def moto_tests():
    state = tempfile.mkdtemp(prefix="sg-servers-")
    servers = [sys.executable, os.path.join(ROOT, "tests", "remote", "servers.py")]
    started = subprocess.run(servers + ["start", "--state", state], capture_output=True, text=True,
                             timeout=180)
    if started.returncode != 0:
        tap(False, "moto_server and s3rver start", started.stdout + started.stderr)
        return
    try:
        seeded = subprocess.run(servers + ["seed", "--state", state, "--parquet-dir", CORPUS,
                                           "--csv-dir", os.path.join(ROOT, "examples", "orders",
                                                                     "data", "bronze")],
                                capture_output=True, text=True, timeout=300, cwd=ROOT)
        if seeded.returncode != 0:
            tap(False, "servers seeded", seeded.stdout + seeded.stderr)
            return
        e = read_env(os.path.join(state, "env"))
        moto = base_env({"AWS_ACCESS_KEY_ID": e["MOTO_ACCESS_KEY_ID"],
                         "AWS_SECRET_ACCESS_KEY": e["MOTO_SECRET_ACCESS_KEY"],
                         "AWS_ENDPOINT_URL": e["MOTO_URL"], "SCHEMAGATE_RETRY_BASE": "0.05"})
        global SECRETS
        SECRETS.append(e["MOTO_SECRET_ACCESS_KEY"])
        s3rver = base_env({"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER",
                           "AWS_ENDPOINT_URL": e["S3RVER_URL"], "SCHEMAGATE_RETRY_BASE": "0.05"})

        # Every corpus file: remote cat == local cat (same output, same exit code); again with
        # 4 KiB blocks, so that reads cross blocks, the cache evicts and big reads bypass it.
        names = sorted(n for n in os.listdir(CORPUS) if n.endswith(".parquet"))
        local = {name: subprocess.run([SG, "cat", os.path.join(CORPUS, name)], capture_output=True,
                                      text=True, errors="replace") for name in names}
        small = dict(moto, SCHEMAGATE_S3_BLOCK_SIZE="4096")
        for server, env, bucket in (("moto", moto, "sg-data"), ("s3rver", s3rver, "test-bucket"),
                                    ("moto, 4 KiB blocks", small, "sg-data")):
            bad = []
            for name in names:
                rc, out, err, _ = run(["cat", f"s3://{bucket}/corpus/{name}"], env)
                if rc != local[name].returncode or out != local[name].stdout:
                    bad.append(f"{name}: exit {rc} vs {local[name].returncode}: "
                               f"{err.strip()[-300:]}")
            tap(not bad, f"{server}: cat of {len(names)} corpus files over S3 equals local cat",
                "\n".join(bad))
        got = run(["validate", "--schema", "schemas/orders_bronze/v1.yaml", "--format", "json",
                   "s3://sg-data/csv/"], dict(small, SCHEMAGATE_S3_BLOCK_SIZE="1024"))
        bronze = run(["validate", "--schema", "schemas/orders_bronze/v1.yaml", "--format", "json",
                      os.path.join(ROOT, "examples", "orders", "data", "bronze")], moto)
        tap(got[0] == bronze[0] and
            json.loads(got[1])["summary"]["rows"] == json.loads(bronze[1])["summary"]["rows"],
            "moto, 1 KiB blocks: CSV streamed across blocks gives the local verdict", got[2][-800:])

        # Listing with pagination.
        lines = os.path.join(tempfile.mkdtemp(), "lines.ddl")
        with open(lines, "w") as f:
            f.write("line STRING")
        rc, out, err, _ = run(["validate", "--schema", lines, "--no-header",
                               "--format", "json", "s3://sg-data/many/"],
                              dict(moto, SCHEMAGATE_S3_LIST_PAGE_SIZE="100"))
        pages = err.count("list-type=2")
        try:
            files = json.loads(out)["summary"]["files"]
        except Exception:  # noqa: BLE001
            files = None
        tap(rc == 0 and files == 1203 and pages == 13,
            f"moto: ListObjectsV2 pages of 100 give all 1203 objects (files {files}, pages {pages})",
            err[-1500:])
        rc, out, err, _ = run(["validate", "--schema", lines, "--no-header",
                               "--format", "json", "s3://test-bucket/many/"],
                              dict(s3rver, SCHEMAGATE_S3_LIST_PAGE_SIZE="500"))
        try:
            files = json.loads(out)["summary"]["files"]
        except Exception:  # noqa: BLE001
            files = None
        tap(rc == 0 and files == 1203, f"s3rver: paginated listing gives 1203 objects ({files})",
            err[-1500:])

        # infer reads an object's schema: Parquet from its footer, CSV from its first records.
        for key, local_path in (
                ("corpus/alltypes_plain.parquet", os.path.join(CORPUS, "alltypes_plain.parquet")),
                ("csv/dt=2026-01-01/orders.csv", os.path.join(ROOT, "examples", "orders", "data",
                                                              "bronze", "dt=2026-01-01",
                                                              "orders.csv"))):
            want = subprocess.run([SG, "infer", local_path, "--to", "spark"], capture_output=True,
                                  text=True)
            got = run(["infer", f"s3://sg-data/{key}", "--to", "spark"], moto)
            tap(got[0] == 0 and want.returncode == 0 and got[1] == want.stdout,
                f"infer s3://sg-data/{key} equals infer of the local file",
                f"{got[2][-600:]}\n{got[1][:300]}\n{want.stdout[:300]}")

        got = run(["infer", "s3://sg-data/many/obj-00000.txt", "--no-header"], moto)
        expect("infer of a CSV object too small to be Parquet", got, 0)

        # Glue Data Catalog: the table where it lives, partitions included.
        bronze_local = run(["validate", "--schema", "schemas/orders_bronze/v1.yaml", "--format",
                            "json", os.path.join(ROOT, "examples", "orders", "data", "bronze")],
                           moto)
        got = run(["validate", "--schema", "glue://sales/orders_bronze", "--format", "json"], moto)
        rc, out, err, _ = got
        try:
            report = json.loads(out)
            local_report = json.loads(bronze_local[1])
            rules, local_rules = {}, {}
            for target, rep in ((rules, report), (local_rules, local_report)):
                for finding in rep.get("findings", []):
                    key = finding["rule"]
                    target[key] = target.get(key, 0) + finding["count"]
        except Exception as ex:  # noqa: BLE001
            report, rules, local_rules = None, {}, {"error": str(ex)}
        tap(rc == 1 and "partition-schema-mismatch" in rules,
            "glue://sales/orders_bronze: the drifted partition is a partition-schema-mismatch",
            f"exit {rc}; rules {rules}; {err[-1500:]}")
        same = all(rules.get(k) is not None and rules[k] >= v for k, v in local_rules.items())
        tap(same, "glue://sales/orders_bronze: every violation of the local data is found",
            f"remote {rules} local {local_rules}")
        silver_local = run(["validate", "--schema", "schemas/orders_silver/v1.yaml", "--format",
                            "json", os.path.join(ROOT, "examples", "orders", "data", "silver")],
                           moto)
        got = run(["validate", "--schema", "glue://sales/orders_silver", "--format", "json"], moto)
        try:
            remote_summary = json.loads(got[1])["summary"]
            local_summary = json.loads(silver_local[1])["summary"]
            same = all(remote_summary[k] == local_summary[k]
                       for k in ("files", "rows", "violations", "warnings"))
        except Exception as ex:  # noqa: BLE001
            same, remote_summary, local_summary = False, got[1][-500:], str(ex)
        tap(got[0] == silver_local[0] == 1 and same,
            "glue://sales/orders_silver where it lives: the same verdict as the local files",
            f"{remote_summary}\n{local_summary}\n{got[2][-800:]}")
        got = run(["diff", "schemas/orders_bronze/v1.yaml", "glue://sales/orders_bronze"], moto)
        expect("diff of the local subject and its Glue table: no change", got, 0)

        # Glue Schema Registry.
        local = subprocess.run([SG, "fingerprint", "schemas/order_event/v1.avsc"], cwd=ROOT,
                               capture_output=True, text=True)
        got = run(["fingerprint", "glue-sr://sg-registry/order_event@1"], moto)
        tap(got[0] == 0 and got[1] == local.stdout,
            "glue-sr://sg-registry/order_event@1 is v1 (same fingerprint)", got[2][-1000:])
        got = run(["show", "glue-sr://sg-registry/order_event"], moto)
        expect("glue-sr latest version loads", got, 0)

        # Drift between git and AWS.
        got = run(["registry", "check", "--against", "glue://sales/orders_bronze"], moto)
        expect("registry check --against the live bronze table: no drift", got, 0)
        got = run(["registry", "check", "--against", "glue-sr://sg-registry/order_event@1"], moto)
        expect("registry check --against order_event@1: no drift", got, 0)
        got = run(["registry", "check", "--against", "glue-sr://sg-registry/order_event"], moto)
        expect("registry check --against order_event latest (v2 in AWS): drift", got, 1,
               stdout_has=["glue-sr://sg-registry/order_event differs from v1: channel"])
        got = run(["registry", "check", "--against", "glue://sales/orders_silver", "--subject",
                   "orders_bronze"], moto)
        expect("registry check: another table as the subject's live schema is drift", got, 1)

        # Missing things and wrong credentials.
        for name, args, code, text in (
            ("missing object", ["cat", "s3://sg-data/corpus/nope.parquet"], 2, "no such object"),
            ("missing bucket", ["validate", "--schema", lines,
                                "s3://no-such-bucket-sg/x/"], 2, "no such bucket"),
            ("missing table", ["show", "glue://sales/nope"], 2, "EntityNotFoundException"),
            ("missing database", ["show", "glue://nodb/nope"], 2, "EntityNotFoundException"),
            ("missing schema", ["show", "glue-sr://sg-registry/nope"], 2,
             "EntityNotFoundException"),
            ("missing schema version", ["show", "glue-sr://sg-registry/order_event@9"], 2,
             "EntityNotFoundException"),
        ):
            expect(f"moto: {name}: exit {code}", run(args, moto), code, [text])
        wrong = dict(moto, AWS_SECRET_ACCESS_KEY=SECRET)
        expect("moto: wrong secret on S3: exit 2", run(["cat", "s3://sg-data/corpus/"
                                                        "alltypes_plain.parquet"], wrong), 2,
               ["SignatureDoesNotMatch"])
        expect("moto: wrong secret on Glue: exit 2", run(["show", "glue://sales/orders_bronze"],
                                                         wrong), 2, ["SignatureDoesNotMatch"])
        nocreds = {k: v for k, v in moto.items() if k not in ("AWS_ACCESS_KEY_ID",
                                                               "AWS_SECRET_ACCESS_KEY")}
        expect("no credentials: exit 2 with what to set", run(["cat", "s3://sg-data/empty.bin"],
                                                              nocreds), 2,
               ["no AWS credentials found"])
        # Profiles from the shared files.
        home = tempfile.mkdtemp(prefix="sg-home-")
        os.makedirs(os.path.join(home, ".aws"))
        with open(os.path.join(home, ".aws", "credentials"), "w") as f:
            f.write(f"[ci]\naws_access_key_id = {e['MOTO_ACCESS_KEY_ID']}\n"
                    f"aws_secret_access_key = {e['MOTO_SECRET_ACCESS_KEY']}\n")
        with open(os.path.join(home, ".aws", "config"), "w") as f:
            f.write(f"[profile ci]\nregion = us-east-1\nendpoint_url = {e['MOTO_URL']}\n")
        profile_env = base_env({"HOME": home, "AWS_PROFILE": "ci"})
        expect("AWS_PROFILE with ~/.aws files (keys, region, endpoint_url)",
               run(["show", "glue://sales/orders_bronze"], profile_env), 0)
        expect("--profile ci", run(["--profile", "ci", "show", "glue://sales/orders_bronze"],
                                   base_env({"HOME": home})), 0)
        expect("--profile unknown: exit 2", run(["--profile", "nope", "show",
                                                 "glue://sales/orders_bronze"],
                                                base_env({"HOME": home})), 2, ["nope"])
    finally:
        subprocess.run(servers + ["stop", "--state", state], capture_output=True, text=True,
                       timeout=60)
        shutil.rmtree(state, ignore_errors=True)


SECRETS = [SECRET, TOKEN]


def main():
    os.chdir(ROOT)
    try:
        if WHICH == "fault":
            fault_tests()
        else:
            moto_tests()
    except Exception as ex:  # noqa: BLE001
        import traceback
        tap(False, f"{WHICH}: the run finished", traceback.format_exc())
    leaks = [cmd for cmd, text in outputs for s in SECRETS if s and s in text]
    tap(not leaks and len(outputs) > 0,
        f"no secret key or session token in the output of {len(outputs)} --verbose runs",
        "\n".join(leaks))
    print(f"1..{len(results)}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
