import { readFileSync } from 'node:fs';
import { DockgenError } from './errors.js';

/** Reads a JSON settings file that must hold an object; `shown` is how the messages name it. */
export function readJsonObject(file: string, shown: string, hint: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DockgenError(`${shown} is not valid JSON: ${(error as Error).message}.`, hint);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DockgenError(`${shown} must hold a JSON object ({ … }).`, hint);
  }
  return data as Record<string, unknown>;
}
