import type { ProjectFacts } from '../detect/index.js';
import type { ProjectFs } from '../detect/fs.js';
import { parseGoMod } from '../detect/go/gomod.js';
import { readPackageJson } from '../detect/node/package-json.js';

/**
 * Backing services a project evidently needs: a client library for it is a production
 * dependency. Each becomes a service in compose.yaml with a pinned image, its own healthcheck, a
 * data volume, and the variables the app connects with.
 */
export type BackingKind = 'postgres' | 'mysql' | 'mariadb' | 'redis' | 'mongodb';

export interface BackingSpec {
  kind: BackingKind;
  /** Pinned image (never `latest`, R18/R20); bump here. */
  image: string;
  port: number;
  /** The official image's variables: a database and user named `app`, the password from the secret file. */
  env: Array<[string, string]>;
  /** What the app is given: the URL its library reads by default, without a password. */
  appEnv: Array<[string, string]>;
  /** The password as a compose secret from a file the user creates (dockgen never writes it). */
  secret?: { name: string; file: string };
  healthcheck: string[];
  dataPath: string;
  /** Production dependencies that mean this service, per ecosystem. Go: module path prefixes. */
  libraries: { node: string[]; python: string[]; go: string[] };
}

/**
 * Image tags: the current stable lines' Debian (or the vendor's default) variants, pinned to a
 * release. The URLs carry no password: compose cannot put a secret's content into a variable
 * without writing it into compose.yaml, so the app reads it from `*_PASSWORD_FILE`.
 */
export const BACKING: readonly BackingSpec[] = [
  {
    kind: 'postgres',
    image: 'postgres:17.6-bookworm',
    port: 5432,
    env: [['POSTGRES_USER', 'app'], ['POSTGRES_DB', 'app'], ['POSTGRES_PASSWORD_FILE', '/run/secrets/postgres_password']],
    appEnv: [['DATABASE_URL', 'postgres://app@postgres:5432/app'], ['DATABASE_PASSWORD_FILE', '/run/secrets/postgres_password']],
    secret: { name: 'postgres_password', file: './secrets/postgres_password.txt' },
    healthcheck: ['CMD', 'pg_isready', '-U', 'app', '-d', 'app'],
    dataPath: '/var/lib/postgresql/data',
    libraries: {
      node: ['pg', 'postgres', 'pg-promise', 'slonik', '@neondatabase/serverless'],
      python: ['psycopg', 'psycopg2', 'psycopg2-binary', 'psycopg-binary', 'asyncpg', 'pg8000'],
      go: ['github.com/lib/pq', 'github.com/jackc/pgx'],
    },
  },
  {
    kind: 'mysql',
    image: 'mysql:8.4.6',
    port: 3306,
    env: [['MYSQL_DATABASE', 'app'], ['MYSQL_USER', 'app'], ['MYSQL_PASSWORD_FILE', '/run/secrets/mysql_password'], ['MYSQL_RANDOM_ROOT_PASSWORD', 'yes']],
    appEnv: [['DATABASE_URL', 'mysql://app@mysql:3306/app'], ['DATABASE_PASSWORD_FILE', '/run/secrets/mysql_password']],
    secret: { name: 'mysql_password', file: './secrets/mysql_password.txt' },
    healthcheck: ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent'],
    dataPath: '/var/lib/mysql',
    libraries: {
      node: ['mysql', 'mysql2'],
      python: ['mysqlclient', 'pymysql', 'mysql-connector-python', 'aiomysql', 'asyncmy'],
      go: ['github.com/go-sql-driver/mysql'],
    },
  },
  {
    kind: 'mariadb',
    image: 'mariadb:11.8.2',
    port: 3306,
    env: [['MARIADB_DATABASE', 'app'], ['MARIADB_USER', 'app'], ['MARIADB_PASSWORD_FILE', '/run/secrets/mariadb_password'], ['MARIADB_RANDOM_ROOT_PASSWORD', '1']],
    appEnv: [['DATABASE_URL', 'mysql://app@mariadb:3306/app'], ['DATABASE_PASSWORD_FILE', '/run/secrets/mariadb_password']],
    secret: { name: 'mariadb_password', file: './secrets/mariadb_password.txt' },
    // The image's own script: connects, and waits for InnoDB to finish starting.
    healthcheck: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'],
    dataPath: '/var/lib/mysql',
    libraries: { node: ['mariadb'], python: ['mariadb'], go: [] },
  },
  {
    kind: 'redis',
    image: 'redis:8.0.3-bookworm',
    port: 6379,
    env: [],
    appEnv: [['REDIS_URL', 'redis://redis:6379/0']],
    healthcheck: ['CMD', 'redis-cli', 'ping'],
    dataPath: '/data',
    libraries: {
      node: ['redis', 'ioredis', 'bullmq', 'bull', '@redis/client'],
      python: ['redis', 'rq', 'aioredis', 'hiredis'],
      go: ['github.com/redis/go-redis', 'github.com/go-redis/redis', 'github.com/gomodule/redigo', 'github.com/redis/rueidis'],
    },
  },
  {
    kind: 'mongodb',
    image: 'mongo:8.0.12',
    port: 27017,
    env: [['MONGO_INITDB_ROOT_USERNAME', 'app'], ['MONGO_INITDB_ROOT_PASSWORD_FILE', '/run/secrets/mongodb_password']],
    appEnv: [['MONGODB_URI', 'mongodb://app@mongodb:27017/?authSource=admin'], ['MONGODB_PASSWORD_FILE', '/run/secrets/mongodb_password']],
    secret: { name: 'mongodb_password', file: './secrets/mongodb_password.txt' },
    healthcheck: ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping').ok"],
    dataPath: '/data/db',
    libraries: { node: ['mongodb', 'mongoose'], python: ['pymongo', 'motor', 'mongoengine', 'beanie'], go: ['go.mongodb.org/mongo-driver'] },
  },
];

