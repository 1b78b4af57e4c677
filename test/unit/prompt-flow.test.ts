import { describe, expect, it } from 'vitest';
import { generateAsking, resolveConflicts, type Prompter } from '../../src/cli/ask.js';
import type { FileChange } from '../../src/write.js';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { parseCommand, type GenerateOptions } from '../../src/options.js';

/** Scripted answers, and a record of what was asked. */
function scripted(answers: { cmd?: string; main?: string; conflicts?: Array<'overwrite' | 'skip' | 'all'> }) {
  const asked: string[] = [];
  const prompter: Prompter = {
    async askStartCommand(why) {
      asked.push(`cmd: ${why}`);
      if (answers.cmd === undefined) throw new Error('unexpected question');
      return answers.cmd;
    },
    async askMainPackage(why, choices, preselected) {
      asked.push(`main: ${choices.join(',')} [${preselected ?? ''}]`);
      if (answers.main === undefined) throw new Error('unexpected question');
      return answers.main;
    },
    async askConflict(path, diff) {
      asked.push(`conflict: ${path} ${(await diff()).includes('(on disk)') ? 'with diff' : ''}`);
      const answer = answers.conflicts?.shift();
      if (answer === undefined) throw new Error('unexpected question');
      return answer;
    },
  };
  return { prompter, asked };
}

const job = { 'requirements.txt': 'requests==2.32.4\n', 'job.py': 'print(1)\n' };
const goModule = (mains: string[]) => ({
  'go.mod': 'module example.com/orders\n\ngo 1.24\n',
  ...Object.fromEntries(mains.map((path) => [`${path}/main.go`, 'package main\n\nfunc main() {}\n'])),
});

describe('interactive flows (injected prompts)', () => {
  it('asks for the start command only when it cannot be detected; the answer equals the flag', async () => {
    const { prompter, asked } = scripted({ cmd: 'python job.py' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(new MemoryFs(job), '/x/app', options, prompter);
    expect(asked).toHaveLength(1);
    expect(options.cmd).toEqual(['python', 'job.py']);
    const flagged = generate(new MemoryFs(job), '/x/app', { cmd: parseCommand('python job.py') });
    expect(answered.files).toEqual(flagged.files);
  });

  it('asks nothing when everything is detected or given as a flag', async () => {
    const { prompter, asked } = scripted({});
    await generateAsking(new MemoryFs({ ...job, 'main.py': 'if __name__ == "__main__":\n    pass\n' }), '/x/app', {}, prompter);
    await generateAsking(new MemoryFs(job), '/x/app', { cmd: ['python', 'job.py'] }, prompter);
    await generateAsking(new MemoryFs(goModule(['cmd/api', 'cmd/worker'])), '/x/app', { main: './cmd/worker' }, prompter);
    expect(asked).toEqual([]);
  });

  it("offers the Go main packages with the rule's pick preselected, and builds the chosen one", async () => {
    const { prompter, asked } = scripted({ main: './cmd/worker' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(new MemoryFs(goModule(['cmd/orders', 'cmd/worker'])), '/x/app', options, prompter);
    expect(asked).toEqual(['main: ./cmd/orders,./cmd/worker [./cmd/orders]']);
    expect(options.main).toBe('./cmd/worker');
    expect(answered.files).toEqual(generate(new MemoryFs(goModule(['cmd/orders', 'cmd/worker'])), '/x/app', { main: './cmd/worker' }).files);
  });

  it('asks for the main package when no rule can pick one', async () => {
    const { prompter, asked } = scripted({ main: './cmd/b' });
    const answered = await generateAsking(new MemoryFs(goModule(['cmd/a', 'cmd/b'])), '/x/app', {}, prompter);
    expect(asked[0]).toMatch(/^main: \.\/cmd\/a,\.\/cmd\/b \[\]$/);
    expect(answered.files[0]!.content).toMatch(/go build .* \.\/cmd\/b$/m);
  });

  it('a value the answer does not fix is reported, not asked again', async () => {
    const { prompter, asked } = scripted({ cmd: 'python job.py' });
    const files = { 'requirements.txt': 'flask==3.1.2\n', 'app.py': 'app = Flask(__name__)\n' };
    // The answer fixes the start command: the Flask app without gunicorn is then served as told.
    await generateAsking(new MemoryFs(files), '/x/app', {}, prompter);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/add gunicorn to requirements\.txt/);
  });
});

describe('existing files that differ (interactive)', () => {
  const change = (path: string, status: FileChange['status']): FileChange => ({ path, status, content: 'new\n', existing: 'old\n' });

  it('asks per conflicting file (with the diff at hand): keep one, overwrite another', async () => {
    const { prompter, asked } = scripted({ conflicts: ['skip', 'overwrite'] });
    const result = await resolveConflicts([change('Dockerfile', 'conflict'), change('.dockerignore', 'conflict'), change('x', 'identical')], prompter);
    expect(result.map((c) => c.status)).toEqual(['skip', 'overwrite', 'identical']);
    expect(asked).toEqual(['conflict: Dockerfile with diff', 'conflict: .dockerignore with diff']);
  });

  it('"overwrite all" answers the later conflicts too', async () => {
    const { prompter, asked } = scripted({ conflicts: ['all'] });
    const result = await resolveConflicts([change('Dockerfile', 'conflict'), change('.dockerignore', 'create'), change('nginx-default.conf', 'conflict')], prompter);
    expect(result.map((c) => c.status)).toEqual(['overwrite', 'create', 'overwrite']);
    expect(asked).toHaveLength(1);
  });
});
