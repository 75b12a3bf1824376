import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/model/errors';

describe('UserError code', () => {
  it('names the most specific place the details give', () => {
    expect(new UserError('x', { file: 'a.csv', row: 3, column: 'Cost', expected: 'a decimal' }).code).toBe('bad_value');
    expect(new UserError('x', { file: 'a.csv' }).code).toBe('bad_file');
    expect(new UserError('x', { file: 'a.csv', outOfMemory: true }).code).toBe('out_of_memory');
    expect(new UserError('unknown flag --x').code).toBe('bad_input');
  });
  it('keeps a code the thrower names, the message as given, and is an Error', () => {
    const e = new UserError('policy.json: threshold: expected a decimal', { file: 'policy.json' }, 'bad_input');
    expect(e.code).toBe('bad_input');
    expect(e.message).toBe('policy.json: threshold: expected a decimal');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('UserError');
  });
});
