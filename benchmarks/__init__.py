"""Benchmarks: figures, not pass/fail (README lists them)."""


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named at the end of ``url`` if it does not exist (other URLs: nothing)."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg2
    from psycopg2 import sql

    base, name = url.rsplit("/", 1)
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()
