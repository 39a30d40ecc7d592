/** The InputError that `f` throws (a test fails when it throws nothing, and any other error is rethrown). */
import { InputError } from '../../src/domain/inputError';

export function thrownInputError(f: () => unknown): InputError {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
