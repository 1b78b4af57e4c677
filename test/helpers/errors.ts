import { DockgenError } from '../../src/errors.js';

/** The DockgenError `action` throws, to check its message and hint together; fails otherwise. */
export function thrown(action: () => unknown): DockgenError {
  try {
    action();
  } catch (error) {
    if (error instanceof DockgenError) return error;
    throw error;
  }
  throw new Error('expected a DockgenError');
}
