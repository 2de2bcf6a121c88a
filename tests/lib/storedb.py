"""storedb.py: the tests' look into onramp's database, on either backend.

connect(path) is sqlite3.connect(path), or on the PostgreSQL pass
(ONRAMP_DATABASE set) a small stand-in that runs each statement through
psql: execute(sql, params) with ? placeholders, fetchone(), fetchall(),
iteration and commit(). PostgreSQL's values come back as text."""
import os
import sqlite3
import subprocess


def _lit(v):
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


class _Rows(list):
    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


class _PG:
    def __init__(self, url):
        self.url = url

    def execute(self, sql, params=()):
        parts = sql.split("?")
        text = parts[0]
        for p, rest in zip(params, parts[1:]):
            text += _lit(p) + rest
        r = subprocess.run(["psql", "-qXtA", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", self.url, "-c", text],
                           capture_output=True, text=True, check=True)
        return _Rows(tuple(line.split("\x1f")) for line in r.stdout.splitlines() if line)

    def commit(self):
        pass


def connect(path, timeout=10):
    url = os.environ.get("ONRAMP_DATABASE")
    return _PG(url) if url else sqlite3.connect(path, timeout=timeout)
