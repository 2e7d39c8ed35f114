#!/usr/bin/env python3
"""tests/guide/run_doc_commands.py: runs every schemagate command shown in the Markdown files, so
the documentation cannot drift from the tool. TAP output, one test per command.

    run_doc_commands.py SCHEMAGATE FILE_OR_FOLDER...    (from the repository's top folder)

What runs (docs/guide/README.md, "How the commands are checked"):
- In a ```console block, each line `$ schemagate ...` is a command; the lines after it, up to
  the next `$ ` line or the end of the block, are its output. Every output line shown must
  occur in what the command prints (standard output and error together); a line `...` stands
  for lines left out. Durations and speeds (`in 0.01 s (18.2 MB/s)`) are not compared.
- In a ```sh, ```bash or ```shell block, each line starting with `schemagate ` is a command
  (a line ending in `\\` continues on the next); its output is not compared.
- The expected exit code is 0, or N when the command line ends with the shell comment
  `# exit N`, or when the command is followed by `$ echo $?` and the line N.
- Lines starting with `$ ` that run something else (git, pre-commit) are not run, nor is any
  block right after the line `<!-- not run -->`.

Commands run with bash (pipes and redirections work, with pipefail), from the current folder,
with SCHEMAGATE's folder first on PATH, no standard input and a 60 s limit. They must not change
the repository: write only under /tmp.
"""
import os
import pathlib
import re
import subprocess
import sys

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
TIMING = re.compile(r"in [0-9.,]+ s \([0-9.,]+ MB/s\)")


def normal(line):
    return TIMING.sub("in ... s (... MB/s)", line.rstrip())


def commands_in(path):
    """(line number, command, expected exit code, expected output lines) for each command."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    i = 0
    skip_next_block = False
    while i < len(lines):
        if lines[i].strip() == "<!-- not run -->":
            skip_next_block = True
            i += 1
            continue
        m = FENCE.match(lines[i])
        if not m:
            if lines[i].strip():
                skip_next_block = False
            i += 1
            continue
        fence, lang = m.group(2), m.group(3)
        start = i + 1
        end = start
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        block = lines[start:end]
        if not skip_next_block:
            if lang == "console":
                found += console_commands(block, start + 1)
            elif lang in ("sh", "bash", "shell"):
                found += script_commands(block, start + 1)
        skip_next_block = False
        i = end + 1
    return found


def split_exit(command):
    m = EXIT.search(command)
    return (command, int(m.group(1))) if m else (command, 0)


def console_commands(block, first_line):
    found = []
    current = None
    for offset, line in enumerate(block):
        if line.startswith("$ "):
            text = line[2:].strip()
            if text == "echo $?" and found and current is None:
                # The README's convention: the next line is the previous command's exit code.
                continue
            current = None
            if text.startswith("schemagate ") or text == "schemagate":
                command, code = split_exit(text)
                current = [first_line + offset, command, code, []]
                found.append(current)
        elif current is not None:
            current[3].append(line)
        elif found and re.fullmatch(r"\d+", line.strip()) and block[offset - 1].strip() == "$ echo $?":
            found[-1][2] = int(line.strip())
    return [tuple(c) for c in found]


def script_commands(block, first_line):
    found = []
    offset = 0
    while offset < len(block):
        line = block[offset].strip()
        number = first_line + offset
        while line.endswith("\\") and offset + 1 < len(block):
            offset += 1
            line = line[:-1].rstrip() + " " + block[offset].strip()
        if line.startswith("schemagate "):
            command, code = split_exit(line)
            found.append((number, command, code, []))
        offset += 1
    return found


def markdown_files(arguments):
    for argument in arguments:
        path = pathlib.Path(argument)
        if path.is_dir():
            yield from sorted(path.rglob("*.md"))
        else:
            yield path


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    binary = pathlib.Path(sys.argv[1]).resolve()
    env = dict(os.environ, PATH=f"{binary.parent}{os.pathsep}{os.environ.get('PATH', '')}", LC_ALL="C.UTF-8")
    cases = [(path, *c) for path in markdown_files(sys.argv[2:]) for c in commands_in(path)]
    print(f"1..{len(cases)}")
    failed = 0
    for number, (path, line, command, code, output) in enumerate(cases, 1):
        name = f"{path}:{line}: {command}"
        try:
            run = subprocess.run(["bash", "-o", "pipefail", "-c", command], env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
            printed = run.stdout.decode("utf-8", "replace")
            problems = []
            if run.returncode != code:
                problems.append(f"exit code {run.returncode}, the text says {code}")
        except subprocess.TimeoutExpired:
            printed, problems = "", ["did not finish within 60 s"]
        actual = {normal(l) for l in printed.splitlines()}
        for expected in output:
            if expected.strip() not in ("", "...") and normal(expected) not in actual:
                problems.append(f"missing output line: {expected.rstrip()}")
        if problems:
            failed += 1
            print(f"not ok {number} - {name}")
            for problem in problems:
                print(f"# {problem}")
            for l in printed.splitlines()[:40]:
                print(f"#   | {l}")
        else:
            print(f"ok {number} - {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