/** A backing service and the dependency that calls for it, for the summary and compose.yaml's comments. */
export interface BackingNeed {
  spec: BackingSpec;
  /** `package.json dependencies.pg`, `requirements psycopg2-binary`, `go.mod github.com/lib/pq`. */
  evidence: string;
}

/** The backing services the project's production dependencies name, in BACKING's order. */
export function detectBacking(fs: ProjectFs, facts: ProjectFacts, workspaceDir?: string): BackingNeed[] {
  const names = dependencyNames(fs, facts, workspaceDir);
  const needs: BackingNeed[] = [];
  for (const spec of BACKING) {
    const libraries = spec.libraries[names.ecosystem];
    const found = names.list.find((name) => (names.ecosystem === 'go' ? libraries.some((prefix) => name === prefix || name.startsWith(`${prefix}/`)) : libraries.includes(name)));
    if (found) needs.push({ spec, evidence: `${names.source} ${found}` });
  }
  return needs;
}

function dependencyNames(fs: ProjectFs, facts: ProjectFacts, workspaceDir?: string): { ecosystem: 'node' | 'python' | 'go'; source: string; list: string[] } {
  switch (facts.stack) {
    case 'python':
      return { ecosystem: 'python', source: 'dependency', list: facts.dependencies.map((r) => r.name) };
    case 'go': {
      const text = fs.readText('go.mod');
      const requires = text === undefined ? [] : parseGoMod(text, 'go.mod').requires.filter((r) => !r.indirect).map((r) => r.path);
      return { ecosystem: 'go', source: 'go.mod', list: requires };
    }
    default: {
      // The app's own package.json (a workspace package in a monorepo) and the root's.
      const list: string[] = [];
      for (const dir of workspaceDir ? [workspaceDir, ''] : ['']) {
        const pkg = readPackageJson(fs, dir);
        if (pkg) list.push(...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies));
      }
      return { ecosystem: 'node', source: 'package.json dependency', list };
    }
  }
}
