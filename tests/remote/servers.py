#!/usr/bin/env python3
"""tests/remote/servers.py: the loopback AWS servers the remote tests run against.

    servers.py start --state DIR [--stock-moto]
    servers.py seed  --state DIR --parquet-dir DIR --csv-dir DIR [--silver-dir DIR] [--repo DIR]
    servers.py stop  --state DIR

`start` runs moto (S3, Glue, IAM on one port; signatures verified) and s3rver 3.7.1 (S3 only,
signatures never checked) on 127.0.0.1 with free ports, detached, logging to DIR/*.log, and
writes DIR/env (shell `export` lines) and DIR/pids. `seed` fills them (docs: the table in
tests/remote/README.md). `stop` ends both and removes DIR/pids.

Run with the pyenv python3 (moto 5.2.1, boto3), not /usr/bin/python3. Failures print why and
exit 1; nothing here skips.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

REGION = "us-east-1"
READY_TIMEOUT_S = 30.0
STOP_GRACE_S = 5.0
S3RVER_VERSION = "3.7.1"
S3RVER_KEY = "S3RVER"  # s3rver's only key id; its secret is the same string and never checked

# What seed creates; the tests assert against these names.
DATA_BUCKET = "sg-data"
S3RVER_BUCKET = "test-bucket"
MANY_OBJECTS = 1203  # more than one ListObjectsV2 page (1000) and not a multiple of it
GLUE_DATABASE = "sales"
BRONZE_TABLE = "orders_bronze"
SILVER_TABLE = "orders_silver"
DRIFT_PARTITION = "2026-03-01"  # its Columns say amount is a string: a partition schema mismatch
REGISTRY = "sg-registry"
AVRO_SUBJECT = "order_event"


class HarnessError(Exception):
    """A failure to report in one line and exit 1 with."""


def log(message):
    print(f"servers.py: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# state files


def read_env(state):
    env_file = state / "env"
    if not env_file.is_file():
        raise HarnessError(f"{env_file} missing: run `start --state {state}` first")
    values = {}
    for line in env_file.read_text().splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, _, value = words[1].partition("=")
            values[name] = value
    return values


def write_env(state, values):
    lines = [f"export {name}={shlex.quote(value)}" for name, value in values.items()]
    tmp = state / "env.tmp"
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(state / "env")


def read_pids(state):
    pids_file = state / "pids"
    pids = {}
    if pids_file.is_file():
        for line in pids_file.read_text().splitlines():
            name, _, pid = line.partition(" ")
            if pid.isdigit():
                pids[name] = int(pid)
    return pids


def write_pids(state, pids):
    (state / "pids").write_text("".join(f"{name} {pid}\n" for name, pid in pids.items()))


# ---------------------------------------------------------------------------------------------
# processes


# What a pid's command line must contain to be ours: a recycled pid is never signalled.
PROCESS_MARKERS = {"moto": "moto", "s3rver": "s3rver.js"}


def is_ours(name, pid):
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    if re.search(r"^State:\s+Z", status, re.MULTILINE):
        return False  # a zombie is already dead; its reaper is not us
    return PROCESS_MARKERS[name] in cmdline


def stop_processes(pids):
    """SIGTERM, then SIGKILL whatever is left after STOP_GRACE_S; returns when all are gone."""
    alive = {name: pid for name, pid in pids.items() if is_ours(name, pid)}
    for name, pid in alive.items():
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = {name: pid for name, pid in alive.items() if is_ours(name, pid)}
    for name, pid in alive.items():
        log(f"{name} (pid {pid}) ignored SIGTERM for {STOP_GRACE_S:.0f} s: SIGKILL")
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + STOP_GRACE_S
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = {name: pid for name, pid in alive.items() if is_ours(name, pid)}
    if alive:
        raise HarnessError(f"still running after SIGKILL: {alive}")


def spawn(argv, log_path, extra_env=None):
    """Starts a detached server (own session, so a Ctrl-C of the caller does not reach it)."""
    env = dict(os.environ)
    env.update(extra_env or {})
    with open(log_path, "wb") as out:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def wait_for_line(proc, log_path, pattern, what):
    """The first match of `pattern` in the server's log, or HarnessError (exit, timeout)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    regex = re.compile(pattern)
    while True:
        text = log_path.read_text(errors="replace")
        match = regex.search(text)
        if match:
            return match
        if proc.poll() is not None:
            raise HarnessError(f"{what} exited with status {proc.returncode} before it was ready; {log_path}:\n{text}")
        if time.monotonic() > deadline:
            raise HarnessError(f"{what} not ready after {READY_TIMEOUT_S:.0f} s; {log_path}:\n{text}")
        time.sleep(0.05)


