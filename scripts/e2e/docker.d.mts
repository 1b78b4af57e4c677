// Types for docker.mjs, which the TypeScript e2e suite imports.
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}
export interface DockerOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}
export const DOCKER: string;
export function docker(args: string[], options?: DockerOptions): CommandResult;
export function dockerOrThrow(args: string[], options?: DockerOptions): CommandResult;
export function build(context: string, tag: string, extra?: string[], options?: DockerOptions): CommandResult;
export function timed(args: string[]): Promise<CommandResult>;
export function tail(text: string, lines: number): string;
export function engineAnswers(): boolean;
export function processTree(containerId: string): { pid1: string[]; uid: number; children: string[][] };
export function probe(url: string, seconds: number, accept?: (status: number) => boolean): Promise<number | string>;
