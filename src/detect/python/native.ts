import type { Requirement } from './requirement.js';

/** Debian packages a dependency needs: to build it from source, and to run it. */
export interface NativeNeeds {
  build: string[];
  runtime: string[];
  /** Dependencies that caused them, for the comment in the Dockerfile. */
  because: string[];
}

/**
 * Dependencies with C extensions that have no wheel for common platforms (or link a system
 * library at run time). Packages that ship manylinux wheels (psycopg2-binary, lxml, Pillow, numpy…)
 * need nothing. Package names are for Debian 13 (trixie), the images' base.
 */
const NATIVE: Record<string, { build: string[]; runtime: string[] }> = {
  // psycopg2 (not -binary) compiles against libpq.
  psycopg2: { build: ['gcc', 'libc6-dev', 'libpq-dev'], runtime: ['libpq5'] },
  // mysqlclient compiles against the MariaDB client library and finds it with pkg-config.
  mysqlclient: { build: ['gcc', 'libc6-dev', 'default-libmysqlclient-dev', 'pkg-config'], runtime: ['libmariadb3'] },
  // python-ldap has no wheels on PyPI.
  'python-ldap': { build: ['gcc', 'libc6-dev', 'libldap-dev', 'libsasl2-dev'], runtime: ['libldap2'] },
  // pyodbc needs the ODBC driver manager at build and run time.
  pyodbc: { build: ['gcc', 'g++', 'unixodbc-dev'], runtime: ['libodbc2'] },
};

/** psycopg 3 is pure Python unless installed with [binary] or [c]; it loads libpq at run time. */
function psycopgNeeds(requirement: Requirement): { build: string[]; runtime: string[] } | undefined {
  if (requirement.name !== 'psycopg') return undefined;
  if (requirement.extras.includes('binary')) return undefined;
  if (requirement.extras.includes('c')) return NATIVE['psycopg2'];
  return { build: [], runtime: ['libpq5'] };
}

export function nativeNeeds(dependencies: Requirement[]): NativeNeeds {
  const build = new Set<string>();
  const runtime = new Set<string>();
  const because: string[] = [];
  for (const requirement of dependencies) {
    const needs = NATIVE[requirement.name] ?? psycopgNeeds(requirement);
    if (!needs) continue;
    because.push(requirement.name);
    needs.build.forEach((p) => build.add(p));
    needs.runtime.forEach((p) => runtime.add(p));
  }
  return { build: [...build].sort(), runtime: [...runtime].sort(), because };
}
