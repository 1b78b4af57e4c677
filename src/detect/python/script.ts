import type { ProjectFs } from '../fs.js';

/** A module-level statement: where it starts, and its first line. */
export interface Statement {
  line: number;
  text: string;
}

/**
 * The statements at a module's top level (column 0, outside brackets and strings), each with the
 * line it starts on. A small scanner, not a parser: enough to tell a script that runs something at
 * import time from a module that only defines things, without running Python.
 */
export function topLevelStatements(source: string): Statement[] {
  const statements: Statement[] = [];
  let depth = 0;
  let quote: string | undefined;
  let line = 1;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quote) {
      if (char === '\\') { i++; if (source[i] === '\n') line++; continue; }
      if (char === '\n') { line++; if (quote.length === 1) quote = undefined; continue; }
      if (source.startsWith(quote, i)) { i += quote.length - 1; quote = undefined; }
      continue;
    }
    if (char === '\n') { line++; continue; }
    if (char === '#') { while (i + 1 < source.length && source[i + 1] !== '\n') i++; continue; }
    // Column 0, outside brackets: a statement of the module itself, not of an indented block.
    if (depth === 0 && (i === 0 || source[i - 1] === '\n') && !/\s/.test(char)) {
      const end = source.indexOf('\n', i);
      statements.push({ line, text: source.slice(i, end < 0 ? undefined : end).trimEnd() });
    }
    if (char === '"' || char === "'") {
      quote = source.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      i += quote.length - 1;
      continue;
    }
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
    // A backslash continuation keeps the next line inside this statement.
    else if (char === '\\' && source[i + 1] === '\n') { i++; line++; }
  }
  return statements;
}

/** `if __name__ == "__main__":` at the top level. */
const MAIN_GUARD = /^if\s+__name__\s*==\s*['"]__main__['"]\s*:/;

/**
 * Whether running the file does something beyond defining names: its last top-level statement is a
 * call (`demo.launch()`, `main()`, `httpd.serve_forever()`), a loop or a `with`/`try` block. A module
 * whose last statement is a `def`, a `class`, an import or an assignment is a library: running it
 * would define things and exit. Returns that statement.
 */
export function runsAtTopLevel(source: string): Statement | undefined {
  const statements = topLevelStatements(source).filter((s) => !/^(['"]|[rbuf]{1,2}['"])/i.test(s.text) && !s.text.startsWith('@'));
  const last = statements.at(-1);
  if (!last || MAIN_GUARD.test(last.text)) return undefined;
  const text = last.text;
  if (/^(while|for|with|async\s+(with|for)|try|except|finally|else)\b/.test(text)) return last;
  // An expression statement that calls something, and not an assignment (`app = Flask(...)`).
  if (/^(await\s+)?[A-Za-z_][\w.]*(\[[^\]]*\])?(\.[A-Za-z_]\w*)*\s*\(/.test(text) && !/^[\w.[\]'"]+\s*(:[^=]*)?=(?!=)/.test(text)) return last;
  return undefined;
}

/** The line of `if __name__ == "__main__":`, when the file has one. */
export function mainGuardLine(source: string): number | undefined {
  return topLevelStatements(source).find((s) => MAIN_GUARD.test(s.text))?.line;
}

/** Root files that are never the app's entry point (tooling, tests, configuration). */
const NOT_ENTRY = /^(setup|conftest|noxfile|fabfile|dodo|manage|gunicorn\.conf|gunicorn_conf|gunicorn_config|wsgi|asgi|settings|config|test_.*|.*_test|tests?)\.py$/;

/** The `.py` files at the project root that could be an entry script, sorted. */
export function rootScripts(fs: ProjectFs): string[] {
  return fs.list('.').filter((name) => name.endsWith('.py') && /^[\w.-]+\.py$/.test(name) && !NOT_ENTRY.test(name) && fs.isFile(name)).sort();
}

/** The one `.py` file at the root, whatever its name, when there is exactly one. */
export function loneRootScript(fs: ProjectFs): string | undefined {
  const scripts = rootScripts(fs);
  return scripts.length === 1 ? scripts[0] : undefined;
}

/** Conventional entry scripts, most likely first. */
export const ENTRY_SCRIPTS = ['main.py', 'app.py', 'server.py', 'run.py', 'bot.py', 'worker.py', '__main__.py'];

export interface EntryScript {
  file: string;
  line: number;
  /** `if __name__ == "__main__"` (else: code at the top level, e.g. `demo.launch()`). */
  guarded: boolean;
}

/**
 * The script to run with `python <file>`: a conventional entry script (or the one .py file at the
 * root) with an `if __name__ == "__main__"` block, else one whose top-level code runs something.
 */
export function findEntryScript(fs: ProjectFs): EntryScript | undefined {
  const lone = loneRootScript(fs);
  const files = [...ENTRY_SCRIPTS, ...(lone && !ENTRY_SCRIPTS.includes(lone) ? [lone] : [])];
  const texts = files.flatMap((file) => {
    const text = fs.tryReadText(file);
    return text === undefined ? [] : [{ file, text }];
  });
  for (const { file, text } of texts) {
    const line = mainGuardLine(text);
    if (line !== undefined) return { file, line, guarded: true };
  }
  for (const { file, text } of texts) {
    const statement = runsAtTopLevel(text);
    if (statement) return { file, line: statement.line, guarded: false };
  }
  return undefined;
}