def s3rver_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "schemagate-test" / "s3rver"


def install_s3rver():
    """s3rver from npm into the cache (outside the repo), once; a lock keeps parallel starts apart."""
    import fcntl

    cache = s3rver_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    script = cache / "node_modules" / "s3rver" / "bin" / "s3rver.js"
    package_json = cache / "node_modules" / "s3rver" / "package.json"
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if package_json.is_file() and json.loads(package_json.read_text()).get("version") == S3RVER_VERSION:
                return script
        except ValueError:
            pass  # a half-written install: reinstall
        log(f"installing s3rver@{S3RVER_VERSION} into {cache}")
        if not (cache / "package.json").is_file():
            (cache / "package.json").write_text('{"name": "schemagate-test-s3rver", "private": true}\n')
        result = subprocess.run(
            ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", f"s3rver@{S3RVER_VERSION}"],
            cwd=cache,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not script.is_file():
            raise HarnessError(f"npm install s3rver@{S3RVER_VERSION} failed in {cache}:\n{result.stdout}{result.stderr}")
    return script


def bootstrap_iam(moto_url):
    """The 3 unauthenticated calls moto allows: a user that may do everything, and its key."""
    import boto3

    iam = boto3.client(
        "iam", endpoint_url=moto_url, region_name=REGION, aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap"
    )
    iam.create_user(UserName="schemagate-test")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_user_policy(UserName="schemagate-test", PolicyName="allow-all", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="schemagate-test")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def cmd_start(args):
    state = Path(args.state).resolve()
    state.mkdir(parents=True, exist_ok=True)
    running = {name: pid for name, pid in read_pids(state).items() if is_ours(name, pid)}
    if running:
        raise HarnessError(f"{state} already has running servers {running}: stop them first")
    for stale in ("env", "pids"):
        (state / stale).unlink(missing_ok=True)

    s3rver_script = install_s3rver()  # before any server starts: nothing to clean up if it fails
    pids = {}
    try:
        if args.stock_moto:
            moto_argv = ["moto_server", "-H", "127.0.0.1", "-p", "0"]
        else:
            moto_argv = [sys.executable, str(HERE / "moto_launch.py"), "-H", "127.0.0.1", "-p", "0"]
        moto = spawn(moto_argv, state / "moto.log", {"INITIAL_NO_AUTH_ACTION_COUNT": "3"})
        pids["moto"] = moto.pid
        write_pids(state, pids)

        data_dir = tempfile.mkdtemp(prefix="s3rver-data-", dir=state)
        s3rver = spawn(
            [
                "node",
                "--openssl-legacy-provider",  # else continuation tokens fail with 500 (DES)
                str(s3rver_script),
                "-d",
                data_dir,
                "-a",
                "127.0.0.1",
                "-p",
                "0",
                "--silent",
                "--configure-bucket",
                S3RVER_BUCKET,
            ],
            state / "s3rver.log",
        )
        pids["s3rver"] = s3rver.pid
        write_pids(state, pids)

        moto_port = wait_for_line(moto, state / "moto.log", r"Running on http://127\.0\.0\.1:(\d+)", "moto_server").group(1)
        s3rver_port = wait_for_line(s3rver, state / "s3rver.log", r"S3rver listening on 127\.0\.0\.1:(\d+)", "s3rver").group(1)
        moto_url = f"http://127.0.0.1:{moto_port}"
        key_id, secret = bootstrap_iam(moto_url)
        write_env(
            state,
            {
                "MOTO_URL": moto_url,
                "MOTO_REGION": REGION,
                "MOTO_ACCESS_KEY_ID": key_id,
                "MOTO_SECRET_ACCESS_KEY": secret,
                "S3RVER_URL": f"http://127.0.0.1:{s3rver_port}",
                "S3RVER_ACCESS_KEY_ID": S3RVER_KEY,
                "S3RVER_SECRET_ACCESS_KEY": S3RVER_KEY,
            },
        )
    except BaseException:
        stop_processes(pids)
        (state / "pids").unlink(missing_ok=True)
        remove_s3rver_data(state)
        raise
    log(f"moto on {moto_url}, s3rver on port {s3rver_port}; env in {state / 'env'}")


def cmd_stop(args):
    state = Path(args.state).resolve()
    stop_processes(read_pids(state))
    (state / "pids").unlink(missing_ok=True)
    remove_s3rver_data(state)


def remove_s3rver_data(state):
    for data_dir in state.glob("s3rver-data-*"):
        shutil.rmtree(data_dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# seeding


def load_cfn(path):
    """A CloudFormation template through PyYAML: short-form intrinsics (!Ref, !Sub, ...) become
    {"Ref": ...} / {"Fn::Sub": ...}, as in the long form."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def intrinsic(loader, suffix, node):
        name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}

    Loader.add_multi_constructor("!", intrinsic)
    with open(path) as f:
        return yaml.load(f, Loader=Loader)


def cfn_table_input(template_path, name, location):
    """The TableInput of the template's one AWS::Glue::Table, renamed and relocated; intrinsics
    other than the Location's !Sub are not expected in a TableInput and are refused."""
    template = load_cfn(template_path)
    tables = [r for r in template.get("Resources", {}).values() if r.get("Type") == "AWS::Glue::Table"]
    if len(tables) != 1:
        raise HarnessError(f"{template_path}: expected one AWS::Glue::Table, found {len(tables)}")
    table_input = json.loads(json.dumps(tables[0]["Properties"]["TableInput"]))
    table_input["Name"] = name
    table_input["StorageDescriptor"]["Location"] = location

    def refuse_intrinsics(value, where):
        if isinstance(value, dict):
            if any(k == "Ref" or k.startswith("Fn::") for k in value):
                raise HarnessError(f"{template_path}: intrinsic at {where} not supported by seed")
            for k, v in value.items():
                refuse_intrinsics(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                refuse_intrinsics(v, f"{where}[{i}]")

    refuse_intrinsics(table_input, "TableInput")
    return table_input


def partition_folders(root):
    """The dt=VALUE folders directly under root, sorted: [(value, folder)]."""
    if not root.is_dir():
        return []
    return sorted((p.name[3:], p) for p in root.iterdir() if p.is_dir() and p.name.startswith("dt="))


def upload_tree(s3, bucket, root, prefix, pool):
    """Every file under root to prefix + its path relative to root ('/'-separated)."""
    jobs = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            key = prefix + path.relative_to(root).as_posix()
            jobs.append(pool.submit(s3.upload_file, str(path), bucket, key))
    return jobs


def seed_bucket(s3, bucket, parquet_files, pool, create):
    if create:
        try:
            s3.create_bucket(Bucket=bucket)
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass
    jobs = [pool.submit(s3.upload_file, str(p), bucket, f"corpus/{p.name}") for p in parquet_files]
    put = SmallObjectPut(s3)
    jobs += [
        pool.submit(put, bucket, f"many/obj-{i:05d}.txt", f"object {i}\n".encode()) for i in range(MANY_OBJECTS)
    ]
    return jobs


class SmallObjectPut:
    """PutObject through http.client, signed by botocore's S3 signer with the client's keys: a
    quarter of a boto3 call's CPU, which matters for the 2 x 1,203 `many/` objects on 2 cores.
    Keys must be unreserved characters and '/' (they go into the path as they are)."""

    def __init__(self, s3):
        from botocore.auth import S3SigV4Auth

        self.endpoint = s3.meta.endpoint_url
        self.auth = S3SigV4Auth(s3._request_signer._credentials, "s3", REGION)

    def __call__(self, bucket, key, body):
        import hashlib
        import http.client
        from urllib.parse import urlsplit

        from botocore.awsrequest import AWSRequest

        if not re.fullmatch(r"[A-Za-z0-9._~/-]+", key):
            raise HarnessError(f"SmallObjectPut: key {key!r} would need encoding")
        path = f"/{bucket}/{key}"
        request = AWSRequest(
            "PUT", self.endpoint + path, data=body, headers={"x-amz-content-sha256": hashlib.sha256(body).hexdigest()}
        )
        self.auth.add_auth(request)
        url = urlsplit(self.endpoint)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            connection.request("PUT", path, body=body, headers=dict(request.headers.items()))
            response = connection.getresponse()
            text = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise HarnessError(f"PUT {self.endpoint}{path}: HTTP {response.status} {text[:300]!r}")


def glue_create_or_update_table(glue, table_input):
    try:
        glue.create_table(DatabaseName=GLUE_DATABASE, TableInput=table_input)
    except glue.exceptions.AlreadyExistsException:
        glue.update_table(DatabaseName=GLUE_DATABASE, TableInput=table_input)


def glue_put_partition(glue, table, values, storage_descriptor):
    partition_input = {"Values": values, "StorageDescriptor": storage_descriptor}
    try:
        glue.create_partition(DatabaseName=GLUE_DATABASE, TableName=table, PartitionInput=partition_input)
    except glue.exceptions.AlreadyExistsException:
        glue.update_partition(
            DatabaseName=GLUE_DATABASE, TableName=table, PartitionValueList=values, PartitionInput=partition_input
        )


def partition_sd(table_input, location, columns=None):
    sd = json.loads(json.dumps(table_input["StorageDescriptor"]))
    sd["Location"] = location
    if columns is not None:
        sd["Columns"] = columns
    return sd


def avro_versions(repo):
    """The registry's order_event versions in order, then the compatible proposal: the repo has
    only v1, and a second version is what the Schema Registry tests need."""
    folder = repo / "schemas" / AVRO_SUBJECT
    files = sorted(folder.glob("v*.avsc"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    files.append(repo / "examples" / "orders" / "proposals" / "order_event-channel.avsc")
    versions, seen = [], set()
    for path in files:
        text = path.read_text()
        canonical = json.dumps(json.loads(text), sort_keys=True)
        if canonical not in seen:
            seen.add(canonical)
            versions.append((path, text))
    return versions


def seed_schema_registry(glue, repo):
    try:
        glue.create_registry(RegistryName=REGISTRY, Description="schemagate remote tests")
    except glue.exceptions.AlreadyExistsException:
        pass
    versions = avro_versions(repo)
    schema_id = {"RegistryName": REGISTRY, "SchemaName": AVRO_SUBJECT}
    try:
        glue.create_schema(
            RegistryId={"RegistryName": REGISTRY},
            SchemaName=AVRO_SUBJECT,
            DataFormat="AVRO",
            Compatibility="BACKWARD",
            SchemaDefinition=versions[0][1],
        )
        rest = versions[1:]
    except glue.exceptions.AlreadyExistsException:
        rest = versions  # registering a known definition returns its existing version
    for _path, text in rest:
        glue.register_schema_version(SchemaId=schema_id, SchemaDefinition=text)
    return [str(p.relative_to(repo)) for p, _ in versions]


def boto_client(service, url, key_id, secret):
    import boto3
    from botocore.config import Config

    return boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(
            max_pool_connections=32,
            retries={"mode": "standard"},
            s3={"addressing_style": "path"},
            request_checksum_calculation="when_required",
        ),
    )


def cmd_seed(args):
    started = time.monotonic()
    state = Path(args.state).resolve()
    repo = Path(args.repo).resolve()
    env = read_env(state)
    parquet_dir, csv_dir = Path(args.parquet_dir), Path(args.csv_dir)
    silver_dir = Path(args.silver_dir) if args.silver_dir else repo / "examples" / "orders" / "data" / "silver"
    parquet_files = sorted(p for p in parquet_dir.glob("*.parquet") if p.is_file())
    if not parquet_files:
        raise HarnessError(f"no *.parquet in {parquet_dir}")
    bronze_parts = partition_folders(csv_dir)
    if not bronze_parts:
        raise HarnessError(f"no dt=... folders in {csv_dir}")

    s3 = boto_client("s3", env["MOTO_URL"], env["MOTO_ACCESS_KEY_ID"], env["MOTO_SECRET_ACCESS_KEY"])
    glue = boto_client("glue", env["MOTO_URL"], env["MOTO_ACCESS_KEY_ID"], env["MOTO_SECRET_ACCESS_KEY"])
    local = boto_client("s3", env["S3RVER_URL"], S3RVER_KEY, S3RVER_KEY)

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=16)
    try:
        jobs = seed_bucket(s3, DATA_BUCKET, parquet_files, pool, create=True)
        jobs += seed_bucket(local, S3RVER_BUCKET, parquet_files, pool, create=False)
        jobs += upload_tree(s3, DATA_BUCKET, csv_dir, "csv/", pool)
        # The drift partition's data: a copy of the first bronze partition under another root.
        jobs += upload_tree(s3, DATA_BUCKET, bronze_parts[0][1], f"csv-drift/dt={DRIFT_PARTITION}/", pool)
        jobs += upload_tree(s3, DATA_BUCKET, silver_dir, "silver/", pool) if silver_dir.is_dir() else []
        jobs.append(pool.submit(s3.put_object, Bucket=DATA_BUCKET, Key="empty.bin", Body=b""))

        # Glue meanwhile: it does not depend on the objects.
        try:
            glue.create_database(DatabaseInput={"Name": GLUE_DATABASE, "Description": "schemagate remote tests"})
        except glue.exceptions.AlreadyExistsException:
            pass
        bronze = cfn_table_input(
            repo / "schemas" / "orders_bronze" / "v1.yaml", BRONZE_TABLE, f"s3://{DATA_BUCKET}/csv/"
        )
        glue_create_or_update_table(glue, bronze)
        for value, _folder in bronze_parts:
            glue_put_partition(glue, BRONZE_TABLE, [value], partition_sd(bronze, f"s3://{DATA_BUCKET}/csv/dt={value}/"))
        drift_columns = [
            dict(c, Type="string") if c["Name"] == "amount" else c for c in bronze["StorageDescriptor"]["Columns"]
        ]
        if drift_columns == bronze["StorageDescriptor"]["Columns"]:
            raise HarnessError("orders_bronze has no amount column to make the drift partition from")
        glue_put_partition(
            glue,
            BRONZE_TABLE,
            [DRIFT_PARTITION],
            partition_sd(bronze, f"s3://{DATA_BUCKET}/csv-drift/dt={DRIFT_PARTITION}/", drift_columns),
        )
        silver = cfn_table_input(
            repo / "schemas" / "orders_silver" / "v1.yaml", SILVER_TABLE, f"s3://{DATA_BUCKET}/silver/"
        )
        glue_create_or_update_table(glue, silver)
        for value, _folder in partition_folders(silver_dir):
            glue_put_partition(glue, SILVER_TABLE, [value], partition_sd(silver, f"s3://{DATA_BUCKET}/silver/dt={value}/"))
        registered = seed_schema_registry(glue, repo)

        for job in jobs:
            job.result()  # re-raises the first upload failure
    finally:
        # On an error or SIGTERM, drop the queued uploads instead of finishing them.
        pool.shutdown(wait=True, cancel_futures=True)
    log(
        f"seeded {len(jobs)} objects, {GLUE_DATABASE}.{BRONZE_TABLE} ({len(bronze_parts)} + 1 drift partitions), "
        f"{GLUE_DATABASE}.{SILVER_TABLE}, {REGISTRY}/{AVRO_SUBJECT} from {', '.join(registered)} "
        f"in {time.monotonic() - started:.1f} s"
    )


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start moto and s3rver, write STATE/env and STATE/pids")
    start.add_argument("--state", required=True)
    start.add_argument(
        "--stock-moto",
        action="store_true",
        help="plain moto_server: its signature check rejects correctly signed paths with = + : @ etc. "
        "(see moto_launch.py)",
    )
    seed = commands.add_parser("seed", help="fill both servers")
    seed.add_argument("--state", required=True)
    seed.add_argument("--parquet-dir", required=True)
    seed.add_argument("--csv-dir", required=True, help="the bronze folder with dt=... partitions")
    seed.add_argument("--silver-dir", help="default: REPO/examples/orders/data/silver")
    seed.add_argument("--repo", default=str(REPO), help="where schemas/ is (default: this checkout)")
    stop = commands.add_parser("stop", help="stop both servers")
    stop.add_argument("--state", required=True)
    args = parser.parse_args(argv)
    # SIGTERM as an exception, so an interrupted start still stops what it started.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    try:
        {"start": cmd_start, "seed": cmd_seed, "stop": cmd_stop}[args.command](args)
    except HarnessError as e:
        log(f"{args.command}: {e}")
        return 1
    except Exception as e:  # boto errors, OSError: one line with the cause, not a bare traceback
        log(f"{args.command} failed: {type(e).__name__}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
